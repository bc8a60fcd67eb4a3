// Package openapi holds the newest upstream Atlas spec inside the generator,
// so a user's module can generate from it without a copy of its own:
// -spec atlas:2026-03-03. The file is upstream/atlas-api-2026-03-03.yaml,
// unmodified (see upstream/README.md for its source and its license, which
// covers it wherever it is copied, this embedding included).
package openapi

import (
	"embed"
	"fmt"
	"strings"
)

// Prefix starts a -spec value that names an embedded spec.
const Prefix = "atlas:"

//go:embed upstream/atlas-api-2026-03-03.yaml
var upstream embed.FS

// Names are the embedded specs, as -spec takes them.
func Names() []string {
	entries, _ := upstream.ReadDir("upstream")
	var out []string
	for _, e := range entries {
		out = append(out, Prefix+strings.TrimSuffix(strings.TrimPrefix(e.Name(), "atlas-api-"), ".yaml"))
	}
	return out
}

// Read returns the embedded spec that name (atlas:YYYY-MM-DD) names.
func Read(name string) ([]byte, error) {
	date, ok := strings.CutPrefix(name, Prefix)
	if ok && !strings.ContainsAny(date, "/\\.") {
		if data, err := upstream.ReadFile("upstream/atlas-api-" + date + ".yaml"); err == nil {
			return data, nil
		}
	}
	return nil, fmt.Errorf("no such spec in the generator, which holds %s", strings.Join(Names(), ", "))
}
