package ir

import (
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/speakeasy-api/jsonpath/pkg/jsonpath"
	"github.com/speakeasy-api/jsonpath/pkg/jsonpath/token"

	"github.com/atlasgen/atlasgen/generator/internal/load"
)

// watcherExt is the extension that holds a watcher, and the key inside it:
// the Atlas CLI's names, so its overlays work unchanged.
const (
	watcherExt = "x-xgen-atlascli"
	watcherKey = "watcher"
)

// specOp is what the watcher check needs of every operation in the spec,
// selected or not: a watcher may name a GET the selection leaves out.
type specOp struct {
	ptr, method, override string
	op                    *openapi3.Operation
}

// watchers reads and checks every selected operation's watcher, once all
// operations and their types are built. Findings are placed on the
// definition's own keys.
func (b *builder) watchers() {
	byID := map[string]*Operation{}
	for _, o := range b.api.Operations {
		byID[o.ID] = o
	}
	for _, o := range b.api.Operations {
		so := b.specOps[o.ID]
		ext, ok := so.op.Extensions[watcherExt]
		if !ok {
			continue
		}
		// The extension is the Atlas CLI's: what else it holds, or one
		// that is no object, is its business, as there.
		m, _ := ext.(map[string]any)
		def, ok := m[watcherKey]
		if !ok {
			continue
		}
		w := &watcherCheck{b: b, op: o, byID: byID, ptr: load.AppendPointer(so.ptr, watcherExt, watcherKey)}
		o.Watcher = w.build(def)
	}
}

// watcherCheck checks one definition; every problem is a finding.
type watcherCheck struct {
	b    *builder
	op   *Operation // the watched operation
	byID map[string]*Operation
	ptr  string
	bad  bool
}

func (w *watcherCheck) fail(ptr, format string, args ...any) {
	w.bad = true
	w.b.fail(ptr, format, args...)
}

// object is v as a JSON object with only the known keys, or nil (and a
// finding) when it is not one.
func (w *watcherCheck) object(ptr string, v any, known ...string) map[string]any {
	m, ok := v.(map[string]any)
	if !ok {
		w.fail(ptr, "must be an object with %s", strings.Join(known, ", "))
		return nil
	}
	for _, k := range sortedKeys(m) {
		if !slices.Contains(known, k) {
			w.fail(load.AppendPointer(ptr, k), "unknown key %q; a watcher knows %s", k, strings.Join(known, ", "))
		}
	}
	return m
}

func (w *watcherCheck) build(def any) *Watcher {
	m := w.object(w.ptr, def, "get", "expect")
	if m == nil {
		return nil
	}
	getPtr := load.AppendPointer(w.ptr, "get")
	get := w.object(getPtr, m["get"], "operation-id", "version", "params")
	if get == nil {
		return nil
	}
	wt := &Watcher{Where: w.ptr}
	wt.Get = w.getOperation(getPtr, get["operation-id"])
	if wt.Get == nil {
		// Nothing below can be checked without the GET; an unselected GET
		// is not a mistake in the definition.
		return nil
	}
	wt.Version = w.version(load.AppendPointer(getPtr, "version"), get["version"], wt.Get)
	wt.Params = w.params(load.AppendPointer(getPtr, "params"), get["params"], wt.Get)
	wt.Expect = w.expect(load.AppendPointer(w.ptr, "expect"), m["expect"], wt.Version)
	if w.bad || wt.Version == nil {
		return nil
	}
	return wt
}

