package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/atlasgen/atlasgen/generator/internal/ir"
	"github.com/getkin/kin-openapi/openapi3"
)

const fullSpec = "../openapi/upstream/atlas-api-2026-03-03.yaml"

// BenchmarkGenerateFragment is the whole in-memory pipeline on the
// restore-job fragment: load, validate, IR, emit, format.
func BenchmarkGenerateFragment(b *testing.B) {
	o := defaults()
	for b.Loop() {
		if _, _, err := generate(o); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGenerateFull is the same pipeline on the complete 2026-03-03 spec.
func BenchmarkGenerateFull(b *testing.B) {
	o := options{spec: fullSpec, out: b.TempDir(), pkg: "admin"}
	for b.Loop() {
		if _, _, err := generate(o); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadFloor is kin-openapi loading the same file and nothing else:
// the floor no generator built on it can go under. The generator places
// findings on its own YAML tree, so it loads without origins, as here.
func BenchmarkLoadFloor(b *testing.B) {
	data, err := os.ReadFile(fullSpec)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		l := openapi3.NewLoader()
		if _, err := l.LoadFromData(data); err != nil {
			b.Fatal(err)
		}
	}
}

// buildBinary builds a main package of this module (or its tools) once.
func buildBinary(b *testing.B, pkg string) string {
	b.Helper()
	name := filepath.Base(pkg)
	if pkg == "." {
		name = "generator"
	}
	bin := filepath.Join(b.TempDir(), name)
	if out, err := exec.Command("go", "build", "-o", bin, pkg).CombinedOutput(); err != nil {
		b.Skipf("cannot build %s: %v\n%s", pkg, err, out)
	}
	return bin
}

// BenchmarkCommandFull is the wall time of the generator command on the
// complete 2026-03-03 spec: process start, load, generate and write.
func BenchmarkCommandFull(b *testing.B) {
	bin := buildBinary(b, ".")
	out := b.TempDir()
	for b.Loop() {
		_ = os.RemoveAll(out) // write every file each time
		if o, err := exec.Command(bin, "-spec", fullSpec, "-out", out, "-q").CombinedOutput(); err != nil {
			b.Fatalf("%v\n%s", err, o)
		}
	}
}

// BenchmarkOapiCodegenFull runs oapi-codegen v2 (this module's go tool) on
// the same file. By default it stops with an error; with
// compatibility.old-merge-schemas it writes code that does not compile. The
// benchmark uses that setting, so it measures a full run.
func BenchmarkOapiCodegenFull(b *testing.B) {
	bin := buildBinary(b, "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen")
	dir := b.TempDir()
	cfg := filepath.Join(dir, "cfg.yaml")
	if err := os.WriteFile(cfg, []byte("package: admin\noutput: "+filepath.Join(dir, "admin.gen.go")+
		"\ngenerate:\n  models: true\n  client: true\ncompatibility:\n  old-merge-schemas: true\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if o, err := exec.Command(bin, "-config", cfg, fullSpec).CombinedOutput(); err != nil {
			b.Fatalf("%v\n%s", err, o)
		}
	}
}

// baseCommit is main before issue 19's rework of the emitter: the "today"
// of that targets. BenchmarkGoBuildFull builds its generated/admin
// beside the current one; ATLASGEN_BENCH_BASE names another commit.
const baseCommit = "a449db6a90dda15f7a69acf05a0f88e67d5f0510"

// BenchmarkGoBuildFull is `go build` of generated/admin as this checkout
// holds it (the complete 2026-03-03 spec), alternating with the same
// package at the base commit, both in one module with their dependencies
// already compiled. Before each build one constant changes, so the package
// itself is recompiled. ns/op is the current package's build; the base's
// wall time, and each side's CPU time and peak memory (of `go build` and
// the compiler it waits for), are reported beside it, as medians. On a
// loaded machine the CPU time moves less than the wall time.
func BenchmarkGoBuildFull(b *testing.B) {
	base := cmp.Or(os.Getenv("ATLASGEN_BENCH_BASE"), baseCommit)
	cur, old := packageFiles(b, "../generated/admin"), packageFilesAt(b, base, "generated/admin")
	dir := tempModule(b, cur)
	writeFiles(b, filepath.Join(dir, "base"), old)
	goCmd(b, dir, "build", "./...") // warm the dependencies
	var wall, cpu, peak, baseWall, baseCPU, basePeak []float64
	n := 0
	for b.Loop() {
		b.StopTimer()
		n++
		for _, pkg := range []string{"admin", "base"} {
			if err := os.WriteFile(filepath.Join(dir, pkg, "zz_nonce.go"), []byte(fmt.Sprintf("package admin\n\nconst buildNonce = %d\n", n)), 0o644); err != nil {
				b.Fatal(err)
			}
		}
		r := measuredGo(b, dir, "build", "./base")
		baseWall, baseCPU, basePeak = append(baseWall, r.wall), append(baseCPU, r.cpu), append(basePeak, r.peakMB)
		b.StartTimer()
		r = measuredGo(b, dir, "build", "./admin")
		wall, cpu, peak = append(wall, r.wall), append(cpu, r.cpu), append(peak, r.peakMB)
	}
	b.ReportMetric(float64(lineCount(cur)), "lines")
	b.ReportMetric(float64(lineCount(old)), "base-lines")
	b.ReportMetric(float64(len(cur)), "files")
	b.ReportMetric(median(wall), "wall-s")
	b.ReportMetric(median(baseWall), "base-wall-s")
	b.ReportMetric(median(cpu), "cpu-s")
	b.ReportMetric(median(baseCPU), "base-cpu-s")
	b.ReportMetric(median(peak), "peak-MB")
	b.ReportMetric(median(basePeak), "base-peak-MB")
}

// usage is what one go command cost: wall and CPU (user + system) seconds
// and peak resident memory in MB, the last two of it and of the processes
// it waited for (the compiler, for a build).
type usage struct{ wall, cpu, peakMB float64 }

// measuredGo runs the go command like goCmd and returns its usage.
func measuredGo(b *testing.B, dir string, args ...string) usage {
	b.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	start := time.Now()
	out, err := cmd.CombinedOutput()
	d := time.Since(start)
	if err != nil {
		b.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, tail(string(out), 60))
	}
	ps := cmd.ProcessState
	return usage{wall: d.Seconds(), cpu: (ps.UserTime() + ps.SystemTime()).Seconds(), peakMB: peakMB(ps)}
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(xs))
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// packageFiles reads the Go files `go build` compiles in dir: no tests.
func packageFiles(b *testing.B, dir string) map[string][]byte {
	b.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		b.Fatal(err)
	}
	files := map[string][]byte{}
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			b.Fatal(err)
		}
		files[filepath.Base(name)] = src
	}
	if len(files) == 0 {
		b.Fatalf("no Go files in %s", dir)
	}
	return files
}

