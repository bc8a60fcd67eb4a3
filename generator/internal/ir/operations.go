package ir

import (
	"cmp"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/atlasgen/atlasgen/generator/internal/load"
	"github.com/atlasgen/atlasgen/generator/internal/naming"
)

// methodSuffixes are the names derived from a method: the method itself,
// its twins and its two types. Under NamingAtlas the first three are
// claimed in the service's method set (serviceSuffixes) and the types in
// the package (typeSuffixes).
var (
	methodSuffixes  = []string{"", "WithParams", "Execute", "ApiRequest", "ApiParams"}
	serviceSuffixes = methodSuffixes[:3]
	typeSuffixes    = methodSuffixes[3:]
)

// overrideKey is the extension that carries Atlas's own name of an
// operation, which the official SDK and the Atlas CLI use.
const overrideKey = "x-xgen-operation-id-override"

// validOverride is what an override must look like to name a method, a
// command and a Raw call: an operationId such as getCluster.
var validOverride = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)

var methods = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions, http.MethodTrace}

// atlasMedia matches Atlas's versioned media types. The format is any
// suffix: json is decoded, every other format (csv, gzip, xml, zip, ...) is
// a stream.
var atlasMedia = regexp.MustCompile(`^application/vnd\.atlas\.(\d{4}-\d{2}-\d{2}|preview)\+([a-z0-9][a-z0-9.-]*)$`)

func (b *builder) operations() {
	b.atlasNames()
	seenOps, seenTags := map[string]bool{}, map[string]bool{}
	tags := map[string]*Tag{}
	ids := map[string]string{}
	paths := b.doc.Paths.Map()
	for _, path := range sortedKeys(paths) {
		item := paths[path]
		for _, m := range methods {
			op := item.GetOperation(m)
			if op == nil {
				continue
			}
			ptr := load.Pointer("paths", path, strings.ToLower(m))
			if op.OperationID == "" {
				b.fail(ptr, "operation has no operationId; every operation needs one to be named")
				continue
			}
			if prev, dup := ids[op.OperationID]; dup {
				b.fail(ptr, "duplicate operationId %q (also at %s)", op.OperationID, prev)
				continue
			}
			ids[op.OperationID] = ptr
			b.specOps[op.OperationID] = specOp{ptr: ptr, method: m, override: stringExt(op.Extensions, overrideKey), op: op}
			seenOps[op.OperationID] = true
			name := b.opNames[op.OperationID] // Atlas's name selects it too; "" without one
			if name != "" {
				seenOps[name] = true
			}
			for _, t := range op.Tags {
				seenTags[t] = true
			}
			if !b.opts.Selection.Match(op.Tags, op.OperationID, name) {
				continue
			}
			b.operation(path, m, item, op, ptr, tags)
		}
	}
	if miss := b.opts.Selection.Unmatched(seenOps, seenTags); len(miss) > 0 {
		b.errs = append(b.errs, load.Finding{File: b.spec.File, Message: "selection matches nothing for: " + strings.Join(miss, ", ")})
	}
	for _, name := range sortedKeys(tags) {
		b.api.Tags = append(b.api.Tags, tags[name])
	}
	for _, t := range b.api.Tags {
		slices.SortFunc(t.Operations, func(a, c *Operation) int { return strings.Compare(a.GoName, c.GoName) })
	}
}

