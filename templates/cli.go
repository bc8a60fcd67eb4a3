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

// The command-line client's runtime: the same for every spec, it serves the
// generated command table (operations.go) and calls through the client
// package's Raw.
//
//go:embed cli/*.go.tmpl
var cliFiles embed.FS

// CLI is the data every command-line runtime template receives.
type CLI struct {
	Header           string
	AdminImport      string // import path of the generated client package
	GeneratorVersion string
	APIVersion       string
}

var cliParsed = template.Must(template.New("").Option("missingkey=error").ParseFS(cliFiles, "cli/*.go.tmpl"))

// CLINames lists the command-line client's runtime file names, sorted.
func CLINames() []string {
	entries, _ := fs.Glob(cliFiles, "cli/*.go.tmpl")
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = strings.TrimSuffix(strings.TrimPrefix(e, "cli/"), ".tmpl")
	}
	slices.Sort(out)
	return out
}

// RenderCLI executes the command-line template behind an output file name.
func RenderCLI(name string, data CLI) ([]byte, error) {
	var buf bytes.Buffer
	if err := cliParsed.ExecuteTemplate(&buf, name+".tmpl", data); err != nil {
		return nil, fmt.Errorf("template cli/%s: %w", name, err)
	}
	return buf.Bytes(), nil
}
