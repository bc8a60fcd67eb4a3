package main

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/atlasgen/atlasgen/templates"
)

const constructsDir = "../internal/testdata/constructs"

// TestConstructs pins the generated code for a spec that holds every schema
// construct the Atlas specs use (goldens), then compiles it with
// constructs_test.go and runs that over loopback HTTP.
func TestConstructs(t *testing.T) {
	o := options{spec: filepath.Join(constructsDir, "spec.yaml"), out: t.TempDir(), pkg: "admin"}
	files, api, err := generate(o)
	if err != nil {
		t.Fatal(err)
	}
	for _, note := range []string{
		"#/components/schemas/Pet20240530/properties/shape/properties/color: declared beside the union's variants but not by Circle, Square; it is not kept for them",
		`#/components/schemas/Pet20240530/properties/grade: unquoted number 1.5 in a string enum is sent as "1.5"; quote it in the spec to keep its text`,
		"#/components/schemas/Alert: union Alert: no payload tells variant HostAlertCopy from HostAlert, which comes first and wins",
	} {
		if !slices.Contains(api.Report.Notes, note) {
			t.Errorf("the report lacks %q:\n%s", note, strings.Join(api.Report.Notes, "\n"))
		}
	}
	compareGoldens(t, filepath.Join(constructsDir, "golden"), files, func(name string) bool {
		return name != "doc.go" && !slices.Contains(templates.Names(), name) // a temporary directory in go:generate; runtime files pinned by TestGolden
	})
	if testing.Short() {
		return
	}
	test, err := os.ReadFile(filepath.Join(constructsDir, "constructs_test.go"))
	if err != nil {
		t.Fatal(err)
	}
	files["constructs_test.go"] = test
	out := goCmd(t, tempModule(t, files), "test", "-count=1", "-v", "./admin")
	if strings.Contains(out, "--- FAIL") {
		t.Fatalf("constructs test:\n%s", tail(out, 60))
	}
	// Every test in the file ran and passed.
	for _, m := range regexp.MustCompile(`(?m)^func (Test\w+)\(`).FindAllStringSubmatch(string(test), -1) {
		if !strings.Contains(out, "--- PASS: "+m[1]+" ") {
			t.Errorf("%s did not pass:\n%s", m[1], tail(out, 60))
		}
	}
}

// compareGoldens compares the files that keep selects with their goldens
// in dir, or with -update rewrites dir with them.
func compareGoldens(t *testing.T, dir string, files map[string][]byte, keep func(name string) bool) {
	t.Helper()
	if *update {
		_ = os.RemoveAll(dir)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if !keep(name) {
			continue
		}
		path := filepath.Join(dir, name+".golden")
		if *update {
			if err := os.WriteFile(path, files[name], 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%s: %v (go test ./generator -update writes it)", name, err)
			continue
		}
		if !bytes.Equal(files[name], want) {
			t.Errorf("%s differs from its golden file:\n%s", name, diff(string(want), string(files[name])))
		}
	}
}

// TestWatchersEmitted pins what the watchers fixture's watchers become: the
// typed Wait and ExecuteAndWait methods and the watcher table. The shipped
// package's tests (generated/admin/wait_test.go) run them.
func TestWatchersEmitted(t *testing.T) {
	o := options{spec: "../internal/testdata/watchers/spec.yaml", out: t.TempDir(), pkg: "admin"}
	files, _, err := generate(o)
	if err != nil {
		t.Fatal(err)
	}
	compareGoldens(t, "../internal/testdata/watchers/golden", files, func(name string) bool {
		return name == "raw_operations.go" || strings.HasPrefix(name, "api_")
	})
}
