package emit

import (
	"encoding/json"
	"regexp"
	"strings"

	"github.com/atlasgen/atlasgen/generator/internal/ir"
)

// requestCase is one request body the request walk sends: a spec example
// of the whole body, or a component property's example placed where the
// body holds that component.
type requestCase struct {
	where, json, version, path, endpoint string
	body                                 *ir.TypeRef
}

// pathParam is a path template's parameter: the request walk fills each
// with a plain value.
var pathParam = regexp.MustCompile(`\{[^}]*\}`)

// requestCases are the request walk's bodies: every request-body example,
// then every example of a property of a component that a request body
// holds (not through a read-only property), wrapped in the objects and
// lists that lead to it from the first body, in operation order, that does.
func requestCases(api *ir.API) []requestCase {
	var out []requestCase
	for _, ex := range api.Examples {
		if ep, ver := requestEndpoint(ex.Request, ex.Version); ep != nil {
			out = appendCase(out, ex.Where, ex.Value, ex.Request, ver, ep, ex.Type)
		}
	}
	// Where each component is first reached from a request body.
	type place struct {
		op   *ir.Operation
		ver  *ir.Version
		ep   *ir.Variant
		wrap []step
	}
	reached := map[string]*place{} // by the component's pointer
	for _, op := range api.Operations {
		for _, v := range op.Variants {
			for _, ver := range v.Versions {
				if ver.Body == nil || !ver.HasBody {
					continue
				}
				for t, wrap := range paths(ver.Body) {
					if reached[t.Source] == nil {
						reached[t.Source] = &place{op, ver, v, wrap}
					}
				}
			}
		}
	}
	for _, ex := range api.Examples {
		comp, prop, ok := strings.Cut(strings.TrimPrefix(ex.Where, "#/components/schemas/"), "/properties/")
		if !ok || !strings.HasPrefix(ex.Where, "#/components/schemas/") || strings.Contains(comp, "/") || strings.Contains(prop, "/") {
			continue
		}
		p := reached["#/components/schemas/"+comp]
		if p == nil {
			continue
		}
		var value any = map[string]any{unescape(prop): ex.Value}
		for i := len(p.wrap) - 1; i >= 0; i-- {
			value = p.wrap[i].wrap(value)
		}
		out = appendCase(out, ex.Where, value, p.op, p.ver, p.ep, p.ver.Body)
	}
	return out
}

func appendCase(out []requestCase, where string, value any, op *ir.Operation, ver *ir.Version, v *ir.Variant, body *ir.TypeRef) []requestCase {
	src, err := json.Marshal(value)
	if err != nil {
		return out // YAML that has no JSON form
	}
	return append(out, requestCase{where: where, json: string(src), version: ver.Name, path: pathParam.ReplaceAllString(op.Path, "p"), endpoint: v.Endpoint, body: body})
}

// unescape undoes a JSON pointer segment's escapes.
func unescape(seg string) string {
	return strings.ReplaceAll(strings.ReplaceAll(seg, "~1", "/"), "~0", "~")
}

// step is one level between a body and a component it holds.
type step struct {
	key  string // the property, "" for a list element or a union variant
	list bool
	disc string // a union variant's discriminator property and value, "" when tried
	val  string
}

func (s step) wrap(v any) any {
	switch {
	case s.list:
		return []any{v}
	case s.disc != "":
		if m, ok := v.(map[string]any); ok {
			m[s.disc] = s.val
		}
		return v
	case s.key != "":
		return map[string]any{s.key: v}
	}
	return v
}

// paths finds, for each struct type a body of type r holds, the steps of
// the shortest way to it that passes no read-only property, breadth
// first in field order.
func paths(r *ir.TypeRef) map[*ir.Type][]step {
	out := map[*ir.Type][]step{}
	type item struct {
		r    *ir.TypeRef
		wrap []step
	}
	queue := []item{{r, nil}}
	seen := map[*ir.Type]bool{}
	for len(queue) > 0 {
		it := queue[0]
		queue = queue[1:]
		r, wrap := it.r, it.wrap
		for r.Kind == ir.KindSlice {
			wrap = append(wrap[:len(wrap):len(wrap)], step{list: true})
			r = r.Elem
		}
		if r.Kind != ir.KindNamed || seen[r.Named] {
			continue
		}
		t := r.Named
		seen[t] = true
		switch t.Kind {
		case ir.TypeStruct:
			out[t] = wrap
			for _, f := range t.Fields {
				if !f.ReadOnly {
					queue = append(queue, item{f.Type, append(wrap[:len(wrap):len(wrap)], step{key: f.JSON})})
				}
			}
		case ir.TypeUnion:
			for _, v := range t.Variants {
				s := step{}
				if len(v.Values) > 0 {
					s = step{disc: t.Discriminator, val: v.Values[0]}
				}
				queue = append(queue, item{v.Type, append(wrap[:len(wrap):len(wrap)], s)})
			}
		}
	}
	return out
}

// requestEndpoint is the method that sends an example's version of its
// operation's request body, nil for an example of anything else.
func requestEndpoint(op *ir.Operation, version string) (*ir.Variant, *ir.Version) {
	if op == nil {
		return nil, nil
	}
	for _, v := range op.Variants {
		for _, ver := range v.Versions {
			if ver.Name == version && ver.HasBody {
				return v, ver
			}
		}
	}
	return nil, nil
}
