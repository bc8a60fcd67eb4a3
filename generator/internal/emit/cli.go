package emit

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dave/jennifer/jen"

	"github.com/atlasgen/atlasgen/generator/internal/ir"
	"github.com/atlasgen/atlasgen/generator/internal/naming"
	"github.com/atlasgen/atlasgen/templates"
)

// CLIOptions are the choices of the command-line client's package.
type CLIOptions struct {
	AdminImport      string // import path of the generated client package
	AdminPackage     string // its package name
	GeneratorVersion string
}

// CLIFiles renders the command-line client: the command table
// (operations.go), generated from the IR, over the runtime files of
// templates/cli, which are the same for every spec. The table is data: each
// operation is one row, and one runtime serves them all.
func CLIFiles(api *ir.API, opts CLIOptions) (map[string][]byte, error) {
	header := Header(api.SpecFile)
	f := jen.NewFile("main")
	f.HeaderComment(header)
	f.ImportName(opts.AdminImport, opts.AdminPackage)
	groups := cliGroups(api)
	f.Comment("groups are the API groups, one command each, sorted by name.")
	f.Var().Id("groups").Op("=").Index().Id("group").ValuesFunc(func(g *jen.Group) {
		for _, t := range sortedTags(api, groups) {
			d := jen.Dict{jen.Id("name"): jen.Lit(groups[t]), jen.Id("tag"): jen.Lit(t.Name)}
			if t.Description != "" {
				d[jen.Id("description")] = jen.Lit(t.Description)
			}
			g.Values(d)
		}
	})
	f.Line()
	f.Comment("operations are the commands, sorted by group and command name.")
	ops := slices.Clone(api.Operations)
	slices.SortFunc(ops, func(a, b *ir.Operation) int {
		if c := strings.Compare(groups[a.Tag], groups[b.Tag]); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	f.Var().Id("operations").Op("=").Index().Id("operation").ValuesFunc(func(g *jen.Group) {
		for _, op := range ops {
			g.Values(cliOperation(op, groups[op.Tag], opts))
		}
	})
	var buf bytes.Buffer
	if err := f.Render(&buf); err != nil {
		return nil, renderError("operations.go", err)
	}
	out := map[string][]byte{"operations.go": buf.Bytes()}
	// As for the runtime files (Files), spec text the templates put inside
	// Go string literals is escaped for that place.
	data := templates.CLI{Header: header, AdminImport: opts.AdminImport, GeneratorVersion: inLiteral(opts.GeneratorVersion), APIVersion: inLiteral(api.APIVersion), SpecFile: inLiteral(api.SpecFile)}
	for _, name := range templates.CLINames() {
		src, err := templates.RenderCLI(name, data)
		if err != nil {
			return nil, err
		}
		if _, dup := out[name]; dup {
			return nil, fmt.Errorf("template cli/%s clashes with a generated file", name)
		}
		out[name] = src
	}
	return out, nil
}

// cliGroups names each tag's command: lowerCamel of the tag's words, as the
// Atlas CLI's api commands do ("Shared-Tier Restore Jobs" ->
// sharedTierRestoreJobs). A clash takes the lowest free numeric suffix, in
// tag order.
func cliGroups(api *ir.API) map[*ir.Tag]string {
	out := map[*ir.Tag]string{}
	used := map[string]bool{}
	for _, t := range api.Tags {
		name := LowerCamel(t.Name)
		if name == "" || used[name] || name == "help" || name == "completion" {
			base := cmpOr(name, "group")
			for i := 2; ; i++ {
				if name = fmt.Sprintf("%s%d", base, i); !used[name] {
					break
				}
			}
		}
		used[name] = true
		out[t] = name
	}
	return out
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func sortedTags(api *ir.API, groups map[*ir.Tag]string) []*ir.Tag {
	tags := slices.Clone(api.Tags)
	slices.SortFunc(tags, func(a, b *ir.Tag) int { return strings.Compare(groups[a], groups[b]) })
	return tags
}

// LowerCamel joins s's words with the first lower case and the others
// capitalised: "AWS Clusters DNS" -> awsClustersDns.
func LowerCamel(s string) string {
	var b strings.Builder
	for i, w := range naming.Words(s) {
		w = strings.ToLower(w)
		if i > 0 {
			r, n := utf8.DecodeRuneInString(w)
			w = string(unicode.ToUpper(r)) + w[n:]
		}
		b.WriteString(w)
	}
	return b.String()
}

func cliOperation(op *ir.Operation, group string, opts CLIOptions) jen.Dict {
	d := jen.Dict{
		jen.Id("group"):  jen.Lit(group),
		jen.Id("id"):     jen.Lit(op.ID),
		jen.Id("method"): jen.Lit(op.Method),
		jen.Id("path"):   jen.Lit(op.Path),
	}
	if op.Name != op.ID {
		d[jen.Id("name")] = jen.Lit(op.Name)
	}
	for k, v := range map[string]string{"summary": op.Summary, "description": op.Description, "docs": op.DocsURL} {
		if v != "" {
			d[jen.Id(k)] = jen.Lit(v)
		}
	}
	if op.Deprecated {
		d[jen.Id("deprecated")] = jen.True()
	}
	if op.NoAuth {
		d[jen.Id("noAuth")] = jen.True()
	}
	if len(op.Params) > 0 {
		d[jen.Id("params")] = jen.Index().Id("param").ValuesFunc(func(g *jen.Group) {
			for _, p := range op.Params {
				g.Values(cliParam(p))
			}
		})
	}
	d[jen.Id("versions")] = jen.Index().Id("version").ValuesFunc(func(g *jen.Group) {
		for _, v := range op.Versions {
			vd := jen.Dict{jen.Id("name"): jen.Lit(v.Name), jen.Id("format"): jen.Lit(v.Format)}
			if v.Sunset != "" {
				vd[jen.Id("sunset")] = jen.Lit(v.Sunset)
			}
			if v.Preview {
				vd[jen.Id("preview")] = jen.True()
			}
			if v.Default {
				vd[jen.Id("def")] = jen.True()
			}
			if v.Body != nil {
				// The body is decoded into the client's own type, refusing
				// unknown fields, before it is sent.
				vd[jen.Id("body")] = jen.Func().Params().Any().Block(jen.Return(jen.New(qualType(v.Body, opts.AdminImport))))
				vd[jen.Id("bodyType")] = jen.Lit(typeText(v.Body, opts.AdminPackage))
			}
			g.Values(vd)
		}
	})
	if op.PageNum != nil {
		for _, v := range op.Variants {
			if v.IsDefault && v.PagedItems != nil {
				pd := jen.Dict{jen.Id("param"): jen.Lit(op.PageNum.Name), jen.Id("items"): jen.Lit(v.PagedItems.JSON)}
				if v.PagedTotal != nil {
					pd[jen.Id("total")] = jen.Lit(v.PagedTotal.JSON)
				}
				d[jen.Id("paging")] = jen.Op("&").Id("paging").Values(pd)
			}
		}
	}
	return d
}

func cliParam(p *ir.Param) jen.Dict {
	d := jen.Dict{
		jen.Id("name"): jen.Lit(p.Name),
		jen.Id("in"):   jen.Lit(p.In),
		jen.Id("kind"): jen.Lit(paramKind(p.Type)),
	}
	if p.Required {
		d[jen.Id("required")] = jen.True()
	}
	if vals := EnumValues(p.Type); vals != nil {
		d[jen.Id("enum")] = stringsLit(vals)
	}
	if p.Pattern != nil {
		d[jen.Id("pattern")] = jen.Lit(p.Pattern.Expr)
	}
	if p.Default != nil {
		d[jen.Id("def")] = jen.Lit(fmt.Sprint(p.Default))
	}
	if p.Description != "" {
		d[jen.Id("description")] = jen.Lit(p.Description)
	}
	if p.Deprecated {
		d[jen.Id("deprecated")] = jen.True()
	}
	return d
}

// paramKind is how the command line reads a parameter: string, integer,
// number, boolean, date-time or enum, with "[]" before it for a list.
func paramKind(t *ir.TypeRef) string {
	if t.Kind == ir.KindSlice {
		return "[]" + paramKind(t.Elem)
	}
	switch t.Kind {
	case ir.KindTime:
		return "date-time"
	case ir.KindNamed:
		if t.Named != nil && t.Named.Kind == ir.TypeEnum {
			return "enum"
		}
	case ir.KindBuiltin:
		switch t.Name {
		case "bool":
			return "boolean"
		case "int", "int32", "int64":
			return "integer"
		case "float32", "float64":
			return "number"
		}
	}
	return "string"
}

// qualType is t as seen from another package that imports the client.
func qualType(t *ir.TypeRef, adminImport string) *jen.Statement {
	switch t.Kind {
	case ir.KindNamed:
		return jen.Qual(adminImport, t.Name)
	case ir.KindSlice:
		return jen.Index().Add(qualType(t.Elem, adminImport))
	case ir.KindMap:
		return jen.Map(jen.String()).Add(qualType(t.Elem, adminImport))
	}
	return typ(t)
}

// typeText is t as the help text names it.
func typeText(t *ir.TypeRef, pkg string) string {
	switch t.Kind {
	case ir.KindNamed:
		return pkg + "." + t.Name
	case ir.KindSlice:
		return "[]" + typeText(t.Elem, pkg)
	case ir.KindMap:
		return "map[string]" + typeText(t.Elem, pkg)
	case ir.KindTime:
		return "time.Time"
	case ir.KindRaw:
		return "json.RawMessage"
	case ir.KindAny:
		return "any"
	}
	return t.Name
}
