package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/atlasgen/atlasgen/generator/internal/emit"
	"github.com/atlasgen/atlasgen/generator/internal/ir"
)

// TestRepoTargets: the repository's own generation writes each package's
// CLI beside it, and the go:generate line it writes into doc.go reproduces
// exactly that run from the package directory (CLI included).
func TestRepoTargets(t *testing.T) {
	for _, o := range repoTargets("..") {
		if o.cliDir() == "" {
			t.Errorf("%s: the repository's generation writes no CLI", o.out)
		}
		line := o.goGenerate()
		want := fmt.Sprintf("go tool github.com/atlasgen/atlasgen/generator -spec %s -out . -package admin -cli-out ../cmd/atlasapi", filepath.ToSlash(mustRel(t, o.out, o.spec)))
		if line != want {
			t.Errorf("%s: go:generate line\n got %s\nwant %s", o.out, line, want)
		}
	}
}

func mustRel(t *testing.T, dir, path string) string {
	t.Helper()
	rel, err := relTo(dir, path)
	if err != nil {
		t.Fatal(err)
	}
	return rel
}

// TestCLIWrittenAndChecked: in a module, a run without -cli-out writes no
// CLI; with it, the CLI is written, twice the same bytes, and -check names a
// stale CLI file and the command that fixes it.
func TestCLIWrittenAndChecked(t *testing.T) {
	dir := tempModule(t, nil)
	out := filepath.Join(dir, "admin")
	cliDir := filepath.Join(dir, "cmd", "atlasapi")
	if err := run([]string{"-spec", fragment, "-out", out, "-q"}, new(bytes.Buffer), new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "cmd")); !os.IsNotExist(err) {
		t.Fatalf("a CLI was written without -cli-out: %v", err)
	}
	if err := run([]string{"-spec", fragment, "-out", out, "-q", "-cli-out", cliDir}, new(bytes.Buffer), new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	first := snapshot(t, cliDir)
	if first["operations.go"] == "" || first["main.go"] == "" {
		t.Fatalf("no CLI written: %v", slices.Collect(maps.Keys(first)))
	}
	if err := run([]string{"-spec", fragment, "-out", out, "-q", "-cli-out", cliDir}, new(bytes.Buffer), new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	if again := snapshot(t, cliDir); !maps.Equal(first, again) {
		t.Fatal("a second run changed the CLI")
	}
	stale := filepath.Join(cliDir, "operations.go")
	if err := os.WriteFile(stale, []byte(first["operations.go"]+"\n// edited\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	err := run([]string{"-spec", fragment, "-out", out, "-cli-out", cliDir, "-check"}, new(bytes.Buffer), &stderr)
	if err == nil || !strings.Contains(stderr.String(), "stale: "+stale) {
		t.Fatalf("-check: %v\n%s", err, stderr.String())
	}
	if want := "run go generate " + filepath.ToSlash(out) + " "; !strings.Contains(err.Error(), want) {
		t.Errorf("-check does not name the command that fixes it (%q): %v", want, err)
	}
}

// TestCLIVersionText: atlasapi --version prints the spec's info.version and
// file name as they are, template actions included (cobra runs its version
// template through text/template).
func TestCLIVersionText(t *testing.T) {
	spec, err := os.ReadFile(fragment)
	if err != nil {
		t.Fatal(err)
	}
	const version = `{{2.0 {{.Root}}`
	spec = bytes.Replace(spec, []byte(`    version: "2.0"`), []byte(`    version: "`+version+`"`), 1)
	file := filepath.Join(t.TempDir(), "{{.Name}}.yaml")
	if err := os.WriteFile(file, spec, 0o644); err != nil {
		t.Fatal(err)
	}
	dir := tempModule(t, nil)
	if err := run([]string{"-spec", file, "-out", filepath.Join(dir, "admin"), "-q", "-cli-out", filepath.Join(dir, "cmd", "atlasapi")}, new(bytes.Buffer), new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "atlasapi")
	goCmd(t, dir, "build", "-o", bin, "./cmd/atlasapi")
	out, stderr, code := execCLI(t, bin, nil, "--version")
	if want := "Atlas Administration API " + version + ", from {{.Name}}.yaml\n"; code != 0 || !strings.HasSuffix(out, want) {
		t.Fatalf("--version: exit %d, %q, %s (want a last line %q)", code, out, stderr, want)
	}
}

// TestCLIRefusedLeavesPackage: a hand-written file where a CLI file goes
// stops the run before anything is written, the client package included.
func TestCLIRefusedLeavesPackage(t *testing.T) {
	dir := tempModule(t, nil)
	out := filepath.Join(dir, "admin")
	mine := filepath.Join(dir, "cmd", "atlasapi", "main.go")
	if err := os.MkdirAll(filepath.Dir(mine), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(mine, []byte("package main\n\nfunc main() {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := run([]string{"-spec", fragment, "-out", out, "-q", "-cli-out", filepath.Dir(mine)}, new(bytes.Buffer), new(bytes.Buffer))
	if err == nil || !strings.Contains(err.Error(), "refusing to overwrite "+mine) {
		t.Fatalf("err %v", err)
	}
	if entries, err := os.ReadDir(out); err != nil || len(entries) != 0 {
		t.Fatalf("the client package was written although the CLI was refused: %d files, %v", len(entries), err)
	}
}

// TestCLIOutsideAModule: with -out outside any Go module there is no
// import path for the CLI, so -cli-out is an error that says why.
func TestCLIOutsideAModule(t *testing.T) {
	out := filepath.Join(t.TempDir(), "admin")
	if _, _, err := moduleOf(out); err == nil {
		t.Fatal("the temporary directory is inside a Go module: set TMPDIR outside one")
	}
	if err := run([]string{"-spec", fragment, "-out", out, "-q"}, new(bytes.Buffer), new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(out), "cmd")); !os.IsNotExist(err) {
		t.Fatalf("a CLI was written outside a module: %v", err)
	}
	err := run([]string{"-spec", fragment, "-out", out, "-q", "-cli-out", filepath.Join(t.TempDir(), "cli")}, new(bytes.Buffer), new(bytes.Buffer))
	if err == nil || !strings.Contains(err.Error(), "not inside a Go module") {
		t.Fatalf("err %v", err)
	}
}

func TestLowerCamel(t *testing.T) {
	for in, want := range map[string]string{
		"Shared-Tier Restore Jobs": "sharedTierRestoreJobs",
		"AWS Clusters DNS":         "awsClustersDns",
		"MongoDB Cloud Users":      "mongoDbCloudUsers",
		"X.509 Authentication":     "x509Authentication",
	} {
		if got := emit.LowerCamel(in); got != want {
			t.Errorf("LowerCamel(%q) = %q, want %q", in, got, want)
		}
	}
}

// full is the complete spec's CLI, built once per test binary: the
// full-spec test and the start-up benchmark share it.
var full struct {
	sync.Mutex
	dir, bin string
	api      *ir.API
}

func TestMain(m *testing.M) {
	if os.Getenv("MUTATE_CHILD") != "" {
		os.Exit(mutateChild()) // a child of TestMutate
	}
	code := m.Run()
	if full.dir != "" {
		os.RemoveAll(full.dir)
	}
	os.Exit(code)
}

// fullCLI builds the shipped CLI of the complete 2026-03-03 spec, once.
func fullCLI(t testing.TB) (bin string, api *ir.API) {
	full.Lock()
	defer full.Unlock()
	if full.bin != "" {
		return full.bin, full.api
	}
	// The repository ships this CLI: build it where it is (its client
	// package is the one go test and go vet compile too), and take the IR
	// from the same run that made it (TestGeneratedIsFresh keeps them equal).
	o := repoTargets("..")[0]
	if o.spec != fullSpec {
		t.Fatalf("the shipped package comes from %s, not %s", o.spec, fullSpec)
	}
	_, api, err := generate(o)
	if err != nil {
		t.Fatal(err)
	}
	if full.dir == "" {
		if full.dir, err = os.MkdirTemp("", "atlasapi-full"); err != nil {
			t.Fatal(err)
		}
	}
	bin = filepath.Join(full.dir, "atlasapi")
	goCmd(t, "..", "build", "-o", bin, "./generated/cmd/atlasapi")
	full.bin, full.api = bin, api
	return bin, api
}

// TestCLIAtlasNames: on the shipped CLI, Atlas's name and the operationId
// run the same command (the same request, the same output), the help names
// both, and a near miss of either is suggested.
func TestCLIAtlasNames(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the complete generated package")
	}
	bin, _ := fullCLI(t)
	var sent []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent = append(sent, r.Method+" "+r.URL.String()+" "+r.Header.Get("Accept"))
		w.Header().Set("Content-Type", r.Header.Get("Accept"))
		_, _ = w.Write([]byte(`{"results":[{"name":"Cluster0"}],"totalCount":1}`))
	}))
	defer srv.Close()
	env := []string{"MONGODB_ATLAS_BASE_URL=" + srv.URL, "MONGODB_ATLAS_PUBLIC_API_KEY=pub", "MONGODB_ATLAS_PRIVATE_API_KEY=priv"}
	const group = "32b6e34b3d91647abb20e7b8"
	var outs []string
	for _, name := range []string{"listClusters", "listGroupClusters"} {
		out, stderr, code := execCLI(t, bin, env, "clusters", name, "--groupId", group, "--itemsPerPage", "1")
		if code != 0 {
			t.Fatalf("atlasapi clusters %s: exit %d: %s", name, code, stderr)
		}
		outs = append(outs, out)
	}
	if len(sent) != 2 || sent[0] != sent[1] || !strings.Contains(sent[0], "/groups/"+group+"/clusters?itemsPerPage=1") || outs[0] != outs[1] || !strings.Contains(outs[0], "Cluster0") {
		t.Fatalf("listClusters and listGroupClusters differ:\nsent %q\nprinted %q", sent, outs)
	}
	help, stderr, code := execCLI(t, bin, nil, "clusters", "listGroupClusters", "--help")
	if code != 0 || !strings.Contains(help, "Aliases:\n  listClusters, listGroupClusters") || !strings.Contains(help, "atlasapi clusters listClusters --groupId") {
		t.Errorf("help by the operationId: exit %d\n%s%s", code, help, stderr)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"clusters", "listGroupClustrs", "--groupId", group}, "\tlistGroupClusters"},
		{[]string{"clusters", "listClustrs", "--groupId", group}, "\tlistClusters"},
		{[]string{"listGroupClusters"}, "\tclusters listClusters"},
		{[]string{"listClusters"}, "\tclusters listClusters"},
	} {
		_, stderr, code := execCLI(t, bin, env, c.args...)
		if code != 2 || !strings.Contains(stderr, "Did you mean this?") || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, want a suggestion %q:\n%s", c.args, code, c.want, stderr)
		}
	}
	if len(sent) != 2 {
		t.Errorf("an unknown command sent a request: %q", sent[2:])
	}
}