// packageFilesAt is packageFiles for dir (relative to the repository's
// root) as it was at commit.
func packageFilesAt(b *testing.B, commit, dir string) map[string][]byte {
	b.Helper()
	git := func(args ...string) []byte {
		out, err := exec.Command("git", append([]string{"-C", ".."}, args...)...).Output()
		if err != nil {
			b.Skipf("git %s: %v (the base package needs this repository's history)", strings.Join(args, " "), err)
		}
		return out
	}
	files := map[string][]byte{}
	for name := range strings.Lines(string(git("ls-tree", "--name-only", commit, dir+"/"))) {
		name = strings.TrimSpace(name)
		if strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go") {
			files[path.Base(name)] = git("show", commit+":"+name)
		}
	}
	if len(files) == 0 {
		b.Fatalf("no Go files in %s at %s", dir, commit)
	}
	return files
}

func lineCount(files map[string][]byte) int {
	n := 0
	for _, src := range files {
		n += bytes.Count(src, []byte("\n"))
	}
	return n
}

// fullAPI is the IR of the complete 2026-03-03 spec with generated/admin's
// lock, as `go run ./generator` builds it.
func fullAPI(b *testing.B) *ir.API {
	b.Helper()
	_, api, err := generate(options{spec: fullSpec, out: "../generated/admin", pkg: "admin"})
	if err != nil {
		b.Fatal(err)
	}
	return api
}

// BenchmarkInterfaceMethods counts the methods of generated/admin's API-group
// interfaces (one per tag, named by the IR) as go/parser reads them, and
// reports beside it issue 19's bound: 3 per operation plus 2 per dated
// version an operation has beyond its first (a preview is no API version:
// the bound the issue gives, 1,612 for 504 operations, counts 50).
func BenchmarkInterfaceMethods(b *testing.B) {
	api := fullAPI(b)
	groups := map[string]bool{}
	for _, t := range api.Tags {
		groups[t.Interface] = true
	}
	extra := 0
	for _, op := range api.Operations {
		dated := 0
		for _, v := range op.Versions {
			if !v.Preview {
				dated++
			}
		}
		extra += max(dated-1, 0)
	}
	methods := 0
	for b.Loop() {
		methods = interfaceMethods(b, "../generated/admin", groups)
	}
	b.ReportMetric(float64(methods), "methods")
	b.ReportMetric(float64(len(groups)), "interfaces")
	b.ReportMetric(float64(len(api.Operations)), "ops")
	b.ReportMetric(float64(extra), "extra-versions")
	b.ReportMetric(float64(3*len(api.Operations)+2*extra), "bound")
}

