package overlay

import (
	yaml4 "go.yaml.in/yaml/v4"
	"gopkg.in/yaml.v3"
)

// The spec is parsed once, by the parser kin-openapi reads with
// (go.yaml.in/yaml/v4); the overlay library works on gopkg.in/yaml.v3's
// nodes. The two trees have the same fields, kinds and styles (both
// libraries number them 1 << iota), so a tree is copied across, node for
// node, rather than written out and parsed again. An alias points at the
// copy of its anchor. Any other node is copied wherever it is reached, as
// writing the tree out would write it each time: the overlay library may
// put one update's node under several targets.

func toV3(n *yaml4.Node) *yaml.Node {
	done := map[*yaml4.Node]*yaml.Node{}
	var cp func(n *yaml4.Node) *yaml.Node
	cp = func(n *yaml4.Node) *yaml.Node {
		if n == nil {
			return nil
		}
		if c, ok := done[n]; ok {
			return c
		}
		c := &yaml.Node{
			Kind: yaml.Kind(n.Kind), Style: yaml.Style(n.Style), Tag: n.Tag, Value: n.Value, Anchor: n.Anchor,
			HeadComment: n.HeadComment, LineComment: n.LineComment, FootComment: n.FootComment, Line: n.Line, Column: n.Column,
		}
		if n.Anchor != "" {
			done[n] = c
		}
		c.Alias = cp(n.Alias)
		if n.Content != nil {
			c.Content = make([]*yaml.Node, len(n.Content))
			for i, ch := range n.Content {
				c.Content[i] = cp(ch)
			}
		}
		return c
	}
	return cp(n)
}

// toV4 is toV3 the other way. A node the overlay library made without a
// tag gets the one it resolves to, as parsing its YAML would give it.
func toV4(n *yaml.Node) *yaml4.Node {
	done := map[*yaml.Node]*yaml4.Node{}
	var cp func(n *yaml.Node) *yaml4.Node
	cp = func(n *yaml.Node) *yaml4.Node {
		if n == nil {
			return nil
		}
		if c, ok := done[n]; ok {
			return c
		}
		tag := n.Tag
		if tag == "" && n.Kind != yaml.AliasNode {
			tag = n.ShortTag()
		}
		c := &yaml4.Node{
			Kind: yaml4.Kind(n.Kind), Style: yaml4.Style(n.Style), Tag: tag, Value: n.Value, Anchor: n.Anchor,
			HeadComment: n.HeadComment, LineComment: n.LineComment, FootComment: n.FootComment, Line: n.Line, Column: n.Column,
		}
		if n.Anchor != "" {
			done[n] = c
		}
		c.Alias = cp(n.Alias)
		if n.Content != nil {
			c.Content = make([]*yaml4.Node, len(n.Content))
			for i, ch := range n.Content {
				c.Content[i] = cp(ch)
			}
		}
		return c
	}
	return cp(n)
}
