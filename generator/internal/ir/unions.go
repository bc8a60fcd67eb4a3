package ir

import (
	"fmt"
	"slices"

	"github.com/atlasgen/atlasgen/generator/internal/guard"
)

// TriedVariants are the variants a union decodes by trying: all of them
// without a discriminator, else those no discriminator value selects.
func (t *Type) TriedVariants() []*UnionVariant {
	var out []*UnionVariant
	for _, v := range t.Variants {
		if t.Discriminator == "" || len(v.Values) == 0 {
			out = append(out, v)
		}
	}
	return out
}

// FitRequired are the JSON names a payload must carry for the struct to fit
// as a union variant. Read-only properties are left out because a request
// body does not carry them, and write-only ones because a response does not.
func (t *Type) FitRequired() []string {
	var out []string
	for _, f := range t.Fields {
		if f.Required && !f.ReadOnly && !f.WriteOnly {
			out = append(out, f.JSON)
		}
	}
	return out
}

// Checked reports whether a value of r is checked against its known
// values when a union tries a struct holding it: an enum with values, a
// union of such enums, or a list of either.
func Checked(r *TypeRef) bool {
	if r.Kind == KindSlice {
		return Checked(r.Elem)
	}
	return r.Kind == KindNamed && r.Named.IsKnown
}

// unionFacts runs once every type is built. It marks what decoding by
// trying needs: a fit method on each struct variant, IsKnown on the enums
// (and unions of enums) those structs hold, and a fit method that asks
// IsKnown on each variant that has it and is no struct. It reports the
// variants no payload can tell from an earlier one.
func (b *builder) unionFacts() {
	for _, t := range b.api.Types {
		if t.Kind == TypeUnion {
			for _, v := range t.TriedVariants() {
				if v.Type.Kind == KindNamed && v.Type.Named.Kind == TypeStruct {
					v.Type.Named.Fit = true
					for _, f := range v.Type.Named.Fields {
						markKnown(f.Type)
					}
				}
			}
		}
	}
	for _, t := range b.api.Types {
		if t.Kind == TypeUnion {
			for _, v := range t.TriedVariants() {
				if v.Type.Kind == KindNamed && v.Type.Named.IsKnown {
					v.Type.Named.Fit = true
				}
			}
		}
	}
	for _, t := range b.api.Types {
		if t.Kind != TypeUnion {
			continue
		}
		tried := t.TriedVariants()
		for _, v := range tried {
			for _, w := range tried {
				if v != w && narrower(v.Type, w.Type) {
					v.Narrower = append(v.Narrower, w.Field)
				}
			}
		}
		for j, v := range tried {
			for _, w := range tried[:j] {
				if covers(w.Type, v.Type) {
					v.ShadowedBy = w.Field
					b.api.Report.Notes = append(b.api.Report.Notes, fmt.Sprintf("%s: union %s: no payload tells variant %s from %s, which comes first and wins", t.Source, t.Name, v.Field, w.Field))
					break
				}
			}
		}
	}
}

// markKnown gives IsKnown to an enum with values, to a union whose variants
// are all such enums, and to the elements of a list of either.
func markKnown(r *TypeRef) {
	if r.Kind == KindSlice {
		markKnown(r.Elem)
		return
	}
	if r.Kind != KindNamed {
		return
	}
	switch t := r.Named; t.Kind {
	case TypeEnum:
		t.IsKnown = len(t.Enum) > 0 || t.IsKnown
	case TypeUnion:
		if t.Discriminator != "" || len(t.Variants) == 0 {
			return
		}
		for _, v := range t.Variants {
			if v.Type.Kind != KindNamed || v.Type.Named.Kind != TypeEnum || len(v.Type.Named.Enum) == 0 {
				return
			}
		}
		t.IsKnown = true
		for _, v := range t.Variants {
			v.Type.Named.IsKnown = true
		}
	}
}

// covers reports whether every payload that fits b fits a at least as
// well, so that a, tried first, always wins. It errs towards false: a
// variant it misses is one the example walk's samples would catch.
func covers(a, b *TypeRef) bool {
	if narrower(b, a) {
		return false
	}
	if a.Kind == KindAny {
		return true
	}
	if a.Kind != KindNamed || b.Kind != KindNamed {
		return fieldCovers(a, b)
	}
	an, bn := a.Named, b.Named
	if an.Kind != TypeStruct || bn.Kind != TypeStruct {
		return fieldCovers(a, b)
	}
	if an == bn {
		return true
	}
	// a must declare every property of b, with a type that takes every
	// value b's does; ask for no more than b does; and check nothing b
	// lacks (a payload could carry that key with an unknown value).
	af := map[string]*Field{}
	for _, f := range an.Fields {
		af[f.JSON] = f
	}
	bf := map[string]bool{}
	for _, f := range bn.Fields {
		bf[f.JSON] = true
		g, ok := af[f.JSON]
		if !ok || Checked(g.Type) != Checked(f.Type) || !fieldCovers(g.Type, f.Type) {
			return false
		}
	}
	for _, f := range an.Fields {
		if !bf[f.JSON] && Checked(f.Type) {
			return false
		}
	}
	breq := bn.FitRequired()
	for _, r := range an.FitRequired() {
		if !slices.Contains(breq, r) {
			return false
		}
	}
	return true
}

