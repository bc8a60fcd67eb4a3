package ir

import (
	"fmt"
	"slices"
	"strings"
)

// NameMove is one operation whose Go names move when a package leaves
// NamingOperationID for NamingAtlas (-adopt-atlas-names): its unsuffixed
// method, and its positional parameters when their order changes.
type NameMove struct {
	Op       string // operationId
	From, To string // the unsuffixed method
	// FromArgs and ToArgs are the positional parameters by their spec
	// names, before and after; nil when the order stays.
	FromArgs, ToArgs []string
	// Old is every method and request type name the operation had and no
	// longer has (gone, or now another operation's): the breaking-change
	// report files their removal or change here.
	Old []string
}

func (m NameMove) String() string {
	s := m.Op + ": "
	if m.From != m.To {
		s += m.From + " -> " + m.To
	} else {
		s += m.To + " keeps its name"
	}
	if m.FromArgs != nil {
		s += fmt.Sprintf("; positional parameters (%s) -> (%s)", strings.Join(m.FromArgs, ", "), strings.Join(m.ToArgs, ", "))
	}
	return s
}

// NameMoves compares the same spec built under NamingOperationID (old) and
// NamingAtlas (cur), operation by operation, sorted by operationId.
func NameMoves(old, cur *API) []NameMove {
	byID := map[string]*Operation{}
	for _, o := range old.Operations {
		byID[o.ID] = o
	}
	var out []NameMove
	for _, o := range cur.Operations {
		was, ok := byID[o.ID]
		if !ok {
			continue
		}
		m := NameMove{Op: o.ID, From: was.GoName, To: o.GoName}
		if a, b := positionalNames(was), positionalNames(o); !slices.Equal(a, b) {
			m.FromArgs, m.ToArgs = a, b
		}
		now := goNames(o)
		for _, n := range goNames(was) {
			if !slices.Contains(now, n) {
				m.Old = append(m.Old, n)
			}
		}
		if m.From != m.To || m.FromArgs != nil || m.Old != nil {
			out = append(out, m)
		}
	}
	slices.SortFunc(out, func(a, b NameMove) int { return strings.Compare(a.Op, b.Op) })
	return out
}

// goNames are an operation's methods (with their twins) and request types.
func goNames(o *Operation) []string {
	var out []string
	for _, v := range o.Variants {
		out = append(out, v.Method, v.Method+"WithParams", v.Method+"Execute", v.Request, v.ParamsType)
		for _, a := range v.Aliases {
			out = append(out, a.Method, a.Method+"WithParams")
		}
	}
	return out
}

// positionalNames are the spec names of the parameters the positional form
// takes, in its order.
func positionalNames(o *Operation) []string {
	out := []string{}
	for _, p := range o.Positional() {
		out = append(out, p.Name)
	}
	return out
}