// atlasNames decides every operation's Name before any Go name is
// claimed, over the whole spec so that a selection does not change it. An
// override names its operation unless it is another operation's
// operationId (operationIds are the spec's identities and always win) or
// an earlier operation's override (paths and methods in sorted order): then
// the operation keeps its operationId, and the report says why. An override
// that is empty, not a string or not a name is a finding, for a selected
// operation.
func (b *builder) atlasNames() {
	b.opNames = map[string]string{}
	type cand struct{ id, override, ptr string }
	var cands []cand
	ids := map[string]bool{}
	paths := b.doc.Paths.Map()
	for _, path := range sortedKeys(paths) {
		for _, m := range methods {
			op := paths[path].GetOperation(m)
			if op == nil || op.OperationID == "" {
				continue
			}
			ids[op.OperationID] = true
			raw, ok := op.Extensions[overrideKey]
			if !ok {
				continue
			}
			ptr := load.Pointer("paths", path, strings.ToLower(m), overrideKey)
			selected := b.opts.Selection.Match(op.Tags, op.OperationID)
			name, isString := raw.(string)
			switch {
			case !isString:
				if selected {
					b.fail(ptr, "%s of %s is not a string; it names the operation, like an operationId", overrideKey, op.OperationID)
				}
			case name == "":
				if selected {
					b.fail(ptr, "%s of %s is empty: name the operation (like an operationId) or leave the key out", overrideKey, op.OperationID)
				}
			case !validOverride.MatchString(name):
				if selected {
					b.fail(ptr, "%s %q of %s is not a name: a letter, then letters, digits or _ (like an operationId)", overrideKey, name, op.OperationID)
				}
			default:
				cands = append(cands, cand{op.OperationID, name, ptr})
			}
		}
	}
	taken := map[string]string{} // override -> the operationId it names
	for _, c := range cands {
		switch prev, dup := taken[c.override]; {
		case c.override == c.id:
		case ids[c.override]:
			b.api.Report.Renamed = append(b.api.Report.Renamed, fmt.Sprintf("%s -> %s (%s at %s: %q is the operationId of another operation, which keeps it)", c.override, c.id, overrideKey, c.ptr, c.override))
			continue
		case dup:
			b.api.Report.Renamed = append(b.api.Report.Renamed, fmt.Sprintf("%s -> %s (%s at %s: %q already names %s)", c.override, c.id, overrideKey, c.ptr, c.override, prev))
			continue
		}
		taken[c.override] = c.id
		b.opNames[c.id] = c.override
	}
	if b.api.Naming == NamingOperationID && len(b.opNames) > 0 {
		b.api.Report.Notes = append(b.api.Report.Notes, fmt.Sprintf("the lock keeps operationId names: %d operations have Atlas's own name (%s), which only the CLI uses; -adopt-atlas-names moves the Go names to them, and the positional parameters to the spec's order", len(b.opNames), overrideKey))
	}
}

// methodScope is the method set of a tag's service, under NamingAtlas.
func (b *builder) methodScope(tag string) *naming.Scope {
	if b.methodScopeOf == nil {
		b.methodScopeOf = map[string]*naming.Scope{}
	}
	s, ok := b.methodScopeOf[tag]
	if !ok {
		s = b.newScope("methods of tag " + tag)
		b.methodScopeOf[tag] = s
		b.methodScopes = append(b.methodScopes, s)
	}
	return s
}

// claimMethod claims a method of tag and the names derived from it: under
// NamingAtlas the method and its twins in the service's method set and its
// types in the package, one base for all; under NamingOperationID all in
// the package, as before.
func (b *builder) claimMethod(tag, want, why string) string {
	if b.api.Naming == NamingOperationID {
		return b.scope.ClaimWith(want, why, methodSuffixes...)
	}
	return naming.ClaimAcross(want, why,
		naming.Part{Scope: b.methodScope(tag), Suffixes: serviceSuffixes},
		naming.Part{Scope: b.scope, Suffixes: typeSuffixes})
}

func (b *builder) tag(name string, tags map[string]*Tag) *Tag {
	if t, ok := tags[name]; ok {
		return t
	}
	base := naming.Exported(name)
	t := &Tag{Name: name, Interface: b.scope.Claim(base+"Api", "tag "+name)}
	t.Service = b.scope.Claim(t.Interface+"Service", "service of tag "+name)
	for _, st := range b.doc.Tags {
		if st != nil && st.Name == name {
			t.Description = st.Description
		}
	}
	tags[name] = t
	return t
}

func stringExt(ext map[string]any, key string) string {
	if v, ok := ext[key]; ok {
		switch x := v.(type) {
		case string:
			return x
		default:
			return fmt.Sprint(x)
		}
	}
	return ""
}

