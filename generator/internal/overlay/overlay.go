// Package overlay applies OpenAPI Overlay 1.0 documents to a spec before
// it is loaded; github.com/speakeasy-api/openapi's overlay package does the
// applying, as the Atlas CLI's tooling does. Every finding is placed: a
// problem of an overlay in the overlay file, and a problem of the overlaid
// spec where its text was written: in the overlay whose action wrote it,
// else in the spec, at the spec's own line (see Result.Relocate).
package overlay

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	ovl "github.com/speakeasy-api/openapi/overlay"
	yaml4 "go.yaml.in/yaml/v4"
	"gopkg.in/yaml.v3"

	"github.com/atlasgen/atlasgen/generator/internal/load"
)

// Version is the one Overlay Specification version applied.
const Version = "1.0.0"

// File is one overlay, read and checked.
type File struct {
	Name    string // as given (-overlay FILE, atlas:watchers), in messages
	doc     *ovl.Overlay
	actions []*action
	// written maps each key of every update to where it was written: the
	// library moves these key nodes into the spec (values are copied), so
	// finding one on the overlaid tree says which overlay wrote what is
	// below it.
	written map[*yaml.Node]*yaml.Node
}

type action struct {
	index  int
	target *yaml.Node // the target's value, where a finding about it goes
	path   ovl.Queryable
	update *yaml.Node // nil for a remove
}

// Parse reads and checks one overlay: YAML (or JSON) holding an Overlay
// 1.0.0 document whose every action has a JSONPath target and an update
// or a remove.
func Parse(name string, data []byte) (*File, error) {
	if err := load.CheckYAML(name, "overlay", data); err != nil {
		return nil, err
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, load.NewError([]load.Finding{{File: name, Line: 1, Column: 1, Message: "invalid YAML: " + err.Error()}})
	}
	c := &checker{file: name}
	f := c.document(root.Content[0])
	if err := load.NewError(c.fs); err != nil {
		return nil, err
	}
	f.Name = name
	return f, nil
}

// checker collects the findings about one overlay file.
type checker struct {
	file string
	fs   []load.Finding
}

func (c *checker) fail(n *yaml.Node, segs []string, format string, args ...any) {
	c.fs = append(c.fs, load.Finding{File: c.file, Line: n.Line, Column: n.Column, Pointer: load.Pointer(segs...), Message: fmt.Sprintf(format, args...)})
}

// keys checks a mapping's keys against the known ones (x- extensions are
// always allowed) and returns its values by key; nil when n is no mapping.
func (c *checker) keys(n *yaml.Node, segs []string, what string, known ...string) map[string]*yaml.Node {
	if n.Kind != yaml.MappingNode {
		c.fail(n, segs, "%s must be an object, not %s", what, kind(n))
		return nil
	}
	out := map[string]*yaml.Node{}
	first := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if prev, ok := first[k.Value]; ok {
			c.fail(k, append(slices.Clip(segs), k.Value), "%q is written twice in %s (first at line %d)", k.Value, what, prev.Line)
			continue
		}
		first[k.Value] = k
		if !slices.Contains(known, k.Value) && !strings.HasPrefix(k.Value, "x-") {
			c.fail(k, append(slices.Clip(segs), k.Value), "%s has no field %q; Overlay %s has %s", what, k.Value, Version, strings.Join(known, ", "))
			continue
		}
		out[k.Value] = v
	}
	return out
}

func kind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "an object"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	switch n.Tag {
	case "!!null":
		return "null"
	case "!!str":
		return fmt.Sprintf("the string %q", n.Value)
	}
	return strconv.Quote(n.Value)
}

