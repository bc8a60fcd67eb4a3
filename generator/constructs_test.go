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
	goldens := filepath.Join(constructsDir, "golden")
	if *update {
		_ = os.RemoveAll(goldens)
		if err := os.MkdirAll(goldens, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if name == "doc.go" || slices.Contains(templates.Names(), name) {
			continue // a temporary directory in go:generate; runtime files pinned by TestGolden
		}
		path := filepath.Join(goldens, name+".golden")
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