func execCLI(t testing.TB, bin string, env []string, args ...string) (string, string, int) {
	t.Helper()
	return execCLIStdin(t, bin, env, "", args...)
}

// execCLIStdin is execCLI with stdin as standard input ("" for none).
func execCLIStdin(t testing.TB, bin string, env []string, stdin string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	// No config file, and a D-Bus address that leads nowhere: a run that
	// reached the OS keyring would find it unreadable (on Linux), never the
	// user's.
	noConfig := filepath.Join(os.TempDir(), "atlasapi-no-config")
	cmd.Env = append([]string{"HOME=" + os.TempDir(), "XDG_CONFIG_HOME=" + noConfig, "DBUS_SESSION_BUS_ADDRESS=unix:path=" + filepath.Join(noConfig, "no-bus")}, env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return stdout.String(), stderr.String(), code
}

// completions lists what `atlasapi __complete args... ""` offers.
func completions(t testing.TB, bin string, args ...string) []string {
	out, stderr, code := execCLI(t, bin, nil, append(append([]string{"__complete"}, args...), "")...)
	if code != 0 {
		t.Fatalf("__complete %v: exit %d: %s", args, code, stderr)
	}
	var names []string
	for _, line := range strings.Split(out, "\n") {
		if line == "" || strings.HasPrefix(line, ":") {
			continue
		}
		name, _, _ := strings.Cut(line, "\t")
		names = append(names, name)
	}
	return names
}

// TestCLIFullSpec builds the CLI of the complete 2026-03-03 spec: one
// command per operation, enum completion, and --all over a paged list
// operation against a loopback server.
func TestCLIFullSpec(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the complete generated package")
	}
	bin, api := fullCLI(t)

	// One command per operation.
	var got []string
	for _, g := range completions(t, bin) {
		if g == "completion" || g == "help" {
			continue
		}
		got = append(got, completions(t, bin, g)...)
	}
	var want []string
	for _, op := range api.Operations {
		want = append(want, op.Name)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("%d commands for %d operations", len(got), len(want))
	}
	t.Logf("%d operations, %d commands", len(want), len(got))

	// The README's promise: the shipped CLI's clusters group lists the
	// cluster commands.
	help, stderr, code := execCLI(t, bin, nil, "clusters", "--help")
	if code != 0 || !strings.Contains(help, "getCluster") || !strings.Contains(help, "listClusters") {
		t.Errorf("atlasapi clusters --help: exit %d\n%s%s", code, help, stderr)
	}

	// Enum values complete, and a value outside the enum is exit 2.
	op, p := enumParam(api)
	if op == nil {
		t.Fatal("no operation with an optional enum query parameter")
	}
	group := emit.LowerCamel(op.Tag.Name)
	vals := completions(t, bin, group, op.ID, "--"+p.Name)
	if !slices.Equal(vals, emit.EnumValues(p.Type)) {
		t.Errorf("--%s completes %v, want %v", p.Name, vals, emit.EnumValues(p.Type))
	}

	// --all walks every page of a list operation.
	list := pagedOp(api)
	if list == nil {
		t.Fatal("no paged list operation with only path parameters required")
	}
	var pages, auths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auths = append(auths, r.Header.Get("Authorization"))
		if strings.HasSuffix(r.Header.Get("Accept"), "+csv") {
			pages = append(pages, "csv")
			w.Header().Set("Content-Type", r.Header.Get("Accept"))
			_, _ = w.Write([]byte(csvBody))
			return
		}
		page, _ := strconv.Atoi(r.URL.Query().Get("pageNum"))
		pages = append(pages, r.URL.Query().Get("pageNum"))
		var results []map[string]int
		for i := (page-1)*2 + 1; i <= min(page*2, 5); i++ {
			results = append(results, map[string]int{"n": i})
		}
		w.Header().Set("Content-Type", r.Header.Get("Accept"))
		_ = json.NewEncoder(w).Encode(map[string]any{"results": results, "totalCount": 5})
	}))
	defer srv.Close()
	args := cliArgs(list, "--all", "--itemsPerPage", "2")
	// An API key: Digest answers a challenge, and this server sends none.
	anonymous := []string{"MONGODB_ATLAS_BASE_URL=" + srv.URL}
	env := append(slices.Clone(anonymous), "MONGODB_ATLAS_PUBLIC_API_KEY=pub", "MONGODB_ATLAS_PRIVATE_API_KEY=priv")
	out, stderr, code := execCLI(t, bin, env, args...)
	if code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, stderr)
	}
	if out != `[{"n":1},{"n":2},{"n":3},{"n":4},{"n":5}]`+"\n" || !slices.Equal(pages, []string{"1", "2", "3"}) {
		t.Fatalf("--all printed %q after pages %v", out, pages)
	}
	// --jq applies to the whole list.
	out, stderr, code = execCLI(t, bin, env, append(args, "--jq", "map(.n) | add")...)
	if code != 0 || out != "15\n" {
		t.Fatalf("--all --jq: exit %d, %q, %s", code, out, stderr)
	}
	// Without credentials, the operation the spec serves without any
	// (security: []) runs, with no Authorization header; another is
	// refused unsent.
	var noAuth *ir.Operation
	for _, o := range api.Operations {
		if o.NoAuth {
			noAuth = o
		}
	}
	if noAuth == nil {
		t.Fatal("no operation with security: []")
	}
	sent := len(pages)
	if _, stderr, code := execCLI(t, bin, anonymous, emit.LowerCamel(noAuth.Tag.Name), noAuth.ID); code != 0 || len(pages) != sent+1 || auths[len(auths)-1] != "" {
		t.Fatalf("%s without credentials: exit %d, %d sent, %s", noAuth.ID, code, len(pages)-sent, stderr)
	}
	if _, stderr, code := execCLI(t, bin, anonymous, args...); code != 2 || !strings.Contains(stderr, "no credentials, so nothing was sent") || len(pages) != sent+1 {
		t.Fatalf("%v without credentials: exit %d, %s", args, code, stderr)
	}

	// A value outside the enum is exit 2 and sends nothing.
	sent = len(pages)
	eargs := cliArgs(op, "--"+p.Name, "NOT_A_VALUE")
	_, stderr, code = execCLI(t, bin, env, eargs...)
	if code != 2 || !strings.Contains(stderr, "--"+p.Name+" must be one of ") || len(pages) != sent {
		t.Fatalf("enum: exit %d, %s", code, stderr)
	}

	// "." and ".." as path parameters are refused unsent, as the client does.
	dotOp, dotParam := dotsOperation(api)
	if dotOp == nil {
		t.Fatal("no operation with a path parameter that may hold dots")
	}
	dargs := []string{emit.LowerCamel(dotOp.Tag.Name), dotOp.ID}
	for _, q := range dotOp.Params {
		switch {
		case q == dotParam:
			dargs = append(dargs, "--"+q.Name, "..")
		case q.In == "path":
			dargs = append(dargs, "--"+q.Name, pathValue(q))
		}
	}
	sent = len(pages)
	if _, stderr, code := execCLI(t, bin, env, dargs...); code != 2 || !strings.Contains(stderr, "--"+dotParam.Name+` must not be "." or ".."`) || len(pages) != sent {
		t.Fatalf("%v: exit %d, %s", dargs, code, stderr)
	}

	// A +csv answer: to --output-file, or to a pipe; never to a terminal.
	csvOp := csvOperation(api)
	if csvOp == nil {
		t.Fatal("no operation with a JSON and a +csv answer")
	}
	cargs := cliArgs(csvOp, "--format", "csv")
	file := filepath.Join(t.TempDir(), "out.csv")
	if out, stderr, code := execCLI(t, bin, env, append(cargs, "--output-file", file)...); code != 0 || out != "" {
		t.Fatalf("csv to a file: exit %d, stdout %q, %s", code, out, stderr)
	}
	if data, err := os.ReadFile(file); err != nil || string(data) != csvBody {
		t.Fatalf("csv file %q, %v", data, err)
	}
	if out, stderr, code := execCLI(t, bin, env, cargs...); code != 0 || out != csvBody {
		t.Fatalf("csv to a pipe: exit %d, stdout %q, %s", code, out, stderr)
	}
	// /dev/null is a character device, as a terminal is.
	devNull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer devNull.Close()
	sent = len(pages)
	cmd := exec.Command(bin, cargs...)
	cmd.Env = append([]string{"HOME=" + t.TempDir()}, env...)
	cmd.Stdout = devNull
	var stderrBuf bytes.Buffer
	cmd.Stderr = &stderrBuf
	if err := cmd.Run(); err == nil || cmd.ProcessState.ExitCode() != 2 || !strings.Contains(stderrBuf.String(), "--output-file") || len(pages) != sent {
		t.Fatalf("csv to a terminal: %v, %s", err, stderrBuf.String())
	}

	// A body key that differs from the spec's name only in case, inside the
	// variant a discriminator chose, is refused unsent; the exact key is sent.
	bop, field, union, variant := unionBodyOp(api)
	if bop == nil {
		t.Fatal("no operation whose body holds a discriminated union")
	}
	bargs := cliArgs(bop, "--file", "-")
	var key string
	for _, f := range variant.Fields {
		if f.JSON != union.Discriminator && strings.ToUpper(f.JSON) != f.JSON {
			key = f.JSON
			break
		}
	}
	if key == "" {
		t.Fatalf("%s: no variant field to misspell", variant.Name)
	}
	value := union.Variants[0].Values[0]
	body := func(k string) string {
		return fmt.Sprintf(`{%q: {%q: %q, %q: null}}`, field.JSON, union.Discriminator, value, k)
	}
	for _, c := range []struct {
		key  string
		code int
	}{{strings.ToUpper(key), 2}, {key, 0}} {
		sent = len(pages)
		_, stderr, code := execCLIStdin(t, bin, env, body(c.key), bargs...)
		if code != c.code || len(pages)-sent != 1-c.code/2 {
			t.Fatalf("%v with %s: exit %d, want %d; %d sent\n%s", bargs, body(c.key), code, c.code, len(pages)-sent, stderr)
		}
		if want := fmt.Sprintf("unknown field %q; did you mean %q?", strings.ToUpper(key), key); c.code == 2 && !strings.Contains(stderr, want) {
			t.Fatalf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}

// unionBodyOp finds an operation with only path parameters required whose
// default body has a field holding a union with a discriminator, and
// returns that field, the union and the struct of its first variant.
func unionBodyOp(api *ir.API) (*ir.Operation, *ir.Field, *ir.Type, *ir.Type) {
	for _, op := range api.Operations {
		if !onlyPathRequired(op) || len(op.Variants) == 0 {
			continue
		}
		var body *ir.TypeRef
		for _, v := range op.Variants[0].Versions {
			if v.Default && v.Body != nil {
				body = v.Body
			}
		}
		if body == nil || body.Kind != ir.KindNamed || body.Named.Kind != ir.TypeStruct {
			continue
		}
		for _, f := range body.Named.Fields {
			u := f.Type.Named
			if f.Type.Kind != ir.KindNamed || u.Kind != ir.TypeUnion || u.Discriminator == "" || len(u.Variants[0].Values) == 0 {
				continue
			}
			if v := u.Variants[0].Type.Named; v != nil && v.Kind == ir.TypeStruct {
				return op, f, u, v
			}
		}
	}
	return nil, nil, nil, nil
}

// dotsOperation finds a GET with only path parameters required, one of
// which the client refuses "." and ".." for.
func dotsOperation(api *ir.API) (*ir.Operation, *ir.Param) {
	for _, op := range api.Operations {
		if op.Method != "GET" || !onlyPathRequired(op) {
			continue
		}
		for _, p := range op.Params {
			if p.RefuseDots {
				return op, p
			}
		}
	}
	return nil, nil
}

const csvBody = "a,b\n1,2\n"

// csvOperation finds a GET whose default version also answers +csv, with
// only path parameters required.
func csvOperation(api *ir.API) *ir.Operation {
	for _, op := range api.Operations {
		if op.Method != "GET" || !onlyPathRequired(op) {
			continue
		}
		if slices.ContainsFunc(op.Versions, func(v *ir.Version) bool { return v.Format == "csv" }) &&
			slices.ContainsFunc(op.Versions, func(v *ir.Version) bool { return v.Format == "json" }) {
			return op
		}
	}
	return nil
}

// enumParam finds an operation with an optional string enum query parameter
// and only path parameters required.
func enumParam(api *ir.API) (*ir.Operation, *ir.Param) {
	for _, op := range api.Operations {
		if !onlyPathRequired(op) {
			continue
		}
		for _, p := range op.Params {
			if p.In == "query" && !p.Required && p.Type.Kind == ir.KindNamed && len(emit.EnumValues(p.Type)) > 1 {
				return op, p
			}
		}
	}
	return nil, nil
}

func pagedOp(api *ir.API) *ir.Operation {
	for _, op := range api.Operations {
		if op.PageNum != nil && op.Method == "GET" && onlyPathRequired(op) && slices.ContainsFunc(op.Params, func(p *ir.Param) bool { return p.Name == "itemsPerPage" }) {
			return op
		}
	}
	return nil
}

func onlyPathRequired(op *ir.Operation) bool {
	for _, p := range op.Params {
		if p.Required && p.In != "path" {
			return false
		}
		if p.In == "path" && p.Type.Kind != ir.KindBuiltin {
			return false
		}
	}
	return true
}

// cliArgs is the command line of op with extra flags and a value for each
// path parameter.
func cliArgs(op *ir.Operation, extra ...string) []string {
	args := append([]string{emit.LowerCamel(op.Tag.Name), op.ID}, extra...)
	for _, q := range op.Params {
		if q.In == "path" {
			args = append(args, "--"+q.Name, pathValue(q))
		}
	}
	return args
}

// pathValue is a value the parameter's pattern accepts, for the ids and
// names Atlas paths use.
func pathValue(p *ir.Param) string {
	if p.Pattern != nil && strings.Contains(p.Pattern.Expr, "{24}") {
		return "32b6e34b3d91647abb20e7b8"
	}
	return "name1"
}

// BenchmarkCLIStartup measures `atlasapi <group> <command> --help` of the
// complete spec's CLI against the fragment's, in the same run; it reports
// the ratio of their mean times.
func BenchmarkCLIStartup(b *testing.B) {
	full, _ := fullCLI(b)
	frag := filepath.Join(b.TempDir(), "atlasapi-fragment")
	if out, err := exec.Command("go", "build", "-o", frag, defaults().cliOut).CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	args := []string{"sharedTierRestoreJobs", "getSharedClusterBackupRestoreJob", "--help"}
	// The same command in the complete spec, so both print the same help.
	if _, stderr, code := execCLI(b, full, nil, args...); code != 0 {
		b.Fatalf("full: exit %d: %s", code, stderr)
	}
	var times [2]time.Duration
	b.ResetTimer()
	for range b.N {
		for i, bin := range []string{frag, full} {
			start := time.Now()
			if _, stderr, code := execCLI(b, bin, nil, args...); code != 0 {
				b.Fatalf("exit %d: %s", code, stderr)
			}
			times[i] += time.Since(start)
		}
	}
	b.ReportMetric(float64(times[0].Microseconds())/float64(b.N), "fragment-µs/run")
	b.ReportMetric(float64(times[1].Microseconds())/float64(b.N), "full-µs/run")
	b.ReportMetric(float64(times[1])/float64(times[0]), "full/fragment")
}
