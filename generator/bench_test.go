package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

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

// BenchmarkGoBuildFull is `go build` of the package generated from the
// complete 2026-03-03 spec, with its dependencies already compiled; each
// iteration changes one constant so the package itself is recompiled. It
// reports the package's line count.
func BenchmarkGoBuildFull(b *testing.B) {
	files, _, err := generate(options{spec: fullSpec, out: b.TempDir(), pkg: "admin"})
	if err != nil {
		b.Fatal(err)
	}
	lines := 0
	for _, src := range files {
		lines += bytes.Count(src, []byte("\n"))
	}
	dir := tempModule(b, files)
	goCmd(b, dir, "build", "./...") // warm the dependencies
	n := 0
	for b.Loop() {
		b.StopTimer()
		n++
		if err := os.WriteFile(filepath.Join(dir, "admin", "zz_nonce.go"), []byte(fmt.Sprintf("package admin\n\nconst buildNonce = %d\n", n)), 0o644); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		goCmd(b, dir, "build", "./...")
	}
	b.ReportMetric(float64(lines), "lines")
	b.ReportMetric(float64(len(files)), "files")
}
