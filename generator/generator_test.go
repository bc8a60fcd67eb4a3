package main

import (
	"bytes"
	"flag"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/atlasgen/atlasgen/generator/internal/write"
)

var update = flag.Bool("update", false, "rewrite the golden files in internal/testdata")

const (
	fragment  = "../openapi/atlas-restore-jobs.yaml"
	goldenDir = "../internal/testdata/restorejobs"
)

// defaults are the options `go run ./generator` with no flags uses for the
// restore-job fragment, seen from this package's directory.
func defaults() options {
	for _, o := range repoTargets("..") {
		if o.spec == fragment {
			return o
		}
	}
	panic("repoTargets has no target for " + fragment)
}

func mustGenerate(t testing.TB, o options) map[string][]byte {
	t.Helper()
	files, _, err := generate(o)
	if err != nil {
		t.Fatalf("generate %s: %v", o.spec, err)
	}
	return files
}

// TestGolden pins every generated file of the restore-job fragment.
func TestGolden(t *testing.T) {
	files := mustGenerate(t, defaults())
	if *update {
		if err := os.RemoveAll(goldenDir); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(goldenDir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, src := range files {
			if err := os.WriteFile(filepath.Join(goldenDir, name+".golden"), src, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	goldens, _ := filepath.Glob(filepath.Join(goldenDir, "*.golden"))
	if len(goldens) != len(files) {
		t.Errorf("%d golden files, %d generated files; run go test ./generator -update", len(goldens), len(files))
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		want, err := os.ReadFile(filepath.Join(goldenDir, name+".golden"))
		if err != nil {
			t.Errorf("%s: no golden file (run go test ./generator -update): %v", name, err)
			continue
		}
		if got := files[name]; !bytes.Equal(got, want) {
			t.Errorf("%s differs from its golden file (go test ./generator -update rewrites it):\n%s", name, diff(string(want), string(got)))
		}
	}
}

// TestGeneratedIsFresh fails when a package the repository ships (the
// whole API in generated/, the fragment in internal/restorejobs) or its CLI
// is not what the generator makes from openapi/ today: it is -check on the
// repository's own targets.
func TestGeneratedIsFresh(t *testing.T) {
	var stderr bytes.Buffer
	if err := generateAndWrite(checkAll(repoTargets("..")), "go run ./generator", new(bytes.Buffer), &stderr); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
}

func checkAll(targets []options) []options {
	for i := range targets {
		targets[i].check = true
	}
	return targets
}

// TestDeterministic generates the same input twice: kin-openapi's maps are
// iterated in a new random order each time, so equal bytes mean the
// generator sorts everything it reads.
func TestDeterministic(t *testing.T) {
	for _, o := range []options{defaults(), {spec: "../openapi/upstream/atlas-api-2026-03-03.yaml", out: t.TempDir(), pkg: "admin"}} {
		a, b := mustGenerate(t, o), mustGenerate(t, o)
		if len(a) != len(b) {
			t.Fatalf("%s: %d files, then %d", o.spec, len(a), len(b))
		}
		for name, src := range a {
			if !bytes.Equal(src, b[name]) {
				t.Errorf("%s: %s differs between two runs:\n%s", o.spec, name, diff(string(src), string(b[name])))
			}
		}
	}
}

// snapshot reads every file of a directory.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = string(b)
	}
	return out
}

// previousOutput fills dir with a package the bad run must not touch.
func previousOutput(t *testing.T) string {
	dir := t.TempDir()
	for name, src := range map[string]string{
		"doc.go":    write.Marker + "from old.yaml; DO NOT EDIT.\n\npackage admin\n",
		"mine.go":   "package admin\n\n// hand-written, not ours\n",
		"notes.txt": "keep me\n",
		"client.go": write.Marker + "from old.yaml; DO NOT EDIT.\n\npackage admin\n\nvar old = 1\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestBadInput runs every case under internal/testdata/negative: a clear
// error naming the file and the place, and the previous output untouched.
// A case with an overlay.yaml applies it (-overlay); its want.txt names it
// OVERLAY. A case named cli-* is a problem of the command-line client
// only: the run writes the CLI too (-cli-out, whose previous output must
// stay as well), and the same spec without -cli-out must generate.
func TestBadInput(t *testing.T) {
	cases, err := os.ReadDir("../internal/testdata/negative")
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 5 {
		t.Fatalf("only %d negative cases", len(cases))
	}
	for _, c := range cases {
		t.Run(c.Name(), func(t *testing.T) {
			dir := filepath.Join("../internal/testdata/negative", c.Name())
			spec := filepath.Join(dir, "spec.yaml")
			wantB, err := os.ReadFile(filepath.Join(dir, "want.txt"))
			if err != nil {
				t.Fatal(err)
			}
			// Every finding names the line and column (1:1 where there is no
			// file, or no node in it, to point into).
			for _, line := range strings.Split(strings.TrimSpace(string(wantB)), "\n") {
				if !located.MatchString(line) {
					t.Errorf("want.txt has a finding without FILE:LINE:COL: %s", line)
				}
			}
			want := strings.ReplaceAll(strings.TrimSpace(string(wantB)), "SPEC", spec)
			out := previousOutput(t)
			args := []string{"-spec", spec, "-out", out}
			var cliOut string
			if strings.HasPrefix(c.Name(), "cli-") {
				// The CLI imports the package: both live in one module.
				if err := os.WriteFile(filepath.Join(out, "go.mod"), []byte("module example.com/m\n\ngo 1.22\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				cliOut = previousOutput(t)
				args = append(args, "-cli-out", cliOut)
			}
			var overlay []string
			if ov := filepath.Join(dir, "overlay.yaml"); fileExists(ov) {
				overlay = []string{"-overlay", ov}
				args = append(args, overlay...)
				want = strings.ReplaceAll(want, "OVERLAY", ov)
			}
			before := snapshot(t, out)
			var cliBefore map[string]string
			if cliOut != "" {
				cliBefore = snapshot(t, cliOut)
			}
			var stdout, stderr bytes.Buffer
			err = run(args, &stdout, &stderr)
			if err == nil {
				t.Fatal("run succeeded on bad input")
			}
			if got := err.Error(); got != want {
				t.Errorf("error:\n got %s\nwant %s", got, want)
			}
			if after := snapshot(t, out); !mapsEqual(before, after) {
				t.Errorf("the previous output changed:\nbefore %v\nafter  %v", before, after)
			}
			if cliOut != "" {
				if after := snapshot(t, cliOut); !mapsEqual(cliBefore, after) {
					t.Errorf("the previous CLI changed:\nbefore %v\nafter  %v", cliBefore, after)
				}
				if err := run(append([]string{"-spec", spec, "-out", t.TempDir(), "-q"}, overlay...), &stdout, &stderr); err != nil {
					t.Errorf("without -cli-out: %v", err)
				}
			}
		})
	}
}

var located = regexp.MustCompile(`^(SPEC|OVERLAY):\d+:\d+: `)

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestCommandExitStatus runs the real binary: bad input of every kind exits 1
// with its message on stderr.
func TestCommandExitStatus(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "generator")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	// The binary runs in a directory that is not this repository, as a
	// user's would.
	elsewhere := t.TempDir()
	stale := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"bad flag", []string{"-no-such-flag"}, "flag provided but not defined: -no-such-flag"},
		{"bad package", []string{"-package", "Not-A-Name"}, `-package "Not-A-Name" is not a lower-case Go package name`},
		{"keyword package", []string{"-spec", fragment, "-out", t.TempDir(), "-package", "type"}, `-package "type" is a Go keyword, which cannot name a package`},
		{"no spec outside this repository", []string{"-q"}, "-spec and -out are needed"},
		{"no out", []string{"-spec", fragment}, "-out is empty"},
		{"main package", []string{"-package", "main"}, `-package main would not build`},
		{"bad api version", []string{"-api-version", "2024-13-45"}, `-api-version "2024-13-45" is not a date YYYY-MM-DD`},
		{"missing spec", []string{"-spec", "nope.yaml", "-out", t.TempDir()}, "nope.yaml:1:1: cannot read spec: no such file or directory"},
		{"unknown embedded spec", []string{"-spec", "atlas:2019-01-01", "-out", t.TempDir()}, "atlas:2019-01-01:1:1: cannot read spec: no such spec in the generator, which holds atlas:2026-03-03"},
		{"dangling ref", []string{"-spec", "../internal/testdata/negative/dangling-ref/spec.yaml", "-out", t.TempDir()}, "spec.yaml:15:23: #/paths/"},
		{"unknown tag", []string{"-spec", fragment, "-out", t.TempDir(), "-include-tags", "No Such Tag"}, `selection matches nothing for: tag "No Such Tag" (nearest: "Shared-Tier Restore Jobs")`},
		{"CLI group name as a tag", []string{"-spec", fragment, "-out", t.TempDir(), "-include-tags", "sharedTierRestoreJobs"}, `tag "sharedTierRestoreJobs" (did you mean "Shared-Tier Restore Jobs"?`},
		{"unknown operation", []string{"-spec", fragment, "-out", t.TempDir(), "-include-operations", "getSharedClusterBackupRestoreJobs"}, `operation "getSharedClusterBackupRestoreJobs" (nearest: "getSharedClusterBackupRestoreJob"`},
		{"swagger 2.0", []string{"-spec", "../internal/testdata/negative/swagger-2/spec.yaml", "-out", t.TempDir()}, "spec.yaml:2:1: #/swagger: this is a Swagger 2.0 document"},
		{"overlay target matching nothing", []string{"-spec", "../internal/testdata/negative/overlay-unmatched-target/spec.yaml", "-overlay", "../internal/testdata/negative/overlay-unmatched-target/overlay.yaml", "-out", t.TempDir()}, "overlay.yaml:9:13: #/actions/1/target: target $.paths['/api/atlas/v2/groups/{groupId}/clusters'].put matches nothing"},
		{"missing overlay", []string{"-spec", fragment, "-overlay", "nope.yaml", "-out", t.TempDir()}, "nope.yaml:1:1: cannot read overlay: no such file or directory"},
		{"stale output", []string{"-spec", fragment, "-out", stale, "-check"}, "stale: " + filepath.Join(stale, "api_shared_tier_restore_jobs.go")},
		{"stale output names the fix", []string{"-spec", fragment, "-out", stale, "-check"}, "is stale: run go generate " + filepath.ToSlash(stale)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(bin, tc.args...)
			if tc.args[0] == "-q" {
				cmd.Dir = elsewhere
			}
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			err := cmd.Run()
			ee, ok := err.(*exec.ExitError)
			if !ok || ee.ExitCode() != 1 {
				t.Fatalf("exit: %v, want status 1; stderr:\n%s", err, stderr.String())
			}
			if !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("stderr does not say %q:\n%s", tc.want, stderr.String())
			}
		})
	}
	// And a good run, then -check on its output, exits 0.
	out := t.TempDir()
	for _, args := range [][]string{{"-spec", fragment, "-out", out, "-q"}, {"-spec", fragment, "-out", out, "-check"}} {
		if b, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, b)
		}
	}
}

