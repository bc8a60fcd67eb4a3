package ir

import "strings"

// readOnlyRule settles which fields are read-only, once every type and
// example is built. A property is read-only when it says so itself (or its
// inline schema does). A property that is a $ref to a component marked
// readOnly as a whole inherits it, except under a property name that one of
// the spec's own request examples sets with that component: there the spec
// contradicts itself (Atlas's DedicatedHardwareSpec20240805 is readOnly as a
// whole, yet createGroupCluster's example sends it as analyticsSpecs and
// readOnlySpecs), and the example, which shows what Atlas accepts, wins for
// that name wherever it refers to that component. The uses no example
// sets keep the spec's word (effectiveAnalyticsSpecs, connectionStrings).
func (b *builder) readOnlyRule() {
	b.bodyExamples()
	writable := map[[2]string]bool{} // {component, property name}
	for _, ex := range b.api.Examples {
		if ex.Request != nil {
			exampleSets(ex.Type, ex.Value, writable, map[*Type]int{})
		}
	}
	for _, t := range b.api.Types {
		for _, f := range t.Fields {
			if f.ReadOnlyFrom != "" && writable[[2]string{f.ReadOnlyFrom, f.JSON}] {
				f.ReadOnly = false
				f.layout()
			}
		}
	}
}

// exampleSets records, for every key the example value v sets on a struct
// field that inherits readOnly from a component, that pair. depth bounds
// the walk through recursive types (an example is finite, but a union's
// variants are each tried with the same value).
func exampleSets(r *TypeRef, v any, into map[[2]string]bool, seen map[*Type]int) {
	switch r.Kind {
	case KindSlice:
		if l, ok := v.([]any); ok {
			for _, e := range l {
				exampleSets(r.Elem, e, into, seen)
			}
		}
		return
	case KindMap:
		if m, ok := v.(map[string]any); ok {
			for _, e := range m {
				exampleSets(r.Elem, e, into, seen)
			}
		}
		return
	case KindNamed:
	default:
		return
	}
	t := r.Named
	if seen[t] > 8 {
		return
	}
	seen[t]++
	defer func() { seen[t]-- }()
	switch t.Kind {
	case TypeUnion:
		// Which variant the example is does not matter here: a key it sets
		// is set on whichever variant declares it.
		for _, uv := range t.Variants {
			exampleSets(uv.Type, v, into, seen)
		}
	case TypeStruct:
		m, ok := v.(map[string]any)
		if !ok {
			return
		}
		for _, f := range t.Fields {
			fv, set := m[f.JSON]
			if !set {
				continue
			}
			if f.ReadOnlyFrom != "" {
				into[[2]string{f.ReadOnlyFrom, f.JSON}] = true
			}
			exampleSets(f.Type, fv, into, seen)
		}
	}
}

// layout sets how a field is held and when it is left out: objects are
// pointers, and an optional or read-only field is left out when unset.
func (f *Field) layout() {
	ft, opt := f.Type, !f.Required || f.ReadOnly
	f.Pointer, f.OmitEmpty = false, false
	switch {
	case f.Nullable:
		// Nullable[T] tells absent, null and a value apart; objects and
		// unions stay pointers inside it, so recursion still ends.
		f.Pointer = ft.Kind == KindNamed && ft.Named.Kind != TypeEnum
		f.OmitEmpty = opt
	case ft.Kind == KindSlice || ft.Kind == KindMap || ft.Kind == KindAny || ft.Kind == KindRaw:
		f.OmitEmpty = opt
	case ft.Kind == KindNamed:
		f.Pointer = ft.Named.Kind != TypeEnum || opt
		f.OmitEmpty = opt
	default:
		f.Pointer = opt
		f.OmitEmpty = opt
	}
}

// bodyExamples marks the example of a component schema that is a whole
// request body as a request example of the first operation version that
// sends it.
func (b *builder) bodyExamples() {
	bodies := map[*TypeRef]*Example{}
	for _, ex := range b.api.Examples {
		if ex.Request == nil && strings.HasPrefix(ex.Where, componentPrefix) && !strings.Contains(strings.TrimPrefix(ex.Where, componentPrefix), "/") {
			bodies[ex.Type] = ex
		}
	}
	for _, op := range b.api.Operations {
		for _, v := range op.Versions {
			if ex := bodies[v.Body]; ex != nil && v.Body != nil && ex.Request == nil {
				ex.Request, ex.Version = op, v.Name
			}
		}
	}
}
