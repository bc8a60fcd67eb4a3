package load

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v4"
)

// locator places kin-openapi's validation findings structurally: it
// validates the document one element at a time, deepest first, so each
// finding belongs to the element whose own check failed, and the element's
// JSON pointer names its node in the YAML tree.
type locator struct {
	file string
	root *yaml.Node
	ctx  context.Context
	opts []openapi3.ValidationOption
	errs []Finding
	bad  map[string]bool // $ref -> its component fails its check; nil: never
	// inside is the $ref of the schema component being checked.
	inside string
}

// validationOptions are the kin-openapi checks the generator runs.
// Patterns are checked by the IR builder, which knows which ones Go can
// compile and reports the others; examples are checked by decoding them
// into the generated types (see the example walk test), which is the check
// that matters for a client.
var validationOptions = []openapi3.ValidationOption{
	openapi3.DisableSchemaPatternValidation(),
	openapi3.DisableExamplesValidation(),
	openapi3.EnableMultiError(),
}

// at returns a finding at the node the pointer segments name: the key of
// a mapping entry, or the item of a list; the nearest existing ancestor
// when the node itself is not in the file.
func at(file string, root *yaml.Node, segs []string, msg string) Finding {
	f := Finding{File: file, Pointer: Pointer(segs...), Message: msg}
	n := deref(root)
	if n != nil && n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = deref(n.Content[0])
	}
	if n != nil {
		f.Line, f.Column = n.Line, n.Column
	}
	for _, seg := range segs {
		key, val := entry(n, seg)
		if val == nil {
			break
		}
		f.Line, f.Column = key.Line, key.Column
		n = val
	}
	return f
}

// entry is the key node and value node of seg in a mapping (or the item
// twice, in a list).
func entry(n *yaml.Node, seg string) (key, val *yaml.Node) {
	switch n = deref(n); {
	case n == nil:
	case n.Kind == yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == seg {
				return n.Content[i], deref(n.Content[i+1])
			}
		}
	case n.Kind == yaml.SequenceNode:
		if i, err := strconv.Atoi(seg); err == nil && i >= 0 && i < len(n.Content) {
			return n.Content[i], deref(n.Content[i])
		}
		// The IR knows a parameter by its name (parameters/groupId).
		for _, item := range n.Content {
			if _, name := entry(item, "name"); name != nil && name.Kind == yaml.ScalarNode && name.Value == seg {
				return item, deref(item)
			}
		}
	}
	return nil, nil
}

// message keeps the first line of a kin-openapi message: the lines after
// it dump the schema and the value as JSON.
func message(err error) string {
	msg, _, _ := strings.Cut(err.Error(), "\n")
	return msg
}

func (l *locator) fail(segs []string, err error) {
	for _, e := range flatten(err) {
		l.errs = append(l.errs, at(l.file, l.root, segs, message(e)))
	}
}

func seg(segs []string, more ...string) []string {
	return append(slices.Clip(segs), more...)
}

// locateValidation validates doc element by element. It is only called
// when doc.Validate failed, so its cost stays off the good path.
func locateValidation(file string, root *yaml.Node, doc *openapi3.T) []Finding {
	if fs := locatePass(file, root, doc, false); len(fs) > 0 {
		return fs
	}
	// Nothing was placed: an element failed only through a $ref that fails
	// only through that element (Person.friends.items: $ref Person). The
	// second pass reports each element whose own parts are sound, whatever
	// its $refs.
	return locatePass(file, root, doc, true)
}

func locatePass(file string, root *yaml.Node, doc *openapi3.T, ignoreRefs bool) []Finding {
	l := &locator{file: file, root: root, opts: validationOptions, bad: map[string]bool{}}
	if ignoreRefs {
		l.bad = nil // refBad reads a nil map as "no $ref is bad"
	}
	l.ctx = openapi3.WithValidationOptions(context.Background(), l.opts...)
	if doc.OpenAPI == "" {
		l.fail([]string{"openapi"}, errors.New("value of openapi must be a non-empty string"))
	}
	if doc.Info == nil {
		l.fail([]string{"info"}, errors.New("must have an info object"))
	} else if err := doc.Info.Validate(l.ctx, l.opts...); err != nil {
		l.fail([]string{"info"}, err)
	}
	for i, s := range doc.Servers {
		if s != nil {
			if err := s.Validate(l.ctx, l.opts...); err != nil {
				l.fail([]string{"servers", strconv.Itoa(i)}, err)
			}
		}
	}
	for i, t := range doc.Tags {
		if t != nil {
			if err := t.Validate(l.ctx, l.opts...); err != nil {
				l.fail([]string{"tags", strconv.Itoa(i)}, err)
			}
		}
	}
	for i, r := range doc.Security {
		if err := r.Validate(l.ctx, l.opts...); err != nil {
			l.fail([]string{"security", strconv.Itoa(i)}, err)
		}
	}
	if doc.ExternalDocs != nil {
		if err := doc.ExternalDocs.Validate(l.ctx, l.opts...); err != nil {
			l.fail([]string{"externalDocs"}, err)
		}
	}
	l.components(doc.Components)
	l.paths(doc)
	return l.errs
}

