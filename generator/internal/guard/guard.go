// Package guard is the one cycle guard of the generator's recursive walks
// over schemas. A spec's schemas form a graph, not a tree: a $ref leads
// back to where a walk started through properties, items,
// additionalProperties, allOf, oneOf or anyOf, and a spec can nest schemas
// deeper than any stack. A walk that can meet either keeps a Path: Enter
// says whether the walk is already inside the node (a cycle) or deeper than
// MaxDepth, and the walk stops there, with a refusal placed at the node
// when the stop leaves it nothing to generate. A stack overflow is a fatal
// error that no recover catches, so the bound is checked, never hoped for.
package guard

// MaxDepth is how many schemas deep a walk goes. Atlas's specs nest
// fewer than 20; a spec deeper than this is refused where it gets there.
const MaxDepth = 256

// Step is what Enter found.
type Step int

const (
	// In: the walk entered the node; it must Leave it when done.
	In Step = iota
	// Cycle: the node is already on the walk's path.
	Cycle
	// TooDeep: the path is MaxDepth long already.
	TooDeep
)

// Path is the nodes a walk is inside, keyed by K (a JSON pointer, a
// schema, a type). The zero value is ready to use.
type Path[K comparable] struct {
	on    map[K]bool
	depth int
}

// Enter puts k on the path unless it is there already or the path is too
// long. Only In must be followed by Leave.
func (p *Path[K]) Enter(k K) Step {
	if p.on[k] {
		return Cycle
	}
	if p.depth >= MaxDepth {
		return TooDeep
	}
	if p.on == nil {
		p.on = map[K]bool{}
	}
	p.on[k] = true
	p.depth++
	return In
}

// Leave takes k off the path.
func (p *Path[K]) Leave(k K) {
	delete(p.on, k)
	p.depth--
}

// On reports whether k is on the path.
func (p *Path[K]) On(k K) bool { return p.on[k] }

// Depth is how many nodes are on the path.
func (p *Path[K]) Depth() int { return p.depth }
