package main

import (
	"bufio"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/atlasgen/atlasgen/generator/internal/emit"
	"github.com/atlasgen/atlasgen/generator/internal/ir"
)

var realSpecs = []string{
	"../openapi/upstream/atlas-api-2025-06-30.yaml",
	"../openapi/upstream/atlas-api-2026-03-03.yaml",
}

// tempModule writes files as package admin of a new module that requires
// what this module requires, so it builds from the module cache.
func tempModule(t testing.TB, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	gomod, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	gosum, err := os.ReadFile("../go.sum")
	if err != nil {
		t.Fatal(err)
	}
	gomod = regexp.MustCompile(`(?m)^module .*$`).ReplaceAll(gomod, []byte("module example.com/realspec"))
	// This module's own tool is not in the copy.
	gomod = regexp.MustCompile(`(?m)^\s*(tool\s+)?github.com/atlasgen/atlasgen/generator\n`).ReplaceAll(gomod, nil)
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), gomod, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), gosum, 0o644); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, filepath.Join(dir, "admin"), files)
	return dir
}

// writeFiles writes files, by name, into dir, which it makes.
func writeFiles(t testing.TB, dir string, files map[string][]byte) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func goCmd(t testing.TB, dir string, args ...string) string {
	t.Helper()
	return goCmdEnv(t, dir, nil, args...)
}

// goCmdEnv is goCmd with env as the command's environment (nil: this one's).
func goCmdEnv(t testing.TB, dir string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, tail(string(out), 60))
	}
	return string(out)
}

func tail(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = append([]string{fmt.Sprintf("... %d lines cut ...", len(lines)-n)}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "\n")
}

// knownExampleFailures reads internal/testdata/example-failures.txt: one
// "spec-file pointer: reason" per line, for examples the spec gets wrong.
func knownExampleFailures(t *testing.T) map[string]string {
	known := map[string]string{}
	f, err := os.Open("../internal/testdata/example-failures.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, reason, _ := strings.Cut(line, " -- ")
		known[key] = reason
	}
	return known
}

// TestRealSpecs generates each complete Atlas spec into a temporary module,
// builds and vets it, and runs the example walk: every example the spec
// gives for a schema or a media type must decode into the generated type and
// come back equal. Failures listed with a reason in
// internal/testdata/example-failures.txt are expected; any other fails.
// The 2026-03-03 spec gets the shipped watchers (the default overlay) and
// the Atlas CLI-shaped overlay applied, as a user of both would.
func TestRealSpecs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two large generated packages")
	}
	known := knownExampleFailures(t)
	for _, spec := range realSpecs {
		t.Run(filepath.Base(spec), func(t *testing.T) {
			files, api := withExampleWalk(t, spec)
			dir := tempModule(t, files)
			goCmd(t, dir, "vet", "./...") // vet builds the package and its tests
			out := goCmd(t, dir, "test", "-count=1", "-run", "TestSpecExamples|TestPatterns|TestRequestExamples", "-v", "./admin")
			requestWalk(t, out)
			if p := regexp.MustCompile(`patterns checked: \d+, strings: \d+`).FindString(out); p != "" {
				t.Log(p)
			}
			m := regexp.MustCompile(`examples checked: (\d+), failed: (\d+)`).FindStringSubmatch(out)
			if m == nil {
				t.Fatalf("no example summary in:\n%s", tail(out, 20))
			}
			t.Logf("%s: %d operations, %d types; examples checked: %s, failed: %s", filepath.Base(spec), len(api.Operations), len(api.Types), m[1], m[2])
			for _, what := range []string{"union cases", "nullable properties"} {
				m := regexp.MustCompile(what + ` checked: (\d+), failed: (\d+)`).FindStringSubmatch(out)
				if m == nil || m[1] == "0" {
					t.Fatalf("no %s checked in:\n%s", what, tail(out, 20))
				}
				t.Logf("%s checked: %s, failed: %s", what, m[1], m[2])
			}
			base := filepath.Base(spec)
			seen := map[string]bool{}
			for _, line := range strings.Split(out, "\n") {
				rest, ok := strings.CutPrefix(line, "example failed: ")
				if !ok {
					continue
				}
				where, why, _ := strings.Cut(rest, ": ")
				key := base + " " + where
				seen[key] = true
				if _, ok := known[key]; !ok {
					t.Errorf("example %s does not round-trip: %s", where, why)
				}
			}
			for key := range known {
				if strings.HasPrefix(key, base+" ") && !seen[key] {
					t.Errorf("%s is listed as failing in example-failures.txt but now passes: remove it", key)
				}
			}
		})
	}
}

