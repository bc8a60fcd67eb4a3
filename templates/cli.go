package templates

import (
	"embed"
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
	SpecFile         string // base name of the spec, for --version
}

var cliParsed = template.Must(template.New("").Option("missingkey=error").ParseFS(cliFiles, "cli/*.go.tmpl"))

// CLINames lists the command-line client's runtime file names, sorted.
func CLINames() []string { return outputNames(cliFiles, "cli/*.go.tmpl") }

// RenderCLI executes the command-line template behind an output file name.
func RenderCLI(name string, data CLI) ([]byte, error) {
	return execute(cliParsed, name, "cli/"+name, data)
}
