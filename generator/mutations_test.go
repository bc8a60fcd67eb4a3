package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// A mutation changes one spec's YAML tree in place, the way a careless or
// hostile author would: it returns false when the tree has nothing it
// applies to. Each one is a class the mutation test counts on its own.
type mutation struct {
	class string
	apply func(r *rand.Rand, m *mtree) bool
}

// mtree is a spec's YAML tree with the indexes the mutations pick from.
type mtree struct {
	root *yaml.Node // the top mapping
}

func (m *mtree) get(n *yaml.Node, keys ...string) *yaml.Node {
	for _, k := range keys {
		n = lookupKey(n, k)
	}
	return n
}

func lookupKey(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func setKey(n *yaml.Node, key string, v *yaml.Node) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			n.Content[i+1] = v
			return
		}
	}
	n.Content = append(n.Content, str(key), v)
}

func str(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

func scalar(tag, v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: v} }

// node builds a tree from a Go value (maps are written in sorted key order).
func node(v any) *yaml.Node {
	var n yaml.Node
	if err := n.Encode(v); err != nil {
		panic(err) // only literal values of this file come here
	}
	return &n
}

func ref(name string) *yaml.Node {
	return node(map[string]any{"$ref": "#/components/schemas/" + name})
}

// nodes is every node of the tree with the mapping that holds it (nil for
// list items and the root) and its key.
type place struct {
	parent *yaml.Node
	index  int // of the value in parent.Content
	key    string
	n      *yaml.Node
}

func (m *mtree) places() []place {
	var out []place
	var walk func(p place)
	walk = func(p place) {
		out = append(out, p)
		n := p.n
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				walk(place{parent: n, index: i + 1, key: n.Content[i].Value, n: n.Content[i+1]})
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				walk(place{parent: n, index: i, key: strconv.Itoa(i), n: c})
			}
		}
	}
	walk(place{n: m.root})
	return out
}

func pick[T any](r *rand.Rand, xs []T) (T, bool) {
	var zero T
	if len(xs) == 0 {
		return zero, false
	}
	return xs[r.IntN(len(xs))], true
}

// componentSchemas is the names of the spec's component schemas, in order.
func (m *mtree) componentSchemas() []string {
	var names []string
	if s := m.get(m.root, "components", "schemas"); s != nil && s.Kind == yaml.MappingNode {
		for i := 0; i < len(s.Content); i += 2 {
			names = append(names, s.Content[i].Value)
		}
	}
	return names
}

// objects is the component schemas that declare properties.
func (m *mtree) objects() []string {
	var out []string
	for _, n := range m.componentSchemas() {
		if p := m.get(m.root, "components", "schemas", n, "properties"); p != nil && p.Kind == yaml.MappingNode && len(p.Content) > 0 {
			out = append(out, n)
		}
	}
	return out
}

func (m *mtree) addSchema(name string, v *yaml.Node) {
	comps := m.get(m.root, "components")
	if comps == nil {
		comps = node(map[string]any{})
		setKey(m.root, "components", comps)
	}
	s := lookupKey(comps, "schemas")
	if s == nil || s.Kind != yaml.MappingNode {
		s = node(map[string]any{})
		setKey(comps, "schemas", s)
	}
	setKey(s, name, v)
}

// addProperty gives a random object component a new property: the way a
// mutation makes what it adds reachable from an operation.
func (m *mtree) addProperty(r *rand.Rand, prop string, v *yaml.Node) (string, bool) {
	owner, ok := pick(r, m.objects())
	if !ok {
		return "", false
	}
	setKey(m.get(m.root, "components", "schemas", owner, "properties"), prop, v)
	return owner, true
}

// refs is every $ref value node.
func (m *mtree) refs() []*yaml.Node {
	var out []*yaml.Node
	for _, p := range m.places() {
		if p.key == "$ref" && p.n.Kind == yaml.ScalarNode {
			out = append(out, p.n)
		}
	}
	return out
}

