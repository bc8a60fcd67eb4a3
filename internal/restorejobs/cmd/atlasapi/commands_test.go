package main

import (
	"slices"
	"testing"

	admin "github.com/atlasgen/atlasgen/internal/restorejobs/admin"
)

// TestParseKind: each kind takes what the client could send, and refuses
// the rest before anything is sent.
func TestParseKind(t *testing.T) {
	for _, c := range []struct {
		kind, in, want string
		ok             bool
	}{
		{"integer", "042", "42", true},
		{"integer", "4.2", "", false},
		{"number", "1e3", "1000", true},
		{"number", "NaN", "", false},
		{"number", "+Inf", "", false},
		{"number", "-infinity", "", false},
		{"boolean", "1", "true", true},
		{"date-time", "2024-05-30T12:00:00+02:00", "2024-05-30T12:00:00+02:00", true},
		{"date-time", "2024-05-30", "", false},
		{"string", "NaN", "NaN", true},
	} {
		got, err := parseKind(c.kind, c.in)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("%s %q: %q, %v", c.kind, c.in, got, err)
		}
	}
}

// TestJoinDescribesByPosition: join gives each parameter the description
// at its position in the row, so two of one name in different places
// (path id, query id; the generator refuses to write such a CLI, but the
// runtime does not rely on it) keep their own, and a row out of step with
// the client's table describes nothing rather than the wrong parameter.
func TestJoinDescribesByPosition(t *testing.T) {
	info := admin.OperationInfo{OperationID: "getThing", Name: "getThing", Parameters: []admin.ParameterInfo{{Name: "id", In: "path"}, {Name: "id", In: "query"}, {Name: "pretty", In: "query"}}}
	r := &row{id: "getThing", params: []paramDoc{{"id", "the thing"}, {"id", "a filter"}, {"envelope", "wrapped"}}}
	op := join(&group{name: "things"}, r, info)
	var got []string
	for _, p := range op.params {
		got = append(got, p.in+" "+p.name+": "+p.description)
	}
	if want := []string{"path id: the thing", "query id: a filter", "query pretty: "}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
