package emit

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/atlasgen/atlasgen/generator/internal/ir"
)

func (e *emitter) docFile() *jen.File {
	f := jen.NewFile(e.opts.Package)
	f.HeaderComment(e.header)
	if e.opts.GoGenerate != "" {
		f.HeaderComment("//go:generate " + e.opts.GoGenerate)
	}
	for _, line := range strings.Split(e.overview(), "\n") {
		f.PackageComment(line)
	}
	return f
}

// overview is the package's doc comment: what it holds, then how to create
// a client, call an operation, page, handle errors and pick versions, with
// examples named after operations of this package.
func (e *emitter) overview() string {
	pkg, api := e.opts.Package, e.api
	title := oneLine(api.Title)
	if title == "" {
		title = "the API"
	}
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	p("Package %s is a typed client for %s %s, generated from %s.", pkg, title, oneLine(api.APIVersion), oneLine(api.SpecFile))
	p("")
	p("It holds %d operations in %d API groups, %d types, and the API versions %s.",
		len(api.Operations), len(api.Tags), len(api.Types), strings.Join(api.Versions, ", "))
	p("Each request sends exactly one versioned Accept header; [Operations] lists them.")
	p("")
	p("# Creating a client")
	p("")
	p("[NewClient] takes the credentials and any other [ClientModifier]: [UseOAuthAuth] for a")
	p("service account, [UseDigestAuth] for an API key pair, [UseAccessToken] for a token; and")
	p("[UseBaseURL] (or the %s environment variable), [UseHTTPClient], [UseRetryPolicy],", "MONGODB_ATLAS_BASE_URL")
	p("[UseLogger] and [UseSunsetHook]. A client is safe for concurrent use.")
	p("")
	p("\tclient, err := %s.NewClient(%s.UseOAuthAuth(clientID, clientSecret))", pkg, pkg)
	p("\tif err != nil {")
	p("\t\treturn err")
	p("\t}")
	p("\tdefer client.Close(ctx) // revokes the service account's token")
	if v := exampleCall(api); v != nil {
		p("")
		p("# Calling an operation")
		p("")
		p("Each API group is a field of [APIClient] and an interface, so it can be replaced by a")
		p("mock. A method takes the context and the required parameters and returns a request;")
		p("builder methods set the optional parameters, and Execute sends it. It returns the")
		p("decoded body, the *http.Response and an error:")
		p("")
		p("\tresp, httpResp, err := client.%s.%s(%s).Execute()", v.Op.Tag.Interface, v.Method, callArgs(v))
		p("")
		p("%sWithParams takes the same parameters in a struct, %s.", v.Method, v.ParamsType)
	}
	if v := examplePaged(api); v != nil {
		p("")
		p("# Paging")
		p("")
		p("A list operation that pages has All, an iterator over every item of every page; it")
		p("fetches each page when the loop needs it, and ends after the last page or the first")
		p("error:")
		p("")
		p("\tfor item, err := range client.%s.%s(%s).All() {", v.Op.Tag.Interface, v.Method, callArgs(v))
		p("\t\tif err != nil {")
		p("\t\t\treturn err")
		p("\t\t}")
		p("\t\tuse(item)")
		p("\t}")
		p("")
		p("ItemsPerPage and PageNum on the request fetch one page at a time instead.")
	}
	p("")
	p("# Models")
	p("")
	p("Optional fields are pointers ([Ptr]), nullable ones [Nullable]. An optional list or map")
	p("that is nil is left out of a request body and an empty one is sent, as [] or {}; fields")
	p("Atlas sets (readOnly) are left out. Keys of a response that the spec does not declare")
	p("are kept on the object that had them, ExtraFields returns them, and SetExtraFields asks")
	p("for keys to be sent. Numbers in free-form values (any) decode as json.Number.")
	p("")
	p("Each field X has a getter, GetX, safe to call on a nil object: it returns the field's")
	p("value, or the zero value when the object or the field is nil (a nullable field's when it")
	p("is absent or null). An object field's getter returns the pointer, so getters chain:")
	p("c.GetA().GetB() is the zero value when A is nil.")
	p("")
	p("# Errors")
	p("")
	p("A non-2xx answer is a [*ResponseError] carrying the status, Atlas's errorCode, reason and")
	if api.ErrorModel != nil {
		p("detail, and the body; [IsErrorCode] tests the errorCode and [AsError] returns the decoded")
		p("body. Nothing is sent when a parameter breaks the spec ([*ParamError]) or a method is")
	} else {
		p("detail, and the body; [IsErrorCode] tests the errorCode. Nothing is sent when a")
		p("parameter breaks the spec ([*ParamError]) or a method is")
	}
	p("asked for a version it does not send ([*VersionError]). Failed token requests are")
	p("[*AuthError]s, bodies that do not decode [*DecodeError]s, and redirects to another host")
	p("[*RedirectError]s. No error carries a credential.")
	p("")
	p("\tvar re *%s.ResponseError", pkg)
	p("\tif errors.As(err, &re) && re.StatusCode == http.StatusNotFound {")
	p("\t\t// not there")
	p("\t}")
	p("")
	p("# API versions")
	p("")
	p("The plain method sends its operation's default version, which %s keeps from one", "atlasgen.lock")
	if dated := exampleDated(api); dated != "" {
		p("release of the spec to the next. A method named by a date, such as %s, sends that", dated)
		p("version; versions whose bodies differ have their own request and response types.")
	} else {
		p("release of the spec to the next. A method named by a date sends that version; versions")
		p("whose bodies differ have their own request and response types.")
	}
	p("Version(\"YYYY-MM-DD\") on a request picks another version of the same shape, and")
	p("fails before sending for one the operation does not have. [Operations] and")
	p("[LookupOperation] list every operation's versions, defaults, sunset dates and parameters;")
	p("[UseSunsetHook] hears of versions about to retire.")
	return strings.TrimSuffix(b.String(), "\n")
}

