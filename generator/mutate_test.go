package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/format"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/atlasgen/atlasgen/generator/internal/cut"
	"github.com/atlasgen/atlasgen/generator/internal/load"
	"github.com/atlasgen/atlasgen/generator/internal/selection"
	"go.yaml.in/yaml/v4"
)

// The mutation test holds the generator to its contract on specs that are
// well-formed YAML with a structural twist (see mutations_test.go): every
// input ends, within the time bound, either in a package that parses,
// is gofmt-clean and type-checks (the client and the command-line client),
// or in a refusal whose every finding names FILE:LINE:COL and the JSON
// pointer, with the previous output untouched. Never a panic, a stack
// overflow or a run past the bound.
//
// The inputs run in child processes (this test binary, mutateChild), so
// a stack overflow, which no recover catches, or a hang costs one input,
// not the run. `go test` runs a few; `make mutate` runs many:
//
//	MUTATE_SEED=7 MUTATE_N=3000 make mutate
//
// Inputs that once failed are kept under internal/testdata/mutants/ and
// run every time.

// Outcomes. The first two keep the contract.
const (
	outGenerated = "generated"
	outRefused   = "refused"
	outCrash     = "crash"
	outHang      = "hang"
	outUnplaced  = "unplaced"
	outNoBuild   = "nobuild"
)

var outcomes = []string{outGenerated, outRefused, outCrash, outHang, outUnplaced, outNoBuild}

type mutInput struct {
	class, name string
	data        []byte
}

type mutResult struct {
	outcome, detail string
}

func envInt(t *testing.T, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		t.Fatalf("%s=%q is not a number", name, v)
	}
	return n
}

// mutationBases are the specs mutated: the fragment, and small cuts of both
// real specs (operations picked by the seed, so a new seed cuts anew).
func mutationBases(t *testing.T, seed uint64, cuts int) []base {
	frag, err := os.ReadFile(fragment)
	if err != nil {
		t.Fatal(err)
	}
	bases := []base{{"fragment", frag}}
	opID := regexp.MustCompile(`(?m)^\s+operationId: (\S+)$`)
	for _, spec := range []string{"atlas-api-2025-06-30.yaml", "atlas-api-2026-03-03.yaml"} {
		if cuts == 0 {
			break
		}
		data, err := os.ReadFile(filepath.Join("../openapi/upstream", spec))
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, m := range opID.FindAllSubmatch(data, -1) {
			ids = append(ids, string(m[1]))
		}
		// One parse of the big spec serves every cut of it.
		for c := range cuts {
			h := seed*31 + uint64(c)*7919 + uint64(len(spec))
			ops := []string{ids[h%uint64(len(ids))], ids[(h/7+11)%uint64(len(ids))]}
			out, err := cut.Cut(data, selection.Selection{IncludeOperations: ops})
			if err != nil {
				t.Fatalf("cut %s %v: %v", spec, ops, err)
			}
			bases = append(bases, base{spec + ":" + strings.Join(ops, ","), out})
		}
	}
	return bases
}