// noAuth reports whether an operation's own security lets it be called
// without credentials: an empty list, or an empty requirement among them
// (OpenAPI's "optional authentication").
func noAuth(sec *openapi3.SecurityRequirements) bool {
	if sec == nil {
		return false
	}
	return len(*sec) == 0 || slices.ContainsFunc(*sec, func(r openapi3.SecurityRequirement) bool { return len(r) == 0 })
}

func (b *builder) operation(path, method string, item *openapi3.PathItem, op *openapi3.Operation, ptr string, tags map[string]*Tag) {
	tagName := "Default"
	if len(op.Tags) > 0 {
		tagName = op.Tags[0]
	}
	o := &Operation{
		ID: op.OperationID, Name: cmp.Or(b.opNames[op.OperationID], op.OperationID), Method: method, Path: path,
		Summary: op.Summary, Description: op.Description, Deprecated: op.Deprecated,
		Sunset:  stringExt(op.Extensions, "x-sunset"),
		DocsURL: stringExt(op.Extensions, "x-xgen-docs-url"),
		NoAuth:  noAuth(op.Security),
	}
	// The default method and its twins are claimed before any inline type
	// of the operation can take one of their names.
	source := o.Name
	if b.api.Naming == NamingOperationID {
		source = o.ID
	}
	o.GoName = b.claimMethod(tagName, naming.Exported(source), "method of "+op.OperationID)
	o.Table = "operation" + o.GoName // unique: so is the method, in the package
	o.Tag = b.tag(tagName, tags)
	o.Params = b.params(o, item, op, ptr)
	o.PathParts = pathParts(o.Path, o.Params)
	b.versions(o, op, ptr)
	if len(o.Versions) == 0 {
		return
	}
	b.variants(o)
	o.Tag.Operations = append(o.Tag.Operations, o)
	b.api.Operations = append(b.api.Operations, o)
}

