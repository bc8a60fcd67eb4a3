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
	if t.Fit {
		defer fitMethod(f, t)
	}
	names := map[string]bool{}
	for _, fl := range t.Fields {
		names[fl.Name] = true
	}
	f.Type().Id(t.Name).StructFunc(func(g *jen.Group) {
		defer func() {
			g.Line()
			g.Comment("The keys Atlas sent that the spec does not declare: see ExtraFields.")
			g.Id("extraFields")
		}()
		for _, fl := range t.Fields {
			name := fl.JSON
			if name == "-" {
				name = "-," // the name "-": a bare "-" tells encoding/json to skip the field
			}
			tags := map[string]string{"json": name}
			switch {
			case fl.OmitEmpty && (fl.Nullable || fl.Type.Kind == ir.KindSlice || fl.Type.Kind == ir.KindMap):
				// omitzero: an empty list or map the caller set is sent
				// ([] or {}, a PATCH that clears it); only nil is absent.
				tags["json"] = strings.TrimSuffix(name, ",") + ",omitzero"
			case fl.OmitEmpty:
				tags["json"] = strings.TrimSuffix(name, ",") + ",omitempty"
			}
			if fl.ReadOnly {
				tags["atlas"] = "readonly" // request bodies drop it
			}
			g.Add(doc(fieldDoc(fl)))
			g.Id(fl.Name).Add(fieldType(fl)).Tag(tags)
		}
	})
	for _, fl := range t.Fields {
		getter := "Get" + fl.Name
		if names[getter] {
			continue // a field already has the getter's name
		}
		// No doc comment, as protobuf-go's getters have none: the package
		// doc says once what every getter does, and the field has the doc.
		f.Line()
		if fl.Nullable {
			f.Func().Params(jen.Id("o").Op("*").Id(t.Name)).Id(getter).Params().Add(valueType(fl)).Block(
				jen.If(jen.Id("o").Op("==").Nil()).Block(jen.Return(zeroValue(fl))),
				jen.List(jen.Id("v"), jen.Id("_")).Op(":=").Id("o").Dot(fl.Name).Dot("Get").Call(),
				jen.Return(jen.Id("v")),
			)
			continue
		}
		// Objects come back as their pointer, so getters chain safely:
		// c.GetA().GetB() is the zero value when A is nil.
		if fl.Pointer && fl.Type.Kind == ir.KindNamed && fl.Type.Named.Kind != ir.TypeEnum {
			f.Func().Params(jen.Id("o").Op("*").Id(t.Name)).Id(getter).Params().Op("*").Add(typ(fl.Type)).Block(
				jen.If(jen.Id("o").Op("==").Nil()).Block(jen.Return(jen.Nil())),
				jen.Return(jen.Id("o").Dot(fl.Name)),
			)
			continue
		}
		f.Func().Params(jen.Id("o").Op("*").Id(t.Name)).Id(getter).Params().Add(typ(fl.Type)).BlockFunc(func(g *jen.Group) {
			cond := jen.Id("o").Op("==").Nil()
			if fl.Pointer {
				cond = cond.Op("||").Id("o").Dot(fl.Name).Op("==").Nil()
			}
			g.If(cond).Block(jen.Return(zero(fl.Type)))
			if fl.Pointer {
				g.Return(jen.Op("*").Id("o").Dot(fl.Name))
			} else {
				g.Return(jen.Id("o").Dot(fl.Name))
			}
		})
	}
}

// zeroValue is the zero value of a field's value (valueType).
func zeroValue(fl *ir.Field) *jen.Statement {
	if fl.Pointer {
		return jen.Nil()
	}
	return zero(fl.Type)
}

// zero is the literal of t's zero value, as a person writes it in a
// return: "", 0, false, nil or T{}.
func zero(t *ir.TypeRef) *jen.Statement {
	switch t.Kind {
	case ir.KindBuiltin:
		switch t.Name {
		case "string":
			return jen.Lit("")
		case "bool":
			return jen.False()
		}
		return jen.Lit(0)
	case ir.KindTime:
		return jen.Qual("time", "Time").Values()
	case ir.KindNamed:
		switch {
		case t.Named.Kind != ir.TypeEnum:
			return jen.Id(t.Name).Values()
		case t.Named.EnumBase == "int":
			return jen.Lit(0)
		}
		return jen.Lit("")
	}
	return jen.Nil() // slices, maps, any, json.RawMessage
}

