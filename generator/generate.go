package main

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
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
	adoptAtlasNames             bool
	diffAgainst, breakingReport string
	allowBreaking               bool
	// overlayFiles are the -overlay flags, in order; noDefaultOverlay is
	// -default-overlay=false (see options.overlays).
	overlayFiles     []string
	noDefaultOverlay bool
	allowUnmatched   bool
}

var (
	goIdent = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	date    = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
)

func (o options) validate() error {
	if token.IsKeyword(o.pkg) {
		return fmt.Errorf("-package %q is a Go keyword, which cannot name a package; pick another name, such as %q", o.pkg, o.pkg+"api")
	}
	if !goIdent.MatchString(o.pkg) {
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
		return fmt.Errorf("-spec is empty: name the OpenAPI spec to read")
	}
	if o.out == "" && o.writeSpec == "" && o.diffAgainst == "" {
		return fmt.Errorf("-out is empty: name the package directory (under go generate, -out .)")
	}
	return nil
}

// fixCommand is what -check tells the user to run: the //go:generate line
// in doc.go reproduces this run from the package directory.
func (o options) fixCommand() string {
	dir := filepath.ToSlash(filepath.Clean(o.out))
	if !filepath.IsAbs(o.out) && !strings.HasPrefix(dir, "../") && dir != ".." {
		dir = "./" + strings.TrimPrefix(dir, "./")
	}
	return fmt.Sprintf("go generate %s (its doc.go holds the generator line), or this command without -check", dir)
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
	if rel, err := relTo(o.out, o.spec); err == nil && !embeddedSpec(o.spec) {
		spec = rel
	}
	cli := ""
	if o.cliOut != "" {
		cli = o.cliOut
		if rel, err := relTo(o.out, o.cliOut); err == nil {
			cli = rel
		}
	}
	args := []string{"go tool " + thisModule + "/generator", "-spec " + quoteArg(spec)}
	for _, f := range o.overlayFiles {
		if rel, err := relTo(o.out, f); err == nil && !embeddedSpec(f) {
			f = rel
		}
		args = append(args, "-overlay "+quoteArg(f))
	}
	if o.noDefaultOverlay {
		args = append(args, "-default-overlay=false")
	}
	if o.allowUnmatched {
		args = append(args, "-allow-unmatched-targets")
	}
	args = append(args, "-out .", "-package "+o.pkg)
	for _, f := range [][2]string{{"-cli-out", cli}, {"-api-version", o.apiVersion}, {"-include-tags", o.includeTags}, {"-exclude-tags", o.excludeTags}, {"-include-operations", o.includeOps}, {"-exclude-operations", o.excludeOps}} {
		if f[1] != "" {
			args = append(args, f[0]+" "+quoteArg(f[1]))
		}
	}
	return strings.Join(args, " ")
}

// relTo is path as seen from dir, with forward slashes.
func relTo(dir, path string) (string, error) {
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	absPath, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(absDir, absPath)
	return filepath.ToSlash(rel), err
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
	api, err := buildAPI(o)
	if err != nil {
		return nil, nil, err
	}
	return emitAPI(o, api)
}

// buildAPI loads the spec and builds its IR. Nothing loaded (the YAML
// trees, the overlays' copy, kin-openapi's document) is reachable from the
// IR, so none of it stays in memory while the files are emitted.
func buildAPI(o options) (*ir.API, error) {
	spec, applied, err := loadSpec(o)
	if err != nil {
		return nil, err
	}
	api, err := buildFrom(o, spec)
	if err != nil {
		// The IR's findings (a bad watcher) are placed like load's.
		return nil, applied.Relocate(err)
	}
	if applied != nil {
		api.Report.Overlays = applied.Notes
		var le *load.Error
		if errors.As(applied.Relocate(load.NewError(api.CLIFindings)), &le) {
			api.CLIFindings = le.Findings
		}
	}
	return api, nil
}