func (l *locator) components(c *openapi3.Components) {
	if c == nil {
		return
	}
	base := []string{"components"}
	// Component names are limited to a-zA-Z0-9._- by OpenAPI; a bad name
	// is reported once, at its key, and its value is not checked.
	for section, names := range map[string][]string{
		"schemas": sortedKeys(c.Schemas), "parameters": sortedKeys(c.Parameters), "headers": sortedKeys(c.Headers),
		"requestBodies": sortedKeys(c.RequestBodies), "responses": sortedKeys(c.Responses),
		"securitySchemes": sortedKeys(c.SecuritySchemes), "examples": sortedKeys(c.Examples),
		"links": sortedKeys(c.Links), "callbacks": sortedKeys(c.Callbacks),
	} {
		for _, name := range names {
			if err := openapi3.ValidateIdentifier(name); err != nil {
				l.fail(seg(base, section, name), err)
			}
		}
	}
	if len(l.errs) > 0 {
		return
	}
	for _, name := range sortedKeys(c.Schemas) {
		// Inside its own definition, a $ref back to the component is not
		// what fails (Person.friends.items: $ref Person).
		l.inside = "#/components/schemas/" + name
		l.schema(c.Schemas[name], seg(base, "schemas", name), true)
		l.inside = ""
	}
	for _, name := range sortedKeys(c.Parameters) {
		l.parameter(c.Parameters[name], seg(base, "parameters", name), true)
	}
	for _, name := range sortedKeys(c.Headers) {
		l.header(c.Headers[name], seg(base, "headers", name), true)
	}
	for _, name := range sortedKeys(c.RequestBodies) {
		l.requestBody(c.RequestBodies[name], seg(base, "requestBodies", name), true)
	}
	for _, name := range sortedKeys(c.Responses) {
		l.response(c.Responses[name], seg(base, "responses", name), true)
	}
	for _, name := range sortedKeys(c.SecuritySchemes) {
		if r := c.SecuritySchemes[name]; r != nil && r.Ref == "" && r.Value != nil {
			if err := r.Value.Validate(l.ctx, l.opts...); err != nil {
				l.fail(seg(base, "securitySchemes", name), err)
			}
		}
	}
	for _, name := range sortedKeys(c.Examples) {
		if r := c.Examples[name]; r != nil && r.Ref == "" && r.Value != nil {
			if err := r.Value.Validate(l.ctx, l.opts...); err != nil {
				l.fail(seg(base, "examples", name), err)
			}
		}
	}
}

func (l *locator) paths(doc *openapi3.T) {
	if doc.Paths == nil {
		l.fail([]string{"paths"}, errors.New("must have a paths object"))
		return
	}
	ids := map[string]string{}
	paths := doc.Paths.Map()
	for _, path := range sortedKeys(paths) {
		item := paths[path]
		if item == nil {
			continue
		}
		before := len(l.errs)
		ps := []string{"paths", path}
		for i, p := range item.Parameters {
			l.parameter(p, seg(ps, "parameters", strconv.Itoa(i)), false)
		}
		for _, m := range methods {
			op := item.GetOperation(m)
			if op == nil {
				continue
			}
			os := seg(ps, strings.ToLower(m))
			if id := op.OperationID; id != "" {
				if prev, dup := ids[id]; dup {
					l.errs = append(l.errs, at(l.file, l.root, seg(os, "operationId"), fmt.Sprintf("duplicate operationId %q (also at %s)", id, prev)))
				} else {
					ids[id] = Pointer(os...)
				}
			}
			l.operation(op, os)
			if len(l.errs) > before || l.operationRefBad(op) || slices.ContainsFunc(item.Parameters, l.parameterRefBad) {
				continue
			}
			// The path template against the operation's path parameters.
			one := &openapi3.PathItem{Parameters: item.Parameters}
			one.SetOperation(m, op)
			if err := openapi3.NewPaths(openapi3.WithPath(path, one)).Validate(l.ctx, l.opts...); err != nil {
				l.fail(os, err)
			}
		}
		if len(l.errs) > before || slices.ContainsFunc(item.Parameters, l.parameterRefBad) ||
			slices.ContainsFunc(slices.Collect(maps.Values(item.Operations())), l.operationRefBad) {
			continue
		}
		// What only the path as a whole can get wrong.
		one := openapi3.NewPaths(openapi3.WithPath(path, item))
		if err := one.Validate(l.ctx, l.opts...); err != nil {
			l.fail(ps, err)
		}
	}
}