// fieldCovers reports whether every value of b decodes into a and passes
// a's known-value check.
func fieldCovers(a, b *TypeRef) bool {
	switch {
	case a.Kind == KindAny:
		return true
	case a.Kind == KindSlice && b.Kind == KindSlice, a.Kind == KindMap && b.Kind == KindMap:
		return fieldCovers(a.Elem, b.Elem)
	case a.Kind == KindNamed && b.Kind == KindNamed && a.Named == b.Named:
		return true
	case Checked(a):
		if !Checked(b) || a.Kind == KindSlice || b.Kind == KindSlice {
			return false
		}
		bv := EnumValues(b)
		av := EnumValues(a)
		for _, v := range bv {
			if !slices.Contains(av, v) {
				return false
			}
		}
		return true
	}
	// a takes any value of its base type.
	return base(a) != "" && base(a) == base(b)
}

// base is the Go base type of a builtin or an enum, "" for anything else.
func base(r *TypeRef) string {
	switch {
	case r.Kind == KindBuiltin, r.Kind == KindTime:
		return r.Name
	case r.Kind == KindNamed && r.Named.Kind == TypeEnum:
		return r.Named.EnumBase
	}
	return ""
}

// EnumValues are the values an enum, a union of enums, or a list of
// either knows. A union may hold itself (MutU: oneOf: [$ref MutU]); the
// shared guard ends the walk there.
func EnumValues(r *TypeRef) []any {
	var path guard.Path[*Type]
	return enumValues(r, &path)
}

func enumValues(r *TypeRef, path *guard.Path[*Type]) []any {
	r = elem(r)
	if r.Kind != KindNamed || path.Enter(r.Named) != guard.In {
		return nil
	}
	defer path.Leave(r.Named)
	var out []any
	switch r.Named.Kind {
	case TypeEnum:
		for _, v := range r.Named.Enum {
			out = append(out, v.Value)
		}
	case TypeUnion:
		for _, v := range r.Named.Variants {
			out = append(out, enumValues(v.Type, path)...)
		}
	}
	return out
}

// Width is how many distinct values a checked type knows: the narrower a
// variant's checks, the more specific its fit.
func Width(r *TypeRef) int {
	seen := map[any]bool{}
	for _, v := range EnumValues(r) {
		seen[v] = true
	}
	return len(seen)
}

// narrower reports whether a payload that fits both a and b says more about
// a: on some property a checks what b checks with fewer known values, or
// checks what b takes as any value, and on none is a's check wider.
func narrower(a, b *TypeRef) bool {
	if a.Kind != KindNamed || b.Kind != KindNamed || a.Named.Kind != TypeStruct || b.Named.Kind != TypeStruct {
		return narrowerCheck(a, b) > 0
	}
	af := map[string]*Field{}
	for _, f := range a.Named.Fields {
		af[f.JSON] = f
	}
	strict := false
	for _, f := range b.Named.Fields {
		g, ok := af[f.JSON]
		if !ok {
			continue
		}
		switch narrowerCheck(g.Type, f.Type) {
		case -1:
			return false
		case 1:
			strict = true
		}
	}
	return strict
}

// narrowerCheck compares the checks of one property: 1 when a's is
// strictly narrower than b's, -1 when it is wider or they know different
// values, 0 when they are the same or neither checks.
func narrowerCheck(a, b *TypeRef) int {
	ca, cb := Checked(a), Checked(b)
	switch {
	case !ca && !cb:
		return 0
	case !ca:
		return -1
	case !cb:
		if base(elem(a)) != "" && base(elem(a)) == base(elem(b)) {
			return 1
		}
		return 0
	}
	bv := EnumValues(b)
	for _, v := range EnumValues(a) {
		if !slices.Contains(bv, v) {
			return -1
		}
	}
	if Width(a) < Width(b) {
		return 1
	}
	return 0
}

// elem is the element type of a list, or r itself.
func elem(r *TypeRef) *TypeRef {
	if r.Kind == KindSlice {
		return elem(r.Elem)
	}
	return r
}

// HoldsObjects reports whether a value of r holds, below its own keys, an
// object that a plain struct decodes: the keys only a strict decode can
// vouch for when a union tries r (see chooseVariant). Unions, enums and
// free-form values do not count: a union checks its own payload, and any
// value takes every key.
func HoldsObjects(r *TypeRef) bool {
	if r.Kind == KindNamed && r.Named.Kind == TypeStruct {
		for _, f := range r.Named.Fields {
			if holdsStruct(f.Type) {
				return true
			}
		}
		return false
	}
	return holdsStruct(r)
}

func holdsStruct(r *TypeRef) bool {
	switch r.Kind {
	case KindSlice, KindMap:
		return holdsStruct(r.Elem)
	case KindNamed:
		return r.Named.Kind == TypeStruct
	}
	return false
}