// valueType is the Go type of a field's value: T, or *T for an object.
func valueType(fl *ir.Field) *jen.Statement {
	if fl.Pointer {
		return jen.Op("*").Add(typ(fl.Type))
	}
	return typ(fl.Type)
}

// fieldType is the declared type of a field: Nullable[T] when the spec
// says it may be null.
func fieldType(fl *ir.Field) *jen.Statement {
	if fl.Nullable {
		return jen.Id("Nullable").Index(valueType(fl))
	}
	return valueType(fl)
}

// fitMethod emits fit for a struct a union decodes by trying (the fitter
// interface of models.go): its required properties present, its enum
// properties known, and how many of the payload's keys it declares.
func fitMethod(f *jen.File, t *ir.Type) {
	var declared []jen.Code
	for _, fl := range t.Fields {
		declared = append(declared, jen.Lit(fl.JSON))
	}
	var conds []jen.Code
	for _, k := range t.FitRequired() {
		conds = append(conds, jen.Id("keys").Index(jen.Lit(k)).Op("!=").Nil())
	}
	for _, fl := range t.Fields {
		if !ir.Checked(fl.Type) {
			continue
		}
		field := jen.Id("o").Dot(fl.Name)
		switch {
		case fl.Nullable && fl.Type.Kind == ir.KindSlice:
			// A list's elements have IsKnown. Absent and null hold a nil
			// list, which passes.
			conds = append(conds, jen.Id("allKnown").Call(field.Dot("value"), isKnown(fl.Type.Elem, false)))
		case fl.Nullable:
			conds = append(conds, field.Dot("known").Call(isKnown(fl.Type, fl.Pointer)))
		case fl.Type.Kind == ir.KindSlice:
			conds = append(conds, jen.Id("allKnown").Call(field, isKnown(fl.Type.Elem, false)))
		case fl.Pointer:
			conds = append(conds, jen.Parens(jen.Id("o").Dot(fl.Name).Op("==").Nil().Op("||").Add(field.Dot("IsKnown").Call())))
		default: // a required enum: absent is the required check's business
			conds = append(conds, jen.Parens(jen.Id("keys").Index(jen.Lit(fl.JSON)).Op("==").Nil().Op("||").Add(field.Dot("IsKnown").Call())))
		}
	}
	ok := jen.True()
	if len(conds) > 0 {
		ok = jen.Add(conds[0])
		for _, c := range conds[1:] {
			ok = ok.Op("&&").Add(c)
		}
	}
	f.Line()
	f.Comment("fit tells a union that tries " + t.Name + " whether the payload fits it; see fitter.")
	f.Func().Params(jen.Id("o").Op("*").Id(t.Name)).Id("fit").Params(jen.Id("keys").Map(jen.String()).Qual("encoding/json", "RawMessage")).Params(jen.Id("used").Int(), jen.Id("ok").Bool()).BlockFunc(func(g *jen.Group) {
		if len(declared) > 0 {
			g.For(jen.List(jen.Id("_"), jen.Id("k")).Op(":=").Range().Index(jen.Op("...")).String().Values(declared...)).Block(
				jen.If(jen.List(jen.Id("_"), jen.Id("has")).Op(":=").Id("keys").Index(jen.Id("k")), jen.Id("has")).Block(jen.Id("used").Op("++")),
			)
		}
		g.Return(jen.Id("used"), ok)
	})
}

// isKnown is the method expression T.IsKnown (or (*T).IsKnown) that
// known and allKnown call: named here, it links only the IsKnown of the
// types a linked fit checks.
func isKnown(r *ir.TypeRef, pointer bool) *jen.Statement {
	if pointer {
		return jen.Parens(jen.Op("*").Add(typ(r))).Dot("IsKnown")
	}
	return typ(r).Dot("IsKnown")
}

// knownFitMethod emits fit for an enum, or a union of enums, that a union
// decodes by trying: it fits when it holds a value the spec names.
func knownFitMethod(f *jen.File, t *ir.Type) {
	f.Line()
	f.Comment("fit tells a union that tries " + t.Name + " whether the payload fits it: a value")
	f.Comment("the spec names; see fitter.")
	f.Func().Params(jen.Id("v").Op("*").Id(t.Name)).Id("fit").Params(jen.Map(jen.String()).Qual("encoding/json", "RawMessage")).Params(jen.Id("used").Int(), jen.Id("ok").Bool()).Block(
		jen.Return(jen.Lit(0), jen.Id("v").Dot("IsKnown").Call()),
	)
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
	if t.Fit {
		knownFitMethod(f, t)
	}
}

