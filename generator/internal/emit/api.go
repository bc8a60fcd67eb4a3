package emit

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/atlasgen/atlasgen/generator/internal/ir"
)

const (
	httpPkg = "net/http"
	urlPkg  = "net/url"
	ctxPkg  = "context"
)

func (e *emitter) tagFile(t *ir.Tag) *jen.File {
	f := e.newFile()
	text := t.Interface + " is the \"" + t.Name + "\" API group."
	if t.Description != "" {
		text += "\n\n" + t.Description
	}
	text += "\n\nIt is an interface so that callers can replace it with a mock."
	f.Add(doc(text))
	f.Type().Id(t.Interface).InterfaceFunc(func(g *jen.Group) {
		for _, op := range t.Operations {
			for _, v := range op.Variants {
				g.Add(doc(methodDoc(v)))
				g.Id(v.Method).Params(positional(v)...).Id(v.Request)
				g.Comment(fmt.Sprintf("%sWithParams is %s with every parameter in one struct.", v.Method, v.Method))
				g.Id(v.Method+"WithParams").Params(jen.Id("ctx").Qual(ctxPkg, "Context"), jen.Id("args").Op("*").Id(v.ParamsType)).Id(v.Request)
				g.Comment(fmt.Sprintf("%sExecute sends the request; %s.Execute calls it.", v.Method, v.Request))
				g.Id(v.Method + "Execute").Params(jen.Id("r").Id(v.Request)).Params(results(v)...)
				for _, a := range v.Aliases {
					g.Add(doc(aliasDoc(v, a)))
					g.Id(a.Method).Params(positional(v)...).Id(v.Request)
					g.Comment(fmt.Sprintf("%sWithParams is %s with every parameter in one struct.", a.Method, a.Method))
					g.Id(a.Method+"WithParams").Params(jen.Id("ctx").Qual(ctxPkg, "Context"), jen.Id("args").Op("*").Id(v.ParamsType)).Id(v.Request)
				}
			}
		}
	})
	f.Line()
	f.Comment(t.Service + " implements " + t.Interface + " over HTTP.")
	f.Type().Id(t.Service).Struct(jen.Id("client").Op("*").Id("APIClient"))
	f.Line()
	f.Var().Id("_").Id(t.Interface).Op("=").Parens(jen.Op("*").Id(t.Service)).Parens(jen.Nil())
	for _, op := range t.Operations {
		for _, v := range op.Variants {
			e.variant(f, t, v)
			e.waitMethods(f, t, v)
		}
		f.Line()
		f.Comment(fmt.Sprintf("%s is %s's path, parameters and methods: what its methods, Raw and CheckRaw check and send.", op.Table, op.ID))
		f.Var().Id(op.Table).Op("=").Id("rawOperation").Values(opTable(op, e.shared))
	}
	return f
}

func aliasDoc(v *ir.Variant, a *ir.Alias) string {
	s := fmt.Sprintf("%s is %s for API version %s.", a.Method, v.Method, a.Version.Name)
	if a.Version.Sunset != "" {
		s += " Atlas sunsets that version on " + a.Version.Sunset + "."
	}
	if v.Op.Deprecated {
		s += fmt.Sprintf("\n\nDeprecated: Atlas deprecates %s.", v.Op.ID)
	}
	return s
}

// aliases emits the methods named by each version's date: the variant's
// constructors with the version set.
func aliases(f *jen.File, svc *jen.Statement, v *ir.Variant) {
	for _, a := range v.Aliases {
		args := []jen.Code{jen.Id("ctx")}
		for _, p := range required(v) {
			args = append(args, jen.Id(p.Arg))
		}
		if v.Body != nil {
			args = append(args, jen.Id("body"))
		}
		f.Line()
		f.Add(doc(aliasDoc(v, a)))
		f.Func().Params(svc.Clone()).Id(a.Method).Params(positional(v)...).Id(v.Request).Block(
			jen.Return(jen.Id("a").Dot(v.Method).Call(args...).Dot("Version").Call(jen.Lit(a.Version.Name))),
		)
		f.Line()
		f.Comment(fmt.Sprintf("%sWithParams is %s with every parameter in one struct.", a.Method, a.Method))
		f.Func().Params(svc.Clone()).Id(a.Method+"WithParams").Params(jen.Id("ctx").Qual(ctxPkg, "Context"), jen.Id("args").Op("*").Id(v.ParamsType)).Id(v.Request).Block(
			jen.Return(jen.Id("a").Dot(v.Method+"WithParams").Call(jen.Id("ctx"), jen.Id("args")).Dot("Version").Call(jen.Lit(a.Version.Name))),
		)
	}
}

