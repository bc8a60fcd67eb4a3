package main

import (
	"os"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

const fullSpec = "../../shared/specs/atlas-api-2026-03-03.yaml"

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
// the floor no generator built on it can go under.
func BenchmarkLoadFloor(b *testing.B) {
	data, err := os.ReadFile(fullSpec)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		l := openapi3.NewLoader()
		l.IncludeOrigin = true
		if _, err := l.LoadFromData(data); err != nil {
			b.Fatal(err)
		}
	}
}