// TestGoGenerateLineQuotes: a spec path with a space stays one argument of
// the //go:generate line, written as go generate reads quoted arguments.
func TestGoGenerateLineQuotes(t *testing.T) {
	o := options{spec: "my specs/atlas.yaml", out: ".", pkg: "admin", includeTags: "Shared-Tier Restore Jobs"}
	line := o.goGenerate()
	for _, want := range []string{`-spec "my specs/atlas.yaml"`, `-include-tags "Shared-Tier Restore Jobs"`} {
		if !strings.Contains(line, want) {
			t.Errorf("%s lacks %s", line, want)
		}
	}
	if o.spec = "specs/atlas.yaml"; !strings.Contains(o.goGenerate(), "-spec specs/atlas.yaml ") {
		t.Errorf("a plain path is quoted: %s", o.goGenerate())
	}
	// An embedded spec is named as it was given, not as a path.
	if o.spec = "atlas:2026-03-03"; !strings.Contains(o.goGenerate(), " -spec atlas:2026-03-03 ") {
		t.Errorf("an embedded spec's name is changed: %s", o.goGenerate())
	}
	// Overlays keep their order; an embedded one keeps its name.
	o.overlayFiles, o.noDefaultOverlay, o.allowUnmatched = []string{"my overlays/w.yaml", "atlas:watchers"}, true, true
	if want := ` -spec atlas:2026-03-03 -overlay "my overlays/w.yaml" -overlay atlas:watchers -default-overlay=false -allow-unmatched-targets -out . `; !strings.Contains(o.goGenerate(), want) {
		t.Errorf("%s lacks %s", o.goGenerate(), want)
	}
	if testing.Short() {
		return
	}
	// What go generate itself makes of quoted arguments: each comes back
	// whole, spaces, quotes, $ and backslashes included.
	args := []string{"my specs/atlas.yaml", "specs/$HOME/a.yaml", `a"b\c`, "tab\there", "plain.yaml"}
	dir := t.TempDir()
	gen := "//go:generate go run ./echo"
	for _, a := range args {
		gen += " " + quoteArg(a)
	}
	for name, src := range map[string]string{
		"go.mod":       "module example.com/q\n\ngo 1.26\n",
		"q.go":         gen + "\npackage q\n",
		"echo/main.go": "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\nfunc main() {\n\tfor _, a := range os.Args[1:] {\n\t\tfmt.Printf(\"%q\\n\", a)\n\t}\n}\n",
	} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var want strings.Builder
	for _, a := range args {
		fmt.Fprintf(&want, "%q\n", a)
	}
	if got := goCmd(t, dir, "generate", "."); got != want.String() {
		t.Errorf("go generate passed\n%s\nwant\n%s\nfrom %s", got, want.String(), gen)
	}
}