// generateFrom is generate on a spec already loaded.
func generateFrom(o options, spec *load.Spec) (map[string][]byte, *ir.API, error) {
	api, err := buildFrom(o, spec)
	if err != nil {
		return nil, nil, err
	}
	return emitAPI(o, api)
}

// buildFrom builds the IR of a spec already loaded.
func buildFrom(o options, spec *load.Spec) (*ir.API, error) {
	reserved, err := templates.Declared()
	if err != nil {
		return nil, err
	}
	lock, err := readLock(o.baseDir())
	if err != nil {
		return nil, err
	}
	opts := ir.Options{Selection: o.selection(), MaxVersion: o.apiVersion, Reserved: reserved, Lock: lock, UpgradeDefaults: o.upgradeDefaults, AdoptAtlasNames: o.adoptAtlasNames, CLIFlags: templates.CLIFlags()}
	api, err := ir.Build(spec, opts)
	if err != nil {
		return nil, err
	}
	if lock != nil && lock.Naming != ir.NamingAtlas && o.adoptAtlasNames {
		// What moves is what the run would have named without the flag.
		opts.AdoptAtlasNames = false
		old, err := ir.Build(spec, opts)
		if err != nil {
			return nil, err
		}
		api.NameMoves = ir.NameMoves(old, api)
	}
	api.Report.Notes = append(api.Report.Notes, spec.Warnings...)
	return api, nil
}

// emitAPI renders the package of an IR.
func emitAPI(o options, api *ir.API) (map[string][]byte, *ir.API, error) {
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

// generateAndWrite generates every target in memory, then writes them all
// or nothing. With -check it writes nothing and names fix, the command that
// brings the stale directories up to date.
func generateAndWrite(targets []options, fix string, stdout, stderr io.Writer) error {
	type result struct {
		o     options
		api   *ir.API
		dirs  []int // indexes into dirs and outputs
		files int
	}
	var (
		results []result
		dirs    []string
		outputs []map[string][]byte
	)
	check := targets[0].check
	for _, o := range targets {
		files, api, err := generate(o)
		if err != nil {
			return err
		}
		r := result{o: o, api: api, dirs: []int{len(dirs)}, files: len(files)}
		dirs, outputs = append(dirs, o.out), append(outputs, files)
		// The command-line client (cli.go) is a second package beside the first.
		if cliDir := o.cliDir(); cliDir != "" {
			cliFiles, err := generateCLI(api, o)
			if err != nil {
				return err
			}
			r.dirs, r.files = append(r.dirs, len(dirs)), r.files+len(cliFiles)
			dirs, outputs = append(dirs, cliDir), append(outputs, cliFiles)
		}
		if !check {
			if err := refuseOtherPackage("-out", o.out, o.pkg); err != nil {
				return err
			}
			if cliDir := o.cliDir(); cliDir != "" {
				if err := refuseOtherPackage("-cli-out", cliDir, "main"); err != nil {
					return err
				}
			}
		}
		results = append(results, r)
	}
	if check {
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
				stale = append(stale, filepath.ToSlash(dir))
			}
		}
		if len(stale) > 0 {
			return fmt.Errorf("%s is stale: run %s", strings.Join(stale, " and "), fix)
		}
		return nil
	}
	// The report is staged first (if it cannot be written, the package is
	// untouched) and put in place last (it never describes a package that
	// failed to be written).
	var reports []*write.Staged
	defer func() {
		for _, r := range reports {
			r.Abort()
		}
	}()
	for _, r := range results {
		if r.o.report != "" {
			staged, err := write.Stage(r.o.report, []byte(fullReport(r.api)))
			if err != nil {
				return err
			}
			reports = append(reports, staged)
		}
	}
	// A refused CLI file must not leave the package half written.
	diffs, err := write.ApplyAll(dirs, outputs)
	if err != nil {
		return err
	}
	for _, r := range results {
		defaultMoves(r.api, stdout)
		nameMoves(r.api, stdout)
	}
	for _, staged := range reports {
		if err := staged.Commit(); err != nil {
			return err
		}
	}
	for _, r := range results {
		if !r.o.quiet {
			var d write.Diff
			for _, i := range r.dirs {
				d.Changed = append(d.Changed, diffs[i].Changed...)
				d.Removed = append(d.Removed, diffs[i].Removed...)
			}
			fmt.Fprint(stdout, summary(r.api, r.o, r.files, d))
		}
	}
	return nil
}