// exampleCall is the method the overview calls: the default of the GET
// operation with the shortest name (then the first by name) that takes no
// body.
func exampleCall(api *ir.API) *ir.Variant {
	return shortest(api, func(v *ir.Variant) bool { return v.Op.Method == "GET" && v.Body == nil && !v.Stream() }, false)
}

// examplePaged is the paged list the overview loops over, chosen the same way.
func examplePaged(api *ir.API) *ir.Variant {
	return shortest(api, func(v *ir.Variant) bool { return v.PagedItems != nil && v.Op.PageNum != nil }, false)
}

// shortest is the variant ok accepts with the shortest method name, then
// the first by name; only default variants unless all.
func shortest(api *ir.API, ok func(*ir.Variant) bool, all bool) *ir.Variant {
	var best *ir.Variant
	for _, op := range api.Operations {
		for _, v := range op.Variants {
			if (!v.IsDefault && !all) || !ok(v) {
				continue
			}
			if best == nil || len(v.Method) < len(best.Method) || (len(v.Method) == len(best.Method) && v.Method < best.Method) {
				best = v
			}
		}
	}
	return best
}

// exampleDated names a method by a date: a variant whose types differ from
// its default's when the package has one, else a dated alias.
func exampleDated(api *ir.API) string {
	if v := shortest(api, func(v *ir.Variant) bool {
		return !v.IsDefault && v.Format == "json" && !v.Op.Deprecated && !v.Versions[0].Preview
	}, true); v != nil {
		return v.Method
	}
	for _, op := range api.Operations {
		for _, v := range op.Variants {
			if len(v.Aliases) > 0 {
				return v.Aliases[0].Method
			}
		}
	}
	return ""
}

// callArgs are the positional arguments of v, as the overview writes them.
func callArgs(v *ir.Variant) string {
	args := []string{"ctx"}
	for _, p := range required(v) {
		args = append(args, p.Arg)
	}
	if v.Body != nil {
		args = append(args, "body")
	}
	return strings.Join(args, ", ")
}

func (e *emitter) clientFile() *jen.File {
	f := e.newFile()
	f.Comment("APIClient is the client for every API group of this package. Build it with NewClient.")
	f.Type().Id("APIClient").StructFunc(func(g *jen.Group) {
		g.Id("cfg").Op("*").Id("Configuration")
		for _, t := range e.api.Tags {
			g.Line()
			g.Comment(fmt.Sprintf("%s calls the %q operations.", t.Interface, t.Name))
			g.Id(t.Interface).Id(t.Interface)
		}
	})
	f.Line()
	f.Func().Id("newAPIClient").Params(jen.Id("cfg").Op("*").Id("Configuration")).Op("*").Id("APIClient").BlockFunc(func(g *jen.Group) {
		g.Id("c").Op(":=").Op("&").Id("APIClient").Values(jen.Dict{jen.Id("cfg"): jen.Id("cfg")})
		for _, t := range e.api.Tags {
			g.Id("c").Dot(t.Interface).Op("=").Op("&").Id(t.Service).Values(jen.Dict{jen.Id("client"): jen.Id("c")})
		}
		g.Return(jen.Id("c"))
	})
	if len(e.api.Patterns) > 0 {
		f.Line()
		f.Comment("Patterns the spec sets on string parameters, checked before a request is sent.")
		f.Comment("Patterns Go's regexp cannot compile are left out; the generator's report lists them.")
		f.Var().DefsFunc(func(g *jen.Group) {
			for _, p := range e.api.Patterns {
				if p.Runs == nil {
					g.Id(p.Var).Op("=").Op("&").Id("lazyRegexp").Values(jen.Dict{jen.Id("expr"): jen.Lit(p.Expr)})
					continue
				}
				g.Id(p.Var).Op("=").Op("&").Id("simplePattern").Values(jen.Dict{
					jen.Id("expr"): jen.Lit(p.Expr),
					jen.Id("runs"): jen.Index().Id("classRun").ValuesFunc(func(rg *jen.Group) {
						for _, r := range p.Runs {
							rg.Values(jen.Lit(r.Ranges), jen.Lit(r.Min), jen.Lit(r.Max))
						}
					}),
				})
			}
		})
	}
	return f
}