func (b *builder) params(o *Operation, item *openapi3.PathItem, op *openapi3.Operation, ptr string) []*Param {
	// An operation's parameter overrides the path's of the same name and
	// place; each keeps the JSON pointer of where it is declared.
	byKey := map[string]*openapi3.ParameterRef{}
	ptrs := map[string]string{}
	order := map[string]int{} // the spec's order: the operation's list, then the path item's
	for li, list := range []openapi3.Parameters{item.Parameters, op.Parameters} {
		base := ptr[:strings.LastIndex(ptr, "/")] // the path item
		if li == 1 {
			base = ptr
		}
		for i, p := range list {
			if p != nil && p.Value != nil {
				key := p.Value.In + "\x00" + p.Value.Name
				byKey[key] = p
				ptrs[key] = fmt.Sprintf("%s/parameters/%d", base, i)
				order[key] = (1-li)<<20 + i
			}
		}
	}
	var out []*Param
	refused := map[string]bool{} // reported already
	// Fields are also the request's builder methods, beside its own.
	fields := b.newScope("parameters of "+o.ID, "Execute", "Version", "Body", "Context", "All", "ApiService", "String", "Error", "Wait", "ExecuteAndWait")
	args := b.newScope("arguments of "+o.ID, "ctx", "r", "a", "body", "version", "args", "out", "resp", "err", "q", "h", "path", "zero")
	for _, key := range sortedKeys(byKey) {
		pr := byKey[key]
		p := pr.Value
		pptr := ptrs[key]
		switch p.In {
		case openapi3.ParameterInPath, openapi3.ParameterInQuery, openapi3.ParameterInHeader:
		default:
			b.fail(pptr, "parameter %q in %s is not supported", p.Name, p.In)
			continue
		}
		field := fields.Claim(naming.Exported(p.Name), "parameter "+p.In+" "+p.Name)
		param := &Param{
			Name: p.Name, In: p.In, Field: field, Arg: args.Claim(naming.Unexported(p.Name), "parameter "+p.In+" "+p.Name),
			Required: p.Required || p.In == openapi3.ParameterInPath, Description: p.Description, Deprecated: p.Deprecated,
		}
		param.Type = tString
		if p.Schema != nil {
			// An inline schema is known by the parameter's name, not its
			// index: the name is what the lock keys it by, and it survives
			// a reordering of the list (load.Spec.At still places it).
			named := ptr + "/parameters/" + p.Name
			param.Type = b.paramType(b.schemaRef(p.Schema, o.GoName+field, named+"/schema"), named)
			if p.Schema.Value != nil {
				param.Default = p.Schema.Value.Default
			}
			if p.Schema.Value != nil && param.Type != nil && param.Type.Kind == KindBuiltin && param.Type.Name == "string" {
				param.Pattern = b.patternFor(p.Schema.Value.Pattern, b.spec.File+": "+named)
			}
		}
		if param.Type == nil {
			b.fail(pptr, "parameter %q has an object schema; only primitives, enums and arrays of them are supported", p.Name)
			refused[p.Name] = true
			continue
		}
		param.RefuseDots = param.In == openapi3.ParameterInPath && (param.Pattern == nil || param.Pattern.Dots) &&
			(param.Type.Kind == KindBuiltin && param.Type.Name == "string" || param.Type.Kind == KindNamed && param.Type.Named.EnumBase == "string")
		if err := serialization(param, p); err != nil {
			b.fail(pptr, "parameter %q: %v", p.Name, err)
			refused[p.Name] = true
			continue
		}
		out = append(out, param)
	}
	inOrder := func(a, c *Param) int { return order[a.In+"\x00"+a.Name] - order[c.In+"\x00"+c.Name] }
	if b.api.Naming == NamingAtlas {
		slices.SortFunc(out, inOrder)
	}
	b.cliFlags(slices.SortedFunc(slices.Values(out), inOrder), ptrs)
	// Under NamingOperationID: path parameters in the order the path names
	// them, then query, then header.
	rank := func(p *Param) int {
		if b.api.Naming == NamingAtlas {
			return 0 // sorted above
		}
		switch p.In {
		case openapi3.ParameterInPath:
			return strings.Index(o.Path, "{"+p.Name+"}")
		case openapi3.ParameterInQuery:
			return 1 << 20
		}
		return 1 << 21
	}
	slices.SortStableFunc(out, func(a, c *Param) int { return rank(a) - rank(c) })
	names, err := templateNames(o.Path)
	if err != nil {
		b.fail(ptr, "path template %q: %v", o.Path, err)
		return nil
	}
	for _, name := range names {
		if !refused[name] && !slices.ContainsFunc(out, func(p *Param) bool { return p.In == "path" && p.Name == name }) {
			b.fail(ptr, "path parameter %q is not declared", name)
		}
	}
	return out
}

// cliFlags checks that each of an operation's parameters (params, in the
// spec's order; ptrs their pointers by location and name) can have the
// command-line flag named after it: none is named as one of the CLI's own
// flags, and no two share a name (path id and query id). A clash is a
// CLIFinding, placed on the later parameter: renaming a flag instead would
// give it a name found in no spec or documentation, which the user would
// have to discover in the help.
func (b *builder) cliFlags(params []*Param, ptrs map[string]string) {
	first := map[string]*Param{}
	for _, p := range params {
		ptr := ptrs[p.In+"\x00"+p.Name]
		if i := slices.IndexFunc(b.opts.CLIFlags, func(f string) bool { return strings.TrimLeft(f, "-") == p.Name }); i >= 0 {
			b.api.CLIFindings = append(b.api.CLIFindings, b.spec.At(ptr, fmt.Sprintf("%s parameter %q has the name of the command-line client's own flag %s; rename it (an overlay can), or generate without -cli-out", p.In, p.Name, b.opts.CLIFlags[i])))
			continue
		}
		if q, ok := first[p.Name]; ok {
			b.api.CLIFindings = append(b.api.CLIFindings, b.spec.At(ptr, fmt.Sprintf("%s parameter %q has the name of the %s parameter at %s: the command-line client names a flag after each parameter; rename one (an overlay can), or generate without -cli-out", p.In, p.Name, q.In, ptrs[q.In+"\x00"+q.Name])))
			continue
		}
		first[p.Name] = p
	}
}

