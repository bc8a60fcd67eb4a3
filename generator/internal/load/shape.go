package load

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/atlasgen/atlasgen/generator/internal/guard"
)

// The shape check walks the YAML node tree before kin-openapi sees it. It
// knows the OpenAPI object tree (which field holds which object), so a
// node of the wrong kind, a null where an object belongs, and every local
// $ref (dangling, naming the wrong kind of object, or an alias cycle) is
// reported at its own node, with its own JSON pointer. kin-openapi's load
// errors carry neither; this check makes them unreachable for the shapes
// it knows.

// grammar maps an OpenAPI object to the kind of each field it checks.
// Kinds: str, bool, num, int, any, obj (a mapping of anything), strOrSeq,
// schemaOrBool, map:K, seq:K, or another object of this table. Fields not
// listed (extensions, fields kin-openapi ignores) are not checked.
var grammar = map[string]map[string]string{
	"doc": {"openapi": "str", "info": "info", "servers": "seq:server", "paths": "map:pathItem",
		"components": "components", "security": "seq:obj", "tags": "seq:tag", "externalDocs": "obj",
		"webhooks": "map:pathItem", "jsonSchemaDialect": "str"},
	"info":   {"title": "str", "version": "str", "description": "str", "termsOfService": "str", "contact": "obj", "license": "obj"},
	"server": {"url": "str", "description": "str", "variables": "map:obj"},
	"tag":    {"name": "str", "description": "str", "externalDocs": "obj"},
	"pathItem": {"summary": "str", "description": "str", "parameters": "seq:parameter", "servers": "seq:server",
		"get": "operation", "put": "operation", "post": "operation", "delete": "operation",
		"options": "operation", "head": "operation", "patch": "operation", "trace": "operation"},
	"operation": {"tags": "seq:str", "summary": "str", "description": "str", "operationId": "str",
		"parameters": "seq:parameter", "requestBody": "requestBody", "responses": "map:response",
		"callbacks": "map:callback", "deprecated": "bool", "security": "seq:obj", "servers": "seq:server", "externalDocs": "obj"},
	"parameter": {"name": "str", "in": "str", "description": "str", "required": "bool", "deprecated": "bool",
		"allowEmptyValue": "bool", "style": "str", "explode": "bool", "allowReserved": "bool",
		"schema": "schema", "content": "map:mediaType", "examples": "map:example"},
	"header": {"description": "str", "required": "bool", "deprecated": "bool", "style": "str", "explode": "bool",
		"schema": "schema", "content": "map:mediaType", "examples": "map:example"},
	"requestBody": {"description": "str", "content": "map:mediaType", "required": "bool"},
	"response":    {"description": "str", "headers": "map:header", "content": "map:mediaType", "links": "map:obj"},
	"mediaType":   {"schema": "schema", "examples": "map:example", "encoding": "map:obj"},
	"example":     {"summary": "str", "description": "str", "externalValue": "str"},
	"callback":    {},
	"schema": {"title": "str", "type": "strOrSeq", "format": "str", "description": "str", "pattern": "str",
		"properties": "map:schema", "items": "schema", "allOf": "seq:schema", "oneOf": "seq:schema",
		"anyOf": "seq:schema", "not": "schema", "additionalProperties": "schemaOrBool", "required": "seq:str",
		"enum": "seq:any", "nullable": "bool", "readOnly": "bool", "writeOnly": "bool", "deprecated": "bool",
		"uniqueItems": "bool", "minimum": "num", "maximum": "num", "multipleOf": "num",
		"minLength": "int", "maxLength": "int", "minItems": "int", "maxItems": "int",
		"minProperties": "int", "maxProperties": "int", "discriminator": "discriminator",
		"externalDocs": "obj", "xml": "obj"},
	"discriminator": {"propertyName": "str", "mapping": "map:mappingRef"},
	"components": {"schemas": "map:schema", "parameters": "map:parameter", "responses": "map:response",
		"requestBodies": "map:requestBody", "headers": "map:header", "securitySchemes": "map:securityScheme",
		"examples": "map:example", "links": "map:obj", "callbacks": "map:callback", "pathItems": "map:pathItem"},
	"securityScheme": {"type": "str", "description": "str", "name": "str", "in": "str", "scheme": "str",
		"bearerFormat": "str", "flows": "obj", "openIdConnectUrl": "str"},
}

