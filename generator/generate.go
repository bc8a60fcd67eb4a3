package main

import (
	"errors"
	"fmt"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/atlasgen/atlasgen/generator/internal/emit"
	"github.com/atlasgen/atlasgen/generator/internal/ir"
	"github.com/atlasgen/atlasgen/generator/internal/load"
	"github.com/atlasgen/atlasgen/generator/internal/selection"
	"github.com/atlasgen/atlasgen/generator/internal/write"
	"github.com/atlasgen/atlasgen/templates"
)

// version is the generator's own version; it goes into the User-Agent.
const version = "0.1.0"

type options struct {
	spec, out, pkg, apiVersion  string
	includeTags, excludeTags    string
	includeOps, excludeOps      string
	writeSpec, report           string
	cliOut                      string // see cliDir
	check, quiet                bool
	upgradeDefaults             bool
	diffAgainst, breakingReport string
	allowBreaking               bool
}

var (
	goIdent = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	date    = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
)

func (o options) validate() error {
	if !goIdent.MatchString(o.pkg) || token.IsKeyword(o.pkg) {
		return fmt.Errorf("-package %q is not a lower-case Go package name", o.pkg)
	}
	if o.pkg == "main" {
		return fmt.Errorf("-package main would not build: the client is a library package")
	}
	if o.apiVersion != "" {
		if _, err := time.Parse("2006-01-02", o.apiVersion); err != nil || !date.MatchString(o.apiVersion) {
			return fmt.Errorf("-api-version %q is not a date YYYY-MM-DD", o.apiVersion)
		}
	}
	if o.spec == "" {
		return fmt.Errorf("-spec is empty")
	}
	return nil
}

func (o options) selection() selection.Selection {
	return selection.Selection{
		IncludeTags:       selection.SplitList(o.includeTags),
		ExcludeTags:       selection.SplitList(o.excludeTags),
		IncludeOperations: selection.SplitList(o.includeOps),
		ExcludeOperations: selection.SplitList(o.excludeOps),
	}
}

// goGenerate is the //go:generate line that reproduces this run from the
// output directory.
func (o options) goGenerate() string {
	spec := o.spec
	if absSpec, err1 := filepath.Abs(o.spec); err1 == nil {
		if absOut, err2 := filepath.Abs(o.out); err2 == nil {
			if rel, err := filepath.Rel(absOut, absSpec); err == nil {
				spec = filepath.ToSlash(rel)
			}
		}
	}
	args := []string{"go run github.com/atlasgen/atlasgen/generator", "-spec " + quoteArg(spec), "-out .", "-package " + o.pkg}
	for _, f := range [][2]string{{"-api-version", o.apiVersion}, {"-include-tags", o.includeTags}, {"-exclude-tags", o.excludeTags}, {"-include-operations", o.includeOps}, {"-exclude-operations", o.excludeOps}} {
		if f[1] != "" {
			args = append(args, f[0]+" "+quoteArg(f[1]))
		}
	}
	return strings.Join(args, " ")
}

// quoteArg quotes s the way go generate reads a quoted argument: as a Go
// string literal.
func quoteArg(s string) string {
	if s == "" || strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || strings.ContainsRune("\"'\\`", r) || r == 0x7f }) {
		s = strconv.Quote(s)
	}
	// go generate expands $NAME after unquoting; $DOLLAR is a literal $.
	return strings.ReplaceAll(s, "$", "${DOLLAR}")
}

// generate runs the pipeline in memory: load, build the IR, emit.
func generate(o options) (map[string][]byte, *ir.API, error) {
	spec, err := load.File(o.spec)
	if err != nil {
		return nil, nil, err
	}
	return generateFrom(o, spec)
}

// generateFrom is generate on a spec already loaded.
func generateFrom(o options, spec *load.Spec) (map[string][]byte, *ir.API, error) {
	reserved, err := templates.Declared()
	if err != nil {
		return nil, nil, err
	}
	lock, err := readLock(o.baseDir())
	if err != nil {
		return nil, nil, err
	}
	api, err := ir.Build(spec, ir.Options{Selection: o.selection(), MaxVersion: o.apiVersion, Reserved: reserved, Lock: lock, UpgradeDefaults: o.upgradeDefaults})
	if err != nil {
		return nil, nil, err
	}
	api.Report.Notes = append(api.Report.Notes, spec.Warnings...)
	files, err := emit.Files(api, emit.Options{Package: o.pkg, GeneratorVersion: version, GoGenerate: o.goGenerate()})
	if err != nil {
		return nil, nil, err
	}
	// The lock is one more file of the package: written with it, all or
	// nothing, and compared by -check.
	files[ir.LockFile] = api.Lock.Format()
	return files, api, nil
}