func (m *mtree) operations() []*yaml.Node {
	var out []*yaml.Node
	paths := m.get(m.root, "paths")
	if paths == nil || paths.Kind != yaml.MappingNode {
		return nil
	}
	for i := 1; i < len(paths.Content); i += 2 {
		item := paths.Content[i]
		if item.Kind != yaml.MappingNode {
			continue
		}
		for j := 0; j+1 < len(item.Content); j += 2 {
			if methods[item.Content[j].Value] && item.Content[j+1].Kind == yaml.MappingNode {
				out = append(out, item.Content[j+1])
			}
		}
	}
	return out
}

var methods = map[string]bool{"get": true, "put": true, "post": true, "patch": true, "delete": true, "head": true, "options": true, "trace": true}

// apiErrorField is the node of one of ApiError's fields, made if absent.
func (m *mtree) apiErrorField(field string) (*yaml.Node, bool) {
	props := m.get(m.root, "components", "schemas", "ApiError", "properties")
	if props == nil || props.Kind != yaml.MappingNode {
		return nil, false
	}
	setKey(props, field, node(map[string]any{}))
	return lookupKey(props, field), true
}

// mutations are the structural changes the mutation test makes. The
// classes are the families of the issue that added the test (#17) and
// others in the same spirit.
var mutations = []mutation{
	{"delete-key", func(r *rand.Rand, m *mtree) bool {
		var maps []place
		for _, p := range m.places() {
			if p.n.Kind == yaml.MappingNode && len(p.n.Content) > 0 {
				maps = append(maps, p)
			}
		}
		p, ok := pick(r, maps)
		if !ok {
			return false
		}
		i := 2 * r.IntN(len(p.n.Content)/2)
		p.n.Content = slices.Delete(p.n.Content, i, i+2)
		return true
	}},
	{"wrong-type", func(r *rand.Rand, m *mtree) bool {
		ps := m.places()[1:]
		p, ok := pick(r, ps)
		if !ok {
			return false
		}
		alts := []*yaml.Node{scalar("!!str", "x"), scalar("!!int", "7"), scalar("!!bool", "true"), scalar("!!null", "null"), node([]any{}), node(map[string]any{}), node([]any{"a", 1}), node(map[string]any{"type": "string"})}
		p.parent.Content[p.index] = alts[r.IntN(len(alts))]
		return true
	}},
	{"cycle-items", func(r *rand.Rand, m *mtree) bool {
		m.addSchema("MutList", node(map[string]any{"type": "array", "items": map[string]any{"$ref": "#/components/schemas/MutList"}}))
		_, ok := m.addProperty(r, "mutList", ref("MutList"))
		return ok
	}},
	{"cycle-additional-properties", func(r *rand.Rand, m *mtree) bool {
		m.addSchema("MutMap", node(map[string]any{"type": "object", "additionalProperties": map[string]any{"$ref": "#/components/schemas/MutMap"}}))
		_, ok := m.addProperty(r, "mutMap", ref("MutMap"))
		return ok
	}},
	{"cycle-array-map", func(r *rand.Rand, m *mtree) bool {
		m.addSchema("MutA", node(map[string]any{"type": "array", "items": map[string]any{"$ref": "#/components/schemas/MutB"}}))
		m.addSchema("MutB", node(map[string]any{"additionalProperties": map[string]any{"$ref": "#/components/schemas/MutA"}}))
		_, ok := m.addProperty(r, "mutA", ref(pickOf(r, "MutA", "MutB")))
		return ok
	}},
	{"cycle-allof-nullable", func(r *rand.Rand, m *mtree) bool {
		owner, ok := pick(r, m.objects())
		if !ok {
			return false
		}
		v := node(map[string]any{"nullable": true, "allOf": []any{map[string]any{"$ref": "#/components/schemas/" + owner}}})
		if r.IntN(2) == 0 {
			v = node(map[string]any{"nullable": true, "description": "me again", "allOf": []any{map[string]any{"$ref": "#/components/schemas/" + owner}}, "readOnly": true})
		}
		setKey(m.get(m.root, "components", "schemas", owner, "properties"), "mutSelf", v)
		return true
	}},
	{"cycle-ref-only", func(r *rand.Rand, m *mtree) bool {
		m.addSchema("MutP", ref("MutQ"))
		m.addSchema("MutQ", node(map[string]any{"allOf": []any{map[string]any{"$ref": "#/components/schemas/MutP"}}}))
		_, ok := m.addProperty(r, "mutP", ref("MutP"))
		return ok
	}},
	{"cycle-union", func(r *rand.Rand, m *mtree) bool {
		kw := pickOf(r, "oneOf", "anyOf")
		m.addSchema("MutU", node(map[string]any{kw: []any{map[string]any{"$ref": "#/components/schemas/MutU"}, map[string]any{"type": "array", "items": map[string]any{"$ref": "#/components/schemas/MutU"}}, map[string]any{"type": "string"}}}))
		_, ok := m.addProperty(r, "mutU", ref("MutU"))
		return ok
	}},
	{"cycle-in-parameter", func(r *rand.Rand, m *mtree) bool {
		// A parameter whose schema holds itself: a union of itself and
		// strings, or a list of itself.
		var params []*yaml.Node
		for _, p := range m.places() {
			if p.n.Kind == yaml.MappingNode && lookupKey(p.n, "in") != nil && lookupKey(p.n, "schema") != nil {
				params = append(params, p.n)
			}
		}
		p, ok := pick(r, params)
		if !ok {
			return false
		}
		m.addSchema("MutEnumU", node(map[string]any{"oneOf": []any{map[string]any{"$ref": "#/components/schemas/MutEnumU"}, map[string]any{"type": "string", "enum": []any{"A", "B"}}}}))
		m.addSchema("MutList", node(map[string]any{"type": "array", "items": map[string]any{"$ref": "#/components/schemas/MutList"}}))
		setKey(p, "schema", ref(pickOf(r, "MutEnumU", "MutList")))
		return true
	}},
	{"ref-inside-component", func(r *rand.Rand, m *mtree) bool {
		owner, ok := pick(r, m.objects())
		if !ok {
			return false
		}
		props := m.get(m.root, "components", "schemas", owner, "properties")
		prop := props.Content[2*r.IntN(len(props.Content)/2)].Value
		target := "#/components/schemas/" + owner + "/properties/" + strings.ReplaceAll(strings.ReplaceAll(prop, "~", "~0"), "/", "~1")
		if r.IntN(3) == 0 {
			target = "#/components/schemas/" + owner + "/properties"
		}
		if rs := m.refs(); len(rs) > 0 && r.IntN(2) == 0 {
			rs[r.IntN(len(rs))].Value = target
			return true
		}
		_, ok = m.addProperty(r, "mutInside", node(map[string]any{"$ref": target}))
		return ok
	}},
	{"wrong-kind-ref", func(r *rand.Rand, m *mtree) bool {
		rs := m.refs()
		n, ok := pick(r, rs)
		if !ok {
			return false
		}
		n.Value = pickOf(r, "#/components/parameters/groupId", "#/components/responses/notFound", "#/components/securitySchemes/DigestAuth",
			"#/components/schemas", "#/info", "#/paths", "#", "#/components/schemas/NoSuchSchema", "other.yaml#/components/schemas/X", "#/components/examples/x")
		return true
	}},
	{"duplicate-operation-id", func(r *rand.Rand, m *mtree) bool {
		ops := m.operations()
		if len(ops) < 2 {
			return false
		}
		a, b := ops[r.IntN(len(ops))], ops[r.IntN(len(ops))]
		id := lookupKey(a, "operationId")
		if id == nil || a == b {
			return false
		}
		setKey(b, "operationId", str(id.Value))
		return true
	}},
	{"duplicate-tag", func(r *rand.Rand, m *mtree) bool {
		tags := m.get(m.root, "tags")
		if tags == nil || tags.Kind != yaml.SequenceNode || len(tags.Content) == 0 {
			return false
		}
		t := tags.Content[r.IntN(len(tags.Content))]
		tags.Content = append(tags.Content, t)
		return true
	}},
	{"odd-media-type", func(r *rand.Rand, m *mtree) bool {
		var contents []*yaml.Node
		for _, p := range m.places() {
			if p.key == "content" && p.n.Kind == yaml.MappingNode && len(p.n.Content) > 0 {
				contents = append(contents, p.n)
			}
		}
		c, ok := pick(r, contents)
		if !ok {
			return false
		}
		i := 2 * r.IntN(len(c.Content)/2)
		c.Content[i] = str(pickOf(r, "*/*", "application/x-weird", "text/plain; charset=utf-8", "", "application/vnd.atlas.2023-01-01+json;x=y",
			"application/vnd.atlas.9999-99-99+json", "application/vnd.atlas.2023-02-30+json", "APPLICATION/JSON", "application/json", "multipart/form-data", "application/vnd.atlas.preview+json", "not a media type"))
		return true
	}},
	{"deep-nesting", func(r *rand.Rand, m *mtree) bool {
		depth := 50 + r.IntN(400)
		var v any = map[string]any{"type": "string"}
		kind := r.IntN(4)
		for range depth {
			switch kind {
			case 0:
				v = map[string]any{"type": "array", "items": v}
			case 1:
				v = map[string]any{"type": "object", "properties": map[string]any{"x": v}}
			case 2:
				v = map[string]any{"allOf": []any{v}}
			default:
				v = map[string]any{"additionalProperties": v}
			}
		}
		_, ok := m.addProperty(r, "mutDeep", node(v))
		return ok
	}},
	{"long-string", func(r *rand.Rand, m *mtree) bool {
		long := strings.Repeat("x", 100+r.IntN(5000))
		switch r.IntN(4) {
		case 0:
			_, ok := m.addProperty(r, "p"+long, node(map[string]any{"type": "string"}))
			return ok
		case 1:
			_, ok := m.addProperty(r, "mutDoc", node(map[string]any{"type": "string", "description": strings.Repeat("word ", 20000), "example": long}))
			return ok
		case 2:
			ops := m.operations()
			op, ok := pick(r, ops)
			if !ok {
				return false
			}
			setKey(op, "operationId", str("op"+long))
			return true
		}
		m.addSchema("S"+long, node(map[string]any{"type": "object", "properties": map[string]any{"a": map[string]any{"type": "string"}}}))
		_, ok := m.addProperty(r, "mutLongType", ref("S"+long))
		return ok
	}},
	{"long-tag", func(r *rand.Rand, m *mtree) bool {
		op, ok := pick(r, m.operations())
		if !ok {
			return false
		}
		tag := strings.Repeat(pickOf(r, "Tag ", "Ünïcode Tàg ", "a", "Shared-Tier "), 60+r.IntN(200))
		setKey(op, "tags", node([]any{tag}))
		if tags := m.get(m.root, "tags"); tags != nil && tags.Kind == yaml.SequenceNode {
			tags.Content = append(tags.Content, node(map[string]any{"name": tag}))
		}
		return true
	}},
	{"unicode-names", func(r *rand.Rand, m *mtree) bool {
		name := pickOf(r, "größe", "名前", "emoji😀", "ǅungla", "Ωmega", "\u00e9t\u00e9", "x\u200by", "İstanbul", "ﬁle", "١٢٣")
		switch r.IntN(3) {
		case 0:
			_, ok := m.addProperty(r, name, node(map[string]any{"type": "string"}))
			return ok
		case 1:
			m.addSchema(name, node(map[string]any{"type": "object", "properties": map[string]any{"a": map[string]any{"type": "string"}}}))
			_, ok := m.addProperty(r, "mutUnicode", ref(name))
			return ok
		}
		op, ok := pick(r, m.operations())
		if !ok {
			return false
		}
		setKey(op, "operationId", str(name))
		return true
	}},
	{"colliding-names", func(r *rand.Rand, m *mtree) bool {
		owner, ok := pick(r, m.objects())
		if !ok {
			return false
		}
		props := m.get(m.root, "components", "schemas", owner, "properties")
		for _, n := range [][]string{{"groupId", "group_id", "GroupID", "groupID", "group-id"}, {"type", "Type", "TYPE"}, {"raw", "Raw", "_raw"}, {"x", "X", "x_"}, {"func", "interface", "map", "string", "error"}}[r.IntN(5)] {
			setKey(props, n, node(map[string]any{"type": pickOf(r, "string", "integer", "boolean")}))
		}
		if r.IntN(2) == 0 {
			schemas := m.componentSchemas()
			if s, ok := pick(r, schemas); ok {
				alt := strings.ToLower(s)
				if alt == s {
					alt = strings.ToUpper(s[:1]) + s[1:]
				}
				m.addSchema(alt, node(map[string]any{"type": "object", "properties": map[string]any{"b": map[string]any{"type": "string"}}}))
				setKey(props, "mutCollide", ref(alt))
			}
		}
		return true
	}},
	{"invalid-pattern", func(r *rand.Rand, m *mtree) bool {
		_, ok := m.addProperty(r, "mutPattern", node(map[string]any{"type": "string", "pattern": pickOf(r, "(?<=x)y", "[", "\\", "(?i", "^\\p{NoSuch}$", "a{1000000}", "(a)\\1", "`\"${}")}))
		return ok
	}},
	{"yaml-anchor", func(r *rand.Rand, m *mtree) bool {
		// Share one schema node under an anchor at a second place.
		schemas := m.get(m.root, "components", "schemas")
		names := m.objects()
		a, ok1 := pick(r, names)
		b, ok2 := pick(r, names)
		if !ok1 || !ok2 || schemas == nil {
			return false
		}
		target := lookupKey(schemas, a)
		if target.Anchor == "" {
			target.Anchor = "mut" + strconv.Itoa(r.IntN(100))
		}
		setKey(m.get(m.root, "components", "schemas", b, "properties"), "mutAlias", &yaml.Node{Kind: yaml.AliasNode, Alias: target, Value: target.Anchor})
		return true
	}},
	{"openapi-3.1-fields", func(r *rand.Rand, m *mtree) bool {
		switch r.IntN(4) {
		case 0:
			setKey(m.root, "webhooks", node(map[string]any{"newThing": map[string]any{"post": map[string]any{"responses": map[string]any{"200": map[string]any{"description": "ok"}}}}}))
		case 1:
			setKey(m.root, "jsonSchemaDialect", str("https://spec.openapis.org/oas/3.1/dialect/base"))
		case 2:
			setKey(m.root, "openapi", str(pickOf(r, "3.1.0", "2.0", "4.0.0", "")))
		default:
			_, ok := m.addProperty(r, "mut31", node(map[string]any{"type": []any{"string", "null"}}))
			return ok
		}
		return true
	}},
	{"schema-and-content-parameter", func(r *rand.Rand, m *mtree) bool {
		var params []*yaml.Node
		for _, p := range m.places() {
			if p.n.Kind == yaml.MappingNode && lookupKey(p.n, "in") != nil && lookupKey(p.n, "schema") != nil {
				params = append(params, p.n)
			}
		}
		p, ok := pick(r, params)
		if !ok {
			return false
		}
		setKey(p, "content", node(map[string]any{"application/json": map[string]any{"schema": map[string]any{"type": "string"}}}))
		return true
	}},
	{"api-error-shape", func(r *rand.Rand, m *mtree) bool {
		field := pickOf(r, "errorCode", "reason", "detail", "error")
		n, ok := m.apiErrorField(field)
		if !ok {
			return false
		}
		shapes := []any{
			map[string]any{"type": "object", "properties": map[string]any{"code": map[string]any{"type": "string"}}},
			map[string]any{"type": "integer"},
			map[string]any{"type": "string", "enum": []any{"A", "B"}},
			map[string]any{"type": "integer", "enum": []any{1, 2}},
			map[string]any{"oneOf": []any{map[string]any{"type": "string"}, map[string]any{"type": "integer"}}},
			map[string]any{"nullable": true},
			map[string]any{"type": "string", "nullable": true},
			map[string]any{"type": "array", "items": map[string]any{"type": "string"}},
			map[string]any{"type": "string", "format": "date-time"},
			map[string]any{"type": "boolean"},
			map[string]any{"$ref": "#/components/schemas/ApiError"},
			map[string]any{},
		}
		*n = *node(shapes[r.IntN(len(shapes))])
		if r.IntN(4) == 0 { // or no such field at all
			props := m.get(m.root, "components", "schemas", "ApiError", "properties")
			for i := 0; i+1 < len(props.Content); i += 2 {
				if props.Content[i].Value == field {
					props.Content = slices.Delete(props.Content, i, i+2)
					break
				}
			}
		}
		return true
	}},
	{"odd-enum", func(r *rand.Rand, m *mtree) bool {
		enums := [][]any{{nil}, {1, "a", true}, {1.5, 2}, {"a", "a", "A"}, {"", " ", "-", "1"}, {"type", "func", "Raw", "raw"}, {map[string]any{"a": 1}}, {}}
		_, ok := m.addProperty(r, "mutEnum", node(map[string]any{"type": pickOf(r, "string", "integer", "number", "", "boolean"), "enum": enums[r.IntN(len(enums))]}))
		return ok
	}},
	{"odd-discriminator", func(r *rand.Rand, m *mtree) bool {
		owner, ok := pick(r, m.objects())
		if !ok {
			return false
		}
		s := m.get(m.root, "components", "schemas", owner)
		setKey(s, "discriminator", node(map[string]any{"propertyName": pickOf(r, "kind", "", "type"), "mapping": map[string]any{"A": "#/components/schemas/" + owner, "B": pickOf(r, "#/components/schemas/NoSuch", "Other", owner, "#/components/parameters/groupId")}}))
		return true
	}},
	{"odd-type", func(r *rand.Rand, m *mtree) bool {
		_, ok := m.addProperty(r, "mutType", node(map[string]any{"type": pickOf(r, "file", "null", "any", "Integer", "int"), "format": pickOf(r, "binary", "int128", "uuid", "")}))
		return ok
	}},
	{"odd-required", func(r *rand.Rand, m *mtree) bool {
		owner, ok := pick(r, m.objects())
		if !ok {
			return false
		}
		setKey(m.get(m.root, "components", "schemas", owner), "required", node([]any{"noSuchProperty", "", "x/y"}))
		return true
	}},
	{"odd-property-name", func(r *rand.Rand, m *mtree) bool {
		_, ok := m.addProperty(r, pickOf(r, "", " ", "a\"b", "a,b", "1st", "-", "$ref", "a`b", "a\\b", "omitempty", "a\nb"), node(map[string]any{"type": "string"}))
		return ok
	}},
	{"odd-path", func(r *rand.Rand, m *mtree) bool {
		paths := m.get(m.root, "paths")
		if paths == nil || paths.Kind != yaml.MappingNode || len(paths.Content) == 0 {
			return false
		}
		i := 2 * r.IntN(len(paths.Content)/2)
		paths.Content[i] = str(pickOf(r, "/a/{b}/{b}", "/a/{}", "/a/{b", "relative", "/a b/{c d}", "/a:action", "/{x}", "/"+strings.Repeat("seg/", 500)))
		return true
	}},
	{"hostile-text", func(r *rand.Rand, m *mtree) bool {
		// Spec text ends up in comments, string literals, struct tags and
		// the command-line client's help.
		var scalars []place
		for _, p := range m.places() {
			if p.n.Kind == yaml.ScalarNode && p.parent != nil && p.key != "$ref" {
				scalars = append(scalars, p)
			}
		}
		p, ok := pick(r, scalars)
		if !ok {
			return false
		}
		p.parent.Content[p.index] = str(pickOf(r, "*/ /*", "\"`\\'", "line\nbreak\r\n", "\u2028\u2029", "\x00\x01\x7f", "{{.}}{{end}}", "%s%d%!", "//go:generate rm -rf /", "package main",
			"\ufeffbom", "\xff\xfe", "${HOME}$DOLLAR", "<script>", strings.Repeat("\u00e9", 300), " ", ""))
		return true
	}},
	{"sunset-and-versions", func(r *rand.Rand, m *mtree) bool {
		var contents []*yaml.Node
		for _, p := range m.places() {
			if p.key == "content" && p.n.Kind == yaml.MappingNode && len(p.n.Content) > 0 {
				contents = append(contents, p.n)
			}
		}
		c, ok := pick(r, contents)
		if !ok {
			return false
		}
		i := 1 + 2*r.IntN(len(c.Content)/2)
		if c.Content[i].Kind == yaml.MappingNode {
			setKey(c.Content[i], "x-sunset", node(pickOf(r, "2020-01-01", "not a date", "9999-12-31", "", "2025-02-30")))
		}
		if r.IntN(2) == 0 { // many versions of the same media
			for _, v := range []string{"2023-01-01", "2023-01-02", "2024-05-30", "2099-01-01", "1999-12-31"} {
				c.Content = append(c.Content, str("application/vnd.atlas."+v+"+json"), c.Content[i])
			}
		}
		return true
	}},
	{"empty-document", func(r *rand.Rand, m *mtree) bool {
		return false // made by emptyInputs, never by changing a tree
	}},
}