// getOperation finds the polled operation by operationId, or else by
// x-xgen-operation-id-override: the Atlas CLI names operations by the
// override where one exists (getCluster for getGroupCluster).
func (w *watcherCheck) getOperation(ptr string, v any) *Operation {
	ptr = load.AppendPointer(ptr, "operation-id")
	id, ok := v.(string)
	if !ok || id == "" {
		w.fail(ptr, "operation-id must name the GET operation to poll")
		return nil
	}
	found := id
	if _, ok := w.b.specOps[id]; !ok {
		var byOverride []string
		for _, other := range sortedKeys(w.b.specOps) {
			if w.b.specOps[other].override == id {
				byOverride = append(byOverride, other)
			}
		}
		switch len(byOverride) {
		case 0:
			w.fail(ptr, "no operation has operationId or x-xgen-operation-id-override %q", id)
			return nil
		case 1:
			found = byOverride[0]
		default:
			w.fail(ptr, "x-xgen-operation-id-override %q names several operations (%s); use the operationId", id, strings.Join(byOverride, ", "))
			return nil
		}
	}
	if m := w.b.specOps[found].method; m != http.MethodGet {
		w.fail(ptr, "%s is a %s; a watcher polls a GET", found, m)
		return nil
	}
	get := w.byID[found]
	if get == nil {
		w.b.api.Report.Notes = append(w.b.api.Report.Notes, fmt.Sprintf("%s: the watcher of %s is left out: it polls %s, which the selection leaves out", w.b.spec.File, w.op.ID, found))
		return nil
	}
	return get
}

// version is the definition's version of get, or get's default when it
// names none.
func (w *watcherCheck) version(ptr string, v any, get *Operation) *Version {
	if v == nil {
		for _, gv := range get.Versions {
			if gv.Default {
				return gv
			}
		}
		return get.Versions[0]
	}
	name, ok := v.(string)
	if !ok {
		w.fail(ptr, "version must be a string (quote a date: \"2024-08-05\")")
		return nil
	}
	var names []string
	var found *Version
	for _, gv := range get.Versions {
		if !slices.Contains(names, gv.Name) {
			names = append(names, gv.Name)
		}
		// A version served as JSON and as a stream is polled as JSON.
		if gv.Name == name && (found == nil || gv.Format == "json") {
			found = gv
		}
	}
	if found == nil {
		w.fail(ptr, "%s has no version %q; it has %s", get.ID, name, strings.Join(names, ", "))
	}
	return found
}

func (w *watcherCheck) params(ptr string, v any, get *Operation) []*WatcherParam {
	var m map[string]any
	if v != nil {
		var ok bool
		if m, ok = v.(map[string]any); !ok {
			w.fail(ptr, "params must be an object: the GET's parameter names, each input:NAME, body:$.path or const:VALUE")
			return nil
		}
	}
	var out []*WatcherParam
	for _, name := range sortedKeys(m) {
		pptr := load.AppendPointer(ptr, name)
		i := slices.IndexFunc(get.Params, func(p *Param) bool { return p.Name == name })
		if i < 0 {
			w.fail(pptr, "%s has no parameter %q; it has %s", get.ID, name, paramNames(get.Params))
			continue
		}
		if wp := w.param(pptr, m[name], get.Params[i]); wp != nil {
			out = append(out, wp)
		}
	}
	var missing []string
	for _, p := range get.Params {
		if p.Required && m[p.Name] == nil {
			missing = append(missing, p.Name)
		}
	}
	if len(missing) > 0 {
		w.fail(ptr, "%s needs %s; the watcher gives no value for it", get.ID, strings.Join(missing, ", "))
	}
	slices.SortStableFunc(out, func(a, c *WatcherParam) int {
		return slices.Index(get.Params, a.Param) - slices.Index(get.Params, c.Param)
	})
	return out
}

func paramNames(ps []*Param) string {
	if len(ps) == 0 {
		return "none"
	}
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Name
	}
	return strings.Join(names, ", ")
}

func (w *watcherCheck) param(ptr string, v any, p *Param) *WatcherParam {
	s, _ := v.(string)
	from, arg, _ := strings.Cut(s, ":")
	wp := &WatcherParam{Param: p, From: WatcherSource(from)}
	switch wp.From {
	case FromInput:
		i := slices.IndexFunc(w.op.Params, func(p *Param) bool { return p.Name == arg })
		if i < 0 {
			w.fail(ptr, "input:%s: %s has no parameter %q; it has %s", load.Printable(arg), w.op.ID, arg, paramNames(w.op.Params))
			return nil
		}
		wp.Input = w.op.Params[i]
	case FromBody:
		wp.Path = arg
		wp.Fields = w.jsonPath(ptr, "body:", arg)
		if wp.Fields == nil {
			return nil
		}
		if !w.inEveryResponse(ptr, arg, wp.Fields) {
			return nil
		}
	case FromConst:
		wp.Value = arg
	default:
		w.fail(ptr, "%q is not input:NAME, body:$.path or const:VALUE", s)
		return nil
	}
	return wp
}