// versions reads the operation's versions off its media types.
func (b *builder) versions(o *Operation, op *openapi3.Operation, ptr string) {
	byName := map[string]*Version{}
	// A version is one date in one format: getOrgInvoice answers
	// 2023-01-01 as +json and as +csv.
	get := func(name, format, media string) *Version {
		key := name + "+" + format
		v, ok := byName[key]
		if !ok {
			v = &Version{Name: name, Preview: name == "preview", Format: format, Accept: media}
			byName[key] = v
		}
		return v
	}
	// Request bodies are read first and joined to the responses of their
	// date below: a preview +json body may be answered with +gzip.
	type reqBody struct {
		media string
		typ   *TypeRef
	}
	bodies := map[string]reqBody{}
	bodyRequired := false
	refused := false // a media type was refused, which says enough
	if rb := op.RequestBody; rb != nil && rb.Value != nil {
		bodyRequired = rb.Value.Required
		for _, media := range sortedKeys(rb.Value.Content) {
			mptr := load.AppendPointer(ptr, "requestBody", "content", media)
			m := atlasMedia.FindStringSubmatch(media)
			mt := rb.Value.Content[media]
			if mt == nil {
				mt = &openapi3.MediaType{} // null declares the format with no schema
			}
			if m == nil || m[2] != "json" {
				b.fail(mptr, "request media type %q is not supported; expected application/vnd.atlas.<version>+json", media)
				refused = true
				continue
			}
			// An empty media type (null or {}) declares the version with no
			// schema: its body is free-form JSON.
			t := b.schemaRef(mt.Schema, o.GoName+"Request", mptr+"/schema")
			n := len(b.api.Examples)
			b.mediaExamples(mptr, t, mt)
			for _, ex := range b.api.Examples[n:] {
				ex.Request, ex.Version = o, m[1]
			}
			bodies[m[1]] = reqBody{media: media, typ: t}
		}
	}
	codes := op.Responses.Map()
	okCodes := []string{}
	for _, code := range sortedKeys(codes) {
		if strings.HasPrefix(code, "2") {
			okCodes = append(okCodes, code)
		}
	}
	for _, code := range okCodes {
		r := codes[code]
		if r == nil || r.Value == nil {
			continue
		}
		for _, media := range sortedKeys(r.Value.Content) {
			mt := r.Value.Content[media]
			if mt == nil {
				mt = &openapi3.MediaType{} // null declares the format with no schema
			}
			mptr := load.AppendPointer(ptr+"/responses/"+code, "content", media) // code unescaped: lock keys are built on this pointer
			m := atlasMedia.FindStringSubmatch(media)
			if m == nil {
				b.fail(mptr, "response media type %q is not supported; expected application/vnd.atlas.<version>+<format>", media)
				refused = true
				continue
			}
			if xv := stringExt(mt.Extensions, "x-xgen-version"); xv != "" && xv != m[1] && m[1] != "preview" {
				b.api.Report.Notes = append(b.api.Report.Notes, fmt.Sprintf("%s: x-xgen-version %q differs from media type; media type wins", mptr, xv))
			}
			v := get(m[1], m[2], media)
			if v.Response != nil || v.Sunset != "" {
				continue // the first 2xx code that names this version decides
			}
			if s := stringExt(mt.Extensions, "x-sunset"); s != "" {
				v.Sunset = s
			}
			if m[2] == "json" && mt.Schema != nil {
				v.Response = b.schemaRef(mt.Schema, o.GoName+"Response", mptr+"/schema")
				b.mediaExamples(mptr, v.Response, mt)
			}
		}
	}
	// Every format of a date sends that date's body; a date with a body but
	// no 2xx content (a 204, say) is sent and accepted as its body's type.
	dates := map[string]bool{}
	for _, v := range byName {
		dates[v.Name] = true
	}
	for _, date := range sortedKeys(bodies) {
		if !dates[date] {
			get(date, "json", bodies[date].media)
		}
	}
	for _, v := range byName {
		if rb, ok := bodies[v.Name]; ok {
			v.HasBody, v.BodyRequired, v.Body, v.ContentType = true, bodyRequired, rb.typ, rb.media
		}
	}
	for _, name := range sortedKeys(byName) {
		v := byName[name]
		if v.Sunset == "" {
			v.Sunset = o.Sunset
		}
		v.Signature = v.Format + "|" + typeKey(v.Body) + "|" + typeKey(v.Response)
		o.Versions = append(o.Versions, v)
	}
	slices.SortFunc(o.Versions, func(a, c *Version) int {
		if n := compareVersions(a.Name, c.Name); n != 0 {
			return n
		}
		return strings.Compare(a.Format, c.Format)
	})
	if len(o.Versions) == 0 && !refused {
		b.fail(ptr, "operation %s names no API version: no application/vnd.atlas.<version>+json media type in its request or 2xx responses", o.ID)
	}
}

