package main

import (
	"bytes"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/atlasgen/atlasgen/generator/internal/cut"
	"github.com/atlasgen/atlasgen/generator/internal/emit"
	"github.com/atlasgen/atlasgen/generator/internal/ir"
	"github.com/atlasgen/atlasgen/generator/internal/load"
	"github.com/atlasgen/atlasgen/generator/internal/overlay"
	"github.com/atlasgen/atlasgen/generator/internal/selection"
)

// fuzzSeeds are the specs every fuzz target starts from: the fragment, the
// fixtures, a small cut of each real spec, and every negative case.
// Committed crashers live in testdata/fuzz/<Target>/ beside them.
func fuzzSeeds(f *testing.F) [][]byte {
	f.Helper()
	var seeds [][]byte
	read := func(path string) []byte {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		return data
	}
	for _, p := range []string{fragment, "../internal/testdata/constructs/spec.yaml", "../internal/testdata/unicode/spec.yaml"} {
		seeds = append(seeds, read(p))
	}
	negatives, err := filepath.Glob("../internal/testdata/negative/*/spec.yaml")
	if err != nil || len(negatives) == 0 {
		f.Fatalf("no negative cases: %v", err)
	}
	for _, p := range negatives {
		seeds = append(seeds, read(p))
	}
	// Small cuts of both real specs: colon paths, CSV and gzip downloads,
	// several versions.
	for spec, ops := range map[string]string{
		"atlas-api-2025-06-30.yaml": "grantMongoDbEmployeeAccess,downloadInvoiceCsv",
		"atlas-api-2026-03-03.yaml": "getOrgInvoice,resetGroupAiModelRateLimits",
	} {
		data, err := cut.Cut(read(filepath.Join("../openapi/upstream", spec)), selection.Selection{IncludeOperations: selection.SplitList(ops)})
		if err != nil {
			f.Fatalf("cut %s: %v", spec, err)
		}
		seeds = append(seeds, data)
	}
	return seeds
}

// fuzzDeadline is far beyond any spec a fuzzer makes (the whole Atlas spec
// takes under a second); past it the input hangs the generator.
const fuzzDeadline = 20 * time.Second

// within runs fn, and crashes the process when it runs past the deadline:
// the fuzzing engine then keeps the input as a crasher.
func within(data []byte, fn func()) {
	done := make(chan struct{})
	timer := time.AfterFunc(fuzzDeadline, func() {
		select {
		case <-done:
		default:
			panic(fmt.Sprintf("hang: no result after %s on a %d-byte spec", fuzzDeadline, len(data)))
		}
	})
	defer timer.Stop()
	defer close(done)
	fn()
}

// checkRefusal: a refusal is a *load.Error whose every finding names the
// file, the line and column, and the JSON pointer (the mutation test's
// rule, unplacedFinding).
func checkRefusal(t *testing.T, name string, data []byte, err error) {
	t.Helper()
	if msg := unplacedFinding(name, data, err); msg != "" {
		t.Fatal(msg)
	}
}

// FuzzGenerate runs the whole pipeline in memory (load, validate, IR,
// emit) on any bytes. A panic, a hang, a refusal without a place, or a
// generated file that gofmt would change is a crash.
func FuzzGenerate(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		const name = "fuzz.yaml"
		within(data, func() {
			spec, err := load.Data(name, data)
			if err != nil {
				checkRefusal(t, name, data, err)
				return
			}
			files, api, err := generateFrom(options{spec: name, out: "out", pkg: "admin"}, spec)
			if err != nil {
				checkRefusal(t, name, data, err)
				return
			}
			// The command-line client puts spec text in its own literals.
			cliFiles, err := emit.CLIFiles(api, emit.CLIOptions{AdminImport: "example.com/m/admin", AdminPackage: "admin", GeneratorVersion: version})
			if err != nil {
				t.Fatalf("the command-line client: %v", err)
			}
			for fn, src := range cliFiles {
				files["cli/"+fn] = src
			}
			for fn, src := range files {
				if !strings.HasSuffix(fn, ".go") {
					continue // the lock
				}
				formatted, err := format.Source(src)
				if err != nil {
					t.Fatalf("%s does not parse: %v", fn, err)
				}
				if !bytes.Equal(formatted, src) {
					t.Fatalf("%s is not gofmt-clean:\n%s", fn, diff(string(formatted), string(src)))
				}
			}
		})
	})
}

// FuzzLoad is the load stage alone (shape check, kin-openapi, locating the
// findings): many more inputs a second than the whole pipeline.
func FuzzLoad(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		const name = "fuzz.yaml"
		within(data, func() {
			if _, err := load.Data(name, data); err != nil {
				checkRefusal(t, name, data, err)
			}
		})
	})
}

// FuzzOverlay applies any bytes as an overlay to the watchers fixture,
// then loads the result and builds its IR (the watcher check included). A
// panic, a hang, or a refusal whose findings do not name the overlay or
// the spec with a line, a column and a JSON pointer is a crash.
func FuzzOverlay(f *testing.F) {
	const specName = "../internal/testdata/watchers/spec.yaml"
	spec, err := os.ReadFile(specName)
	if err != nil {
		f.Fatal(err)
	}
	seeds, err := filepath.Glob("../internal/testdata/negative/*/overlay.yaml")
	if err != nil || len(seeds) == 0 {
		f.Fatalf("no overlay cases: %v", err)
	}
	for _, p := range append(seeds, "../openapi/overlays/watchers.yaml", atlasCLIShape) {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("overlay: 1.0.0\ninfo: {title: t, version: 1}\nactions:\n  - target: $.paths['/api/atlas/v2/groups/{groupId}/clusters'].post\n    update:\n      x-xgen-atlascli: {watcher: {get: {operation-id: getCluster, params: {groupId: 'input:groupId'}}}}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		const name = "fuzz-overlay.yaml"
		within(data, func() {
			refused := func(err error) {
				t.Helper()
				if msg := unplacedIn([]string{name, specName}, data, err); msg != "" {
					t.Fatal(msg)
				}
			}
			ov, err := overlay.Parse(name, data)
			if err != nil {
				refused(err)
				return
			}
			r, err := overlay.Apply(specName, spec, []*overlay.File{ov}, false)
			if err != nil {
				refused(err)
				return
			}
			s, err := load.Tree(specName, r.Root, r.Data)
			if err != nil {
				refused(r.Relocate(err))
				return
			}
			if _, err := ir.Build(s, ir.Options{}); err != nil {
				refused(r.Relocate(err))
			}
		})
	})
}
