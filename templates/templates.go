// Package templates holds the runtime files of the generated client: code
// that changes little with the spec, kept as text/template files and
// embedded into the generator. Each template takes a Runtime value and uses
// only range and if.
package templates

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"text/template"
)

//go:embed *.go.tmpl
var files embed.FS

// Runtime is the data every runtime template receives.
type Runtime struct {
	Header           string // the "Code generated ... DO NOT EDIT." line
	Package          string
	BaseURL          string
	TokenPath        string // path of the OAuth2 token endpoint on the base URL
	RevokePath       string
	GeneratorVersion string
	APIVersion       string // info.version of the spec
}

var parsed = template.Must(template.New("").Option("missingkey=error").ParseFS(files, "*.go.tmpl"))

// Names lists the output file names, sorted: runtime.go.tmpl -> runtime.go.
func Names() []string {
	entries, _ := fs.Glob(files, "*.go.tmpl")
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = strings.TrimSuffix(e, ".tmpl")
	}
	slices.Sort(out)
	return out
}

// Render executes the template behind an output file name.
func Render(name string, data Runtime) ([]byte, error) {
	var buf bytes.Buffer
	if err := parsed.ExecuteTemplate(&buf, name+".tmpl", data); err != nil {
		return nil, fmt.Errorf("template %s: %w", name, err)
	}
	return buf.Bytes(), nil
}