var methods = []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"}

func (l *locator) operation(op *openapi3.Operation, segs []string) {
	before := len(l.errs)
	for i, p := range op.Parameters {
		l.parameter(p, seg(segs, "parameters", strconv.Itoa(i)), false)
	}
	if op.RequestBody != nil {
		l.requestBody(op.RequestBody, seg(segs, "requestBody"), false)
	}
	if op.Responses != nil {
		rs := op.Responses.Map()
		for _, code := range sortedKeys(rs) {
			l.response(rs[code], seg(segs, "responses", code), false)
		}
	}
	if len(l.errs) > before || l.operationRefBad(op) {
		return
	}
	if err := op.Validate(l.ctx, l.opts...); err != nil {
		l.fail(segs, err)
	}
}

// Each element below: a $ref is checked where its component is defined
// (component is false at a use), its parts first, and the element itself
// only when its parts are sound.

func (l *locator) parameter(r *openapi3.ParameterRef, segs []string, component bool) {
	if r == nil || r.Value == nil || (r.Ref != "" && !component) {
		return
	}
	l.described(r.Value.Schema, r.Value.Content, segs, r.Value)
}

func (l *locator) header(r *openapi3.HeaderRef, segs []string, component bool) {
	if r == nil || r.Value == nil || (r.Ref != "" && !component) {
		return
	}
	l.described(r.Value.Schema, r.Value.Content, segs, r.Value)
}

// described checks a parameter or a header: its schema or content first.
func (l *locator) described(schema *openapi3.SchemaRef, content openapi3.Content, segs []string, v validator) {
	before := len(l.errs)
	l.schema(schema, seg(segs, "schema"), false)
	l.content(content, seg(segs, "content"))
	if len(l.errs) == before && !l.schemaRefBad(schema) && !l.contentRefBad(content) {
		if err := v.Validate(l.ctx, l.opts...); err != nil {
			l.fail(segs, err)
		}
	}
}

type validator interface {
	Validate(context.Context, ...openapi3.ValidationOption) error
}

func (l *locator) requestBody(r *openapi3.RequestBodyRef, segs []string, component bool) {
	if r == nil || r.Value == nil || (r.Ref != "" && !component) {
		return
	}
	before := len(l.errs)
	l.content(r.Value.Content, seg(segs, "content"))
	if len(l.errs) == before && !l.contentRefBad(r.Value.Content) {
		if err := r.Value.Validate(l.ctx, l.opts...); err != nil {
			l.fail(segs, err)
		}
	}
}

func (l *locator) response(r *openapi3.ResponseRef, segs []string, component bool) {
	if r == nil || r.Value == nil || (r.Ref != "" && !component) {
		return
	}
	before := len(l.errs)
	for _, name := range sortedKeys(r.Value.Headers) {
		l.header(r.Value.Headers[name], seg(segs, "headers", name), false)
	}
	l.content(r.Value.Content, seg(segs, "content"))
	if len(l.errs) == before && !l.responseRefBad(r) {
		if err := r.Value.Validate(l.ctx, l.opts...); err != nil {
			l.fail(segs, err)
		}
	}
}

func (l *locator) content(c openapi3.Content, segs []string) {
	for _, media := range sortedKeys(c) {
		mt := c[media]
		if mt == nil {
			continue
		}
		ms := seg(segs, media)
		before := len(l.errs)
		l.schema(mt.Schema, seg(ms, "schema"), false)
		if len(l.errs) == before && !l.schemaRefBad(mt.Schema) {
			if err := mt.Validate(l.ctx, l.opts...); err != nil {
				l.fail(ms, err)
			}
		}
	}
}

