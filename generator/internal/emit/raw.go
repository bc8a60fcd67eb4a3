package emit

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/dave/jennifer/jen"

	"github.com/atlasgen/atlasgen/generator/internal/ir"
	"github.com/atlasgen/atlasgen/generator/internal/naming"
)

// rawFile emits the table behind the runtime's Raw, CheckRaw, Operations
// and LookupOperation (raw.go from templates): the list of every
// operation's facts (path, parameters with their checks, the endpoints of
// its methods), and the parameter descriptions several share. Raw is how
// the generated command-line client calls an operation it knows only by
// operationId.
func (e *emitter) rawFile() *jen.File {
	f := e.newFile()
	// In the IR's order, by method name: Operations() lists them so, and
	// Raw finds one through an index built on first use (raw.go).
	f.Comment("rawOperations are every operation's facts, sorted by method name: the rows of Operations().")
	f.Var().Id("rawOperations").Op("=").Index().Op("*").Id("rawOperation").ValuesFunc(func(g *jen.Group) {
		for _, op := range e.api.Operations {
			g.Op("&").Id(op.Table)
		}
	})
	f.Line()
	if len(e.shared) > 0 {
		vars := slices.SortedFunc(maps.Values(e.shared), func(a, b sharedParam) int { return cmp.Compare(a.name, b.name) })
		vars = slices.CompactFunc(vars, func(a, b sharedParam) bool { return a.name == b.name })
		f.Comment("The parameters several operations share, each described once and named after its spec name.")
		f.Var().DefsFunc(func(g *jen.Group) {
			for _, v := range vars {
				g.Id(v.name).Op("=").Id("rawParam").Values(rawParam(v.param))
			}
		})
		f.Line()
	}
	byID := slices.Clone(e.api.Operations)
	slices.SortFunc(byID, func(a, b *ir.Operation) int { return cmp.Compare(a.ID, b.ID) })
	watchersTable(f, byID)
	return f
}

// opTable is an operation's facts as a rawOperation value (raw.go in
// templates): emitted once, beside its typed methods, and read by them,
// by Raw and CheckRaw, and by the versions table (Operations).
func opTable(op *ir.Operation, shared map[*ir.Param]sharedParam) jen.Dict {
	d := jen.Dict{
		jen.Id("tag"):  jen.Lit(op.Tag.Name),
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
	if op.Name != op.ID {
		d[jen.Id("name")] = jen.Lit(op.Name)
	}
	if op.Deprecated {
		d[jen.Id("deprecated")] = jen.True()
	}
	if len(op.Params) > 0 {
		d[jen.Id("params")] = jen.Index().Op("*").Id("rawParam").ValuesFunc(func(pg *jen.Group) {
			for _, p := range op.Params {
				if sp, ok := shared[p]; ok {
					pg.Op("&").Id(sp.name)
				} else {
					pg.Values(rawParam(p))
				}
			}
		})
	}
	return d
}

// pathParts is op's path template as []pathPart: literal text, and the
// index in op.Params of each path parameter.
func pathParts(op *ir.Operation) *jen.Statement {
	return jen.Index().Id("pathPart").ValuesFunc(func(g *jen.Group) {
		for _, part := range op.PathParts {
			if part.Param == nil {
				g.Values(jen.Dict{jen.Id("text"): jen.Lit(part.Text)})
			} else {
				g.Values(jen.Dict{jen.Id("param"): jen.Lit(slices.Index(op.Params, part.Param))})
			}
		}
	})
}

// sharedParam is a parameter description that several operations share,
// emitted once as a variable.
type sharedParam struct {
	name  string    // the variable
	param *ir.Param // one of the parameters it describes
}

// paramKey is p's description as the table writes it: two parameters with
// the same key make the same checks. It is jennifer's text unformatted:
// equal descriptions render to equal text either way, and go/format on
// each parameter of the full spec cost a twentieth of a run.
func paramKey(p *ir.Param) string {
	f := jen.NewFile("key")
	f.NoFormat = true
	f.Add(jen.Values(rawParam(p)))
	return f.GoString()
}

// sharedParams names each parameter description that two parameters or
// more have (the same paramKey), and returns the name for each of those
// parameters: "param" and the exported spec name (paramGroupID).
// Descriptions of the same name are taken in the order of their text as
// gofmt writes it (formatted once per description), and a name already
// given gets the lowest free number, so a name depends on the
// descriptions, never on positions.
func sharedParams(ops []*ir.Operation) map[*ir.Param]sharedParam {
	count := map[string]int{}
	first := map[string]*ir.Param{}
	keyOf := map[*ir.Param]string{}
	for _, op := range ops {
		for _, p := range op.Params {
			k := paramKey(p)
			keyOf[p] = k
			if count[k]++; first[k] == nil {
				first[k] = p
			}
		}
	}
	var keys []string
	for k, n := range count {
		if n > 1 {
			keys = append(keys, k)
		}
	}
	text := make(map[string]string, len(keys))
	for _, k := range keys {
		text[k] = fmt.Sprintf("%#v", jen.Values(rawParam(first[k])))
	}
	slices.SortFunc(keys, func(a, b string) int {
		return cmp.Or(cmp.Compare(first[a].Name, first[b].Name), cmp.Compare(text[a], text[b]))
	})
	named := make(map[string]sharedParam, len(keys))
	taken := map[string]bool{}
	for _, k := range keys {
		base := "param" + naming.Exported(first[k].Name)
		name := base
		for i := 2; taken[name]; i++ {
			name = base + strconv.Itoa(i)
		}
		taken[name] = true
		named[k] = sharedParam{name: name, param: first[k]}
	}
	out := map[*ir.Param]sharedParam{}
	for p, k := range keyOf {
		if sp, ok := named[k]; ok {
			out[p] = sp
		}
	}
	return out
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
	if k := paramKind(p.Type); k != "string" {
		d[jen.Id("kind")] = jen.Lit(k)
	}
	if p.Default != nil {
		d[jen.Id("def")] = jen.Lit(fmt.Sprint(p.Default))
	}
	if p.Deprecated {
		d[jen.Id("deprecated")] = jen.True()
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