// strict objects have no fields but the grammar's and extensions (x-...):
// kin-openapi refuses others there.
var strict = map[string]bool{"doc": true, "components": true, "pathItem": true}

// refable objects may be a {$ref: ...} instead.
var refable = map[string]bool{"parameter": true, "header": true, "requestBody": true, "response": true,
	"example": true, "schema": true, "securityScheme": true, "callback": true, "pathItem": true}

// kindNames are the words messages use for each object.
var kindNames = map[string]string{"pathItem": "path item", "requestBody": "request body", "mediaType": "media type",
	"securityScheme": "security scheme", "doc": "document"}

func kindName(k string) string {
	if n, ok := kindNames[k]; ok {
		return n
	}
	return k
}

// maxDepth bounds the walk: no spec nests this deep, and a YAML alias
// chain cannot make the walk run forever. It is the bound every walk over
// schemas shares (package guard).
const maxDepth = guard.MaxDepth

type shapeRef struct {
	node *yaml.Node // the $ref value
	want string     // the object kind its place needs
	ptr  string     // pointer of the object holding the $ref
}

type shapeChecker struct {
	file string
	root *yaml.Node
	errs []Finding
	// aliases: an anchored node reached through an alias is checked the
	// first time only (a chain of aliases would otherwise take exponential
	// time); true while it is being checked, to find one inside itself.
	aliases map[*yaml.Node]bool
	refs    []shapeRef
	cache   map[string]resolved
}

type resolved struct {
	node *yaml.Node
	kind string
	ok   bool
}

// checkShape returns the findings of the shape check for a parsed document.
func checkShape(file string, doc *yaml.Node) []Finding {
	c := &shapeChecker{file: file, root: doc, cache: map[string]resolved{}, aliases: map[*yaml.Node]bool{}}
	c.walk(doc, "doc", nil, 0)
	c.checkRefs()
	c.checkExpansion(doc)
	return c.errs
}

// maxExpansion bounds how much YAML aliases may grow a document: the nodes
// it holds once every alias is replaced by what it names, per node written.
// kin-openapi's YAML reader refuses documents that alias too much (a
// "billion laughs"), with no place; this check refuses them first, at the
// alias that expands the most.
const maxExpansion = 10

func (c *shapeChecker) checkExpansion(doc *yaml.Node) {
	const limit = 1 << 30
	memo := map[*yaml.Node]int{}
	open := map[*yaml.Node]bool{}
	var size func(n *yaml.Node) int
	size = func(n *yaml.Node) int {
		if n.Kind == yaml.AliasNode {
			if n.Alias == nil || open[n.Alias] {
				return 1 // an anchor inside itself: reported by the walk
			}
			return size(n.Alias)
		}
		if v, ok := memo[n]; ok {
			return v
		}
		open[n] = true
		total := 1
		for _, ch := range n.Content {
			total = min(total+size(ch), limit)
		}
		open[n] = false
		memo[n] = total
		return total
	}
	written := 0
	var worst *yaml.Node
	var worstAt string
	var visit func(n *yaml.Node, segs []string)
	visit = func(n *yaml.Node, segs []string) {
		written++
		switch n.Kind {
		case yaml.AliasNode:
			if n.Alias != nil && (worst == nil || size(n.Alias) > size(worst.Alias)) {
				worst, worstAt = n, Pointer(segs...)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				written++
				visit(n.Content[i+1], append(segs, n.Content[i].Value))
			}
		case yaml.SequenceNode:
			for i, ch := range n.Content {
				visit(ch, append(segs, strconv.Itoa(i)))
			}
		default:
			for _, ch := range n.Content {
				visit(ch, segs)
			}
		}
	}
	visit(doc, nil)
	if worst != nil && size(doc) > maxExpansion*written+1000 {
		c.errs = append(c.errs, Finding{File: c.file, Line: worst.Line, Column: worst.Column, Pointer: worstAt,
			Message: fmt.Sprintf("YAML aliases expand the document to more than %d times the %d nodes written; this alias expands the most", maxExpansion, written)})
	}
}

func (c *shapeChecker) fail(n *yaml.Node, segs []string, format string, args ...any) {
	c.errs = append(c.errs, Finding{File: c.file, Line: n.Line, Column: n.Column, Pointer: Pointer(segs...), Message: fmt.Sprintf(format, args...)})
}

