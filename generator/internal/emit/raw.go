package emit

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/atlasgen/atlasgen/generator/internal/ir"
)

// rawFile emits the table behind the runtime's Raw and CheckRaw (raw.go
// from templates): every operation's path, parameters with their checks,
// and the endpoints of its methods. Raw is how the generated command-line
// client calls an operation it knows only by operationId.
func (e *emitter) rawFile() *jen.File {
	f := e.newFile()
	ops := slices.Clone(e.api.Operations)
	slices.SortFunc(ops, func(a, b *ir.Operation) int { return cmp.Compare(a.ID, b.ID) })
	f.Comment("rawOperations indexes every operation's facts for Raw, sorted by operationId.")
	f.Var().Id("rawOperations").Op("=").Index().Op("*").Id("rawOperation").ValuesFunc(func(g *jen.Group) {
		for _, op := range ops {
			g.Op("&").Id(op.Table)
		}
	})
	f.Line()
	var named []*ir.Operation
	for _, op := range ops {
		if op.Name != op.ID {
			named = append(named, op)
		}
	}
	slices.SortFunc(named, func(a, b *ir.Operation) int { return cmp.Compare(a.Name, b.Name) })
	f.Comment("rawNames are Atlas's names of the operations whose operationId differs, sorted by name.")
	f.Var().Id("rawNames").Op("=").Index().Id("rawName").ValuesFunc(func(g *jen.Group) {
		for _, op := range named {
			g.Values(jen.Dict{jen.Id("name"): jen.Lit(op.Name), jen.Id("id"): jen.Lit(op.ID)})
		}
	})
	f.Line()
	watchersTable(f, ops)
	return f
}

// opTable is an operation's facts as a rawOperation value (raw.go in
// templates): emitted once, beside its typed methods, and read by them,
// by Raw and by CheckRaw.
func opTable(op *ir.Operation) jen.Dict {
	d := jen.Dict{
		jen.Id("id"):   jen.Lit(op.ID),
		jen.Id("path"): pathParts(op),
		jen.Id("variants"): jen.Index().Id("rawVariant").ValuesFunc(func(vg *jen.Group) {
			for _, v := range op.Variants {
				vd := jen.Dict{jen.Id("ep"): jen.Op("&").Id(v.Endpoint)}
				if v.Body != nil && v.BodyNeeded {
					vd[jen.Id("bodyNeeded")] = jen.True()
				}
				vg.Values(vd)
			}
		}),
	}
	if len(op.Params) > 0 {
		d[jen.Id("params")] = jen.Index().Id("rawParam").ValuesFunc(func(pg *jen.Group) {
			for _, p := range op.Params {
				pg.Values(rawParam(p))
			}
		})
	}
	return d
}

// pathParts is op's path template as []pathPart: literal text, and the
// index in op.Params of each path parameter.
func pathParts(op *ir.Operation) *jen.Statement {
	return jen.Index().Id("pathPart").ValuesFunc(func(g *jen.Group) {
		rest := op.Path
		for rest != "" {
			i := strings.IndexByte(rest, '{')
			j := strings.IndexByte(rest[max(i, 0):], '}') + max(i, 0)
			if i < 0 || j < i {
				g.Values(jen.Dict{jen.Id("text"): jen.Lit(rest)})
				return
			}
			if i > 0 {
				g.Values(jen.Dict{jen.Id("text"): jen.Lit(rest[:i])})
			}
			name := rest[i+1 : j]
			rest = rest[j+1:]
			for k, p := range op.Params {
				if p.In == "path" && p.Name == name {
					g.Values(jen.Dict{jen.Id("param"): jen.Lit(k)})
				}
			}
		}
	})
}

func rawParam(p *ir.Param) jen.Dict {
	d := jen.Dict{jen.Id("name"): jen.Lit(p.Name), jen.Id("in"): jen.Lit(p.In)}
	if p.Required {
		d[jen.Id("required")] = jen.True()
	}
	t := p.Type
	if t.Kind == ir.KindSlice || t.Kind == ir.KindTime || t.Kind == ir.KindBuiltin && t.Name == "string" ||
		t.Kind == ir.KindNamed && t.Named.EnumBase == "string" && !hasEmpty(t.Named) {
		d[jen.Id("text")] = jen.True()
	}
	if p.Pattern != nil {
		// A function literal, not the pattern variable itself: the table
		// then stays static data, with no code run at start-up.
		d[jen.Id("match")] = jen.Func().Params(jen.Id("s").String()).Bool().Block(jen.Return(jen.Id(p.Pattern.Var).Dot("MatchString").Call(jen.Id("s"))))
		d[jen.Id("expr")] = jen.Lit(p.Pattern.Expr)
	}
	if vals := EnumValues(p.Type); vals != nil {
		d[jen.Id("enum")] = stringsLit(vals)
	}
	if p.Join != "" {
		d[jen.Id("join")] = jen.Lit(p.Join)
	}
	if p.RefuseDots {
		d[jen.Id("refuseDots")] = jen.True()
	}
	return d
}

// EnumValues returns the values an enum parameter (or each value of a list
// of enums) may take, as sent on the wire; nil when any value goes.
func EnumValues(t *ir.TypeRef) []string {
	if t.Kind == ir.KindSlice {
		t = t.Elem
	}
	if t.Kind != ir.KindNamed || t.Named == nil || t.Named.Kind != ir.TypeEnum {
		return nil
	}
	out := make([]string, 0, len(t.Named.Enum))
	for _, v := range t.Named.Enum {
		out = append(out, fmt.Sprint(v.Value)) // a string as is, an int64 in decimal
	}
	return out
}

// stringsLit is vals as a []string literal.
func stringsLit(vals []string) *jen.Statement {
	return jen.Index().String().ValuesFunc(func(g *jen.Group) {
		for _, v := range vals {
			g.Lit(v)
		}
	})
}