func typeKey(t *TypeRef) string {
	if t == nil {
		return ""
	}
	switch t.Kind {
	case KindSlice:
		return "[]" + typeKey(t.Elem)
	case KindMap:
		return "map:" + typeKey(t.Elem)
	case KindAny:
		return "any"
	case KindRaw:
		return "raw"
	}
	return t.Name
}

// variants picks the default version and groups versions of equal shape.
// Each group is one request type. The default version's group is built by
// the unsuffixed method; every other group by the method of its oldest
// version, which a newer version of the same shape cannot rename. Once an
// operation has two dates, every date also has a method named by it
// (GetClusterV20240805), whichever group it is in, so a newer date never
// takes a method away. An operation with one date has no such method: it
// would only repeat the unsuffixed one, and the second date adds it, which
// is an addition (docs/releases.md).
func (b *builder) variants(o *Operation) {
	def := b.defaultVersion(o)
	if def != nil {
		def.Default = true
	}
	byDate := len(o.Dates()) > 1
	base := "json"
	if def != nil {
		base = def.Format
	}
	dated := func(v *Version) string {
		m := o.GoName
		if v.Preview {
			m += "Preview"
		} else {
			m += "V" + strings.ReplaceAll(v.Name, "-", "")
		}
		if v.Format != base {
			m += "As" + naming.Exported(v.Format)
		}
		return m
	}
	claim := func(v *Version) string {
		return b.claimMethod(o.Tag.Name, dated(v), "method of "+o.ID+" version "+v.Name+" "+v.Format)
	}
	groups := map[string][]*Version{}
	var keys []string
	for _, v := range o.Versions {
		key := v.Signature
		if v.Preview {
			key = "preview|" + key // a preview is never sent in place of a dated version
		}
		if _, ok := groups[key]; !ok {
			keys = append(keys, key)
		}
		groups[key] = append(groups[key], v) // oldest first
	}
	for _, key := range keys {
		vs := groups[key]
		isDefault := slices.Contains(vs, def)
		v := &Variant{Op: o, IsDefault: isDefault}
		// The default date in another format (a +csv twin) is the
		// unsuffixed method's stream: ExportPetAsCSV.
		lead := def
		if !isDefault && def != nil {
			if i := slices.IndexFunc(vs, func(x *Version) bool { return !x.Preview && x.Name == def.Name }); i >= 0 {
				lead = vs[i]
			}
		}
		if slices.Contains(vs, lead) {
			// The default leads, then the others newest first.
			rest := slices.DeleteFunc(slices.Clone(vs), func(x *Version) bool { return x == lead })
			slices.Reverse(rest)
			v.Versions = append([]*Version{lead}, rest...)
			v.Method = o.GoName // claimed in operation()
			if !isDefault {
				v.Method = b.claimMethod(o.Tag.Name, o.GoName+"As"+naming.Exported(lead.Format), "method of "+o.ID+" format "+lead.Format)
			}
			for _, ver := range v.Versions {
				if !ver.Preview && byDate {
					v.Aliases = append(v.Aliases, &Alias{Method: claim(ver), Version: ver})
				}
			}
		} else {
			v.Versions = vs
			v.Method = claim(vs[0])
			for _, ver := range vs[1:] {
				v.Aliases = append(v.Aliases, &Alias{Method: claim(ver), Version: ver})
			}
		}
		lead = v.Versions[0]
		v.Body, v.Response, v.Format = lead.Body, lead.Response, lead.Format
		if lead.Response == nil && lead.Format == "json" {
			v.Format = "" // a 2xx without a schema: nothing to decode
		}
		v.Request, v.ParamsType = v.Method+"ApiRequest", v.Method+"ApiParams"
		v.Endpoint = "endpoint" + v.Method // unique: so is v.Request, in the package
		v.BodyNeeded = lead.HasBody && lead.BodyRequired
		if isDefault {
			o.Variants = append([]*Variant{v}, o.Variants...)
		} else {
			o.Variants = append(o.Variants, v)
		}
	}
	if hasParam(o, "itemsPerPage") {
		for _, p := range o.Params {
			if p.Name == "pageNum" && p.In == "query" && !p.Required && isInteger(p.Type) {
				o.PageNum = p
			}
		}
	}
	for _, v := range o.Variants {
		if o.PageNum != nil && v.Response != nil && v.Response.Kind == KindNamed {
			for _, f := range v.Response.Named.Fields {
				switch {
				case f.JSON == "results" && f.Type.Kind == KindSlice:
					v.PagedItems = f
				case f.JSON == "totalCount" && isInteger(f.Type):
					v.PagedTotal = f
				}
			}
		}
	}
}