func (c *checker) document(doc *yaml.Node) *File {
	const need = "an overlay is an object with overlay: " + Version + ", info and actions (the OpenAPI Overlay Specification " + Version + ")"
	if doc.Kind != yaml.MappingNode {
		c.fail(doc, nil, "not an Overlay %s document: the top level is %s; %s", Version, kind(doc), need)
		return nil
	}
	top := map[string]*yaml.Node{}
	for i := 0; i+1 < len(doc.Content); i += 2 {
		top[doc.Content[i].Value] = doc.Content[i+1]
	}
	v, ok := top["overlay"]
	switch {
	case !ok && top["openapi"] != nil:
		c.fail(doc, nil, "not an Overlay %s document: this is an OpenAPI document (it has an \"openapi\" field); pass it as -spec", Version)
		return nil
	case !ok:
		c.fail(doc, nil, "not an Overlay %s document: there is no \"overlay\" field; %s", Version, need)
		return nil
	case v.Kind != yaml.ScalarNode || v.Value != Version:
		what := kind(v)
		if v.Kind == yaml.ScalarNode {
			what = strconv.Quote(v.Value)
		}
		c.fail(v, []string{"overlay"}, "overlay: %s is not a version the generator applies; it applies Overlay %s", what, Version)
		return nil
	}
	fields := c.keys(doc, nil, "an overlay", "overlay", "info", "extends", "actions")
	if info, ok := fields["info"]; !ok {
		c.fail(doc, nil, "an overlay needs info, with title and version")
	} else if m := c.keys(info, []string{"info"}, "info", "title", "version"); m != nil {
		for _, k := range []string{"title", "version"} {
			if s := m[k]; s == nil || s.Kind != yaml.ScalarNode || s.Value == "" {
				c.fail(info, []string{"info"}, "info needs a %s", k)
			}
		}
	}
	list, ok := fields["actions"]
	if !ok || list.Kind != yaml.SequenceNode || len(list.Content) == 0 {
		n := doc
		if ok {
			n = list
		}
		c.fail(n, []string{"actions"}, "an overlay needs actions: a list of {target, update} or {target, remove: true}")
		return nil
	}
	// Targets are parsed the way the library will read them: the JSONPath
	// flavour depends on the version and x-speakeasy-jsonpath.
	o := &ovl.Overlay{Version: Version}
	if jp := top["x-speakeasy-jsonpath"]; jp != nil {
		o.JSONPathVersion = jp.Value
	}
	f := &File{doc: o, written: map[*yaml.Node]*yaml.Node{}}
	for i, item := range list.Content {
		if a := c.action(o, i, item); a != nil {
			f.actions = append(f.actions, a)
			if a.update != nil {
				f.recordKeys(a.update)
			}
		}
	}
	if len(c.fs) > 0 {
		return nil
	}
	if err := doc.Decode(o); err != nil {
		c.fail(doc, nil, "%s", firstLine(err))
		return nil
	}
	return f
}

func (c *checker) action(o *ovl.Overlay, i int, n *yaml.Node) *action {
	segs := []string{"actions", strconv.Itoa(i)}
	m := c.keys(n, segs, "an action", "target", "description", "update", "remove")
	if m == nil {
		return nil
	}
	target, ok := m["target"]
	if !ok || target.Kind != yaml.ScalarNode || target.Value == "" {
		c.fail(n, segs, "an action needs a target: a JSONPath to the nodes it changes")
		return nil
	}
	a := &action{index: i, target: target}
	path, err := o.NewPath(target.Value, nil)
	if err != nil {
		c.fail(target, append(segs, "target"), "target %s is not a JSONPath: %s", load.Printable(target.Value), firstLine(err))
		return nil
	}
	a.path = path
	update, hasUpdate := m["update"]
	remove := false
	if r, ok := m["remove"]; ok {
		if r.Kind != yaml.ScalarNode || (r.Value != "true" && r.Value != "false") {
			c.fail(r, append(segs, "remove"), "remove must be true or false, not %s", kind(r))
			return nil
		}
		remove = r.Value == "true"
	}
	switch {
	case remove && hasUpdate:
		c.fail(n, segs, "an action either updates or removes, not both")
		return nil
	case !remove && !hasUpdate:
		c.fail(n, segs, "an action needs update (what to merge into the target) or remove: true")
		return nil
	case hasUpdate:
		a.update = update
	}
	return a
}

func firstLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}

// recordKeys notes every mapping key under n, with its value.
func (f *File) recordKeys(n *yaml.Node) {
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			f.written[n.Content[i]] = n.Content[i+1]
		}
	}
	for _, c := range n.Content {
		f.recordKeys(c)
	}
}