// inEveryResponse reports whether every JSON response of the watched
// operation has the field path.
func (w *watcherCheck) inEveryResponse(ptr, path string, fields []string) bool {
	seen := false
	for _, v := range w.op.Versions {
		if v.Format != "json" || v.Response == nil {
			continue
		}
		seen = true
		at := typesAt(v.Response, fields, 0)
		if len(at) == 0 {
			w.fail(ptr, "body:%s: the %s response of %s (%s) has no such field", load.Printable(path), v.Name, w.op.ID, responseName(v.Response))
			return false
		}
		if !slices.ContainsFunc(at, isValue) {
			w.fail(ptr, "body:%s: in the %s response of %s the field is %s, not a value a parameter can take", load.Printable(path), v.Name, w.op.ID, responseName(at[0]))
			return false
		}
	}
	if !seen {
		w.fail(ptr, "body:%s: %s answers without a JSON body to read it from", load.Printable(path), w.op.ID)
	}
	return seen
}

func (w *watcherCheck) expect(ptr string, v any, version *Version) WatcherExpect {
	e := WatcherExpect{HTTPCode: http.StatusOK}
	if v == nil {
		return e
	}
	m := w.object(ptr, v, "http-code", "match")
	if m == nil {
		return e
	}
	if c, ok := m["http-code"]; ok {
		f, isNum := c.(float64)
		if !isNum || f != math.Trunc(f) || f < 100 || f > 599 {
			w.fail(load.AppendPointer(ptr, "http-code"), "http-code must be an HTTP status (100 to 599), not %v", c)
		} else {
			e.HTTPCode = int(f)
		}
	}
	mv, ok := m["match"]
	if !ok {
		return e
	}
	mptr := load.AppendPointer(ptr, "match")
	match := w.object(mptr, mv, "path", "values")
	if match == nil {
		return e
	}
	pptr := load.AppendPointer(mptr, "path")
	e.MatchPath, _ = match["path"].(string)
	if e.MatchPath == "" {
		w.fail(pptr, "match needs a path: the JSONPath of the value to compare ($.stateName)")
	} else if e.MatchFields = w.jsonPath(pptr, "", e.MatchPath); e.MatchFields != nil && version != nil {
		switch {
		case version.Format != "json" || version.Response == nil:
			w.fail(pptr, "%s: version %s answers without a JSON body to match", load.Printable(e.MatchPath), version.Name)
		case !hasPath(version.Response, e.MatchFields):
			w.fail(pptr, "%s: the %s response of the GET (%s) has no such field", load.Printable(e.MatchPath), version.Name, responseName(version.Response))
		}
	}
	vptr := load.AppendPointer(mptr, "values")
	values, _ := match["values"].([]any)
	if len(values) == 0 {
		w.fail(vptr, "match needs values: the list of values that end the wait")
	}
	for i, x := range values {
		switch x := x.(type) {
		case string:
			e.MatchValues = append(e.MatchValues, x)
		case bool, float64:
			e.MatchValues = append(e.MatchValues, fmt.Sprint(x))
		default:
			w.fail(load.AppendPointer(vptr, strconv.Itoa(i)), "a match value must be a string, a number or a boolean")
		}
	}
	// A value the field's enum does not list is likely a typo, or an enum
	// the spec has not caught up with: a note, not a refusal.
	if e.MatchFields != nil && version != nil && version.Response != nil {
		if known := enumAt(version.Response, e.MatchFields); known != nil {
			for _, v := range e.MatchValues {
				if !slices.Contains(known, v) {
					w.b.api.Report.Notes = append(w.b.api.Report.Notes, fmt.Sprintf("%s: the watcher of %s waits for %s %s, which the GET's enum does not list (%s)",
						w.b.spec.File, w.op.ID, load.Printable(e.MatchPath), load.Printable(v), strings.Join(known, ", ")))
				}
			}
		}
	}
	return e
}