func pickOf(r *rand.Rand, xs ...string) string { return xs[r.IntN(len(xs))] }

// emptyInputs are documents with no tree to mutate.
var emptyInputs = []string{"", " ", "\n\n", "# only a comment\n", "---\n", "null\n", "~", "[]\n", "{}\n", "\"x\"\n", "42\n", "--- \n...\n", "\ufeff"}

// encode writes the tree back as YAML, or as JSON (which a spec may be:
// every JSON document is YAML).
func encode(doc *yaml.Node, asJSON bool) ([]byte, error) {
	if asJSON {
		var v any
		if err := doc.Decode(&v); err != nil {
			return nil, err
		}
		out, err := json.MarshalIndent(jsonable(v), "", " ")
		if err != nil {
			return nil, err
		}
		return out, nil
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// jsonable turns YAML's map[string]any/map[any]any into what encoding/json
// writes.
func jsonable(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = jsonable(e)
		}
		return x
	case map[any]any:
		out := map[string]any{}
		for k, e := range x {
			out[fmt.Sprint(k)] = jsonable(e)
		}
		return out
	case []any:
		for i, e := range x {
			x[i] = jsonable(e)
		}
		return x
	}
	return v
}

// mutate makes the i-th mutant of the run from one of the bases: one
// chosen mutation, sometimes followed by one or two more, in YAML or
// JSON. The same seed, bases and i give the same bytes.
func mutate(seed uint64, i int, bases []base) (class string, data []byte) {
	r := rand.New(rand.NewPCG(seed, uint64(i)))
	mu := mutations[r.IntN(len(mutations))]
	if mu.class == "empty-document" {
		return mu.class, []byte(pickOf(r, emptyInputs...))
	}
	b := bases[r.IntN(len(bases))]
	for range 8 { // a mutation that does not apply to this base is tried again
		var doc yaml.Node
		if err := yaml.Unmarshal(b.data, &doc); err != nil {
			panic(err)
		}
		t := &mtree{root: doc.Content[0]}
		if !mu.apply(r, t) {
			continue
		}
		for range r.IntN(3) * r.IntN(2) { // mostly one mutation
			extra := mutations[r.IntN(len(mutations))]
			extra.apply(r, t)
		}
		asJSON := r.IntN(3) == 0
		out, err := encode(&doc, asJSON)
		if err != nil {
			// A tree JSON cannot hold (an alias loop): write it as YAML.
			if out, err = encode(&doc, false); err != nil {
				continue
			}
		}
		return mu.class, out
	}
	return mu.class + " (not applicable)", b.data
}

// base is a spec the mutants are made from.
type base struct {
	name string
	data []byte
}
