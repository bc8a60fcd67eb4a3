package main

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/atlasgen/atlasgen/generator/internal/ir"
)

var pathParam = regexp.MustCompile(`\{([^}/]+)\}`)

// specParams reads, from the spec's YAML itself (not through the loader the
// generator uses), each operation's parameters in the order the operation
// lists them, with local $refs followed: operationId -> the names of the
// parameters the positional form takes (path parameters and required ones).
func specParams(t *testing.T, file string) map[string][]string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	type param struct {
		Ref      string `yaml:"$ref"`
		Name, In string
		Required bool
	}
	var doc struct {
		Paths      map[string]map[string]yaml.Node
		Components struct{ Parameters map[string]param }
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, item := range doc.Paths {
		for _, node := range item {
			var op struct {
				OperationID string `yaml:"operationId"`
				Parameters  []param
			}
			if node.Kind != yaml.MappingNode || node.Decode(&op) != nil || op.OperationID == "" {
				continue // the path item's own parameters, summary, ...
			}
			names := []string{}
			for _, p := range op.Parameters {
				if name, ok := strings.CutPrefix(p.Ref, "#/components/parameters/"); ok {
					p = doc.Components.Parameters[name]
				}
				if p.Required || p.In == "path" {
					names = append(names, p.Name)
				}
			}
			out[op.OperationID] = names
		}
	}
	return out
}

// TestPositionalOrderFollowsSpec: on every operation of both real specs,
// the positional form takes its parameters in the order the spec lists
// them, as the official SDK does; code moved from the SDK then addresses
// the same resources. On the shipped package, the check reads the methods'
// signatures from generated/admin's source.
func TestPositionalOrderFollowsSpec(t *testing.T) {
	for _, spec := range realSpecs {
		t.Run(filepath.Base(spec), func(t *testing.T) {
			_, api, err := generate(options{spec: spec, out: t.TempDir(), pkg: "admin"})
			if err != nil {
				t.Fatal(err)
			}
			want := specParams(t, spec)
			differs := 0
			for _, o := range api.Operations {
				var got, path []string
				for _, p := range o.Positional() {
					got = append(got, p.Name)
				}
				if !slices.Equal(got, want[o.ID]) && (len(got) > 0 || len(want[o.ID]) > 0) {
					t.Errorf("%s: positional %v, the spec lists %v", o.ID, got, want[o.ID])
				}
				for _, p := range o.Params {
					if p.In == "path" {
						path = append(path, p.Name)
					}
				}
				var names []string
				for _, m := range pathParam.FindAllStringSubmatch(o.Path, -1) {
					names = append(names, m[1])
				}
				if !slices.Equal(path, names) {
					differs++
				}
			}
			if len(want) != len(api.Operations) {
				t.Errorf("%d operations in the YAML, %d generated", len(want), len(api.Operations))
			}
			t.Logf("%d operations checked; %d list their path parameters in another order than the path", len(api.Operations), differs)
		})
	}
	t.Run("generated/admin", func(t *testing.T) {
		_, api, err := generate(repoTargets("..")[0])
		if err != nil {
			t.Fatal(err)
		}
		sigs := methodParams(t, "../generated/admin")
		checked := 0
		for _, o := range api.Operations {
			for _, v := range o.Variants {
				var want []string
				for _, p := range o.Positional() {
					want = append(want, p.Arg)
				}
				got, ok := sigs[o.Tag.Interface+"."+v.Method]
				if !ok {
					t.Errorf("generated/admin has no %s.%s", o.Tag.Interface, v.Method)
					continue
				}
				if got = slices.DeleteFunc(got, func(s string) bool { return s == "ctx" || s == "body" }); !slices.Equal(got, want) {
					t.Errorf("%s.%s(%v), want the spec's order %v", o.Tag.Interface, v.Method, got, want)
				}
				checked++
			}
		}
		t.Logf("%d methods of generated/admin checked", checked)
	})
}

// methodParams reads the parameter names of every method of every
// interface in dir: "ClustersApi.GetCluster" -> [ctx groupID clusterName].
func methodParams(t *testing.T, dir string) map[string][]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "api_*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no api_*.go in %s: %v", dir, err)
	}
	out := map[string][]string{}
	fset := token.NewFileSet()
	for _, file := range files {
		f, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			ts, ok := n.(*ast.TypeSpec)
			if !ok {
				return true
			}
			it, ok := ts.Type.(*ast.InterfaceType)
			if !ok {
				return false
			}
			for _, m := range it.Methods.List {
				ft, ok := m.Type.(*ast.FuncType)
				if !ok || len(m.Names) == 0 {
					continue
				}
				var params []string
				for _, p := range ft.Params.List {
					for _, n := range p.Names {
						params = append(params, n.Name)
					}
				}
				out[ts.Name.Name+"."+m.Names[0].Name] = params
			}
			return false
		})
	}
	return out
}