// requestWalk reads TestRequestExamples's output: every request-body
// example sent must have sent every key it sets that is not read-only.
func requestWalk(t *testing.T, out string) {
	t.Helper()
	m := regexp.MustCompile(`request examples checked: (\d+), .*, failed: (\d+)`).FindStringSubmatch(out)
	if m == nil || m[1] == "0" {
		t.Fatalf("no request examples checked in:\n%s", tail(out, 20))
	}
	t.Log(m[0])
	for _, line := range strings.Split(out, "\n") {
		if rest, ok := strings.CutPrefix(line, "request example failed: "); ok {
			t.Errorf("request example %s", rest)
		}
	}
}

// TestMultiVersion generates getGroupCluster from the 2026-03-03 spec, where
// it has three versions with three response types, and runs
// internal/testdata/multiversion against it over loopback HTTP.
func TestMultiVersion(t *testing.T) {
	runOnSubset(t, "getGroupCluster", "../internal/testdata/multiversion/clusters_e2e_test.go",
		"TestEveryVersionOfGetCluster", "TestVersionTheOperationLacksFailsBeforeSending", "TestMismatchedResponseVersionIsAnError", "TestVersionsTable")
}

// TestModelSemantics generates alert and process-args operations from the
// 2026-03-03 spec and runs internal/testdata/modelsemantics against them
// over loopback HTTP: alert unions pick their own variant, a fetched
// configuration is sent back without its readOnly properties, a PATCH
// sends null and [], a cluster is created with the specs the spec's own
// example sends, pipeline numbers stay exact, a union kept raw is sent
// without its variants' readOnly keys, and keys the spec does not declare
// are kept at any depth and sent only when set.
func TestModelSemantics(t *testing.T) {
	runOnSubset(t, "getGroupAlert,getGroupAlertConfig,updateGroupAlertConfig,updateGroupClusterProcessArgs,"+
		"createGroupCluster,getGroupCluster,updateGroupCluster,updateGroupDatabaseUser,getGroupStreamProcessor,createGroupStreamProcessor,setGroupLimit",
		"../internal/testdata/modelsemantics/models_e2e_test.go",
		"TestAlertVariants", "TestFetchedConfigSentBack", "TestPatchNull",
		"TestCreateClusterSendsWhatTheExampleSets", "TestPatchSendsEmptyList", "TestPipelineNumbers", "TestRawUnionSentWithoutReadOnly", "TestClusterExtraFields")
}

// runOnSubset generates the operations ops of the 2026-03-03 spec, puts
// testFile beside the package and requires each named test to pass.
func runOnSubset(t *testing.T, ops, testFile string, tests ...string) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds a generated package")
	}
	files, _, err := generate(options{spec: realSpecs[1], out: t.TempDir(), pkg: "admin", includeOps: ops})
	if err != nil {
		t.Fatal(err)
	}
	test, err := os.ReadFile(testFile)
	if err != nil {
		t.Fatal(err)
	}
	files[filepath.Base(testFile)] = test
	dir := tempModule(t, files)
	out := goCmd(t, dir, "test", "-count=1", "-v", "./admin")
	for _, name := range tests {
		if !strings.Contains(out, "--- PASS: "+name) {
			t.Errorf("%s did not pass:\n%s", name, tail(out, 40))
		}
	}
}

// TestExampleWalkFails proves the walk can fail: a spec whose examples do
// not fit their schemas must report exactly those.
// withExampleWalk generates spec into memory with the example walk test
// beside the package.
func withExampleWalk(t *testing.T, spec string) (map[string][]byte, *ir.API) {
	t.Helper()
	o := options{spec: spec, out: t.TempDir(), pkg: "admin"}
	if spec == realSpecs[1] {
		o.overlayFiles = []string{atlasCLIShape}
	}
	files, api, err := generate(o)
	if err != nil {
		t.Fatal(err)
	}
	tests, err := emit.ExamplesTest(api, "admin")
	if err != nil {
		t.Fatal(err)
	}
	maps.Copy(files, tests)
	return files, api
}

func TestExampleWalkFails(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a generated package")
	}
	files, _ := withExampleWalk(t, "../internal/testdata/bad-examples/spec.yaml")
	out := goCmd(t, tempModule(t, files), "test", "-count=1", "-run", "TestSpecExamples|TestRequestExamples", "-v", "./admin")
	for _, want := range []string{
		"examples checked: 7, failed: 4",
		"request examples checked: 1, keys sent: 2, read-only left out: 1, not in the type: 1, null left out: 0, kept raw: 0, undecodable: 0, failed: 1",
		"request example failed: #/paths/~1api~1atlas~1v2~1things/post/requestBody/content/application~1vnd.atlas.2023-01-01+json/example: /Label2: set by the example, not sent",
		"example failed: #/components/schemas/Thing/properties/shape: no union variant took the value at ",
		"example failed: #/components/schemas/Thing/properties/count: decode",
		"example failed: #/components/schemas/Thing/properties/when: decode",
		"example failed: #/components/schemas/Thing: decode",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("walk output lacks %q:\n%s", want, tail(out, 20))
		}
	}
}