func methodDoc(v *ir.Variant) string {
	op := v.Op
	var b strings.Builder
	summary := strings.TrimSpace(op.Summary)
	if summary == "" {
		summary = op.ID
	}
	names := "operationId " + op.ID
	if op.Name != op.ID {
		names += ", Atlas's name " + op.Name
	}
	fmt.Fprintf(&b, "%s: %s.\n\n%s %s (%s).", v.Method, strings.TrimSuffix(summary, "."), op.Method, op.Path, names)
	var vs []string
	for _, ver := range v.Versions {
		s := ver.Name
		if ver.Sunset != "" {
			s += " (sunset " + ver.Sunset + ")"
		}
		vs = append(vs, s)
	}
	fmt.Fprintf(&b, "\nAPI version: %s", strings.Join(vs, ", "))
	if len(v.Versions) > 1 {
		b.WriteString("; the first is sent unless the request's Version says otherwise")
	}
	b.WriteString(".")
	if v.Versions[0].Preview {
		b.WriteString("\nPreview: the API may change without notice; opt in only when you accept that.")
	}
	if op.DocsURL != "" {
		b.WriteString("\nDocs: " + op.DocsURL)
	}
	if op.Deprecated {
		when := v.Versions[0].Sunset
		if when == "" {
			when = op.Sunset
		}
		if when != "" {
			fmt.Fprintf(&b, "\n\nDeprecated: Atlas deprecates %s and sunsets it on %s.", op.ID, when)
		} else {
			fmt.Fprintf(&b, "\n\nDeprecated: Atlas deprecates %s.", op.ID)
		}
	}
	return b.String()
}

// required are the parameters the positional form takes.
func required(v *ir.Variant) []*ir.Param { return v.Op.Positional() }

func optional(v *ir.Variant) []*ir.Param {
	var out []*ir.Param
	for _, p := range v.Op.Params {
		if !p.Required {
			out = append(out, p)
		}
	}
	return out
}

// param is parameter p's value in a request r: the request holds its
// params struct, whose field is p's.
func param(p *ir.Param) *jen.Statement { return jen.Id("r").Dot("params").Dot(p.Field) }

// positionalBody returns the request built from the positional arguments
// (the required parameters and the body) in one composite literal, which
// compiles to less code than filling the fields one by one.
func (e *emitter) positionalBody(v *ir.Variant) *jen.Statement {
	var items []jen.Code
	for _, p := range required(v) {
		items = append(items, jen.Id(p.Field).Op(":").Id(p.Arg))
	}
	if v.Body != nil {
		items = append(items, jen.Id("Body").Op(":").Id("body"))
	}
	outer := []jen.Code{jen.Id("ApiService").Op(":").Id("a"), jen.Id("ctx").Op(":").Id("ctx"), nil}
	params := func(prefix string) jen.Code {
		return jen.Id("params").Op(":").Id(v.ParamsType).Add(e.literal(len(prefix+v.ParamsType), items...))
	}
	outer[2] = params("\treturn " + v.Request + "{ApiService: a, ctx: ctx, params: ")
	if one, spans := e.literalSpans(len("\treturn "+v.Request), outer...); !spans {
		return jen.Return(jen.Id(v.Request).Add(one))
	}
	outer[2] = params("\t\tparams:     ")
	return jen.Return(jen.Id(v.Request).Add(lines(outer...)))
}

// literal is a composite literal's braces and items: on one line while
// that line (prefix is the width before the brace) is short, as a person
// would write it, and one item a line otherwise.
func (e *emitter) literal(prefix int, items ...jen.Code) *jen.Statement {
	s, _ := e.literalSpans(prefix, items...)
	return s
}

// literalSpans is literal, and whether it spans lines: when it takes one
// item a line, or when an item spans lines (gofmt breaks no line, so the
// items' texts tell without formatting the literal again).
func (e *emitter) literalSpans(prefix int, items ...jen.Code) (*jen.Statement, bool) {
	width, spans := prefix+len("{}"), false
	for _, it := range items {
		t := e.texts.text(it)
		width += len(t) + len(", ")
		spans = spans || strings.Contains(t, "\n")
	}
	if width <= maxLine {
		return jen.Values(items...), spans
	}
	return lines(items...), true
}