// TestAtlasNamesOnRealSpecs: the shipped package and a new package from
// either spec carry Atlas's names, with no rename where nothing collides.
func TestAtlasNamesOnRealSpecs(t *testing.T) {
	sigs := methodParams(t, "../generated/admin")
	for _, m := range []string{"ClustersApi.GetCluster", "ClustersApi.ListClusters", "ClustersApi.CreateCluster", "ClustersApi.DeleteCluster", "StreamsApi.GetStreamProcessor", "AlertsApi.AcknowledgeAlert"} {
		if _, ok := sigs[m]; !ok {
			t.Errorf("generated/admin has no %s", m)
		}
	}
	for _, gone := range []string{"ClustersApi.GetGroupCluster", "ClustersApi.ListGroupClusters"} {
		if _, ok := sigs[gone]; ok {
			t.Errorf("generated/admin still has %s", gone)
		}
	}
	// acknowledgeAlert (2025-06-30, no override) shares its name with the
	// schema AcknowledgeAlert: a method and a type never share a scope.
	_, api, err := generate(options{spec: realSpecs[0], out: t.TempDir(), pkg: "admin", includeOps: "acknowledgeAlert"})
	if err != nil {
		t.Fatal(err)
	}
	if len(api.Operations) != 1 || api.Operations[0].GoName != "AcknowledgeAlert" || len(api.Report.Renamed) != 0 {
		t.Errorf("acknowledgeAlert: %s, renamed %q", api.Operations[0].GoName, api.Report.Renamed)
	}
}

// TestAdoptAtlasNames: a package generated before atlasgen read Atlas's
// names (its lock has no names line) keeps its Go names when regenerated;
// the breaking-change report of -adopt-atlas-names lists each move, the
// reordered positional parameters first, and files the removals under
// that flag, not under the generator or the spec; the run with the flag
// prints each move, and the package keeps Atlas's names from then on.
func TestAdoptAtlasNames(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks two packages with go list")
	}
	const spec = "../internal/testdata/names/spec.yaml"
	out := filepath.Join(tempModule(t, nil), "admin")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	// What atlasgen wrote before it read Atlas's names: no names line.
	old := "// Code generated by atlasgen as the package's lock: what it keeps across spec releases.\ndefault getGroupWidget 2023-01-01\n"
	if err := os.WriteFile(filepath.Join(out, ir.LockFile), []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout bytes.Buffer
	if err := run([]string{"-spec", spec, "-out", out, "-q"}, &stdout, io.Discard); err != nil {
		t.Fatal(err)
	}
	src := readFile(t, filepath.Join(out, "api_widgets.go"))
	if !strings.Contains(src, "GetGroupWidget(ctx context.Context, groupID string, widgetName string)") || strings.Contains(src, "GetWidget(ctx context.Context, widgetName") {
		t.Fatalf("the old package was renamed without -adopt-atlas-names:\n%s", grepLines(src, "Widget("))
	}
	if lock := readFile(t, filepath.Join(out, ir.LockFile)); !strings.Contains(lock, "\nnames operationId\n") {
		t.Fatalf("lock:\n%s", lock)
	}

	var stderr bytes.Buffer
	notes := filepath.Join(t.TempDir(), "notes.md")
	err := run([]string{"-spec", spec, "-out", out, "-adopt-atlas-names", "-breaking-report", notes}, io.Discard, &stderr)
	if err == nil || !strings.Contains(err.Error(), "incompatible changes") {
		t.Fatalf("the report accepted renames without -allow-breaking: %v", err)
	}
	md := readFile(t, notes)
	for _, want := range []string{
		"| incompatible, not forced by the spec | 0 |",
		"| incompatible, forced by the spec | 0 |",
		"`GetGroupWidgetColor: removed`: named after GetGroupWidget, which -adopt-atlas-names moved: now GetWidgetColor",
		"`WidgetsApi.GetGroupWidget: removed`",
		"`OtherApi.GetGroupLimit: changed from func(context.Context, string, GetGroupLimitLimitName) GetGroupLimitApiRequest to func(context.Context, GetGroupLimitLimitName, string) GetGroupLimitApiRequest`: positional parameters moved to the spec's order by -adopt-atlas-names",
		"| incompatible, names moved by -adopt-atlas-names | ",
		"`(*WidgetsApiService).GetGroupWidget: removed`: moved to Atlas's names by -adopt-atlas-names: getGroupWidget: GetGroupWidget -> GetWidget; positional parameters (groupId, widgetName) -> (widgetName, groupId)",
		"`GetGroupWidgetApiRequest: removed`: moved to Atlas's names",
		"### Positional parameters in another order (2): check every call, the compiler may not\n\n- getGroupLimit: GetGroupLimit keeps its name; positional parameters (groupId, limitName) -> (limitName, groupId)\n- getGroupWidget: GetGroupWidget -> GetWidget; positional parameters (groupId, widgetName) -> (widgetName, groupId)\n",
		"- acknowledgeGroupAlert: AcknowledgeGroupAlert -> AcknowledgeAlert\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the report lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "forced by the spec (") {
		t.Errorf("a move was filed as forced by the spec:\n%s", md)
	}

	stdout.Reset()
	if err := run([]string{"-spec", spec, "-out", out, "-q", "-adopt-atlas-names"}, &stdout, io.Discard); err != nil {
		t.Fatal(err)
	}
	if want := "name moved: getGroupWidget: GetGroupWidget -> GetWidget; positional parameters (groupId, widgetName) -> (widgetName, groupId)\n"; !strings.Contains(stdout.String(), want) {
		t.Errorf("the run does not print %q:\n%s", want, stdout.String())
	}
	src = readFile(t, filepath.Join(out, "api_widgets.go"))
	if !strings.Contains(src, "GetWidget(ctx context.Context, widgetName string, groupID string)") {
		t.Fatalf("not moved:\n%s", grepLines(src, "Widget("))
	}
	// From now on the lock keeps Atlas's names, and a run moves nothing.
	stdout.Reset()
	if err := run([]string{"-spec", spec, "-out", out, "-check"}, &stdout, io.Discard); err != nil {
		t.Fatalf("-check after the move: %v", err)
	}
	if lock := readFile(t, filepath.Join(out, ir.LockFile)); !strings.Contains(lock, "\nnames atlas\n") {
		t.Fatalf("lock:\n%s", lock)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