func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < maxDepth; i++ {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

// describe names a node's kind for messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "an object"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return "null"
		case "!!str":
			return "a string"
		case "!!bool":
			return "a boolean"
		case "!!int", "!!float":
			return "a number"
		}
		return "a " + strings.TrimPrefix(n.Tag, "!!") + " value"
	}
	return "an alias"
}

// begin is what walk and keys do first at every node: resolve an alias, and
// refuse a scalar with no JSON value or a node nested too deep. nil means
// stop here; otherwise the caller defers leave.
func (c *shapeChecker) begin(n *yaml.Node, segs []string, depth int) *yaml.Node {
	if n = c.enter(n, segs); n == nil {
		return nil
	}
	ok := c.scalar(n, segs)
	if ok && depth > maxDepth {
		c.fail(n, segs, "nested deeper than %d levels", maxDepth)
		ok = false
	}
	if !ok {
		c.leave(n)
		return nil
	}
	return n
}

// walk checks node n, which holds a value of kind k at segs.
func (c *shapeChecker) walk(n *yaml.Node, k string, segs []string, depth int) {
	if n = c.begin(n, segs, depth); n == nil {
		return
	}
	defer c.leave(n)
	switch {
	case k == "any":
		c.keys(n, segs, depth)
		return
	case k == "str" || k == "bool" || k == "num" || k == "int":
		// As kin-openapi reads them: a date-shaped scalar, or one with an
		// application's own tag (!md), is a string.
		want := map[string][]string{"str": {"!!str", "!!timestamp"}, "bool": {"!!bool"}, "num": {"!!int", "!!float"}, "int": {"!!int"}}[k]
		if n.Kind == yaml.ScalarNode && (slices.Contains(want, n.Tag) || isNull(n) || k == "str" && !strings.HasPrefix(n.Tag, "!!")) {
			return
		}
		c.fail(n, segs, "must be %s, not %s", map[string]string{"str": "a string", "bool": "a boolean", "num": "a number", "int": "an integer"}[k], describe(n))
		return
	case k == "mappingRef":
		// kin-openapi resolves a mapping value with a slash as a $ref.
		c.walk(n, "str", segs, depth)
		if n.Kind == yaml.ScalarNode && strings.Contains(n.Value, "/") && !strings.HasPrefix(n.Value, "#") {
			c.fail(n, segs, "discriminator mapping %q points outside the spec; write a schema name or #/components/schemas/...", n.Value)
		}
		return
	case k == "strOrSeq":
		if n.Kind == yaml.SequenceNode {
			k = "seq:str"
		} else {
			c.walk(n, "str", segs, depth)
			return
		}
	case k == "schemaOrBool":
		if n.Kind == yaml.ScalarNode && n.Tag == "!!bool" {
			return
		}
		k = "schema"
	}
	if elem, ok := strings.CutPrefix(k, "seq:"); ok {
		if n.Kind != yaml.SequenceNode {
			if !isNull(n) {
				c.fail(n, segs, "must be a list, not %s", describe(n))
			}
			return
		}
		for i, e := range n.Content {
			c.walk(e, elem, append(segs, strconv.Itoa(i)), depth+1)
		}
		return
	}
	if elem, ok := strings.CutPrefix(k, "map:"); ok {
		if n.Kind != yaml.MappingNode {
			if !isNull(n) {
				c.fail(n, segs, "must be an object, not %s", describe(n))
			}
			return
		}
		c.unique(n, segs)
		for i := 0; i+1 < len(n.Content); i += 2 {
			key, v := n.Content[i], n.Content[i+1]
			if !c.key(key, segs) {
				continue
			}
			if (elem == "pathItem" || elem == "response") && strings.HasPrefix(key.Value, "x-") {
				continue // an extension beside the paths or the responses
			}
			c.walk(v, elem, append(segs, key.Value), depth+1)
		}
		return
	}
	// An object.
	if n.Kind != yaml.MappingNode {
		switch {
		case k == "mediaType" && isNull(n):
			// Legal: the format is declared with no schema.
		case isNull(n):
			c.fail(n, segs, "%s is null; write {} for an empty one, or leave it out", kindName(k))
		default:
			c.fail(n, segs, "%s must be an object, not %s", kindName(k), describe(n))
		}
		return
	}
	if k == "obj" {
		c.keys(n, segs, depth)
		return
	}
	c.unique(n, segs)
	fields := grammar[k]
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, v := n.Content[i], n.Content[i+1]
		if !c.key(key, segs) {
			continue
		}
		fs := append(segs, key.Value)
		if key.Value == "$ref" && refable[k] {
			if v := deref(v); v.Kind != yaml.ScalarNode || v.Tag != "!!str" {
				c.fail(v, fs, "$ref must be a string, not %s", describe(v))
			} else {
				c.refs = append(c.refs, shapeRef{node: v, want: k, ptr: Pointer(segs...)})
			}
			continue
		}
		fk, ok := fields[key.Value]
		switch {
		case ok:
			c.walk(v, fk, fs, depth+1)
		case strict[k] && !strings.HasPrefix(key.Value, "x-") && key.Value != "$ref":
			c.fail(key, fs, "unknown field %q in the %s; extensions start with x-", key.Value, kindName(k))
		default:
			c.keys(v, fs, depth+1)
		}
	}
}

