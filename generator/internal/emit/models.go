package emit

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/atlasgen/atlasgen/generator/internal/ir"
)

// modelFile holds the named types whose names share a first letter: a few
// dozen files for the whole API rather than one per type, which made
// creating files most of a full run's wall time.
func (e *emitter) modelFile(types []*ir.Type) *jen.File {
	f := e.newFile()
	for i, t := range types {
		if i > 0 {
			f.Line()
		}
		e.model(f, t)
	}
	return f
}

func (e *emitter) model(f *jen.File, t *ir.Type) {
	text := t.Doc
	if text == "" {
		text = t.Name + " is the schema " + t.Source + "."
	} else {
		text = t.Name + ": " + text
	}
	if t.Deprecated {
		text += "\n\nDeprecated: the spec marks this schema deprecated."
	}
	f.Add(doc(text))
	switch t.Kind {
	case ir.TypeStruct:
		e.structType(f, t)
	case ir.TypeEnum:
		e.enumType(f, t)
	case ir.TypeUnion:
		e.unionType(f, t)
	}
}

func fieldDoc(fl *ir.Field) string {
	var parts []string
	if fl.Doc != "" {
		parts = append(parts, fl.Doc)
	}
	var marks []string
	if fl.ReadOnly {
		marks = append(marks, "Read-only: set by Atlas, ignored in requests.")
	}
	if fl.WriteOnly {
		marks = append(marks, "Write-only: sent in requests, never returned.")
	}
	if len(marks) > 0 {
		parts = append(parts, strings.Join(marks, " "))
	}
	if fl.Deprecated {
		parts = append(parts, "Deprecated: the spec marks this field deprecated.")
	}
	return strings.Join(parts, "\n\n")
}

func (e *emitter) structType(f *jen.File, t *ir.Type) {
	names := map[string]bool{}
	for _, fl := range t.Fields {
		names[fl.Name] = true
	}
	f.Type().Id(t.Name).StructFunc(func(g *jen.Group) {
		for _, fl := range t.Fields {
			tag := fl.JSON
			if tag == "-" {
				tag = "-," // the name "-": a bare "-" tells encoding/json to skip the field
			}
			if fl.OmitEmpty {
				tag = strings.TrimSuffix(tag, ",") + ",omitempty"
			}
			ft := typ(fl.Type)
			if fl.Pointer {
				ft = jen.Op("*").Add(ft)
			}
			g.Add(doc(fieldDoc(fl)))
			g.Id(fl.Name).Add(ft).Tag(map[string]string{"json": tag})
		}
	})
	for _, fl := range t.Fields {
		getter := "Get" + fl.Name
		if names[getter] {
			continue // a field already has the getter's name
		}
		f.Line()
		// Objects come back as their pointer, so getters chain safely:
		// c.GetA().GetB() is the zero value when A is nil.
		if fl.Pointer && fl.Type.Kind == ir.KindNamed && fl.Type.Named.Kind != ir.TypeEnum {
			f.Comment(fmt.Sprintf("%s returns the %s field; nil when o or the field is nil.", getter, fl.Name))
			f.Func().Params(jen.Id("o").Op("*").Id(t.Name)).Id(getter).Params().Op("*").Add(typ(fl.Type)).Block(
				jen.If(jen.Id("o").Op("==").Nil()).Block(jen.Return(jen.Nil())),
				jen.Return(jen.Id("o").Dot(fl.Name)),
			)
			continue
		}
		f.Comment(fmt.Sprintf("%s returns the %s field, or its zero value when o or the field is nil.", getter, fl.Name))
		f.Func().Params(jen.Id("o").Op("*").Id(t.Name)).Id(getter).Params().Add(typ(fl.Type)).BlockFunc(func(g *jen.Group) {
			cond := jen.Id("o").Op("==").Nil()
			if fl.Pointer {
				cond = cond.Op("||").Id("o").Dot(fl.Name).Op("==").Nil()
			}
			g.If(cond).Block(
				jen.Var().Id("zero").Add(typ(fl.Type)),
				jen.Return(jen.Id("zero")),
			)
			if fl.Pointer {
				g.Return(jen.Op("*").Id("o").Dot(fl.Name))
			} else {
				g.Return(jen.Id("o").Dot(fl.Name))
			}
		})
	}
}