// enumAt is every value the enums at the field path can hold (all of a
// union's variants'), or nil when some type there is not an enum.
func enumAt(t *TypeRef, fields []string) []string {
	var vals []string
	for _, at := range typesAt(t, fields, 0) {
		if at.Kind != KindNamed || at.Named.Kind != TypeEnum {
			return nil
		}
		for _, v := range at.Named.Enum {
			vals = append(vals, fmt.Sprint(v.Value))
		}
	}
	return vals
}

// jsonPath parses a JSONPath (RFC 9535) and returns its member names; nil
// and a finding when it does not parse or selects anything but one member
// path ($.a.b, $['a'].b), which is all a watcher needs.
func (w *watcherCheck) jsonPath(ptr, prefix, path string) []string {
	if _, err := jsonpath.NewPath(path); err != nil {
		msg, _, _ := strings.Cut(err.Error(), "\n")
		w.fail(ptr, "%s%s: not a JSONPath: %s", prefix, load.Printable(path), strings.TrimPrefix(msg, "Error at "))
		return nil
	}
	toks := token.NewTokenizer(path).Tokenize()
	var fields []string
	for i := 1; i < len(toks); {
		switch {
		case toks[i].Token == token.CHILD && i+1 < len(toks) && toks[i+1].Token == token.STRING:
			fields = append(fields, toks[i+1].Literal)
			i += 2
		case toks[i].Token == token.BRACKET_LEFT && i+2 < len(toks) && toks[i+1].Token == token.STRING_LITERAL && toks[i+2].Token == token.BRACKET_RIGHT:
			fields = append(fields, toks[i+1].Literal)
			i += 3
		default:
			w.fail(ptr, "%s%s: only member names are supported ($.a.b or $['a'].b), not wildcards, indexes, filters or ..", prefix, load.Printable(path))
			return nil
		}
	}
	if len(fields) == 0 {
		w.fail(ptr, "%s%s: the path selects the whole body; name a field ($.stateName)", prefix, load.Printable(path))
		return nil
	}
	return fields
}

// hasPath reports whether a value of type t can have the field path:
// every struct on the way declares the next field (a union: one of its
// variants does); a map or an untyped value may hold anything.
func hasPath(t *TypeRef, fields []string) bool { return len(typesAt(t, fields, 0)) > 0 }

// maxUnionDepth bounds the walk through unions of unions, which a
// recursive schema can nest without end.
const maxUnionDepth = 32

// untyped is what a path into a map or an untyped value reaches.
var untyped = &TypeRef{Kind: KindAny, Name: "any"}

// typesAt is every type the field path reaches from t: through a struct's
// field, through each union variant that has the rest; nil when none has.
func typesAt(t *TypeRef, fields []string, unions int) []*TypeRef {
	switch {
	case t == nil || unions > maxUnionDepth:
		return nil
	case len(fields) == 0:
		return []*TypeRef{t}
	case t.Kind == KindAny || t.Kind == KindRaw || t.Kind == KindMap:
		return []*TypeRef{untyped}
	case t.Kind != KindNamed:
		return nil
	}
	switch t.Named.Kind {
	case TypeStruct:
		for _, f := range t.Named.Fields {
			if f.JSON == fields[0] {
				return typesAt(f.Type, fields[1:], 0)
			}
		}
	case TypeUnion:
		var out []*TypeRef
		for _, v := range t.Named.Variants {
			out = append(out, typesAt(v.Type, fields, unions+1)...)
		}
		return out
	}
	return nil
}

// isValue reports whether a field of type t can be a parameter's value:
// not an object or a list.
func isValue(t *TypeRef) bool {
	switch t.Kind {
	case KindSlice, KindMap:
		return false
	case KindNamed:
		return t.Named.Kind == TypeEnum || t.Named.Kind == TypeUnion && slices.ContainsFunc(t.Named.Variants, func(v *UnionVariant) bool { return isValue(v.Type) })
	}
	return true
}

// responseName is how a message names a type: its Go name.
func responseName(t *TypeRef) string {
	switch t.Kind {
	case KindNamed:
		return t.Named.Name
	case KindSlice:
		return "[]" + responseName(t.Elem)
	case KindMap:
		return "map[string]" + responseName(t.Elem)
	}
	return t.Name
}
