package main

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// The types below have the shapes the generator emits for a body: a struct
// with JSON names, a union (pointer variants without names, and Raw) that
// decodes itself, maps and slices. The fragment's own body type has no union
// or map, so exactKeys is driven here with these.

type testCircle struct {
	Radius *float64 `json:"radius,omitempty"`
}

type testSquare struct {
	Side *float64 `json:"side,omitempty"`
}

type testShape struct {
	TestCircle *testCircle
	TestSquare *testSquare
	Raw        json.RawMessage
}

func (u *testShape) UnmarshalJSON(data []byte) error {
	*u = testShape{}
	if v := new(testCircle); decodeStrict(data, v) == nil {
		u.TestCircle = v
		return nil
	}
	if v := new(testSquare); decodeStrict(data, v) == nil {
		u.TestSquare = v
		return nil
	}
	u.Raw = append(json.RawMessage(nil), data...)
	return nil
}

// testNullable has the shape of the client's Nullable[T].
type testNullable[T any] struct {
	value T
	set   bool
}

func (n testNullable[T]) Get() (T, bool) { return n.value, n.set }
func (n testNullable[T]) IsNull() bool   { return false }

func (n *testNullable[T]) UnmarshalJSON(data []byte) error {
	n.set = true
	return json.Unmarshal(data, &n.value)
}

type testInner struct {
	Name string `json:"name"`
}

type testBody struct {
	testEmbedded
	GroupID *string                 `json:"groupId,omitempty"`
	Shape   *testShape              `json:"shape,omitempty"`
	Shapes  []testShape             `json:"shapes,omitempty"`
	ByName  map[string]testInner    `json:"byName,omitempty"`
	Extra   map[string]any          `json:"extra,omitempty"`
	Skipped string                  `json:"-"`
	Maybe   testNullable[testInner] `json:"maybe,omitzero"`
}

type testEmbedded struct {
	Note string `json:"note,omitempty"`
}

func TestExactKeys(t *testing.T) {
	for _, c := range []struct{ body, err string }{
		{`{"groupId": "a", "note": "n", "shape": {"radius": 1}, "shapes": [{"side": 2}, {"radius": 3}], "byName": {"X": {"name": "x"}}, "extra": {"Any": {"Case": 1}}}`, ""},
		{`null`, ""},
		{`{"groupID": "a"}`, `$: unknown field "groupID"; did you mean "groupId"?`},
		{`{"Note": "n"}`, `$: unknown field "Note"; did you mean "note"?`},
		{`{"shape": {"Radius": 1}}`, `$.shape: unknown field "Radius"; did you mean "radius"?`},
		{`{"shapes": [{"side": 2}, {"SIDE": 3}]}`, `$.shapes[1]: unknown field "SIDE"; did you mean "side"?`},
		{`{"shape": {"colour": "red"}}`, `$.shape: the value matches no variant of testShape`},
		{`{"byName": {"X": {"Name": "x"}}}`, `$.byName["X"]: unknown field "Name"; did you mean "name"?`},
		{`{"Skipped": "x"}`, `unknown field "Skipped"`},
		{`{"maybe": {"name": "x"}}`, ""},
		{`{"maybe": null}`, ""},
		{`{"maybe": {"NAME": "x"}}`, `$.maybe: unknown field "NAME"; did you mean "name"?`},
	} {
		var v testBody
		err := decodeStrict([]byte(c.body), &v)
		if err == nil {
			err = exactKeys([]byte(c.body), reflect.ValueOf(&v), "$")
		}
		switch {
		case c.err == "" && err != nil:
			t.Errorf("%s: %v", c.body, err)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%s: error %v, want %q", c.body, err, c.err)
		}
	}
}