// enter resolves an alias to its anchored node; nil when there is nothing
// to check: no node, an anchored node already checked, or one that
// contains itself (reported).
func (c *shapeChecker) enter(n *yaml.Node, segs []string) *yaml.Node {
	if n == nil || n.Kind != yaml.AliasNode {
		return n
	}
	target := n.Alias
	if target == nil {
		return nil
	}
	if walking, seen := c.aliases[target]; seen {
		if walking {
			c.fail(n, segs, "anchor %q contains itself", target.Anchor)
		}
		return nil
	}
	c.aliases[target] = true
	if t := c.enter(target, segs); t != target {
		c.aliases[target] = false
		return t // an alias of an alias
	}
	return target
}

func (c *shapeChecker) leave(n *yaml.Node) {
	if walking, ok := c.aliases[n]; ok && walking {
		c.aliases[n] = false
	}
}

// scalar checks what any scalar must be to have a JSON value: YAML's
// infinities and NaN have none. It reports false when it failed.
func (c *shapeChecker) scalar(n *yaml.Node, segs []string) bool {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!float" {
		switch strings.ToLower(strings.TrimLeft(n.Value, "+-")) {
		case ".inf", ".nan":
			c.fail(n, segs, "%s has no JSON value", n.Value)
			return false
		}
	}
	return true
}

// unique reports each key a mapping repeats; YAML forbids it, and JSON
// would keep only the last.
func (c *shapeChecker) unique(n *yaml.Node, segs []string) {
	if len(n.Content) < 4 {
		return
	}
	seen := make(map[string]int, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Kind != yaml.ScalarNode {
			continue
		}
		if line, dup := seen[k.Value]; dup {
			c.fail(k, append(segs, k.Value), "duplicate key %q (first at line %d)", k.Value, line)
			continue
		}
		seen[k.Value] = k.Line
	}
}

// key checks that a mapping key is a plain scalar; JSON has no other keys.
func (c *shapeChecker) key(key *yaml.Node, segs []string) bool {
	switch {
	case key.Kind == yaml.ScalarNode && key.Tag == "!!merge":
		c.fail(key, segs, "YAML merge keys (<<) are not supported: write the keys out")
	case key.Kind == yaml.ScalarNode && key.Tag == "!!null":
		c.fail(key, segs, "key is null, so it names nothing")
	case key.Kind == yaml.ScalarNode:
		return true
	default:
		c.fail(key, segs, "key must be a string, not %s", describe(key))
	}
	return false
}

// keys checks every mapping key under a node the grammar does not describe.
func (c *shapeChecker) keys(n *yaml.Node, segs []string, depth int) {
	if n = c.begin(n, segs, depth); n == nil {
		return
	}
	defer c.leave(n)
	switch n.Kind {
	case yaml.MappingNode:
		c.unique(n, segs)
		for i := 0; i+1 < len(n.Content); i += 2 {
			if c.key(n.Content[i], segs) {
				c.keys(n.Content[i+1], append(segs, n.Content[i].Value), depth+1)
			}
		}
	case yaml.SequenceNode:
		for i, e := range n.Content {
			c.keys(e, append(segs, strconv.Itoa(i)), depth+1)
		}
	}
}

