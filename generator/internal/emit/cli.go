package emit

import (
	"bytes"
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
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
// operation is one row, and one runtime serves them all. A row holds only
// what the client package's table lacks (the help texts, the command's
// group, the docs link, the request body's type, paging): the runtime joins
// it by operationId with admin.LookupOperation's facts (Atlas's name, method,
// path, parameters, versions).
func CLIFiles(api *ir.API, opts CLIOptions) (map[string][]byte, error) {
	header := Header(api.SpecFile)
	f := jen.NewFile("main")
	f.HeaderComment(header)
	f.ImportName(opts.AdminImport, opts.AdminPackage)
	groups := cliGroups(api)
	about := sharedAbout(api.Operations)
	if len(about) > 0 {
		f.Comment("The parameter descriptions several operations share, each written once and")
		f.Comment("named after a parameter it describes.")
		f.Const().DefsFunc(func(g *jen.Group) {
			for _, text := range slices.SortedFunc(maps.Keys(about), func(a, b string) int { return strings.Compare(about[a], about[b]) }) {
				g.Id(about[text]).Op("=").Lit(text)
			}
		})
		f.Line()
	}
	ops := slices.Clone(api.Operations)
	slices.SortFunc(ops, func(a, b *ir.Operation) int { return strings.Compare(a.Name, b.Name) })
	f.Comment("groups are the API groups, one command each, sorted by name, with their")
	f.Comment("operations' rows (the command table), sorted by command name.")
	f.Var().Id("groups").Op("=").Index().Id("group").ValuesFunc(func(g *jen.Group) {
		for _, t := range sortedTags(api, groups) {
			d := jen.Dict{jen.Id("name"): jen.Lit(groups[t]), jen.Id("tag"): jen.Lit(t.Name)}
			if t.Description != "" {
				d[jen.Id("description")] = jen.Lit(t.Description)
			}
			var rows []jen.Code
			for _, op := range ops {
				if op.Tag == t {
					rows = append(rows, jen.Values(cliRow(op, about, opts)))
				}
			}
			if len(rows) > 0 {
				d[jen.Id("rows")] = jen.Index().Id("row").Values(rows...)
			}
			g.Values(d)
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

// cliRow is op's row of the command table: only what the client
// package's table (OperationInfo, ParameterInfo, VersionInfo) lacks.
func cliRow(op *ir.Operation, about map[string]string, opts CLIOptions) jen.Dict {
	d := jen.Dict{jen.Id("id"): jen.Lit(op.ID)}
	for k, v := range map[string]string{"summary": op.Summary, "description": op.Description, "docs": op.DocsURL} {
		if v != "" {
			d[jen.Id(k)] = jen.Lit(v)
		}
	}
	if op.NoAuth {
		d[jen.Id("noAuth")] = jen.True()
	}
	var docs []jen.Code
	for _, p := range op.Params {
		// Every parameter has its row, described or not: the runtime
		// knows from the table alone which operations have a parameter
		// of a name, and joins only those (takesValue).
		text := jen.Lit(p.Description)
		if name, ok := about[p.Description]; ok {
			text = jen.Id(name)
		}
		docs = append(docs, jen.Line().Values(jen.Lit(p.Name), text))
	}
	if len(docs) > 0 {
		d[jen.Id("params")] = jen.Index().Id("paramDoc").Values(append(docs, jen.Line())...)
	}
	// A body belongs to a date: the IR gives every format of a date that
	// date's body, so the row keys it by the version's name.
	var bodies []jen.Code
	seen := map[string]bool{}
	for _, v := range op.Versions {
		if v.Body == nil || seen[v.Name] {
			continue
		}
		seen[v.Name] = true
		// The body is decoded into the client's own type, refusing
		// unknown fields, before it is sent.
		bodies = append(bodies, jen.Line().Values(jen.Lit(v.Name), newBody(qualType(v.Body, opts.AdminImport)), jen.Lit(typeText(v.Body, opts.AdminPackage))))
	}
	if len(bodies) > 0 {
		d[jen.Id("bodies")] = jen.Index().Id("body").Values(append(bodies, jen.Line())...)
	}
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

// newBody is func() any { return new(t) }, on one line: a closure per
// type links less than a generic function's instantiations.
func newBody(t *jen.Statement) *jen.Statement {
	return jen.Func().Params().Any().Custom(jen.Options{Open: "{", Close: "}"}, jen.Return(jen.New(t)))
}

// sharedAbout names each parameter description that two parameters or
// more have: "about" and the exported name of the first parameter, in name
// order, that it describes (aboutGroupID); a name already given gets the
// lowest free number, taken in the order of the descriptions' text, so a
// name depends on the descriptions, never on positions.
func sharedAbout(ops []*ir.Operation) map[string]string {
	count := map[string]int{}
	first := map[string]string{} // description -> the least parameter name
	for _, op := range ops {
		for _, p := range op.Params {
			if p.Description == "" {
				continue
			}
			count[p.Description]++
			if n, ok := first[p.Description]; !ok || p.Name < n {
				first[p.Description] = p.Name
			}
		}
	}
	var texts []string
	for text, n := range count {
		if n > 1 {
			texts = append(texts, text)
		}
	}
	slices.SortFunc(texts, func(a, b string) int { return cmp.Or(strings.Compare(first[a], first[b]), strings.Compare(a, b)) })
	out := make(map[string]string, len(texts))
	taken := map[string]bool{}
	for _, text := range texts {
		base := "about" + naming.Exported(first[text])
		name := base
		for i := 2; taken[name]; i++ {
			name = base + strconv.Itoa(i)
		}
		taken[name] = true
		out[text] = name
	}
	return out
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
