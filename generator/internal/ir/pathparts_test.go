package ir

import (
	"reflect"
	"testing"
)

func TestPathParts(t *testing.T) {
	group := &Param{Name: "groupId", In: "path"}
	name := &Param{Name: "name", In: "path"}
	query := &Param{Name: "name", In: "query"}
	params := []*Param{query, name, group}
	got := pathParts("/api/groups/{groupId}/x/{name}", params)
	want := []PathPart{{Text: "/api/groups/"}, {Param: group}, {Text: "/x/"}, {Param: name}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("pathParts = %+v, want %+v", got, want)
	}
	// A template no path parameter names is left out; text after it stays.
	got = pathParts("/{a}{groupId}.json", params)
	want = []PathPart{{Text: "/"}, {Param: group}, {Text: ".json"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("pathParts = %+v, want %+v", got, want)
	}
	if got := pathParts("/no/templates", nil); !reflect.DeepEqual(got, []PathPart{{Text: "/no/templates"}}) {
		t.Fatalf("pathParts = %+v", got)
	}
}