// checkRefs resolves every $ref the walk met against the document itself.
func (c *shapeChecker) checkRefs() {
	for _, r := range c.refs {
		ref := r.node.Value
		target := c.resolve(ref)
		switch {
		case !strings.HasPrefix(ref, "#"):
			c.at(r, "$ref %q points outside the spec; only refs inside it (#/...) are supported", ref)
		case !target.ok:
			c.at(r, "dangling $ref %q: no such component", ref)
		case target.kind != r.want:
			what := "not a " + kindName(r.want)
			if target.kind != "" {
				what = "a " + kindName(target.kind) + ", not a " + kindName(r.want)
			}
			c.at(r, "$ref %q names %s", ref, what)
		default:
			if cycle := c.cycle(r.ptr, ref); cycle != nil {
				c.at(r, "$ref cycle: %s", strings.Join(cycle, " -> "))
			}
		}
	}
}

func (c *shapeChecker) at(r shapeRef, format string, args ...any) {
	c.errs = append(c.errs, Finding{File: c.file, Line: r.node.Line, Column: r.node.Column, Pointer: r.ptr, Message: fmt.Sprintf(format, args...)})
}

// cycle follows the chain of $refs from the object at start, whose $ref is
// ref; it returns the chain when it comes back to start. A use of a
// cycle is not itself in it: the cycle is reported at its members.
func (c *shapeChecker) cycle(start, ref string) []string {
	chain := []string{start, ref}
	if ref == start {
		return chain
	}
	for range maxDepth {
		t := c.resolve(ref)
		if !t.ok {
			return nil
		}
		next := refOf(t.node)
		if next == "" {
			return nil
		}
		chain = append(chain, next)
		if next == start {
			return chain
		}
		if slices.Contains(chain[:len(chain)-1], next) {
			return nil // a cycle further on: reported from its own members
		}
		ref = next
	}
	return nil
}

// refOf is the $ref of a mapping node, "" when it has none.
func refOf(n *yaml.Node) string {
	if n = deref(n); n == nil || n.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "$ref" {
			if v := deref(n.Content[i+1]); v != nil && v.Kind == yaml.ScalarNode {
				return v.Value
			}
		}
	}
	return ""
}

// resolve finds the node a local $ref names and the object kind the
// grammar gives that place ("" for a place the grammar does not type).
func (c *shapeChecker) resolve(ref string) resolved {
	if r, ok := c.cache[ref]; ok {
		return r
	}
	r := c.lookup(ref)
	c.cache[ref] = r
	return r
}

func (c *shapeChecker) lookup(ref string) resolved {
	frag, ok := strings.CutPrefix(ref, "#")
	if !ok {
		return resolved{}
	}
	if f, err := url.PathUnescape(frag); err == nil {
		frag = f
	}
	n, k := deref(c.root), "doc"
	if frag == "" {
		return resolved{node: n, kind: k, ok: true}
	}
	if !strings.HasPrefix(frag, "/") {
		return resolved{}
	}
	for _, seg := range strings.Split(frag[1:], "/") {
		seg = unescapePointer(seg)
		n = child(n, seg)
		if n == nil {
			return resolved{}
		}
		k = childKind(k, seg)
	}
	return resolved{node: n, kind: k, ok: true}
}

// child is the node under key seg of a mapping or index seg of a list.
func child(n *yaml.Node, seg string) *yaml.Node {
	switch n = deref(n); {
	case n == nil:
		return nil
	case n.Kind == yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == seg {
				return deref(n.Content[i+1])
			}
		}
	case n.Kind == yaml.SequenceNode:
		if i, err := strconv.Atoi(seg); err == nil && i >= 0 && i < len(n.Content) && strconv.Itoa(i) == seg {
			return deref(n.Content[i])
		}
	}
	return nil
}

// childKind is the grammar's kind for field seg of a value of kind k.
func childKind(k, seg string) string {
	switch {
	case strings.HasPrefix(k, "map:"):
		return strings.TrimPrefix(k, "map:")
	case strings.HasPrefix(k, "seq:"):
		return strings.TrimPrefix(k, "seq:")
	case k == "schemaOrBool":
		return childKind("schema", seg)
	}
	if fields, ok := grammar[k]; ok {
		if fk, ok := fields[seg]; ok {
			if fk == "schemaOrBool" {
				return "schema"
			}
			return fk
		}
	}
	return ""
}
