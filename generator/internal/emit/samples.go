package emit

import (
	"encoding/json"
	"slices"

	"github.com/atlasgen/atlasgen/generator/internal/ir"
)

// unionCase is one payload the example walk decodes into a union, with the
// variant it was written for.
type unionCase struct {
	where   string
	json    string
	union   *ir.Type
	variant string
	exact   bool // a built sample: it must come back as the same JSON
}

// unionCases are, for every union, a sample built for each variant a
// payload can pick (from that variant's own enum values, avoiding those its
// siblings know), and each spec example of a variant the union tries.
func unionCases(api *ir.API) []unionCase {
	var out []unionCase
	triedIn := map[*ir.Type][]*ir.Type{} // variant type -> unions that try it
	for _, t := range api.Types {
		if t.Kind != ir.TypeUnion {
			continue
		}
		tried := t.TriedVariants()
		for _, v := range t.Variants {
			if v.ShadowedBy != "" {
				continue
			}
			if v.Type.Kind == ir.KindNamed && slices.Contains(tried, v) {
				triedIn[v.Type.Named] = append(triedIn[v.Type.Named], t)
			}
			s := &sampler{}
			var val any
			if len(v.Values) > 0 || slices.Contains(tried, v) {
				val = s.variant(t, v)
			}
			if len(v.Values) > 0 {
				obj, ok := val.(map[string]any)
				if !ok {
					continue
				}
				obj[t.Discriminator] = v.Values[0]
			}
			src, err := json.Marshal(val)
			if err != nil {
				continue
			}
			out = append(out, unionCase{where: t.Source + " sample for " + v.Field, json: string(src), union: t, variant: v.Field, exact: !s.partial})
		}
	}
	for _, ex := range api.Examples {
		if ex.Type.Kind != ir.KindNamed {
			continue
		}
		for _, u := range triedIn[ex.Type.Named] {
			src, err := json.Marshal(ex.Value)
			if err != nil {
				continue
			}
			for _, v := range u.TriedVariants() {
				if v.Type.Kind == ir.KindNamed && v.Type.Named == ex.Type.Named {
					out = append(out, unionCase{where: ex.Where + " as " + u.Name, json: string(src), union: u, variant: v.Field})
					break
				}
			}
		}
	}
	return out
}

// sampler builds JSON values of a type. partial says it stopped at its
// depth limit, so the value may not come back whole.
type sampler struct{ partial bool }

const sampleDepth = 6

// variant is the sample for one variant of u: its required properties,
// its properties no sibling declares, and its enum properties holding a
// value no sibling's same property knows, where it has one.
func (s *sampler) variant(u *ir.Type, v *ir.UnionVariant) any {
	avoid := map[string][]any{} // JSON name ("" for an enum variant) -> values siblings know
	own := map[string]bool{}
	if v.Type.Kind == ir.KindNamed && v.Type.Named.Kind == ir.TypeStruct {
		for _, f := range v.Type.Named.Fields {
			own[f.JSON] = true
		}
	}
	for _, w := range u.Variants {
		if w == v || w.Type.Kind != ir.KindNamed {
			continue
		}
		switch w.Type.Named.Kind {
		case ir.TypeEnum:
			avoid[""] = append(avoid[""], ir.EnumValues(w.Type)...)
		case ir.TypeStruct:
			for _, f := range w.Type.Named.Fields {
				delete(own, f.JSON)
				if ir.Checked(f.Type) {
					avoid[f.JSON] = append(avoid[f.JSON], ir.EnumValues(f.Type)...)
				}
			}
		}
	}
	t := v.Type
	if t.Kind != ir.KindNamed {
		return s.value(t, 0)
	}
	switch t.Named.Kind {
	case ir.TypeEnum:
		return s.known(t, avoid[""])
	case ir.TypeStruct:
		m := map[string]any{}
		for _, f := range t.Named.Fields {
			switch {
			case ir.Checked(f.Type):
				m[f.JSON] = s.known(f.Type, avoid[f.JSON])
			case f.Required || own[f.JSON]:
				m[f.JSON] = s.value(f.Type, 1)
			}
		}
		return m
	}
	return s.value(t, 0)
}

// known is a value of a checked type that avoid lacks, or its first value.
func (s *sampler) known(r *ir.TypeRef, avoid []any) any {
	if r.Kind == ir.KindSlice {
		return []any{s.known(r.Elem, avoid)}
	}
	vals := ir.EnumValues(r)
	for _, v := range vals {
		if !slices.Contains(avoid, v) {
			return v
		}
	}
	return vals[0]
}

// value is a sample of r with every required property, non-empty lists and
// maps (an empty one is left out when sent), down to sampleDepth.
func (s *sampler) value(r *ir.TypeRef, depth int) any {
	switch r.Kind {
	case ir.KindBuiltin:
		switch r.Name {
		case "string":
			return "x"
		case "bool":
			return true
		case "float32", "float64":
			return 1.5
		}
		return 1
	case ir.KindTime:
		return "2024-01-02T03:04:05Z"
	case ir.KindSlice:
		return []any{s.value(r.Elem, depth+1)}
	case ir.KindMap:
		return map[string]any{"k": s.value(r.Elem, depth+1)}
	case ir.KindAny:
		return "x"
	case ir.KindRaw:
		return map[string]any{}
	}
	t := r.Named
	if t.Kind == ir.TypeEnum {
		if len(t.Enum) > 0 {
			return t.Enum[0].Value
		}
		if t.EnumBase == "int" {
			return 1
		}
		return "x"
	}
	if depth > sampleDepth {
		s.partial = true
		return nil
	}
	if t.Kind == ir.TypeStruct {
		m := map[string]any{}
		for _, f := range t.Fields {
			if f.Required {
				m[f.JSON] = s.value(f.Type, depth+1)
			}
		}
		return m
	}
	for _, v := range t.Variants { // a union: its first variant a payload can pick
		if v.ShadowedBy != "" || (t.Discriminator != "" && len(v.Values) == 0) {
			continue
		}
		val := s.value(v.Type, depth+1)
		if obj, ok := val.(map[string]any); ok && len(v.Values) > 0 {
			obj[t.Discriminator] = v.Values[0]
		}
		return val
	}
	s.partial = true
	return nil
}