func (e *emitter) unionType(f *jen.File, t *ir.Type) {
	f.Comment("")
	how := "The variants are tried: one fits when it decodes, has every required property and holds known enum values; of those, the one that declares most of the payload's keys wins, then one whose enum checks are narrower, then the first. Failing that, the first that decodes without unknown fields wins."
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
						jen.Return(jen.Id("decodeKeeping").Call(jen.Id("data"), jen.Id("u").Dot(v.Field))),
					)
				}
			})
		}
		// Variants without a discriminator value are tried: chooseVariant
		// decodes each and picks the one that fits best.
		tried := t.TriedVariants()
		if len(tried) > 0 {
			var vars, cands []jen.Code
			for i := range tried {
				vars = append(vars, jen.Id(fmt.Sprintf("v%d", i)))
				cands = append(cands, jen.New(typ(tried[i].Type)))
			}
			g.List(vars...).Op(":=").List(cands...)
			narrower := jen.Nil()
			var pairs []jen.Code
			for i, v := range tried {
				for j, w := range tried {
					if slices.Contains(v.Narrower, w.Field) {
						pairs = append(pairs, jen.Values(jen.Lit(i), jen.Lit(j)))
					}
				}
			}
			if len(pairs) > 0 {
				narrower = jen.Index().Index(jen.Lit(2)).Int().Values(pairs...)
			}
			nested := slices.ContainsFunc(tried, func(v *ir.UnionVariant) bool { return ir.HoldsObjects(v.Type) })
			g.Switch(jen.Id("chooseVariant").Call(append([]jen.Code{jen.Id("data"), narrower, jen.Lit(nested)}, vars...)...)).BlockFunc(func(sw *jen.Group) {
				for i, v := range tried {
					sw.Case(jen.Lit(i)).Block(jen.Id("u").Dot(v.Field).Op("=").Id(fmt.Sprintf("v%d", i)), jen.Return(jen.Nil()))
				}
			})
		}
		g.Id("u").Dot("Raw").Op("=").Append(jen.Qual("encoding/json", "RawMessage").Call(jen.Nil()), jen.Id("data").Op("..."))
		g.Return(jen.Nil())
	})
	if keys := unionReadOnlyKeys(t); len(keys) > 0 {
		var lits []jen.Code
		for _, k := range keys {
			lits = append(lits, jen.Lit(k))
		}
		f.Line()
		f.Comment("readOnlyKeys are the properties a variant of " + t.Name + " marks readOnly: a")
		f.Comment("payload kept in Raw, which could be any variant, is sent without them.")
		f.Func().Params(jen.Id(t.Name)).Id("readOnlyKeys").Params().Index().String().Block(jen.Return(jen.Index().String().Values(lits...)))
	}
	if t.IsKnown {
		f.Line()
		f.Comment("IsKnown reports whether the variant that is set holds a value the spec names.")
		f.Func().Params(jen.Id("u").Id(t.Name)).Id("IsKnown").Params().Bool().BlockFunc(func(g *jen.Group) {
			var any []jen.Code
			for _, v := range t.Variants {
				any = append(any, jen.Id("u").Dot(v.Field).Op("!=").Nil().Op("&&").Id("u").Dot(v.Field).Dot("IsKnown").Call())
			}
			ret := jen.Add(any[0])
			for _, c := range any[1:] {
				ret = ret.Op("||").Add(c)
			}
			g.Return(ret)
		})
		if t.Fit {
			knownFitMethod(f, t)
		}
	}
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strconv.Quote(s)
	}
	return out
}

// unionReadOnlyKeys are the JSON names some struct variant of t marks
// read-only, sorted.
func unionReadOnlyKeys(t *ir.Type) []string {
	var keys []string
	for _, v := range t.Variants {
		if v.Type.Kind != ir.KindNamed || v.Type.Named.Kind != ir.TypeStruct {
			continue
		}
		for _, fl := range v.Type.Named.Fields {
			if fl.ReadOnly {
				keys = append(keys, fl.JSON)
			}
		}
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}