// TestWriteRemovesOnlyOurFiles regenerates into a directory holding an old
// generated file and a hand-written one.
func TestWriteRemovesOnlyOurFiles(t *testing.T) {
	out := previousOutput(t)
	if err := run([]string{"-spec", fragment, "-out", out, "-q"}, new(bytes.Buffer), new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	after := snapshot(t, out)
	if _, ok := after["mine.go"]; !ok {
		t.Error("a hand-written file was deleted")
	}
	if _, ok := after["notes.txt"]; !ok {
		t.Error("a non-Go file was deleted")
	}
	if !strings.Contains(after["client.go"], "func newAPIClient") {
		t.Error("client.go was not regenerated")
	}
	for name := range after {
		if strings.Contains(name, ".tmp-") {
			t.Errorf("temporary file left behind: %s", name)
		}
	}
}

// TestWriteRefusesHandWrittenFile: a file of the user's that has the name
// of a generated one is not overwritten, and nothing else changes either.
func TestWriteRefusesHandWrittenFile(t *testing.T) {
	out := previousOutput(t)
	mine := "package admin\n\n// My own client.go.\n"
	if err := os.WriteFile(filepath.Join(out, "client.go"), []byte(mine), 0o644); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, out)
	err := run([]string{"-spec", fragment, "-out", out, "-q"}, new(bytes.Buffer), new(bytes.Buffer))
	if err == nil || !strings.Contains(err.Error(), filepath.Join(out, "client.go")) || !strings.Contains(err.Error(), "not written by atlasgen") {
		t.Fatalf("err %v", err)
	}
	if after := snapshot(t, out); !mapsEqual(before, after) {
		t.Errorf("the output changed:\nbefore %v\nafter  %v", before, after)
	}
}

