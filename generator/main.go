// Command generator turns an Atlas Administration API OpenAPI spec into a
// typed Go client package.
//
//	go run ./generator -spec FILE -out DIR -package NAME
//
// With -check it writes nothing and exits 1 when DIR is stale. With
// -write-spec FILE it writes the selected part of the spec instead of Go.
// -overlay FILE (repeatable) applies an OpenAPI Overlay 1.0 to the spec
// first; the 2026-03-03 spec gets the shipped watchers by default.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
)

func main() {
	// One run allocates a few hundred MB, most of it live until the files
	// are written; collecting less often saves a fifth of the CPU time
	// (docs/performance.md, "The generator"). A GOGC the user set wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, errQuiet) {
			fmt.Fprintln(os.Stderr, "generator:", err)
		}
		os.Exit(1)
	}
}

// errQuiet ends the run with status 1 after the message was already printed.
var errQuiet = errors.New("quiet")

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("generator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.StringVar(&o.spec, "spec", "", "OpenAPI spec to read (in this repository, no -spec regenerates everything it ships)")
	fs.StringVar(&o.out, "out", "", "directory of the generated package (. under go generate)")
	fs.StringVar(&o.pkg, "package", "admin", "Go package name")
	fs.BoolVar(&o.check, "check", false, "write nothing; exit 1 and name the files that differ when -out is stale")
	fs.StringVar(&o.apiVersion, "api-version", "", "newest API version (YYYY-MM-DD) an operation's default may be; default: the newest")
	fs.StringVar(&o.includeTags, "include-tags", "", "comma-separated tags to generate (default: all)")
	fs.StringVar(&o.excludeTags, "exclude-tags", "", "comma-separated tags to leave out")
	fs.StringVar(&o.includeOps, "include-operations", "", "comma-separated operationIds to generate")
	fs.StringVar(&o.excludeOps, "exclude-operations", "", "comma-separated operationIds to leave out")
	fs.StringVar(&o.writeSpec, "write-spec", "", "write the selected operations and the components they use to this file, instead of Go")
	fs.StringVar(&o.report, "report", "", "write the full generation report to this file (default: a summary on stdout)")
	fs.StringVar(&o.cliOut, "cli-out", "", "also write the command-line client (package main) into this directory; -out must be inside a Go module")
	fs.BoolVar(&o.quiet, "q", false, "print nothing on success")
	fs.StringVar(&o.diffAgainst, "diff-against", "", "compare the Go API with the package in this directory (default: -out) instead of writing; keeps that package's lock")
	fs.StringVar(&o.breakingReport, "breaking-report", "", "compare the Go API with the package on disk instead of writing, and write Markdown release notes to this file (- for stdout)")
	fs.BoolVar(&o.allowBreaking, "allow-breaking", false, "with -diff-against or -breaking-report: exit 0 even when the Go API changes incompatibly")
	fs.Func("overlay", "apply this OpenAPI Overlay 1.0 file to the spec before reading it (repeatable, applied in order; atlas:watchers is the embedded one)", func(f string) error {
		o.overlayFiles = append(o.overlayFiles, f)
		return nil
	})
	defaultOverlay := fs.Bool("default-overlay", true, "apply the embedded overlay of watchers (atlas:watchers) to the upstream spec it was written for")
	fs.BoolVar(&o.allowUnmatched, "allow-unmatched-targets", false, "let an overlay action whose target matches nothing do nothing (a note in the report) instead of failing")
	fs.BoolVar(&o.upgradeDefaults, "upgrade-defaults", false, "move each operation's default version to what the spec and -api-version pick, instead of keeping the lock's; prints what moved")
	fs.BoolVar(&o.adoptAtlasNames, "adopt-atlas-names", false, "move a package whose lock keeps operationId names (generated before atlasgen read Atlas's names) to Atlas's names and the spec's parameter order; prints what moved")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errQuiet // the flag package printed the problem and the usage
	}
	o.noDefaultOverlay = !*defaultOverlay
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q; flags only (see -h)", fs.Arg(0))
	}
	if repoRun(fs) {
		if !inThisRepo(".") {
			return fmt.Errorf("-spec and -out are needed: name the OpenAPI spec and the package directory (see -h); only in the atlasgen repository does a run without them regenerate what it ships")
		}
		targets := repoTargets(".")
		for i := range targets {
			targets[i].check, targets[i].quiet, targets[i].upgradeDefaults, targets[i].adoptAtlasNames = o.check, o.quiet, o.upgradeDefaults, o.adoptAtlasNames
		}
		targets[0].report = o.report // the report describes the package users import
		return generateAndWrite(targets, "go run ./generator", stdout, stderr)
	}
	if err := o.validate(); err != nil {
		return err
	}
	if o.writeSpec != "" {
		return cutSpec(o, stdout)
	}
	if o.compareMode() {
		return breakingReport(o, stdout, stderr)
	}
	return generateAndWrite([]options{o}, o.fixCommand(), stdout, stderr)
}

// repoRun reports whether the flags say nothing about what to generate:
// only -check, -q, -report, -upgrade-defaults and -adopt-atlas-names,
// which apply to every package the repository ships.
func repoRun(fs *flag.FlagSet) bool {
	repo := true
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "check", "q", "report", "upgrade-defaults", "adopt-atlas-names":
		default:
			repo = false
		}
	})
	return repo
}
