// Package cut writes the part of an OpenAPI document that a selection keeps:
// the selected operations and every component they reach.
//
// It works on the YAML node tree rather than on a parsed OpenAPI model, so
// what it keeps is byte-true to the input: key order, scalar styles, examples
// and every x- extension survive, and a fragment cut from a spec reads like
// the spec itself.
package cut

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/atlasgen/atlasgen/generator/internal/selection"
)

// methods are the path item keys that hold operations (OpenAPI 3.0).
var methods = map[string]bool{
	"get": true, "put": true, "post": true, "patch": true,
	"delete": true, "head": true, "options": true, "trace": true,
}

// componentsPrefix is the only form of $ref a fragment can keep resolvable.
const componentsPrefix = "#/components/"

// Cut returns the YAML of the OpenAPI document data reduced to the operations
// sel keeps, the path items that hold them, the components they reach through
// $ref (transitively), the security schemes they name and the tags they use.
// Everything else at the top level is kept as it is. The output is encoded
// with a 4-space indent, like the Atlas specs, and depends only on data and
// sel.
func Cut(data []byte, sel selection.Selection) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("parse: %w", err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, errors.New("not an OpenAPI document: the top level is not a mapping")
	}
	root := doc.Content[0]
	c := &cutter{
		components: lookup(root, "components"),
		keep:       map[string]map[string]bool{},
	}
	if err := c.paths(root, sel); err != nil {
		return nil, err
	}
	for _, req := range seq(lookup(root, "security")) {
		c.security(req)
	}
	c.drain()
	if len(c.errs) > 0 {
		sort.Slice(c.errs, func(i, j int) bool { return c.errs[i].less(c.errs[j]) })
		msgs := make([]string, len(c.errs))
		for i, e := range c.errs {
			msgs[i] = e.String()
		}
		return nil, errors.New(strings.Join(msgs, "\n"))
	}
	c.pruneComponents(root)
	c.pruneTags(root)

	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(4)
	if err := enc.Encode(&doc); err != nil {
		return nil, fmt.Errorf("encode: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encode: %w", err)
	}
	return buf.Bytes(), nil
}

type cutter struct {
	components *yaml.Node
	// keep holds the component names reached so far, by kind.
	keep map[string]map[string]bool
	// queue holds reached components whose own refs are not walked yet.
	queue []*yaml.Node
	tags  map[string]bool
	errs  []refError
}

// refError is a problem found at a node of the input.
type refError struct {
	line, col int
	msg       string
}

func (e refError) String() string { return fmt.Sprintf("%d:%d: %s", e.line, e.col, e.msg) }

func (e refError) less(o refError) bool {
	if e.line != o.line {
		return e.line < o.line
	}
	if e.col != o.col {
		return e.col < o.col
	}
	return e.msg < o.msg
}

func (c *cutter) fail(n *yaml.Node, format string, args ...any) {
	c.errs = append(c.errs, refError{n.Line, n.Column, fmt.Sprintf(format, args...)})
}