func (e *emitter) versionsFile() *jen.File {
	f := e.newFile()
	f.Comment("API versions named by at least one operation of this package.")
	f.Const().DefsFunc(func(g *jen.Group) {
		for i, v := range e.api.Versions {
			g.Id(e.api.VersionConsts[i]).Op("=").Lit(v)
		}
	})
	return f
}

// errorsFile emits ResponseError around the spec's error model.
func (e *emitter) errorsFile() *jen.File {
	f := e.newFile()
	em := e.api.ErrorModel
	f.Comment("maxErrorBody caps how much of an error response is read and kept.")
	f.Const().Id("maxErrorBody").Op("=").Lit(64 << 10)
	f.Line()
	f.Comment("ResponseError is the error of every non-2xx response. Use errors.As, AsError or")
	f.Comment("IsErrorCode to inspect it.")
	f.Type().Id("ResponseError").StructFunc(func(g *jen.Group) {
		g.Id("OperationID").String()
		g.Comment("StatusCode is the HTTP status.")
		g.Id("StatusCode").Int()
		g.Comment("ErrorCode, Reason and Detail come from the JSON body, when it has them.")
		g.Id("ErrorCode").String()
		g.Id("Reason").String()
		g.Id("Detail").String()
		if em != nil {
			g.Comment(fmt.Sprintf("Model is the decoded %s, nil when the body was not JSON.", em.Type.Name))
			g.Id("Model").Op("*").Id(em.Type.Name)
		}
		g.Comment("Body is the raw body, at most 64 KiB of it.")
		g.Id("Body").Index().Byte()
	})
	f.Line()
	f.Func().Params(jen.Id("e").Op("*").Id("ResponseError")).Id("Error").Params().String().BlockFunc(func(g *jen.Group) {
		g.Id("msg").Op(":=").Qual("fmt", "Sprintf").Call(jen.Lit("atlas: %s: HTTP %d"), jen.Id("e").Dot("OperationID"), jen.Id("e").Dot("StatusCode"))
		for _, fld := range []string{"ErrorCode", "Reason", "Detail"} {
			g.If(jen.Id("e").Dot(fld).Op("!=").Lit("")).Block(jen.Id("msg").Op("+=").Lit(" ").Op("+").Id("e").Dot(fld))
		}
		g.If(jen.Id("e").Dot("ErrorCode").Op("==").Lit("").Op("&&").Len(jen.Id("e").Dot("Body")).Op(">").Lit(0)).Block(
			jen.Id("msg").Op("+=").Lit(": ").Op("+").Qual("strconv", "Quote").Call(jen.String().Call(jen.Id("e").Dot("Body").Index(jen.Empty(), jen.Min(jen.Len(jen.Id("e").Dot("Body")), jen.Lit(200))))),
		)
		g.Return(jen.Id("msg"))
	})
	f.Line()
	f.Comment("newResponseError reads a failed response (capped), drains the rest (bounded) so the")
	f.Comment("connection can be reused, and closes its body.")
	f.Func().Id("newResponseError").Params(jen.Id("operationID").String(), jen.Id("resp").Op("*").Qual(httpPkg, "Response")).Error().Block(
		jen.List(jen.Id("body"), jen.Id("_")).Op(":=").Qual("io", "ReadAll").Call(jen.Qual("io", "LimitReader").Call(jen.Id("resp").Dot("Body"), jen.Id("maxErrorBody"))),
		jen.Id("discard").Call(jen.Id("resp")),
		jen.Return(jen.Id("responseError").Call(jen.Id("operationID"), jen.Id("resp").Dot("StatusCode"), jen.Id("body"))),
	)
	f.Line()
	f.Comment("responseError is the error of a failed call whose status and body are known.")
	f.Func().Id("responseError").Params(jen.Id("operationID").String(), jen.Id("status").Int(), jen.Id("body").Index().Byte()).Error().BlockFunc(func(g *jen.Group) {
		g.If(jen.Len(jen.Id("body")).Op(">").Id("maxErrorBody")).Block(jen.Id("body").Op("=").Id("body").Index(jen.Empty(), jen.Id("maxErrorBody")))
		g.Id("e").Op(":=").Op("&").Id("ResponseError").Values(jen.Dict{
			jen.Id("OperationID"): jen.Id("operationID"),
			jen.Id("StatusCode"):  jen.Id("status"),
			jen.Id("Body"):        jen.Id("body"),
		})
		// The three strings are read from the body whatever the spec says
		// their schemas are (an object, a number, a oneOf): a text for the
		// message and IsErrorCode, never a reason for the decode to fail.
		// The typed model, when the spec has one, is decoded on its own.
		raw := jen.Qual("encoding/json", "RawMessage")
		g.Var().Id("m").Struct(
			jen.Id("ErrorCode").Add(raw).Tag(map[string]string{"json": "errorCode"}),
			jen.Id("Reason").Add(raw).Tag(map[string]string{"json": "reason"}),
			jen.Id("Detail").Add(raw).Tag(map[string]string{"json": "detail"}),
		)
		g.If(jen.Qual("encoding/json", "Unmarshal").Call(jen.Id("body"), jen.Op("&").Id("m")).Op("==").Nil()).Block(
			jen.List(jen.Id("e").Dot("ErrorCode"), jen.Id("e").Dot("Reason"), jen.Id("e").Dot("Detail")).Op("=").List(
				jen.Id("errorText").Call(jen.Id("m").Dot("ErrorCode")), jen.Id("errorText").Call(jen.Id("m").Dot("Reason")), jen.Id("errorText").Call(jen.Id("m").Dot("Detail"))),
		)
		if em != nil {
			g.Var().Id("model").Id(em.Type.Name)
			g.If(jen.Qual("encoding/json", "Unmarshal").Call(jen.Id("body"), jen.Op("&").Id("model")).Op("==").Nil()).Block(
				jen.Id("e").Dot("Model").Op("=").Op("&").Id("model"),
			)
		}
		g.Return(jen.Id("e"))
	})
	f.Line()
	f.Comment("errorText is a JSON string's text, or any other JSON value as it was sent; \"\" for null.")
	f.Func().Id("errorText").Params(jen.Id("v").Qual("encoding/json", "RawMessage")).String().Block(
		jen.Var().Id("s").String(),
		jen.If(jen.Qual("encoding/json", "Unmarshal").Call(jen.Id("v"), jen.Op("&").Id("s")).Op("==").Nil()).Block(jen.Return(jen.Id("s"))),
		jen.Var().Id("b").Qual("bytes", "Buffer"),
		jen.If(jen.Qual("encoding/json", "Compact").Call(jen.Op("&").Id("b"), jen.Id("v")).Op("!=").Nil()).Block(jen.Return(jen.Lit(""))),
		jen.Return(jen.Id("b").Dot("String").Call()),
	)
	if em != nil {
		f.Line()
		f.Comment(fmt.Sprintf("AsError returns the %s of a failed call, when its body was JSON.", em.Type.Name))
		f.Func().Id("AsError").Params(jen.Err().Error()).Params(jen.Op("*").Id(em.Type.Name), jen.Bool()).Block(
			jen.Var().Id("re").Op("*").Id("ResponseError"),
			jen.If(jen.Qual("errors", "As").Call(jen.Err(), jen.Op("&").Id("re")).Op("&&").Id("re").Dot("Model").Op("!=").Nil()).Block(
				jen.Return(jen.Id("re").Dot("Model"), jen.True()),
			),
			jen.Return(jen.Nil(), jen.False()),
		)
	}
	f.Line()
	f.Comment("IsErrorCode reports whether err is a failed call whose Atlas errorCode is code.")
	f.Func().Id("IsErrorCode").Params(jen.Err().Error(), jen.Id("code").String()).Bool().Block(
		jen.Var().Id("re").Op("*").Id("ResponseError"),
		jen.Return(jen.Qual("errors", "As").Call(jen.Err(), jen.Op("&").Id("re")).Op("&&").Id("re").Dot("ErrorCode").Op("==").Id("code").Op("&&").Id("code").Op("!=").Lit("")),
	)
	return f
}