// TestMutate runs MUTATE_N mutants (default a handful) of seed MUTATE_SEED
// and every kept input, and fails on any that breaks the contract.
func TestMutate(t *testing.T) {
	seed := uint64(envInt(t, "MUTATE_SEED", 1))
	n := envInt(t, "MUTATE_N", 40)
	cuts := envInt(t, "MUTATE_CUTS", 0)
	if n >= 500 && os.Getenv("MUTATE_CUTS") == "" {
		cuts = 3
	}
	bases := mutationBases(t, seed, cuts)
	var inputs []mutInput
	for i := range n {
		class, data := mutate(seed, i, bases)
		inputs = append(inputs, mutInput{class, fmt.Sprintf("seed %d mutant %d", seed, i), data})
	}
	// Seeded means reproducible: a reported mutant can be made again.
	for i := range min(n, 5) {
		if _, again := mutate(seed, i, bases); !bytes.Equal(again, inputs[i].data) {
			t.Fatalf("mutant %d of seed %d differs when made again", i, seed)
		}
	}
	kept, _ := filepath.Glob("../internal/testdata/mutants/*/spec.*")
	for _, k := range kept {
		data, err := os.ReadFile(k)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, mutInput{"kept", filepath.Base(filepath.Dir(k)), data})
	}
	timeout := time.Duration(envInt(t, "MUTATE_TIMEOUT", 20)) * time.Second
	workers := envInt(t, "MUTATE_WORKERS", 1)
	results := runMutants(t, inputs, workers, timeout)

	// Counts per class and outcome.
	counts := map[string]map[string]int{}
	total := map[string]int{}
	for i, in := range inputs {
		if counts[in.class] == nil {
			counts[in.class] = map[string]int{}
		}
		counts[in.class][results[i].outcome]++
		total[results[i].outcome]++
	}
	var b strings.Builder
	fmt.Fprintf(&b, "seed %d: %d inputs (%d mutants of %d bases, %d kept)\n", seed, len(inputs), n, len(bases), len(kept))
	fmt.Fprintf(&b, "%-30s", "class")
	for _, o := range outcomes {
		fmt.Fprintf(&b, " %9s", o)
	}
	b.WriteString("\n")
	for _, c := range append(slices.Sorted(maps.Keys(counts)), "total") {
		row := counts[c]
		if c == "total" {
			row = total
		}
		fmt.Fprintf(&b, "%-30s", c)
		for _, o := range outcomes {
			fmt.Fprintf(&b, " %9d", row[o])
		}
		b.WriteString("\n")
	}
	t.Log("\n" + b.String())

	keep := os.Getenv("MUTATE_KEEP")
	for i, in := range inputs {
		r := results[i]
		if r.outcome == outGenerated || r.outcome == outRefused {
			continue
		}
		t.Errorf("%s (%s): %s: %s", in.name, in.class, r.outcome, r.detail)
		if keep != "" {
			dir := filepath.Join(keep, fmt.Sprintf("%s-%d", r.outcome, i))
			if err := os.MkdirAll(dir, 0o755); err == nil {
				_ = os.WriteFile(filepath.Join(dir, "spec.yaml"), in.data, 0o644)
			}
		}
	}
}

// runMutants runs the inputs in child processes, workers at a time, each
// child taking a contiguous share and being restarted past an input that
// killed it or ran past the bound.
func runMutants(t *testing.T, inputs []mutInput, workers int, timeout time.Duration) []mutResult {
	dir := t.TempDir()
	for i, in := range inputs {
		if err := os.WriteFile(filepath.Join(dir, strconv.Itoa(i)), in.data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	exports := filepath.Join(dir, "exports")
	if err := os.WriteFile(exports, goListExports(t), 0o644); err != nil {
		t.Fatal(err)
	}
	results := make([]mutResult, len(inputs))
	var wg sync.WaitGroup
	workers = max(1, min(workers, len(inputs)))
	for w := range workers {
		from, to := w*len(inputs)/workers, (w+1)*len(inputs)/workers
		wg.Go(func() {
			for from < to {
				from = runChild(t, dir, exports, from, to, timeout, results)
			}
		})
	}
	wg.Wait()
	return results
}

// goListExports is `go list -export` of every package the generated client
// and command-line client import: the type checker reads their export data.
func goListExports(t *testing.T) []byte {
	cmd := exec.Command("go", "list", "-export", "-deps", "-f", "{{.ImportPath}}\t{{.Export}}", "./generated/admin", "./generated/cmd/atlasapi")
	cmd.Dir = ".."
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -export: %v\n%s", err, stderr.String())
	}
	return out
}

// runChild runs inputs from..to-1 in one child and records their results;
// it returns the index to go on from.
func runChild(t *testing.T, dir, exports string, from, to int, timeout time.Duration, results []mutResult) int {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "MUTATE_CHILD="+dir, "MUTATE_EXPORTS="+exports, fmt.Sprintf("MUTATE_RANGE=%d-%d", from, to))
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(stdout)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	current := from // the input the child is on
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		select {
		case line, ok := <-lines:
			if !ok {
				err := cmd.Wait()
				if current >= to {
					return to
				}
				results[current] = mutResult{outCrash, fmt.Sprintf("the child died (%v): %s", err, stderrTail(stderr.String()))}
				return current + 1
			}
			var i int
			var outcome, detail string
			if n, _ := fmt.Sscanf(line, "mutate: done %d %s", &i, &outcome); n == 2 {
				_, detail, _ = strings.Cut(strings.TrimPrefix(line, fmt.Sprintf("mutate: done %d %s", i, outcome)), " ")
				if d, err := strconv.Unquote(detail); err == nil {
					detail = d
				}
				results[i] = mutResult{outcome, detail}
				current = i + 1
				timer.Reset(timeout)
			}
		case <-timer.C:
			_ = cmd.Process.Kill()
			for range lines {
			}
			_ = cmd.Wait()
			results[current] = mutResult{outHang, fmt.Sprintf("no result after %s", timeout)}
			return current + 1
		}
	}
}