// interfaceMethods is the number of methods declared by the interfaces
// named in groups, in dir's non-test files; each of them must be there.
func interfaceMethods(b *testing.B, dir string, groups map[string]bool) int {
	b.Helper()
	fset := token.NewFileSet()
	found, methods := map[string]bool{}, 0
	for name, src := range packageFiles(b, dir) {
		f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
		if err != nil {
			b.Fatal(err)
		}
		for _, decl := range f.Decls {
			gen, ok := decl.(*ast.GenDecl)
			if !ok || gen.Tok != token.TYPE {
				continue
			}
			for _, spec := range gen.Specs {
				ts := spec.(*ast.TypeSpec)
				it, ok := ts.Type.(*ast.InterfaceType)
				if !ok || !groups[ts.Name.Name] {
					continue
				}
				found[ts.Name.Name] = true
				for _, m := range it.Methods.List {
					if _, ok := m.Type.(*ast.FuncType); ok {
						methods += len(m.Names)
					}
				}
			}
		}
	}
	if len(found) != len(groups) {
		b.Fatalf("%d of %d API-group interfaces found in %s", len(found), len(groups), dir)
	}
	return methods
}

// BenchmarkOneCallBinary builds two programs making the same call, the
// complete spec's getGroupCluster: one through generated/admin, one written
// by hand with net/http and encoding/json (BenchmarkFloorCall's steps,
// decoding into a map, so it imports nothing of ours). Neither sets
// credentials. It reports both sizes and the difference in MB. The programs
// live only in a `go build -overlay`: nothing is written to the tree.
func BenchmarkOneCallBinary(b *testing.B) {
	api := fullAPI(b)
	i := slices.IndexFunc(api.Operations, func(op *ir.Operation) bool { return op.ID == "getGroupCluster" })
	if i < 0 {
		b.Fatal("no getGroupCluster in the complete spec")
	}
	gen, floor := oneCallPrograms(api.BaseURL, api.Operations[i])
	root, err := filepath.Abs("..")
	if err != nil {
		b.Fatal(err)
	}
	tmp := b.TempDir()
	replace := map[string]string{}
	for name, src := range map[string]string{"onecall": gen, "floorcall": floor} {
		file := filepath.Join(tmp, name+".go")
		if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
			b.Fatal(err)
		}
		replace[filepath.Join(root, "internal", "bench"+name, "main.go")] = file
	}
	overlay, err := json.Marshal(map[string]any{"Replace": replace})
	if err != nil {
		b.Fatal(err)
	}
	ov := filepath.Join(tmp, "overlay.json")
	if err := os.WriteFile(ov, overlay, 0o644); err != nil {
		b.Fatal(err)
	}
	size := func(name string) int64 {
		bin := filepath.Join(tmp, name)
		goCmd(b, root, "build", "-overlay", ov, "-o", bin, "./internal/bench"+name)
		st, err := os.Stat(bin)
		if err != nil {
			b.Fatal(err)
		}
		return st.Size()
	}
	var one, plain int64
	for b.Loop() {
		one, plain = size("onecall"), size("floorcall")
	}
	b.ReportMetric(float64(one), "bytes")
	b.ReportMetric(float64(plain), "floor-bytes")
	b.ReportMetric(float64(one-plain)/(1<<20), "over-MB")
}

// oneCallPrograms writes the two programs of BenchmarkOneCallBinary for op:
// its default method with its path parameters in order, and the same GET
// by hand, with the default version's media type.
func oneCallPrograms(baseURL string, op *ir.Operation) (gen, floor string) {
	var args, url []string
	rest := strings.TrimSuffix(baseURL, "/") + op.Path
	n := 0
	for _, p := range op.Params {
		if p.In != "path" {
			continue
		}
		n++
		arg := fmt.Sprintf("os.Args[%d]", n)
		args = append(args, arg)
		before, after, _ := strings.Cut(rest, "{"+p.Name+"}")
		url, rest = append(url, strconv.Quote(before), arg), after
	}
	url = append(url, strconv.Quote(rest))
	accept := ""
	for _, v := range op.Versions {
		if v.Default {
			accept = v.Accept
		}
	}
	gen = fmt.Sprintf(`package main

import (
	"context"
	"fmt"
	"os"

	"github.com/atlasgen/atlasgen/generated/admin"
)

func main() {
	client, err := admin.NewClient()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	out, _, err := client.%s.%s(context.Background(), %s).Execute()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(out)
}
`, op.Tag.Interface, op.Variants[0].Method, strings.Join(args, ", "))
	floor = fmt.Sprintf(`package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
)

func main() {
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, %s, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	req.Header.Set("Accept", %q)
	resp, err := (&http.Client{}).Do(req)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(out)
}
`, strings.Join(url, " + "), accept)
	return gen, floor
}