// lines is a composite literal with one item a line.
func lines(items ...jen.Code) *jen.Statement {
	return jen.ValuesFunc(func(g *jen.Group) {
		for _, it := range items {
			g.Line().Add(it)
		}
		g.Line()
	})
}

func bodyType(v *ir.Variant) *jen.Statement {
	if byValue(v.Body) {
		return typ(v.Body)
	}
	return jen.Op("*").Add(typ(v.Body))
}

func positional(v *ir.Variant) []jen.Code {
	args := []jen.Code{jen.Id("ctx").Qual(ctxPkg, "Context")}
	for _, p := range required(v) {
		args = append(args, jen.Id(p.Arg).Add(typ(p.Type)))
	}
	if v.Body != nil {
		args = append(args, jen.Id("body").Add(bodyType(v)))
	}
	return args
}

// results is what Execute returns, by response format.
func results(v *ir.Variant) []jen.Code {
	resp := jen.Op("*").Qual(httpPkg, "Response")
	switch {
	case v.Stream():
		return []jen.Code{jen.Qual("io", "ReadCloser"), resp, jen.Error()}
	case v.Response != nil && byValue(v.Response):
		return []jen.Code{typ(v.Response), resp, jen.Error()}
	case v.Response != nil:
		return []jen.Code{jen.Op("*").Add(typ(v.Response)), resp, jen.Error()}
	}
	return []jen.Code{resp, jen.Error()}
}

func (e *emitter) variant(f *jen.File, t *ir.Tag, v *ir.Variant) {
	op := v.Op
	// The request value.
	f.Line()
	f.Comment(fmt.Sprintf("%s is one %s call being built; Execute sends it.", v.Request, v.Method))
	f.Type().Id(v.Request).StructFunc(func(g *jen.Group) {
		g.Id("ctx").Qual(ctxPkg, "Context")
		g.Id("ApiService").Id(t.Interface)
		g.Id("params").Id(v.ParamsType)
		g.Id("version").String()
	})

	// The params struct.
	f.Line()
	f.Comment(fmt.Sprintf("%s holds every parameter of %s.", v.ParamsType, v.Method))
	f.Type().Id(v.ParamsType).StructFunc(func(g *jen.Group) {
		for _, p := range op.Params {
			d := p.Description
			if p.Deprecated {
				d += "\n\nDeprecated: the spec marks this parameter deprecated."
			}
			g.Add(doc(d))
			if p.Required {
				g.Id(p.Field).Add(typ(p.Type))
			} else {
				g.Id(p.Field).Op("*").Add(typ(p.Type))
			}
		}
		if v.Body != nil {
			g.Add(doc(v.BodyDesc))
			g.Id("Body").Add(bodyType(v))
		}
	})

	svc := jen.Id("a").Op("*").Id(t.Service)
	// Positional constructor.
	f.Line()
	f.Add(doc(methodDoc(v)))
	f.Func().Params(svc).Id(v.Method).Params(positional(v)...).Id(v.Request).Block(e.positionalBody(v))

	// Params constructor: the request holds the params struct, so the
	// positional form and this one fill the same fields.
	f.Line()
	f.Comment(fmt.Sprintf("%sWithParams is %s with every parameter in one struct.", v.Method, v.Method))
	f.Func().Params(svc).Id(v.Method+"WithParams").Params(jen.Id("ctx").Qual(ctxPkg, "Context"), jen.Id("args").Op("*").Id(v.ParamsType)).Id(v.Request).Block(
		jen.Id("r").Op(":=").Id(v.Request).Values(jen.Id("ApiService").Op(":").Id("a"), jen.Id("ctx").Op(":").Id("ctx")),
		jen.If(jen.Id("args").Op("!=").Nil()).Block(jen.Id("r").Dot("params").Op("=").Op("*").Id("args")),
		jen.Return(jen.Id("r")),
	)

	// Builder methods for optional parameters.
	for _, p := range optional(v) {
		f.Line()
		d := fmt.Sprintf("%s sets the optional %s parameter %q.", p.Field, p.In, p.Name)
		if p.Description != "" {
			d += "\n\n" + p.Description
		}
		f.Add(doc(d))
		f.Func().Params(jen.Id("r").Id(v.Request)).Id(p.Field).Params(jen.Id(p.Arg).Add(typ(p.Type))).Id(v.Request).Block(
			param(p).Op("=").Op("&").Id(p.Arg),
			jen.Return(jen.Id("r")),
		)
	}

	// Version.
	var names []string
	for _, ver := range v.Versions {
		names = append(names, ver.Name)
	}
	f.Line()
	f.Comment(fmt.Sprintf("Version picks the API version to send: one of %s (default %s). Any other version fails in Execute before the request is sent.", strings.Join(names, ", "), names[0]))
	f.Func().Params(jen.Id("r").Id(v.Request)).Id("Version").Params(jen.Id("version").String()).Id(v.Request).Block(
		jen.Id("r").Dot("version").Op("=").Id("version"),
		jen.Return(jen.Id("r")),
	)

	// Execute on the request.
	f.Line()
	f.Comment("Execute sends the request and decodes the response.")
	f.Func().Params(jen.Id("r").Id(v.Request)).Id("Execute").Params().Params(results(v)...).Block(
		jen.Return(jen.Id("r").Dot("ApiService").Dot(v.Method + "Execute").Call(jen.Id("r"))),
	)

	// Execute on the service.
	f.Line()
	f.Comment(fmt.Sprintf("%sExecute checks the parameters, sends the request and decodes the response.", v.Method))
	f.Func().Params(svc).Id(v.Method + "Execute").Params(jen.Id("r").Id(v.Request)).Params(results(v)...).BlockFunc(func(g *jen.Group) {
		e.executeBody(g, v)
	})
	aliases(f, svc, v)

	// The static endpoint description.
	f.Line()
	f.Var().Id(v.Endpoint).Op("=").Id("endpoint").Values(jen.Dict{
		jen.Id("operationID"): jen.Lit(op.ID),
		jen.Id("method"):      jen.Lit(op.Method),
		jen.Id("format"):      jen.Lit(v.Format),
		jen.Id("versions"):    versionInfos(v.Versions),
	})

	if v.PagedItems != nil {
		e.iterator(f, v)
	}
}