// paths drops the operations sel does not keep, and the path items left with
// none, and walks what stays.
func (c *cutter) paths(root *yaml.Node, sel selection.Selection) error {
	paths := lookup(root, "paths")
	if paths == nil || paths.Kind != yaml.MappingNode {
		return errors.New("the document has no paths")
	}
	seenOps, seenTags := map[string]bool{}, map[string]bool{}
	c.tags = map[string]bool{}
	kept := 0
	var items []*yaml.Node
	for i := 0; i+1 < len(paths.Content); i += 2 {
		item := paths.Content[i+1]
		if item.Kind != yaml.MappingNode {
			continue
		}
		var fields []*yaml.Node
		ops := 0
		for j := 0; j+1 < len(item.Content); j += 2 {
			k, v := item.Content[j], item.Content[j+1]
			if !methods[k.Value] {
				fields = append(fields, k, v)
				continue
			}
			id := scalar(lookup(v, "operationId"))
			var tags []string
			for _, t := range seq(lookup(v, "tags")) {
				tags = append(tags, t.Value)
			}
			// Atlas's name for the operation selects it too.
			override := scalar(lookup(v, "x-xgen-operation-id-override"))
			seenOps[id] = true
			if override != "" {
				seenOps[override] = true
			}
			for _, t := range tags {
				seenTags[t] = true
			}
			if !sel.Match(tags, id, override) {
				continue
			}
			fields = append(fields, k, v)
			ops++
			for _, t := range tags {
				c.tags[t] = true
			}
			for _, req := range seq(lookup(v, "security")) {
				c.security(req)
			}
		}
		if ops == 0 {
			continue
		}
		kept += ops
		item.Content = fields
		items = append(items, paths.Content[i], item)
	}
	if miss := sel.Unmatched(seenOps, seenTags); len(miss) > 0 {
		return errors.New("selection matches nothing for: " + strings.Join(miss, ", "))
	}
	if kept == 0 {
		return errors.New("selection keeps no operation")
	}
	paths.Content = items
	for i := 1; i < len(items); i += 2 {
		c.walk(items[i], "")
	}
	return nil
}

// security keeps the schemes a security requirement names.
func (c *cutter) security(req *yaml.Node) {
	if req.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(req.Content); i += 2 {
		c.reach(req.Content[i], "securitySchemes", req.Content[i].Value, "security requirement names")
	}
}

// nameMaps are the keys whose mapping value is keyed by names the spec's
// author chose (properties, status codes, media types, ...) rather than by
// OpenAPI field names, so no key inside is special.
var nameMaps = map[string]bool{
	"properties": true, "patternProperties": true, "responses": true,
	"content": true, "headers": true, "encoding": true, "callbacks": true,
	"links": true, "examples": true, "variables": true, "scopes": true,
	"paths": true, "schemas": true, "parameters": true, "requestBodies": true,
	"securitySchemes": true, "definitions": true, "$defs": true,
}

// literals are the fields whose values are data, not OpenAPI: a "$ref" key in
// an example is not a reference.
var literals = map[string]bool{
	"example": true, "default": true, "enum": true, "const": true, "value": true,
}

// walk finds the references under n. parent is the key n sits under, which
// tells a map of names from an OpenAPI object.
func (c *cutter) walk(n *yaml.Node, parent string) {
	switch n.Kind {
	case yaml.AliasNode:
		c.walk(n.Alias, parent)
	case yaml.SequenceNode:
		if parent == "examples" {
			return // a JSON Schema examples list holds values
		}
		for _, e := range n.Content {
			c.walk(e, "")
		}
	case yaml.MappingNode:
		named := nameMaps[parent]
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if named {
				c.walk(v, "")
				continue
			}
			switch {
			case strings.HasPrefix(k.Value, "x-"), literals[k.Value]:
			case k.Value == "$ref" && v.Kind == yaml.ScalarNode:
				c.ref(k, v.Value)
			case k.Value == "discriminator":
				c.mapping(lookup(v, "mapping"))
			default:
				c.walk(v, k.Value)
			}
		}
	}
}

// mapping keeps the schemas a discriminator maps to: a value is either a
// reference or a bare schema name.
func (c *cutter) mapping(m *yaml.Node) {
	if m == nil || m.Kind != yaml.MappingNode {
		return
	}
	for i := 1; i < len(m.Content); i += 2 {
		v := m.Content[i]
		if strings.HasPrefix(v.Value, "#") || strings.Contains(v.Value, "/") {
			c.ref(v, v.Value)
		} else {
			c.reach(v, "schemas", v.Value, "discriminator mapping names")
		}
	}
}