// stderrTail is the end of a dead child's stderr: the fatal error and the top
// of its stack.
func stderrTail(s string) string {
	if i := strings.Index(s, "fatal error:"); i >= 0 {
		s = s[i:]
	} else if i := strings.Index(s, "panic:"); i >= 0 {
		s = s[i:]
	}
	if len(s) > 1500 {
		s = s[:1500]
	}
	return s
}

// mutateChild is the child side of TestMutate, run by TestMain instead of
// the tests: it judges inputs MUTATE_RANGE of MUTATE_CHILD, one line each.
func mutateChild() int {
	dir := os.Getenv("MUTATE_CHILD")
	// An overflow is then found in a fraction of a second and 64 MB, not
	// after a gigabyte of stack.
	debug.SetMaxStack(64 << 20)
	var from, to int
	if _, err := fmt.Sscanf(os.Getenv("MUTATE_RANGE"), "%d-%d", &from, &to); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	imp, err := newExportImporter(os.Getenv("MUTATE_EXPORTS"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	for i := from; i < to; i++ {
		data, err := os.ReadFile(filepath.Join(dir, strconv.Itoa(i)))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		r := checkMutant(imp, data)
		fmt.Printf("mutate: done %d %s %s\n", i, r.outcome, strconv.Quote(r.detail))
	}
	return 0
}

// checkMutant runs the generator command on one input, in a fresh module
// holding a previous output, and judges what came out.
func checkMutant(imp *exportImporter, data []byte) (res mutResult) {
	defer func() {
		if p := recover(); p != nil {
			res = mutResult{outCrash, fmt.Sprintf("panic: %v\n%s", p, stderrTail(string(debug.Stack())))}
		}
	}()
	work, err := os.MkdirTemp("", "mutant")
	if err != nil {
		return mutResult{outCrash, "the test could not set up: " + err.Error()}
	}
	defer os.RemoveAll(work)
	spec := filepath.Join(work, "spec.yaml")
	out := filepath.Join(work, "admin")
	for name, src := range map[string]string{"go.mod": "module example.com/m\n\ngo 1.26\n", "spec.yaml": string(data),
		"admin/doc.go": "// Code generated by atlasgen from old.yaml; DO NOT EDIT.\n\npackage admin\n", "admin/mine.go": "package admin\n"} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(work, name)), 0o755); err != nil {
			return mutResult{outCrash, "the test could not set up: " + err.Error()}
		}
		if err := os.WriteFile(filepath.Join(work, name), []byte(src), 0o644); err != nil {
			return mutResult{outCrash, "the test could not set up: " + err.Error()}
		}
	}
	before := readDir(out)
	err = run([]string{"-spec", spec, "-out", out, "-cli-out", filepath.Join(work, "cmd", "atlasapi"), "-q"}, io.Discard, io.Discard)
	if err != nil {
		if !maps.Equal(before, readDir(out)) {
			return mutResult{outUnplaced, "the previous output changed on a refusal: " + err.Error()}
		}
		if msg := unplacedFinding(spec, data, err); msg != "" {
			return mutResult{outUnplaced, msg}
		}
		return mutResult{outRefused, firstLine(err.Error())}
	}
	for _, pkg := range []struct{ dir, path string }{{out, "example.com/m/admin"}, {filepath.Join(work, "cmd", "atlasapi"), "example.com/m/cmd/atlasapi"}} {
		if msg := typeCheck(imp, pkg.dir, pkg.path); msg != "" {
			return mutResult{outNoBuild, msg}
		}
	}
	return mutResult{outGenerated, ""}
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

