package load

import (
	"bytes"
	"errors"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v4"
)

// decode is kin-openapi's Loader.LoadFromData (without origins, external
// references refused) on a tree already parsed: the same decode into
// openapi3.T and the same resolution of references, without parsing the
// text a second time. A document kin-openapi would read as JSON (asJSON),
// and any error, is left to LoadFromData on the text, so what it refuses
// and what it says stay its own; decode only says that it failed.
func decode(root *yaml.Node, asJSON bool) (*openapi3.T, error) {
	if asJSON {
		return nil, errNotDecoded
	}
	if err := prepare(root); err != nil {
		return nil, err
	}
	doc := &openapi3.T{}
	if err := root.Decode(doc); err != nil {
		return nil, err
	}
	if err := newLoader().ResolveRefsIn(doc, nil); err != nil {
		return nil, err
	}
	return doc, nil
}

// errNotDecoded sends a document to LoadFromData.
var errNotDecoded = errors.New("left to LoadFromData")

// mayBeJSON is kin-openapi's test of whether data could hold a JSON value:
// its first byte past JSON's whitespace can start one.
func mayBeJSON(data []byte) bool {
	data = bytes.TrimLeft(data, " \t\r\n")
	return len(data) != 0 && strings.IndexByte(`{["-0123456789tfn`, data[0]) >= 0
}

// The YAML tags kin-openapi's preparation reads and writes.
const (
	strTag       = "!!str"
	nullTag      = "!!null"
	timestampTag = "!!timestamp"
	mergeKeyTag  = "!!merge"
)

// prepare is what kin-openapi (v0.153.0, openapi3.prepareScalars) does to
// the tree between parsing and decoding, which it does not export: a
// scalar with an application's own tag (!md) or a timestamp's is a
// string; a mapping key is read as its text (a key written as an alias
// becomes a copy of the scalar it names, at the alias's place). What it
// refuses (a null key, .inf and .nan, an anchor inside itself; the shape
// check refuses them first) is only an error here: LoadFromData says what.
// TestDecodeIsLoadFromData holds it to LoadFromData on every spec in the
// repository and on each construct this touches.
func prepare(root *yaml.Node) error {
	aliases := false
	var walk func(n *yaml.Node) error
	walk = func(n *yaml.Node) error {
		switch n.Kind {
		case yaml.AliasNode:
			// What the alias names is walked where it is written.
			aliases = true
			return nil
		case yaml.ScalarNode:
			if strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") || n.Tag == timestampTag {
				n.Tag = strTag
			}
			if n.Tag == "!!float" {
				switch strings.ToLower(strings.TrimLeft(n.Value, "+-")) {
				case ".inf", ".nan":
					return errNotDecoded
				}
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i]
				if k.Tag == mergeKeyTag || k.Value == "<<" && k.Style == 0 && (k.Tag == "" || k.Tag == strTag) {
					continue
				}
				if k.Kind == yaml.AliasNode && k.Alias != nil && k.Alias.Kind == yaml.ScalarNode {
					named := *k.Alias
					named.Anchor = ""
					named.Line, named.Column = k.Line, k.Column
					n.Content[i], k = &named, &named
				}
				if k.Kind != yaml.ScalarNode || k.Tag == strTag {
					continue
				}
				if k.Tag == nullTag {
					return errNotDecoded
				}
				k.Tag = strTag
			}
		}
		for _, c := range n.Content {
			if err := walk(c); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(root); err != nil {
		return err
	}
	if aliases && !acyclic(root) {
		// Decoding would recurse for ever; the shape check refuses such a
		// document first, and LoadFromData refuses it too.
		return errNotDecoded
	}
	return nil
}

// acyclic reports whether no alias leads back into a node it sits inside.
func acyclic(root *yaml.Node) bool {
	const (
		onPath = iota + 1
		done
	)
	state := map[*yaml.Node]uint8{}
	var walk func(n *yaml.Node) bool
	walk = func(n *yaml.Node) bool {
		switch state[n] {
		case onPath:
			return false
		case done:
			return true
		}
		state[n] = onPath
		if n.Kind == yaml.AliasNode && n.Alias != nil && !walk(n.Alias) {
			return false
		}
		for _, c := range n.Content {
			if !walk(c) {
				return false
			}
		}
		state[n] = done
		return true
	}
	return walk(root)
}
