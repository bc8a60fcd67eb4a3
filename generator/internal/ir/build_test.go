package ir

import (
	"slices"
	"strings"
	"testing"

	"github.com/atlasgen/atlasgen/generator/internal/load"
	"github.com/atlasgen/atlasgen/generator/internal/selection"
)

func build(t *testing.T, opts Options) *API {
	t.Helper()
	return buildFrom(t, "../../../internal/testdata/constructs/spec.yaml", opts)
}

// buildFrom builds the IR of the spec at path, failing the test on any
// error.
func buildFrom(t *testing.T, path string, opts Options) *API {
	t.Helper()
	spec, err := load.File(path)
	if err != nil {
		t.Fatal(err)
	}
	api, err := Build(spec, opts)
	if err != nil {
		t.Fatal(err)
	}
	return api
}

func op(t *testing.T, api *API, id string) *Operation {
	t.Helper()
	for _, o := range api.Operations {
		if o.ID == id {
			return o
		}
	}
	t.Fatalf("no operation %s", id)
	return nil
}

// methodList lists an operation's methods with the versions each may send,
// default first, and the date-named methods that preset a version:
// "GetPet[2024-11-13 2024-05-30]{GetPetV20241113 GetPetV20240530}".
func methodList(o *Operation) string {
	var out []string
	for _, v := range o.Variants {
		var names, aliases []string
		for _, ver := range v.Versions {
			names = append(names, ver.Name)
		}
		for _, a := range v.Aliases {
			aliases = append(aliases, a.Method+"="+a.Version.Name)
		}
		out = append(out, v.Method+"["+strings.Join(names, " ")+"]{"+strings.Join(aliases, " ")+"}")
	}
	return strings.Join(out, " ")
}

func TestDefaultVersionFollowsAPIVersion(t *testing.T) {
	// Every date has its own method whatever the default; a group other
	// than the default's is named by its oldest date, which no newer date
	// of the same shape can rename.
	for _, tc := range []struct{ max, want string }{
		{"", "GetPet[2024-11-13 2024-05-30]{GetPetV20241113=2024-11-13 GetPetV20240530=2024-05-30} GetPetV20230101[2023-01-01]{} GetPetPreview[preview]{}"},
		// 2024-11-13 has 2024-05-30's shape: it shares the request type, by Version.
		{"2024-06-01", "GetPet[2024-05-30 2024-11-13]{GetPetV20240530=2024-05-30 GetPetV20241113=2024-11-13} GetPetV20230101[2023-01-01]{} GetPetPreview[preview]{}"},
		{"2023-06-01", "GetPet[2023-01-01]{GetPetV20230101=2023-01-01} GetPetV20240530[2024-05-30 2024-11-13]{GetPetV20241113=2024-11-13} GetPetPreview[preview]{}"},
		{"2020-01-01", "GetPet[2023-01-01]{GetPetV20230101=2023-01-01} GetPetV20240530[2024-05-30 2024-11-13]{GetPetV20241113=2024-11-13} GetPetPreview[preview]{}"},
	} {
		if got := methodList(op(t, build(t, Options{MaxVersion: tc.max}), "getPet")); got != tc.want {
			t.Errorf("-api-version %q:\n got %s\nwant %s", tc.max, got, tc.want)
		}
	}
}

func TestLockKeepsDefaults(t *testing.T) {
	lock := &Lock{Defaults: map[string]string{"getPet": "2023-01-01"}}
	api := build(t, Options{Lock: lock})
	if got, want := methodList(op(t, api, "getPet")), "GetPet[2023-01-01]{GetPetV20230101=2023-01-01} GetPetV20240530[2024-05-30 2024-11-13]{GetPetV20241113=2024-11-13} GetPetPreview[preview]{}"; got != want {
		t.Errorf("locked default:\n got %s\nwant %s", got, want)
	}
	if len(api.DefaultMoves) != 0 || api.Lock.Defaults["getPet"] != "2023-01-01" {
		t.Errorf("moves %v, lock default %q", api.DefaultMoves, api.Lock.Defaults["getPet"])
	}
	api = build(t, Options{Lock: lock, UpgradeDefaults: true})
	if !slices.Equal(api.DefaultMoves, []DefaultMove{{Op: "getPet", From: "2023-01-01", To: "2024-11-13"}}) || api.Lock.Defaults["getPet"] != "2024-11-13" {
		t.Errorf("upgrade: moves %v, lock default %q", api.DefaultMoves, api.Lock.Defaults["getPet"])
	}
	// A locked version the spec dropped cannot be kept: the move is said.
	api = build(t, Options{Lock: &Lock{Defaults: map[string]string{"getPet": "2022-01-01"}}})
	if len(api.DefaultMoves) != 1 || api.DefaultMoves[0].String() != "getPet: 2022-01-01 -> 2024-11-13 (the spec no longer has 2022-01-01)" {
		t.Errorf("dropped: moves %v", api.DefaultMoves)
	}
}