// defaultVersion is the version the unsuffixed method sends: the lock's,
// while the spec still has it; else the newest non-preview version not
// after MaxVersion, in JSON when the operation has JSON. With
// UpgradeDefaults the lock is only compared with, and each move is noted.
func (b *builder) defaultVersion(o *Operation) *Version {
	hasJSON := slices.ContainsFunc(o.Versions, func(v *Version) bool { return v.Format == "json" && !v.Preview })
	eligible := func(v *Version) bool { return !v.Preview && (!hasJSON || v.Format == "json") }
	var def *Version
	for _, v := range o.Versions {
		if eligible(v) && (b.opts.MaxVersion == "" || v.Name <= b.opts.MaxVersion) {
			def = v // versions are sorted oldest first
		}
	}
	if def == nil {
		for _, v := range o.Versions {
			if eligible(v) {
				def = v // the operation is newer than the cutoff: its oldest
				break
			}
		}
	}
	if b.opts.Lock == nil {
		return def
	}
	locked, ok := b.opts.Lock.Defaults[o.ID]
	if !ok {
		return def // a new operation
	}
	i := slices.IndexFunc(o.Versions, func(v *Version) bool { return eligible(v) && v.Name == locked })
	switch {
	case i < 0:
		b.api.DefaultMoves = append(b.api.DefaultMoves, DefaultMove{Op: o.ID, From: locked, To: versionName(def), Forced: true})
		return def
	case b.opts.UpgradeDefaults:
		if def != nil && def.Name != locked {
			b.api.DefaultMoves = append(b.api.DefaultMoves, DefaultMove{Op: o.ID, From: locked, To: def.Name})
		}
		return def
	}
	return o.Versions[i]
}

func versionName(v *Version) string {
	if v == nil {
		return "none"
	}
	return v.Name
}

// serialization reads a parameter's style and explode into param.Join, or
// says why the client cannot send it.
func serialization(param *Param, p *openapi3.Parameter) error {
	explode := p.Explode == nil || *p.Explode
	list := param.Type.Kind == KindSlice
	switch p.In {
	case openapi3.ParameterInQuery:
		switch p.Style {
		case "", openapi3.SerializationForm:
			if list && !explode {
				param.Join = ","
			}
			return nil
		case openapi3.SerializationSpaceDelimited, openapi3.SerializationPipeDelimited:
			if !list {
				return fmt.Errorf("style %s is for arrays", p.Style)
			}
			if p.Explode == nil || !*p.Explode { // explode: true sends one key per value
				param.Join = map[string]string{openapi3.SerializationSpaceDelimited: " ", openapi3.SerializationPipeDelimited: "|"}[p.Style]
			}
			return nil
		}
	case openapi3.ParameterInPath:
		if list {
			return fmt.Errorf("an array in the path is not supported")
		}
		if p.Style == "" || p.Style == openapi3.SerializationSimple {
			return nil
		}
	case openapi3.ParameterInHeader:
		if p.Style == "" || p.Style == openapi3.SerializationSimple {
			if list {
				param.Join = ","
			}
			return nil
		}
	}
	return fmt.Errorf("style %q in %s is not supported", p.Style, p.In)
}