// schema reports a bad schema at the deepest inline schema whose own check
// fails; a $ref'd schema is reported at its component.
func (l *locator) schema(r *openapi3.SchemaRef, segs []string, component bool) {
	if !l.schemaBad(r, component) {
		return
	}
	before := len(l.errs)
	s := r.Value
	for _, name := range sortedKeys(s.Properties) {
		l.schema(s.Properties[name], seg(segs, "properties", name), false)
	}
	l.schema(s.Items, seg(segs, "items"), false)
	l.schema(s.Not, seg(segs, "not"), false)
	l.schema(s.AdditionalProperties.Schema, seg(segs, "additionalProperties"), false)
	for _, list := range []struct {
		name string
		refs openapi3.SchemaRefs
	}{{"allOf", s.AllOf}, {"oneOf", s.OneOf}, {"anyOf", s.AnyOf}} {
		for i, c := range list.refs {
			l.schema(c, seg(segs, list.name, strconv.Itoa(i)), false)
		}
	}
	if len(l.errs) > before || slices.ContainsFunc(children(s), l.schemaRefBad) {
		return
	}
	l.fail(segs, s.Validate(l.ctx, l.opts...))
}

func children(s *openapi3.Schema) []*openapi3.SchemaRef {
	out := []*openapi3.SchemaRef{s.Items, s.Not, s.AdditionalProperties.Schema}
	for _, name := range sortedKeys(s.Properties) {
		out = append(out, s.Properties[name])
	}
	out = append(out, s.AllOf...)
	out = append(out, s.OneOf...)
	return append(out, s.AnyOf...)
}

// The checks below tell whether an element fails only through a $ref to a
// component that fails its own check: that is reported at the component.

func (l *locator) refBad(ref string, v validator) bool {
	if l.bad == nil {
		return false
	}
	if b, ok := l.bad[ref]; ok {
		return b
	}
	l.bad[ref] = false // a cycle back here is not the failure
	b := v.Validate(l.ctx, l.opts...) != nil
	l.bad[ref] = b
	return b
}

func (l *locator) schemaRefBad(r *openapi3.SchemaRef) bool {
	return r != nil && r.Ref != "" && r.Ref != l.inside && r.Value != nil && l.refBad(r.Ref, r.Value)
}

func (l *locator) contentRefBad(c openapi3.Content) bool {
	for _, mt := range c {
		if mt != nil && l.schemaRefBad(mt.Schema) {
			return true
		}
	}
	return false
}

func (l *locator) parameterRefBad(r *openapi3.ParameterRef) bool {
	return r != nil && r.Value != nil && l.describedRefBad(r.Ref, r.Value, r.Value.Schema, r.Value.Content)
}

func (l *locator) headerRefBad(r *openapi3.HeaderRef) bool {
	return r != nil && r.Value != nil && l.describedRefBad(r.Ref, r.Value, r.Value.Schema, r.Value.Content)
}

func (l *locator) describedRefBad(ref string, v validator, schema *openapi3.SchemaRef, content openapi3.Content) bool {
	if ref != "" {
		return l.refBad(ref, v)
	}
	return l.schemaRefBad(schema) || l.contentRefBad(content)
}

func (l *locator) responseRefBad(r *openapi3.ResponseRef) bool {
	switch {
	case r == nil || r.Value == nil:
		return false
	case r.Ref != "":
		return l.refBad(r.Ref, r.Value)
	}
	for _, h := range r.Value.Headers {
		if l.headerRefBad(h) {
			return true
		}
	}
	return l.contentRefBad(r.Value.Content)
}

func (l *locator) operationRefBad(op *openapi3.Operation) bool {
	if slices.ContainsFunc(op.Parameters, l.parameterRefBad) {
		return true
	}
	if rb := op.RequestBody; rb != nil && rb.Value != nil {
		if rb.Ref != "" && l.refBad(rb.Ref, rb.Value) || l.contentRefBad(rb.Value.Content) {
			return true
		}
	}
	if op.Responses != nil {
		for _, r := range op.Responses.Map() {
			if l.responseRefBad(r) {
				return true
			}
		}
	}
	return false
}

// schemaBad: an inline schema (or a component's own) that fails its check.
func (l *locator) schemaBad(r *openapi3.SchemaRef, component bool) bool {
	if r == nil || r.Value == nil || (r.Ref != "" && !component) {
		return false
	}
	return r.Value.Validate(l.ctx, l.opts...) != nil
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
