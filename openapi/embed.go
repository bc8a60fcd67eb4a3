// Package openapi holds the newest upstream Atlas spec inside the generator,
// so a user's module can generate from it without a copy of its own:
// -spec atlas:2026-03-03. The file is upstream/atlas-api-2026-03-03.yaml,
// unmodified (see upstream/README.md for its source and its license, which
// covers it wherever it is copied, this embedding included). It also holds
// our overlay of watchers for that spec, overlays/watchers.yaml
// (-overlay atlas:watchers), which the generator applies to it by default.
package openapi

import (
	"bytes"
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

//go:embed overlays/watchers.yaml
var overlays embed.FS

// Watchers names the embedded overlay of watchers, as -overlay takes it.
const Watchers = Prefix + "watchers"

// watchersFor is the spec the watchers were written and tested against.
const watchersFor = "upstream/atlas-api-2026-03-03.yaml"

// ReadOverlay returns the embedded overlay that name (atlas:watchers) names.
func ReadOverlay(name string) ([]byte, error) {
	if name == Watchers {
		return overlays.ReadFile("overlays/watchers.yaml")
	}
	return nil, fmt.Errorf("no such overlay in the generator, which holds %s", Watchers)
}

// DefaultOverlays are the embedded overlays the generator applies to spec
// unless told not to: the watchers, to the spec they were written for (the
// embedded one, or a file with the same bytes). Applied to any other spec,
// a target or a watcher could name what is not there; -overlay
// atlas:watchers asks for that on purpose.
func DefaultOverlays(spec []byte) []string {
	if upstream, err := upstream.ReadFile(watchersFor); err == nil && bytes.Equal(spec, upstream) {
		return []string{Watchers}
	}
	return nil
}