// readLock reads the lock an earlier run left in dir; nil when there is none.
func readLock(dir string) (*ir.Lock, error) {
	path := filepath.Join(dir, ir.LockFile)
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return ir.ParseLock(path, data)
}

func generateAndWrite(o options, stdout, stderr io.Writer) error {
	files, api, err := generate(o)
	if err != nil {
		return err
	}
	// The command-line client (cli.go) is a second package beside the first.
	dirs := []string{o.out}
	outputs := []map[string][]byte{files}
	if cliDir := o.cliDir(); cliDir != "" {
		cliFiles, err := generateCLI(api, o)
		if err != nil {
			return err
		}
		dirs, outputs = append(dirs, cliDir), append(outputs, cliFiles)
	}
	if o.check {
		var stale []string
		for i, dir := range dirs {
			d, err := write.Compare(dir, outputs[i])
			if err != nil {
				return err
			}
			for _, n := range d.Changed {
				fmt.Fprintf(stderr, "stale: %s\n", filepath.Join(dir, n))
			}
			for _, n := range d.Removed {
				fmt.Fprintf(stderr, "stale: %s (no longer generated)\n", filepath.Join(dir, n))
			}
			if !d.Empty() {
				stale = append(stale, dir)
			}
		}
		if len(stale) > 0 {
			return fmt.Errorf("%s is stale: run go run ./generator (or go generate ./%s)", strings.Join(stale, " and "), filepath.ToSlash(o.out))
		}
		return nil
	}
	// The report is staged first (if it cannot be written, the package is
	// untouched) and put in place last (it never describes a package that
	// failed to be written).
	var report *write.Staged
	if o.report != "" {
		if report, err = write.Stage(o.report, []byte(fullReport(api))); err != nil {
			return err
		}
		defer report.Abort()
	}
	// A refused CLI file must not leave the package half written.
	d, err := write.ApplyAll(dirs, outputs)
	if err != nil {
		return err
	}
	defaultMoves(api, stdout)
	if err := report.Commit(); err != nil {
		return err
	}
	if !o.quiet {
		n := 0
		for _, out := range outputs {
			n += len(out)
		}
		fmt.Fprint(stdout, summary(api, o, n, d))
	}
	return nil
}

// defaultMoves says which defaults moved from the lock's: on purpose with
// -upgrade-defaults, or because the spec dropped the locked version.
func defaultMoves(api *ir.API, w io.Writer) {
	for _, m := range api.DefaultMoves {
		fmt.Fprintf(w, "default moved: %s\n", m)
	}
}

func summary(api *ir.API, o options, n int, d write.Diff) string {
	r := api.Report
	var b strings.Builder
	fmt.Fprintf(&b, "%s -> %s: %d files (%d written, %d removed)\n", o.spec, o.out, n, len(d.Changed), len(d.Removed))
	fmt.Fprintf(&b, "operations %d, operation versions %d (%d operations with several), API versions %d, types %d\n",
		r.Operations, r.Versions, r.MultiVersion, len(api.Versions), r.Types)
	fmt.Fprintf(&b, "fallbacks to json.RawMessage %d, skipped patterns %d, renamed %d, notes %d", len(r.Fallbacks), len(r.SkippedPatterns), len(r.Renamed), len(r.Notes))
	if o.report == "" && len(r.Fallbacks)+len(r.SkippedPatterns)+len(r.Renamed)+len(r.Notes) > 0 {
		b.WriteString(" (-report FILE lists them)")
	}
	b.WriteString("\n")
	return b.String()
}

func fullReport(api *ir.API) string {
	var b strings.Builder
	r := api.Report
	fmt.Fprintf(&b, "# Generation report for %s\n\n", api.SpecFile)
	fmt.Fprintf(&b, "operations: %d\noperation versions: %d\noperations with several versions: %d\nAPI versions: %s\ntypes: %d\n",
		r.Operations, r.Versions, r.MultiVersion, strings.Join(api.Versions, ", "), r.Types)
	section := func(title string, lines []string) {
		fmt.Fprintf(&b, "\n## %s (%d)\n", title, len(lines))
		for _, l := range lines {
			b.WriteString("- " + l + "\n")
		}
	}
	section("Fields typed json.RawMessage", r.Fallbacks)
	section("Patterns Go's regexp cannot compile (not checked by the client)", r.SkippedPatterns)
	section("Names that needed a suffix", r.Renamed)
	section("Notes", r.Notes)
	return b.String()
}