func versionInfos(vs []*ir.Version) *jen.Statement {
	return jen.Index().Id("VersionInfo").ValuesFunc(func(g *jen.Group) {
		for _, ver := range vs {
			d := jen.Dict{jen.Id("Version"): jen.Lit(ver.Name), jen.Id("MediaType"): jen.Lit(ver.Accept), jen.Id("header"): jen.Index().String().Values(jen.Lit(ver.Accept))}
			if ver.ContentType != "" {
				d[jen.Id("contentType")] = jen.Index().String().Values(jen.Lit(ver.ContentType))
			}
			if ver.Sunset != "" {
				d[jen.Id("Sunset")] = jen.Lit(ver.Sunset)
			}
			if ver.Preview {
				d[jen.Id("Preview")] = jen.True()
			}
			if ver.Default {
				d[jen.Id("Default")] = jen.True()
			}
			g.Values(d)
		}
	})
}

// format is the string form of a parameter value expression.
func format(t *ir.TypeRef, x *jen.Statement) *jen.Statement {
	switch t.Kind {
	case ir.KindTime:
		return jen.Id("formatTime").Call(x)
	case ir.KindNamed:
		if t.Named.EnumBase == "int" {
			return jen.Qual("strconv", "Itoa").Call(jen.Int().Call(x))
		}
		return jen.String().Call(x)
	}
	switch t.Name {
	case "bool":
		return jen.Qual("strconv", "FormatBool").Call(x)
	case "int":
		return jen.Qual("strconv", "Itoa").Call(x)
	case "int32":
		return jen.Qual("strconv", "FormatInt").Call(jen.Int64().Call(x), jen.Lit(10))
	case "int64":
		return jen.Qual("strconv", "FormatInt").Call(x, jen.Lit(10))
	case "float32":
		return jen.Qual("strconv", "FormatFloat").Call(jen.Float64().Call(x), jen.LitRune('g'), jen.Lit(-1), jen.Lit(32))
	case "float64":
		return jen.Qual("strconv", "FormatFloat").Call(x, jen.LitRune('g'), jen.Lit(-1), jen.Lit(64))
	}
	return x
}

