package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestUnicodeNames generates a spec whose properties, parameters and enum
// values are written in several scripts, then builds, vets and runs the
// package: every property is an exported field under its exact JSON name.
func TestUnicodeNames(t *testing.T) {
	dir := "../internal/testdata/unicode"
	files, _, err := generate(options{spec: filepath.Join(dir, "spec.yaml"), out: t.TempDir(), pkg: "admin"})
	if err != nil {
		t.Fatal(err)
	}
	if testing.Short() {
		return
	}
	test, err := os.ReadFile(filepath.Join(dir, "unicode_test.go"))
	if err != nil {
		t.Fatal(err)
	}
	files["unicode_test.go"] = test
	mod := tempModule(t, files)
	goCmd(t, mod, "vet", "./admin")
	if out := goCmd(t, mod, "test", "-count=1", "-v", "./admin"); !strings.Contains(out, "--- PASS: TestUnicodeRoundTrip") {
		t.Fatalf("the round trip did not pass:\n%s", tail(out, 40))
	}
}