func TestLockRoundTripsAndKeepsNames(t *testing.T) {
	api := build(t, Options{})
	data := api.Lock.Format()
	back, err := ParseLock("atlasgen.lock", data)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(back.Format(), data) {
		t.Fatalf("lock does not round-trip:\n%s\n%s", data, back.Format())
	}
	if !strings.Contains(string(data), "name FooBar2 <- package: ") {
		t.Fatalf("the constructs spec's FooBar2 collision is not in the lock:\n%s", data)
	}
	// Give the claimant of FooBar2 another name by hand: the lock wins.
	for scope, m := range back.Names {
		for why, name := range m {
			if name == "FooBar2" {
				back.Names[scope][why] = "FooBarKept"
			}
		}
	}
	api = build(t, Options{Lock: back})
	if !slices.ContainsFunc(api.Types, func(ty *Type) bool { return ty.Name == "FooBarKept" }) {
		t.Fatal("the locked name FooBarKept was not kept")
	}
	odd := &Lock{Defaults: map[string]string{"get pet\n": "2023-01-01"}, Names: map[string]map[string]string{"fields of T": {"property a\nb": "AB2", `"q`: "Q2"}}}
	if back, err := ParseLock("odd.lock", odd.Format()); err != nil || !slices.Equal(back.Format(), odd.Format()) || back.Defaults["get pet\n"] != "2023-01-01" || back.Names["fields of T"]["property a\nb"] != "AB2" || back.Names["fields of T"][`"q`] != "Q2" {
		t.Fatalf("odd names do not round-trip: %v %+v\n%s", err, back, odd.Format())
	}
	for _, bad := range []string{"default onlyone", "name func <- package: schema Gizmo", "name 9Gizmo <- package: schema Gizmo", "name Giz-mo <- package: schema Gizmo"} {
		if _, err := ParseLock("x.lock", []byte("// header\n"+bad+"\n")); err == nil || !strings.Contains(err.Error(), "x.lock:2: not a lock line") {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

func TestSelectionPrunesComponents(t *testing.T) {
	api := build(t, Options{Selection: selection.Selection{IncludeOperations: []string{"get-foo"}}})
	var ops, types []string
	for _, o := range api.Operations {
		ops = append(ops, o.ID)
	}
	for _, ty := range api.Types {
		types = append(types, ty.Name)
	}
	if !slices.Equal(ops, []string{"get-foo"}) || !slices.Equal(types, []string{"FooBar2", "GetFooApiParams2"}) {
		t.Fatalf("operations %v, types %v", ops, types)
	}
	api = build(t, Options{Selection: selection.Selection{IncludeTags: []string{"Pets"}, ExcludeOperations: []string{"getPet", "exportPet", "reportPets", "touchPets", "listTricks"}}})
	ops = nil
	for _, o := range api.Operations {
		ops = append(ops, o.ID)
	}
	if !slices.Equal(ops, []string{"createPet", "deletePet", "listPets"}) {
		t.Fatalf("operations %v", ops)
	}
}

func TestSunsetAndPreviewAreRecorded(t *testing.T) {
	o := op(t, build(t, Options{}), "getPet")
	for _, v := range o.Versions {
		if (v.Name == "2023-01-01") != (v.Sunset == "2026-06-01") {
			t.Errorf("version %s sunset %q", v.Name, v.Sunset)
		}
		if v.Preview != (v.Name == "preview") || (v.Preview && v.Accept != "application/vnd.atlas.preview+json") {
			t.Errorf("version %+v", v)
		}
	}
}

// TestDotSegmentChecks: a string path parameter is checked for "." and
// ".." unless its pattern already refuses both.
func TestDotSegmentChecks(t *testing.T) {
	api := build(t, Options{})
	check := func(api *API, id, param string, want bool) {
		t.Helper()
		for _, p := range op(t, api, id).Params {
			if p.Name == param {
				if p.RefuseDots != want {
					t.Errorf("%s %s: RefuseDots %v, want %v", id, param, p.RefuseDots, want)
				}
				return
			}
		}
		t.Errorf("%s has no parameter %s", id, param)
	}
	check(api, "getPet", "petId", false)   // ^[a-f0-9]{24}$
	check(api, "deletePet", "petId", true) // no pattern
	check(api, "listPets", "since", false) // a query parameter

	spec, err := load.File("../../../openapi/upstream/atlas-api-2026-03-03.yaml")
	if err != nil {
		t.Fatal(err)
	}
	full, err := Build(spec, Options{Selection: selection.Selection{IncludeOperations: []string{"deleteGroupPipeline", "getGroupCluster", "getGroupClusterSearchIndexByName"}}})
	if err != nil {
		t.Fatal(err)
	}
	check(full, "deleteGroupPipeline", "pipelineName", true)           // ^[^/\\ "$]{1,64}$ allows dots
	check(full, "getGroupCluster", "clusterName", false)               // ^[a-zA-Z0-9][a-zA-Z0-9-]*$
	check(full, "getGroupClusterSearchIndexByName", "indexName", true) // no pattern
}

// TestNoAuth: in both real specs exactly one operation declares its own
// `security: []` (grep -c 'security: \[\]' finds one line in each), and
// only it is NoAuth; an operation under the spec-wide security is not.
func TestNoAuth(t *testing.T) {
	for file, want := range map[string]string{
		"../../../openapi/upstream/atlas-api-2025-06-30.yaml": "returnAllControlPlaneIpAddresses",
		"../../../openapi/upstream/atlas-api-2026-03-03.yaml": "listControlPlaneIpAddresses",
	} {
		spec, err := load.File(file)
		if err != nil {
			t.Fatal(err)
		}
		api, err := Build(spec, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, o := range api.Operations {
			if o.NoAuth {
				got = append(got, o.ID)
			}
		}
		if !slices.Equal(got, []string{want}) {
			t.Errorf("%s: NoAuth operations %v, want [%s]", file, got, want)
		}
	}
	if o := op(t, build(t, Options{}), "getPet"); o.NoAuth {
		t.Error("getPet is NoAuth")
	}
}