// templateNames returns the {names} of a path template, which must be
// balanced and name something: "/a/{id}:action" names id.
func templateNames(path string) ([]string, error) {
	var names []string
	for rest := path; ; {
		i := strings.IndexAny(rest, "{}")
		if i < 0 {
			return names, nil
		}
		if rest[i] == '}' {
			return nil, fmt.Errorf("'}' at offset %d closes nothing", len(path)-len(rest)+i)
		}
		j := strings.IndexAny(rest[i+1:], "{}/")
		if j < 0 || rest[i+1+j] != '}' {
			return nil, fmt.Errorf("'{' at offset %d is not closed", len(path)-len(rest)+i)
		}
		if j == 0 {
			return nil, fmt.Errorf("empty {} at offset %d", len(path)-len(rest)+i)
		}
		names = append(names, rest[i+1:i+1+j])
		rest = rest[i+2+j:]
	}
}

func isInteger(t *TypeRef) bool {
	return t.Kind == KindBuiltin && (t.Name == "int" || t.Name == "int32" || t.Name == "int64")
}

func hasParam(o *Operation, name string) bool {
	return slices.ContainsFunc(o.Params, func(p *Param) bool { return p.Name == name && p.In == "query" })
}

// paramType maps a parameter's schema type to what goes on the wire as text:
// primitives, enums, and arrays of them. A union of enums is sent as its
// string form; objects are not supported (nil).
func (b *builder) paramType(t *TypeRef, ptr string) *TypeRef {
	switch t.Kind {
	case KindBuiltin, KindTime:
		return t
	case KindAny:
		// A schema that allows any value ({}): a query, path or header
		// value is text, so the caller gives the text.
		return tString
	case KindSlice:
		if e := b.paramType(t.Elem, ptr); e != nil && e.Kind != KindSlice {
			return &TypeRef{Kind: KindSlice, Elem: e}
		}
	case KindNamed:
		switch t.Named.Kind {
		case TypeEnum:
			return t
		case TypeUnion:
			b.api.Report.Notes = append(b.api.Report.Notes, fmt.Sprintf("%s: parameter schema %s is a union; sent as a string", ptr, t.Name))
			return tString
		}
	}
	return nil
}

// mediaExamples records a media type's example and named examples.
func (b *builder) mediaExamples(ptr string, t *TypeRef, mt *openapi3.MediaType) {
	if mt.Example != nil {
		b.api.Examples = append(b.api.Examples, &Example{Where: ptr + "/example", Type: t, Value: mt.Example})
	}
	for _, name := range sortedKeys(mt.Examples) {
		if ex := mt.Examples[name]; ex != nil && ex.Value != nil && ex.Value.Value != nil {
			b.api.Examples = append(b.api.Examples, &Example{Where: ptr + "/examples/" + name, Type: t, Value: ex.Value.Value})
		}
	}
}

// pathParts splits path at its {name} templates; each becomes the path
// parameter of that name (a template no parameter names is left out, as
// no value could fill it).
func pathParts(path string, params []*Param) []PathPart {
	var parts []PathPart
	for path != "" {
		i := strings.IndexByte(path, '{')
		j := strings.IndexByte(path[max(i, 0):], '}') + max(i, 0)
		if i < 0 || j < i {
			return append(parts, PathPart{Text: path})
		}
		if i > 0 {
			parts = append(parts, PathPart{Text: path[:i]})
		}
		name := path[i+1 : j]
		path = path[j+1:]
		for _, p := range params {
			if p.In == "path" && p.Name == name {
				parts = append(parts, PathPart{Param: p})
			}
		}
	}
	return parts
}