// ref keeps the component that a $ref (at node at) points to.
func (c *cutter) ref(at *yaml.Node, ref string) {
	if !strings.HasPrefix(ref, "#") {
		c.fail(at, "$ref %q: references to other documents are not supported", ref)
		return
	}
	if !strings.HasPrefix(ref, componentsPrefix) {
		c.fail(at, "$ref %q: only references into #/components are supported", ref)
		return
	}
	parts := strings.Split(strings.TrimPrefix(ref, componentsPrefix), "/")
	if len(parts) < 2 {
		c.fail(at, "$ref %q: does not name a component", ref)
		return
	}
	for i, p := range parts {
		parts[i] = strings.ReplaceAll(strings.ReplaceAll(p, "~1", "/"), "~0", "~")
	}
	target := c.reach(at, parts[0], parts[1], fmt.Sprintf("$ref %q:", ref))
	// A reference into a component keeps the whole component; the rest of
	// the pointer must still lead somewhere.
	for _, p := range parts[2:] {
		if target == nil {
			return
		}
		switch target.Kind {
		case yaml.MappingNode:
			target = lookup(target, p)
		case yaml.SequenceNode:
			var idx int
			if _, err := fmt.Sscanf(p, "%d", &idx); err != nil || idx < 0 || idx >= len(target.Content) {
				target = nil
			} else {
				target = target.Content[idx]
			}
		default:
			target = nil
		}
		if target == nil {
			c.fail(at, "$ref %q: no such node", ref)
		}
	}
}

// reach marks components.kind.name as kept and queues it for walking. what
// starts the error message when the component does not exist.
func (c *cutter) reach(at *yaml.Node, kind, name, what string) *yaml.Node {
	comp := lookup(lookup(c.components, kind), name)
	if comp == nil {
		c.fail(at, "%s no component %s/%s", what, kind, name)
		return nil
	}
	if c.keep[kind] == nil {
		c.keep[kind] = map[string]bool{}
	}
	if !c.keep[kind][name] {
		c.keep[kind][name] = true
		c.queue = append(c.queue, comp)
	}
	return comp
}

// drain walks the reached components until no new one turns up.
func (c *cutter) drain() {
	for len(c.queue) > 0 {
		n := c.queue[0]
		c.queue = c.queue[1:]
		c.walk(n, "")
	}
}

// pruneComponents keeps, in their order, the components reached and drops
// the kinds left empty.
func (c *cutter) pruneComponents(root *yaml.Node) {
	if c.components == nil || c.components.Kind != yaml.MappingNode {
		return
	}
	var kinds []*yaml.Node
	for i := 0; i+1 < len(c.components.Content); i += 2 {
		k, v := c.components.Content[i], c.components.Content[i+1]
		if strings.HasPrefix(k.Value, "x-") {
			kinds = append(kinds, k, v)
			continue
		}
		if v.Kind != yaml.MappingNode {
			continue
		}
		var kept []*yaml.Node
		for j := 0; j+1 < len(v.Content); j += 2 {
			if c.keep[k.Value][v.Content[j].Value] {
				kept = append(kept, v.Content[j], v.Content[j+1])
			}
		}
		if len(kept) > 0 {
			v.Content = kept
			kinds = append(kinds, k, v)
		}
	}
	c.components.Content = kinds
	if len(kinds) == 0 {
		remove(root, "components")
	}
}

// pruneTags keeps, in their order, the tag entries some kept operation uses.
func (c *cutter) pruneTags(root *yaml.Node) {
	tags := lookup(root, "tags")
	if tags == nil || tags.Kind != yaml.SequenceNode {
		return
	}
	var kept []*yaml.Node
	for _, t := range tags.Content {
		if c.tags[scalar(lookup(t, "name"))] {
			kept = append(kept, t)
		}
	}
	tags.Content = kept
	if len(kept) == 0 {
		remove(root, "tags")
	}
}

// lookup returns the value of key in mapping m, or nil.
func lookup(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// remove deletes key from mapping m.
func remove(m *yaml.Node, key string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content = append(m.Content[:i:i], m.Content[i+2:]...)
			return
		}
	}
}

func seq(n *yaml.Node) []*yaml.Node {
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	return n.Content
}

func scalar(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}