func (e *emitter) enumType(f *jen.File, t *ir.Type) {
	f.Type().Id(t.Name).Id(t.EnumBase)
	if len(t.Enum) == 0 {
		return
	}
	f.Line()
	f.Comment("Values of " + t.Name + " named by the spec.")
	f.Const().DefsFunc(func(g *jen.Group) {
		for _, v := range t.Enum {
			var lit jen.Code
			switch x := v.Value.(type) {
			case string:
				lit = jen.Lit(x)
			case int64:
				lit = jen.Lit(int(x))
			default:
				lit = jen.Lit(fmt.Sprint(x))
			}
			if v.Doc != "" {
				g.Comment(v.Const + " " + v.Doc)
			}
			g.Id(v.Const).Id(t.Name).Op("=").Add(lit)
		}
	})
	if !t.IsKnown {
		return
	}
	f.Line()
	f.Comment("IsKnown reports whether v is one of the values the spec names. Atlas adds")
	f.Comment("values over time, so an unknown value is not an error by itself.")
	f.Func().Params(jen.Id("v").Id(t.Name)).Id("IsKnown").Params().Bool().Block(
		jen.Switch(jen.Id("v")).Block(
			jen.CaseFunc(func(g *jen.Group) {
				for _, v := range t.Enum {
					g.Id(v.Const)
				}
			}).Block(jen.Return(jen.True())),
		),
		jen.Return(jen.False()),
	)
}

