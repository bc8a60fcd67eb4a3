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
	spec, err := load.File("../../../internal/testdata/constructs/spec.yaml")
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
// default first: "GetPet[2024-11-13 2024-05-30]".
func methodList(o *Operation) string {
	var out []string
	for _, v := range o.Variants {
		var names []string
		for _, ver := range v.Versions {
			names = append(names, ver.Name)
		}
		out = append(out, v.Method+"["+strings.Join(names, " ")+"]")
	}
	return strings.Join(out, " ")
}

func TestDefaultVersionFollowsAPIVersion(t *testing.T) {
	for _, tc := range []struct{ max, want string }{
		{"", "GetPet[2024-11-13 2024-05-30] GetPetV20230101[2023-01-01] GetPetPreview[preview]"},
		// 2024-11-13 has 2024-05-30's shape: it shares the method, by Version.
		{"2024-06-01", "GetPet[2024-05-30 2024-11-13] GetPetV20230101[2023-01-01] GetPetPreview[preview]"},
		{"2023-06-01", "GetPet[2023-01-01] GetPetV20241113[2024-11-13 2024-05-30] GetPetPreview[preview]"},
		{"2020-01-01", "GetPet[2023-01-01] GetPetV20241113[2024-11-13 2024-05-30] GetPetPreview[preview]"},
	} {
		if got := methodList(op(t, build(t, Options{MaxVersion: tc.max}), "getPet")); got != tc.want {
			t.Errorf("-api-version %q:\n got %s\nwant %s", tc.max, got, tc.want)
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
