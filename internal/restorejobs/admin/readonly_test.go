package admin

import (
	"encoding/json"
	"errors"
	"sync"
	"testing"
)

// roNode is a recursive model: a list or tree of nodes, as recursive
// schemas give.
type roNode struct {
	ID   *string `json:"id,omitempty" atlas:"readonly"`
	Name *string `json:"name,omitempty"`
	Next *roNode `json:"next,omitempty"`
}

// A value that points back at itself is a JSON encoding error, as with
// json.Marshal alone, not a stack overflow that kills the process while
// readOnly properties are dropped.
func TestRequestBodyOfACycle(t *testing.T) {
	n := &roNode{ID: Ptr("a"), Name: Ptr("n")}
	n.Next = &roNode{Next: n}
	_, err := json.Marshal(requestBody(n))
	var ue *json.UnsupportedValueError
	if !errors.As(err, &ue) {
		t.Fatalf("err %v, want json's cycle error", err)
	}
	if *n.ID != "a" || n.Next.Next != n {
		t.Fatal("the caller's value changed")
	}
}

// A deep list that is not a cycle loses its readOnly properties at
// every level json.Marshal follows without suspecting a cycle.
func TestRequestBodyOfADeepList(t *testing.T) {
	var head *roNode
	for range 900 {
		head = &roNode{ID: Ptr("x"), Name: Ptr("n"), Next: head}
	}
	out, err := json.Marshal(requestBody(head))
	if err != nil {
		t.Fatal(err)
	}
	var back roNode
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatal(err)
	}
	levels := 0
	for p := &back; p != nil; p = p.Next {
		if p.ID != nil || p.Name == nil {
			t.Fatalf("level %d: %s", levels, out[:80])
		}
		levels++
	}
	if levels != 900 || head.ID == nil {
		t.Fatalf("%d levels, caller's ID %v", levels, head.ID)
	}
}

// roTree holds its children by value, in a slice: a slice that holds
// itself is a cycle without a pointer.
type roTree struct {
	ID   *string  `json:"id,omitempty" atlas:"readonly"`
	Kids []roTree `json:"kids,omitempty"`
}

func TestRequestBodyOfASliceCycle(t *testing.T) {
	s := make([]roTree, 1)
	s[0] = roTree{ID: Ptr("a"), Kids: s}
	_, err := json.Marshal(requestBody(&roTree{Kids: s}))
	var ue *json.UnsupportedValueError
	if !errors.As(err, &ue) {
		t.Fatalf("err %v, want json's cycle error", err)
	}
}

// roShapes holds a read-only node in each shape a model can: behind a
// pointer, by value in a slice, in a map, in a Nullable (pointer and
// value), and in a union-like struct of variant pointers.
type roShapes struct {
	Ptr   *roNode            `json:"ptr,omitempty"`
	List  []roNode           `json:"list,omitempty"`
	Map   map[string]*roNode `json:"map,omitempty"`
	NPtr  Nullable[*roNode]  `json:"nptr,omitzero"`
	NVal  Nullable[roNode]   `json:"nval,omitzero"`
	NNull Nullable[*roNode]  `json:"nnull,omitzero"`
	ID    Nullable[string]   `json:"id,omitzero" atlas:"readonly"`
}

func TestRequestBodyEveryShape(t *testing.T) {
	in := `{"ptr":{"id":"1","name":"a"},"list":[{"id":"2","name":"b"},{"name":"c"}],"map":{"k":{"id":"3","name":"d"}},` +
		`"nptr":{"id":"4","name":"e"},"nval":{"id":"5","name":"f","next":{"id":"6"}},"nnull":null,"id":"7"}`
	var v roShapes
	if err := json.Unmarshal([]byte(in), &v); err != nil {
		t.Fatal(err)
	}
	want := `{"ptr":{"name":"a"},"list":[{"name":"b"},{"name":"c"}],"map":{"k":{"name":"d"}},"nptr":{"name":"e"},"nval":{"name":"f","next":{}},"nnull":null}`
	// Many goroutines send the same value at once: the copy only reads it.
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			out, err := json.Marshal(requestBody(&v))
			if err != nil || string(out) != want {
				t.Errorf("sent %s (%v), want %s", out, err, want)
			}
		})
	}
	wg.Wait()
	if out, _ := json.Marshal(&v); string(out) != in {
		t.Errorf("the caller's value changed: %s", out)
	}
}