func (e *emitter) unionType(f *jen.File, t *ir.Type) {
	f.Comment("")
	how := "The variants are tried in order: the first that decodes without unknown fields, has every required field and, for an enum, a known value wins; failing that, the first that decodes without unknown fields."
	if t.Discriminator != "" {
		how = "The " + strconv.Quote(t.Discriminator) + " property selects the variant."
	}
	f.Comment("Exactly one field is set. " + how + " A payload no variant accepts is kept in Raw, and re-encoded as it came.")
	f.Type().Id(t.Name).StructFunc(func(g *jen.Group) {
		for _, v := range t.Variants {
			d := ""
			if len(v.Values) > 0 {
				d = fmt.Sprintf("// %s is set when %s is %s.", v.Field, t.Discriminator, strings.Join(quoteAll(v.Values), " or "))
				g.Comment(d)
			}
			g.Id(v.Field).Op("*").Add(typ(v.Type))
		}
		g.Comment("// Raw is the payload when no variant matched it.")
		g.Id("Raw").Qual("encoding/json", "RawMessage")
	})

	// MarshalJSON
	f.Line()
	f.Comment("MarshalJSON encodes the variant that is set.")
	f.Func().Params(jen.Id("u").Id(t.Name)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).BlockFunc(func(g *jen.Group) {
		for _, v := range t.Variants {
			g.If(jen.Id("u").Dot(v.Field).Op("!=").Nil()).Block(jen.Return(jen.Qual("encoding/json", "Marshal").Call(jen.Id("u").Dot(v.Field))))
		}
		g.If(jen.Id("u").Dot("Raw").Op("!=").Nil()).Block(jen.Return(jen.Id("u").Dot("Raw"), jen.Nil()))
		g.Return(jen.Index().Byte().Call(jen.Lit("null")), jen.Nil())
	})

	// UnmarshalJSON
	f.Line()
	f.Comment("UnmarshalJSON decodes the payload into the variant it belongs to.")
	f.Func().Params(jen.Id("u").Op("*").Id(t.Name)).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().BlockFunc(func(g *jen.Group) {
		g.Op("*").Id("u").Op("=").Id(t.Name).Values()
		if t.Discriminator != "" {
			g.Var().Id("probe").Struct(jen.Id("Kind").Qual("encoding/json", "RawMessage").Tag(map[string]string{"json": t.Discriminator}))
			g.If(jen.Err().Op(":=").Qual("encoding/json", "Unmarshal").Call(jen.Id("data"), jen.Op("&").Id("probe")), jen.Err().Op("!=").Nil()).Block(
				jen.Return(jen.Qual("fmt", "Errorf").Call(jen.Lit(t.Name+": %w"), jen.Err())),
			)
			g.Var().Id("kind").String()
			g.Id("_").Op("=").Qual("encoding/json", "Unmarshal").Call(jen.Id("probe").Dot("Kind"), jen.Op("&").Id("kind"))
			g.Switch(jen.Id("kind")).BlockFunc(func(sw *jen.Group) {
				for _, v := range t.Variants {
					if len(v.Values) == 0 {
						continue
					}
					var lits []jen.Code
					for _, val := range v.Values {
						lits = append(lits, jen.Lit(val))
					}
					sw.Case(lits...).Block(
						jen.Id("u").Dot(v.Field).Op("=").New(typ(v.Type)),
						jen.Return(jen.Qual("encoding/json", "Unmarshal").Call(jen.Id("data"), jen.Id("u").Dot(v.Field))),
					)
				}
			})
		}
		// Variants without a discriminator value are tried in order, first
		// strictly (every required field present, enum values known), then
		// leniently, so overlapping variants pick the one that fits best.
		var tried []*ir.UnionVariant
		for _, v := range t.Variants {
			if t.Discriminator == "" || len(v.Values) == 0 {
				tried = append(tried, v)
			}
		}
		needKeys := slices.ContainsFunc(tried, func(v *ir.UnionVariant) bool { return len(requiredJSON(v.Type)) > 0 })
		if needKeys {
			g.Var().Id("keys").Map(jen.String()).Qual("encoding/json", "RawMessage")
			g.Id("_").Op("=").Qual("encoding/json", "Unmarshal").Call(jen.Id("data"), jen.Op("&").Id("keys"))
		}
		// attempt emits one try: decode into a new v and, when cond holds, keep it.
		attempt := func(v *ir.UnionVariant, cond *jen.Statement) {
			g.If(jen.Id("v").Op(":=").New(typ(v.Type)), cond).Block(
				jen.Id("u").Dot(v.Field).Op("=").Id("v"),
				jen.Return(jen.Nil()),
			)
		}
		decodes := func() *jen.Statement {
			return jen.Id("decodeStrict").Call(jen.Id("data"), jen.Id("v")).Op("==").Nil()
		}
		var lenient []*ir.UnionVariant
		for _, v := range tried {
			cond := decodes()
			fits := false
			for _, k := range requiredJSON(v.Type) {
				cond.Op("&&").Id("keys").Index(jen.Lit(k)).Op("!=").Nil()
				fits = true
			}
			if v.Type.Kind == ir.KindNamed && v.Type.Named.IsKnown {
				cond.Op("&&").Id("v").Dot("IsKnown").Call()
				fits = true
			}
			if fits {
				lenient = append(lenient, v)
			}
			attempt(v, cond)
		}
		for _, v := range lenient {
			attempt(v, decodes())
		}
		g.Id("u").Dot("Raw").Op("=").Append(jen.Qual("encoding/json", "RawMessage").Call(jen.Nil()), jen.Id("data").Op("..."))
		g.Return(jen.Nil())
	})
}

// requiredJSON are the JSON names of a struct variant's required fields.
// Read-only fields are left out: a request body does not carry them.
func requiredJSON(t *ir.TypeRef) []string {
	if t.Kind != ir.KindNamed || t.Named.Kind != ir.TypeStruct {
		return nil
	}
	var out []string
	for _, f := range t.Named.Fields {
		if f.Required && !f.ReadOnly {
			out = append(out, f.JSON)
		}
	}
	return out
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strconv.Quote(s)
	}
	return out
}
