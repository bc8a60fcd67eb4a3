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

// CLIFlags are the command-line client's own flags, long and short, on
// every operation's command (cobra's --help and -h, the root's persistent
// --profile, -P and --debug, and those commands.go.tmpl's describe
// declares, some only for an operation with a body, a watcher, pages or
// several formats). A parameter's flag is named after the parameter, so
// the generator refuses a parameter of one of these names
// (ir.Options.CLIFlags); TestCLIFlags keeps the list in step with the
// template. The Atlas CLI's spellings --outputFile and --projectId are
// not here: an operation with a parameter of that name keeps it.
func CLIFlags() []string {
	return []string{
		"--help", "-h", "--profile", "-P", "--debug",
		"--version", "--format", "--file", "--jq", "--raw-output", "-r",
		"--output", "-o", "--output-file", "--watch", "--watchTimeout", "--watchInterval", "--all",
	}
}