// Result is a spec with its overlays applied.
type Result struct {
	// Root is the overlaid spec, as a tree of the parser load reads specs
	// with (load.Tree loads it): the spec is parsed once, and the overlays
	// are applied to a copy of its tree in the nodes the overlay library
	// works on, and copied back. A node keeps the place it was written at,
	// in the spec or in an overlay.
	Root *yaml4.Node
	// Notes are for the report: each overlay applied, and each target
	// that matched nothing when that is allowed.
	Notes []string
	spec  string
	root  *yaml.Node
	files []*File
	// targets are the nodes each update's target matched, with what the
	// update wrote there: a scalar replaced in place keeps the spec's key.
	targets map[*yaml.Node][]targeted
}

type targeted struct {
	file *File
	a    *action
}

// Apply is ApplyTree on the spec's text.
func Apply(specName string, spec []byte, files []*File, allowUnmatched bool) (*Result, error) {
	root, err := load.ParseYAML(specName, "spec", spec)
	if err != nil {
		return nil, err
	}
	return ApplyTree(specName, root, files, allowUnmatched)
}

// ApplyTree applies the overlays to spec (named specName in messages, as
// load.ParseYAML read it), in order, each action in turn. A target that
// matches nothing is an error unless allowUnmatched, when it is a note.
// spec itself is left as it was.
func ApplyTree(specName string, spec *yaml4.Node, files []*File, allowUnmatched bool) (*Result, error) {
	root := toV3(spec)
	r := &Result{spec: specName, root: root, files: files, targets: map[*yaml.Node][]targeted{}}
	var fs []load.Finding
	for _, f := range files {
		for _, a := range f.actions {
			nodes := a.path.Query(root)
			if len(nodes) == 0 {
				msg := fmt.Sprintf("target %s matches nothing in %s", load.Printable(a.target.Value), specName)
				if !allowUnmatched {
					fs = append(fs, f.at(a, msg+" (-allow-unmatched-targets lets such an action do nothing)"))
					continue
				}
				r.Notes = append(r.Notes, f.at(a, msg+"; allowed by -allow-unmatched-targets").String())
				continue
			}
			if a.update == nil && slices.ContainsFunc(nodes, func(n *yaml.Node) bool { return n == root || slices.Contains(root.Content, n) }) {
				// The library has no parent to remove it from, and would do nothing.
				fs = append(fs, f.at(a, fmt.Sprintf("target %s is the whole spec, which an action cannot remove", load.Printable(a.target.Value))))
				continue
			}
			one := *f.doc
			one.Actions = []ovl.Action{f.doc.Actions[a.index]}
			if err := one.ApplyTo(root); err != nil {
				fs = append(fs, f.at(a, "cannot apply: "+firstLine(err)))
				continue
			}
			if a.update != nil {
				for _, n := range nodes {
					r.targets[n] = append(r.targets[n], targeted{f, a})
				}
			}
		}
		r.Notes = append(r.Notes, fmt.Sprintf("overlay %s applied: %d actions", f.Name, len(f.actions)))
	}
	if err := load.NewError(fs); err != nil {
		return nil, err
	}
	r.Root = toV4(root)
	return r, nil
}

// Data is the overlaid spec as YAML: what -write-spec writes, and what
// load.Tree reads only to report what kin-openapi refuses.
func (r *Result) Data() ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	err := enc.Encode(r.root)
	if err == nil {
		err = enc.Close()
	}
	if err != nil {
		// Nothing above writes what the encoder refuses; were it to, the
		// spec's start is the only place there is.
		return nil, load.NewError([]load.Finding{{File: r.spec, Line: 1, Column: 1, Pointer: "#", Message: "cannot write the overlaid spec: " + firstLine(err)}})
	}
	return buf.Bytes(), nil
}

// at is a finding about an action, placed on its target.
func (f *File) at(a *action, msg string) load.Finding {
	return load.Finding{File: f.Name, Line: a.target.Line, Column: a.target.Column, Pointer: load.Pointer("actions", strconv.Itoa(a.index), "target"), Message: msg}
}