// refuseOtherPackage stops a run that would write package pkg into a
// directory holding another package's Go files: the directory would not
// build. Our own generated files do not count (they are replaced or
// removed), nor pkg's external tests, nor files kept out of builds by
// //go:build ignore.
func refuseOtherPackage(flagName, dir, pkg string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	byPkg := map[string][]string{}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
			continue
		}
		path := filepath.Join(dir, name)
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.HasPrefix(src, []byte(write.Marker)) {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, src, parser.PackageClauseOnly|parser.ParseComments)
		if err != nil {
			continue // not Go we can read; the build will say what is wrong with it
		}
		if ignored(f) {
			continue
		}
		if got := f.Name.Name; got != pkg && got != pkg+"_test" {
			byPkg[got] = append(byPkg[got], name)
		}
	}
	if len(byPkg) == 0 {
		return nil
	}
	var found []string
	for _, p := range slices.Sorted(maps.Keys(byPkg)) {
		found = append(found, fmt.Sprintf("package %s (%s)", p, strings.Join(byPkg[p], ", ")))
	}
	hint := "pick an empty directory"
	if flagName == "-out" && len(byPkg) == 1 {
		hint += " or -package " + slices.Collect(maps.Keys(byPkg))[0]
	}
	return fmt.Errorf("%s %s holds Go files of %s, not of package %s: the generated files would not build beside them; %s", flagName, dir, strings.Join(found, " and "), pkg, hint)
}

// ignored reports whether a file's build constraint is "ignore".
func ignored(f *ast.File) bool {
	for _, g := range f.Comments {
		if g.Pos() > f.Package {
			break
		}
		for _, c := range g.List {
			if rest, ok := strings.CutPrefix(c.Text, "//go:build "); ok && strings.TrimSpace(rest) == "ignore" {
				return true
			}
		}
	}
	return false
}

// defaultMoves says which defaults moved from the lock's: on purpose with
// -upgrade-defaults, or because the spec dropped the locked version.
func defaultMoves(api *ir.API, w io.Writer) {
	for _, m := range api.DefaultMoves {
		fmt.Fprintf(w, "default moved: %s\n", m)
	}
}

// nameMoves says which operations' Go names moved with -adopt-atlas-names.
func nameMoves(api *ir.API, w io.Writer) {
	for _, m := range api.NameMoves {
		fmt.Fprintf(w, "name moved: %s\n", m)
	}
}

func summary(api *ir.API, o options, n int, d write.Diff) string {
	r := api.Report
	var b strings.Builder
	fmt.Fprintf(&b, "%s -> %s: %d files (%d written, %d removed)\n", o.spec, o.out, n, len(d.Changed), len(d.Removed))
	fmt.Fprintf(&b, "operations %d, operation versions %d (%d operations with several), API versions %d, types %d\n",
		r.Operations, r.Versions, r.MultiVersion, len(api.Versions), r.Types)
	if len(r.Overlays) > 0 {
		fmt.Fprintf(&b, "%s\n", strings.Join(r.Overlays, "\n"))
	}
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
	section("Overlays", r.Overlays)
	section("Fields typed json.RawMessage", r.Fallbacks)
	section("Patterns Go's regexp cannot compile (not checked by the client)", r.SkippedPatterns)
	section("Names that needed a suffix", r.Renamed)
	section("Notes", r.Notes)
	return b.String()
}