// executeBody passes the request's typed values, as text, to the
// operation's table (build in raw.go), which checks them and builds the
// path, query and header, then sends the request.
func (e *emitter) executeBody(g *jen.Group, v *ir.Variant) {
	op := v.Op
	g.Id("req").Op(":=").Id("request").Values(jen.Id("ep").Op(":").Op("&").Id(v.Endpoint), jen.Id("version").Op(":").Id("r").Dot("version"))
	if v.Body != nil {
		body := jen.Id("r").Dot("params").Dot("Body")
		g.If(body.Clone().Op("!=").Nil()).Block(jen.Id("req").Dot("body").Op("=").Id("requestBody").Call(body))
	}
	ctx, client, table, req := jen.Id("r").Dot("ctx"), jen.Id("a").Dot("client"), jen.Op("&").Id(op.Table), jen.Op("&").Id("req")
	execute := client.Clone().Dot("execute").Call(ctx, table, req, e.argsLiteral(len("\tresp, err := a.client.execute(r.ctx, &"+op.Table+", &req, "), op.Params))
	switch {
	case v.Response != nil && !byValue(v.Response) && !v.Stream():
		// An object: decoded into a new value of its type.
		out := jen.New(typ(v.Response))
		prefix := len(fmt.Sprintf("\treturn executeInto(r.ctx, a.client, &%s, &req, %#v, ", op.Table, out))
		g.Return(jen.Id("executeInto").Call(ctx, client, table, req, out, e.argsLiteral(prefix, op.Params)))
	case v.Stream():
		g.List(jen.Id("resp"), jen.Err()).Op(":=").Add(execute)
		g.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Id("resp"), jen.Err()))
		g.Return(jen.Id("resp").Dot("Body"), jen.Id("resp"), jen.Nil())
	case v.Response != nil:
		g.Var().Id("out").Add(typ(v.Response))
		g.Id("req").Dot("out").Op("=").Op("&").Id("out")
		g.List(jen.Id("resp"), jen.Err()).Op(":=").Add(execute)
		g.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Id("resp"), jen.Err()))
		g.Return(jen.Id("out"), jen.Id("resp"), jen.Nil())
	default:
		g.Return(execute)
	}
}

// argsLiteral is the parameters' values as text, in the table's order,
// one element each (nil for an optional one that is unset), or nil when
// there are none. prefix is the width of the line before it. It is an
// argument of the call, not a named array, because the compiler builds a
// literal argument in place where it copies a named array from a
// temporary.
func (e *emitter) argsLiteral(prefix int, params []*ir.Param) *jen.Statement {
	if len(params) == 0 {
		return jen.Nil()
	}
	items := make([]jen.Code, len(params))
	for i, p := range params {
		items[i] = argValue(p, param(p))
	}
	return jen.Index().Index().String().Add(e.literal(prefix+len("[][]string)"), items...))
}

// maxLine is the width up to which a literal stays on one line.
const maxLine = 120

// argValue is a parameter's value x as the text build checks and sends: a
// list's values, or one value, or none for an optional parameter that is
// unset. A required time that is zero is "", so that build refuses it as
// missing.
func argValue(p *ir.Param, x *jen.Statement) *jen.Statement {
	textList := p.Type.Kind == ir.KindSlice && p.Type.Elem.Kind == ir.KindBuiltin && p.Type.Elem.Name == "string"
	switch {
	case textList && !p.Required:
		return jen.Id("optionalStrings").Call(x) // the caller's slice, not a copy
	case p.Type.Kind == ir.KindSlice && !p.Required:
		return jen.Id("optionalEach").Call(x, formatter(p.Type.Elem))
	case !p.Required:
		return jen.Id("optional").Call(x, formatter(p.Type))
	case textList:
		return x
	case p.Type.Kind == ir.KindSlice:
		return jen.Id("formatEach").Call(x, formatter(p.Type.Elem))
	case p.Type.Kind == ir.KindTime:
		return jen.Values(jen.Id("formatRequiredTime").Call(x))
	}
	return jen.Values(format(p.Type, x))
}

// formatter is a function that writes one value of t as text, for the
// runtime's optional, optionalEach and formatEach: a named one where the
// runtime or strconv has it.
func formatter(t *ir.TypeRef) *jen.Statement {
	switch t.Kind {
	case ir.KindTime:
		return jen.Id("formatTime")
	case ir.KindNamed:
		if t.Named.EnumBase == "int" {
			return jen.Id("formatInt")
		}
		return jen.Id("formatString")
	}
	switch t.Name {
	case "bool":
		return jen.Qual("strconv", "FormatBool")
	case "int":
		return jen.Qual("strconv", "Itoa")
	case "int32", "int64":
		return jen.Id("formatInt")
	case "string":
		return jen.Id("formatString")
	}
	return jen.Func().Params(jen.Id("v").Add(typ(t))).String().Block(jen.Return(format(t, jen.Id("v"))))
}

// hasEmpty reports whether "" is one of an enum's values.
func hasEmpty(t *ir.Type) bool {
	return slices.ContainsFunc(t.Enum, func(v *ir.EnumValue) bool { return v.Value == "" })
}