// Relocate places the findings of the overlaid spec where their text was
// written. Loading placed them on the overlaid YAML, which is nobody's
// file; each finding's JSON pointer is followed on the overlaid tree
// instead: a key an update wrote is placed in its overlay (so is a path
// under a target an update rewrote), any other node at its line in the
// spec; a finding about an element an update targeted also names that
// update, whose text may be what the finding is about. Other errors, and
// findings with no pointer, pass unchanged. A nil Result changes nothing.
func (r *Result) Relocate(err error) error {
	var le *load.Error
	if r == nil || !errors.As(err, &le) {
		return err
	}
	fs := slices.Clone(le.Findings)
	for i, f := range fs {
		if f.File == r.spec && strings.HasPrefix(f.Pointer, "#") {
			var changed string
			fs[i].File, fs[i].Line, fs[i].Column, changed = r.place(load.Segments(f.Pointer))
			if changed != "" {
				fs[i].Message += " (an overlay changed this element: " + changed + ")"
			}
		}
	}
	return load.NewError(fs)
}

func (r *Result) place(segs []string) (file string, line, col int, changed string) {
	n := r.root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	file, line, col = r.spec, 1, 1
	if n.Line > 0 {
		line, col = n.Line, n.Column
	}
	for i := 0; ; i++ {
		if f, l, c, ok := r.rewritten(n, segs[i:]); ok {
			return f, l, c, ""
		}
		if i == len(segs) {
			// The element itself is in the spec, but an update changed
			// it: the finding may be about what the update wrote.
			if ts := r.targets[n]; len(ts) > 0 {
				u := ts[len(ts)-1]
				changed = fmt.Sprintf("%s:%d:%d", u.file.Name, u.a.update.Line, u.a.update.Column)
			}
			break
		}
		key, val := entry(n, segs[i])
		if key == nil {
			break
		}
		for _, f := range r.files {
			if written, ok := f.written[key]; ok {
				l, c := deepest(key, written, segs[i+1:])
				return f.Name, l, c, ""
			}
		}
		if key.Line > 0 {
			line, col = key.Line, key.Column
		}
		n = val
	}
	return file, line, col, changed
}

// rewritten places rest under n in the last update whose target was n and
// which holds all of rest: its values replaced the spec's in place. A node
// an update replaced whole (an update of another kind than its target)
// has lost its place; it is placed at that update.
func (r *Result) rewritten(n *yaml.Node, rest []string) (string, int, int, bool) {
	ts := r.targets[n]
	if len(ts) > 0 && len(rest) == 0 && n.Line == 0 {
		u := ts[len(ts)-1]
		return u.file.Name, u.a.update.Line, u.a.update.Column, true
	}
	for i := len(ts) - 1; i >= 0; i-- {
		if k, _ := walk(ts[i].a.update, rest); k != nil {
			return ts[i].file.Name, k.Line, k.Column, true
		}
	}
	return "", 0, 0, false
}

// walk follows segs from n; the last key (or item) when all are there.
func walk(n *yaml.Node, segs []string) (last, val *yaml.Node) {
	if len(segs) == 0 {
		return nil, nil
	}
	val = n
	for _, seg := range segs {
		last, val = entry(val, seg)
		if last == nil {
			return nil, nil
		}
	}
	return last, val
}

// deepest is where the nearest existing node of segs under the written
// value is, starting from its key.
func deepest(key, val *yaml.Node, segs []string) (line, col int) {
	line, col = key.Line, key.Column
	for _, seg := range segs {
		k, v := entry(val, seg)
		if k == nil {
			break
		}
		line, col, val = k.Line, k.Column, v
	}
	return line, col
}

// entry is the key node and value node of seg in a mapping, or the item
// twice in a list (by index, or a parameter by its name, as the IR names
// parameters): load's rule, on this YAML library's nodes.
func entry(n *yaml.Node, seg string) (key, val *yaml.Node) {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	switch {
	case n == nil:
	case n.Kind == yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == seg {
				return n.Content[i], n.Content[i+1]
			}
		}
	case n.Kind == yaml.SequenceNode:
		if i, err := strconv.Atoi(seg); err == nil && i >= 0 && i < len(n.Content) {
			return n.Content[i], n.Content[i]
		}
		for _, item := range n.Content {
			if _, name := entry(item, "name"); name != nil && name.Kind == yaml.ScalarNode && name.Value == seg {
				return item, item
			}
		}
	}
	return nil, nil
}