func readDir(dir string) map[string]string {
	out := map[string]string{}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		out[e.Name()] = string(b)
	}
	return out
}

// unplacedFinding is "" when err is a refusal whose every finding names
// the spec, a line and a column, and a JSON pointer; else what is missing.
// Invalid YAML has no tree to point into, and a file with no nodes at all
// is placed at 1:1 with no pointer.
func unplacedFinding(spec string, data []byte, err error) string {
	return unplacedIn([]string{spec}, data, err)
}

// unplacedIn is unplacedFinding for a run that reads several files (a spec
// and its overlays): a finding may name any of them.
func unplacedIn(files []string, data []byte, err error) string {
	var le *load.Error
	if !errors.As(err, &le) {
		return fmt.Sprintf("a refusal that is not a located error (%T): %s", err, firstLine(err.Error()))
	}
	for _, f := range le.Findings {
		switch {
		case !slices.Contains(files, f.File):
			return "a finding names another file: " + f.String()
		case f.Line <= 0 || f.Column <= 0:
			return "a finding without a line and column: " + f.String()
		case strings.Contains(f.Message, "\n"):
			return "a finding on several lines: " + f.String()
		case strings.HasPrefix(f.Message, "invalid YAML"):
		case f.Pointer == "" && f.Line == 1 && f.Column == 1 && noNodes(data):
		case !strings.HasPrefix(f.Pointer, "#"):
			return "a finding without a JSON pointer: " + f.String()
		}
	}
	return ""
}

// noNodes reports whether data is a YAML stream with no node in it, read
// with the parser the generator reads YAML with (gopkg.in/yaml.v3 refuses
// a lone tab that it reads as empty).
func noNodes(data []byte) bool {
	var n yaml.Node
	err := yaml.Unmarshal(data, &n)
	return err == nil && (n.Kind == 0 || len(n.Content) == 0)
}

// typeCheck parses, gofmt-checks and type-checks the package in dir; it
// returns "" or the first problem.
func typeCheck(imp *exportImporter, dir, path string) string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err.Error()
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		src, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return err.Error()
		}
		formatted, err := format.Source(src)
		if err != nil {
			return fmt.Sprintf("%s does not parse: %v", e.Name(), err)
		}
		if !bytes.Equal(formatted, src) {
			return e.Name() + " is not gofmt-clean"
		}
		if strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, e.Name(), src, parser.SkipObjectResolution)
		if err != nil {
			return err.Error()
		}
		files = append(files, f)
	}
	var first error
	conf := types.Config{Importer: imp, Error: func(err error) {
		if first == nil {
			first = err
		}
	}}
	pkg, _ := conf.Check(path, fset, files, nil)
	if first != nil {
		return fmt.Sprintf("%s does not type-check: %v", path, first)
	}
	imp.local[path] = pkg
	return ""
}

// exportImporter imports from the export data `go list -export` named, and
// the packages typeCheck checked (the CLI imports the client).
type exportImporter struct {
	gc    types.Importer
	local map[string]*types.Package
}

func newExportImporter(listing string) (*exportImporter, error) {
	data, err := os.ReadFile(listing)
	if err != nil {
		return nil, err
	}
	files := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if path, file, ok := strings.Cut(line, "\t"); ok && file != "" {
			files[path] = file
		}
	}
	lookup := func(path string) (io.ReadCloser, error) {
		f, ok := files[path]
		if !ok {
			return nil, fmt.Errorf("no export data for %s (not imported by generated/)", path)
		}
		return os.Open(f)
	}
	return &exportImporter{gc: importer.ForCompiler(token.NewFileSet(), "gc", lookup), local: map[string]*types.Package{}}, nil
}

func (e *exportImporter) Import(path string) (*types.Package, error) {
	if p, ok := e.local[path]; ok {
		return p, nil
	}
	return e.gc.Import(path)
}
