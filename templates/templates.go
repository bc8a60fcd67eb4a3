// Package templates holds the runtime files of the generated client: code
// that changes little with the spec, kept as text/template files and
// embedded into the generator. Each template takes a Runtime value and uses
// only range and if.
package templates

import (
	"bytes"
	"embed"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path"
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
	NewestDefault    string // the newest version any operation sends by default
}

var parsed = template.Must(template.New("").Option("missingkey=error").ParseFS(files, "*.go.tmpl"))

// Names lists the output file names, sorted: runtime.go.tmpl -> runtime.go.
func Names() []string { return outputNames(files, "*.go.tmpl") }

// Render executes the template behind an output file name.
func Render(name string, data Runtime) ([]byte, error) {
	return execute(parsed, name, name, data)
}

// outputNames lists the output file names of the templates in fsys that
// match pattern, sorted: cli/main.go.tmpl -> main.go.
func outputNames(fsys fs.FS, pattern string) []string {
	entries, _ := fs.Glob(fsys, pattern)
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = strings.TrimSuffix(path.Base(e), ".tmpl")
	}
	slices.Sort(out)
	return out
}

// execute executes the template of t behind an output file name; label
// names the template in an error.
func execute(t *template.Template, name, label string, data any) ([]byte, error) {
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name+".tmpl", data); err != nil {
		return nil, fmt.Errorf("template %s: %w", label, err)
	}
	return buf.Bytes(), nil
}

// Declared returns the package-level names the runtime files declare, so
// the generator keeps spec-derived names off them.
func Declared() ([]string, error) {
	var names []string
	fset := token.NewFileSet()
	for _, name := range Names() {
		src, err := Render(name, Runtime{Header: "//", Package: "p"})
		if err != nil {
			return nil, err
		}
		f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					names = append(names, d.Name.Name)
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						names = append(names, s.Name.Name)
					case *ast.ValueSpec:
						for _, n := range s.Names {
							names = append(names, n.Name)
						}
					}
				}
			}
		}
	}
	slices.Sort(names)
	return names, nil
}