// TestReportIsWrittenWithThePackage: -report writes the report beside a
// good run, and a run whose package cannot be written leaves the old
// report as it was.
func TestReportIsWrittenWithThePackage(t *testing.T) {
	dir := t.TempDir()
	out, report := filepath.Join(dir, "admin"), filepath.Join(dir, "report.md")
	if err := run([]string{"-spec", fragment, "-out", out, "-q", "-report", report}, new(bytes.Buffer), new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(report)
	if err != nil || !strings.Contains(string(b), "operations: 3\n") {
		t.Fatalf("report %q, err %v", b, err)
	}
	// A hand-written client.go stops the next run; the report stays.
	if err := os.WriteFile(filepath.Join(out, "client.go"), []byte("package admin\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(report, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run([]string{"-spec", fragment, "-out", out, "-q", "-report", report}, new(bytes.Buffer), new(bytes.Buffer)); err == nil {
		t.Fatal("the run succeeded")
	}
	if b, _ := os.ReadFile(report); string(b) != "old" {
		t.Errorf("the report changed although the package was not written: %q", b)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}

// diff is a small line diff for failure messages: the first differing
// region with a few lines of context.
func diff(want, got string) string {
	a, b := strings.Split(want, "\n"), strings.Split(got, "\n")
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	ja, jb := len(a), len(b)
	for ja > i && jb > i && a[ja-1] == b[jb-1] {
		ja--
		jb--
	}
	var s strings.Builder
	from := max(0, i-3)
	fmt.Fprintf(&s, "@@ -%d,%d +%d,%d @@\n", from+1, ja-from, from+1, jb-from)
	for k := from; k < i; k++ {
		s.WriteString("  " + a[k] + "\n")
	}
	for k := i; k < ja && k < i+40; k++ {
		s.WriteString("- " + a[k] + "\n")
	}
	for k := i; k < jb && k < i+40; k++ {
		s.WriteString("+ " + b[k] + "\n")
	}
	return s.String()
}

// TestRefusesOtherPackage: a folder holding another package's Go files is
// refused with a message naming that package, and nothing is written; the
// package's own files, its external tests and ignored files are welcome.
func TestRefusesOtherPackage(t *testing.T) {
	out := t.TempDir()
	files := map[string]string{
		"main.go":     "package main\n\nfunc main() {}\n",
		"mine.go":     "package admin\n",
		"x_test.go":   "package admin_test\n",
		"gen_tool.go": "//go:build ignore\n\npackage tools\n",
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(out, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	before := snapshot(t, out)
	err := run([]string{"-spec", fragment, "-out", out, "-q"}, new(bytes.Buffer), new(bytes.Buffer))
	want := "-out " + out + " holds Go files of package main (main.go), not of package admin: the generated files would not build beside them; pick an empty directory or -package main"
	if err == nil || err.Error() != want {
		t.Fatalf("err:\n got %v\nwant %s", err, want)
	}
	if after := snapshot(t, out); !mapsEqual(before, after) {
		t.Errorf("the folder changed although the run was refused")
	}
	// The CLI's folder is checked the same way, before anything is written.
	if err := os.Remove(filepath.Join(out, "main.go")); err != nil {
		t.Fatal(err)
	}
	mod := tempModule(t, nil)
	cli := filepath.Join(mod, "cli")
	if err := os.MkdirAll(cli, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(cli, "lib.go"), []byte("package lib\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err = run([]string{"-spec", fragment, "-out", filepath.Join(mod, "admin"), "-cli-out", cli, "-q"}, new(bytes.Buffer), new(bytes.Buffer))
	if err == nil || !strings.Contains(err.Error(), "-cli-out "+cli+" holds Go files of package lib (lib.go), not of package main") {
		t.Fatalf("err %v", err)
	}
	if entries, _ := os.ReadDir(filepath.Join(mod, "admin")); len(entries) != 0 {
		t.Errorf("the client package was written although its CLI folder was refused")
	}
	// With only its own files there, the run goes ahead.
	if err := run([]string{"-spec", fragment, "-out", out, "-q"}, new(bytes.Buffer), new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
}
