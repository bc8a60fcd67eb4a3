package guard

import "testing"

func TestPath(t *testing.T) {
	var p Path[string]
	if p.Enter("a") != In || p.Enter("b") != In {
		t.Fatal("a fresh node was not entered")
	}
	if p.Enter("a") != Cycle || !p.On("a") || p.Depth() != 2 {
		t.Fatalf("a node on the path was entered again (depth %d)", p.Depth())
	}
	p.Leave("b")
	p.Leave("a")
	if p.On("a") || p.Depth() != 0 || p.Enter("a") != In {
		t.Fatal("a node left is still on the path")
	}
	p.Leave("a")
	// A walk as deep as the bound is refused one node past it.
	var q Path[int]
	for i := range MaxDepth {
		if q.Enter(i) != In {
			t.Fatalf("node %d refused before the bound", i)
		}
	}
	if q.Enter(MaxDepth) != TooDeep {
		t.Fatal("a walk went past MaxDepth")
	}
}
