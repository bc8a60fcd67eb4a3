// Package load reads an OpenAPI document with kin-openapi and validates it,
// turning every problem into a finding that names the file, the line and
// column, and the JSON pointer of the offending element.
package load

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v4"

	"github.com/atlasgen/atlasgen/generator/internal/guard"
)

// Spec is a loaded and validated document.
type Spec struct {
	File string // as given on the command line, used in every message
	Doc  *openapi3.T
	// Warnings are findings that do not stop generation (kin-openapi checks
	// that matter to servers, not clients). They go to the report.
	Warnings []string
	root     *yaml.Node // every finding is placed on it
}

// Finding is one problem at one place in the spec.
type Finding struct {
	File    string
	Line    int
	Column  int
	Pointer string // JSON pointer, "#/paths/~1a/get"
	Message string
}

func (f Finding) String() string {
	var b strings.Builder
	b.WriteString(f.File)
	if f.Line > 0 {
		fmt.Fprintf(&b, ":%d", f.Line)
		if f.Column > 0 {
			fmt.Fprintf(&b, ":%d", f.Column)
		}
	}
	if f.Pointer != "" {
		b.WriteString(": " + f.Pointer)
	}
	b.WriteString(": " + f.Message)
	return b.String()
}

// Error is every finding, sorted, so one run shows all problems at once.
type Error struct{ Findings []Finding }

func (e *Error) Error() string {
	lines := make([]string, len(e.Findings))
	for i, f := range e.Findings {
		lines[i] = f.String()
	}
	return strings.Join(lines, "\n")
}

// NewError sorts findings by place and wraps them; nil when there are none.
func NewError(fs []Finding) error {
	if len(fs) == 0 {
		return nil
	}
	slices.SortStableFunc(fs, func(a, b Finding) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		if a.Column != b.Column {
			return a.Column - b.Column
		}
		return strings.Compare(a.Message, b.Message)
	})
	return &Error{Findings: fs}
}

// File loads and validates the spec at path. Reading the file is the only I/O.
func File(path string) (*Spec, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		// No file, so no node: the place is the file's start.
		return nil, NewError([]Finding{{File: path, Line: 1, Column: 1, Message: "cannot read spec: " + unwrapPathError(err)}})
	}
	return Data(path, data)
}

// Data loads and validates a spec already in memory; name is used in messages.
func Data(name string, data []byte) (*Spec, error) {
	// The YAML tree is read first: every finding is placed on its nodes.
	root, err := ParseYAML(name, "spec", data)
	if err != nil {
		return nil, err
	}
	// kin-openapi reads a JSON document holding a raw U+0085 as JSON (YAML
	// folds that character into a space); so does the generator.
	asJSON := bytes.Contains(data, []byte("\u0085")) && mayBeJSON(data)
	return tree(name, root, func() ([]byte, error) { return data, nil }, asJSON)
}

// Tree loads and validates a spec already parsed by ParseYAML; text returns
// the YAML the tree stands for. The tree itself is what kin-openapi decodes:
// text is read only when kin-openapi refuses the tree, to report that the
// way it reports the text. Loading retags some of the tree's scalars, as
// kin-openapi does before it decodes (see prepare).
func Tree(name string, root *yaml.Node, text func() ([]byte, error)) (*Spec, error) {
	return tree(name, root, text, false)
}

func tree(name string, root *yaml.Node, text func() ([]byte, error), asJSON bool) (*Spec, error) {
	if fs := checkKind(name, root.Content[0]); len(fs) > 0 {
		return nil, NewError(fs)
	}
	if fs := checkShape(name, root.Content[0]); len(fs) > 0 {
		return nil, NewError(fs)
	}
	doc, err := decode(root, asJSON)
	if err != nil {
		// What kin-openapi says of the text is what the finding says.
		data, terr := text()
		if terr != nil {
			return nil, terr
		}
		if doc, err = newLoader().LoadFromData(data); err != nil {
			// The shape check knows every construct that kin-openapi
			// refuses while loading that the generator has met; one it
			// does not know is placed at the document.
			// Decoding expands aliases, and kin-openapi's YAML reader
			// refuses a document whose aliases expand too much (a
			// "billion laughs"), saying where.
			if f := yamlError(name, data, err); f.Line > 0 {
				return nil, NewError([]Finding{f})
			}
			return nil, NewError([]Finding{documentFinding(name, root, err)})
		}
	}
	spec := &Spec{File: name, Doc: doc, root: root}
	verr := doc.Validate(context.Background(), validationOptions...)
	var fatal []error
	for _, e := range flatten(verr) {
		msg := e.Error()
		// Two templated paths that differ only in a parameter name matter
		// to a router, not to a client that fills the path in itself.
		if strings.Contains(msg, "conflicting paths") {
			spec.Warnings = append(spec.Warnings, name+": "+msg)
			continue
		}
		fatal = append(fatal, e)
	}
	if len(fatal) > 0 {
		fs := locateValidation(name, root, doc)
		if len(fs) == 0 {
			for _, e := range fatal {
				fs = append(fs, documentFinding(name, root, e))
			}
		}
		return nil, NewError(fs)
	}
	return spec, nil
}

func newLoader() *openapi3.Loader {
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	return loader
}

// ParseYAML reads data as YAML, with the parser kin-openapi uses; what is a
// "spec" or an "overlay" names the file in the message of an empty one.
// The tree is what Tree loads: the file is parsed once.
func ParseYAML(name, what string, data []byte) (*yaml.Node, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, NewError([]Finding{yamlError(name, data, err)})
	}
	if root.Kind == 0 || len(root.Content) == 0 {
		// A file with no node has nowhere but its start to point at.
		return nil, NewError([]Finding{{File: name, Line: 1, Column: 1, Message: "empty " + what}})
	}
	return &root, nil
}

// CheckYAML refuses data that is not YAML (JSON is YAML) or holds no
// document, with the place the parser stopped at: the check every file the
// generator reads goes through, so all say the same of the same mistake.
func CheckYAML(name, what string, data []byte) error {
	_, err := ParseYAML(name, what, data)
	return err
}

func flatten(err error) []error {
	if err == nil {
		return nil
	}
	var me openapi3.MultiError
	if errors.As(err, &me) {
		var out []error
		for _, e := range me {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

func unwrapPathError(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// documentFinding places a kin-openapi finding that names no element
// (the loader's, and the document-level checks') on the node it is about,
// found on the YAML tree by what the finding says; a finding about nothing
// narrower is placed at the document, "#".
func documentFinding(name string, root *yaml.Node, err error) Finding {
	msg := message(err)
	var dup *openapi3.DuplicateTagError
	var field *openapi3.FieldVersionMismatchError
	var segs []string
	switch {
	case errors.As(err, &dup):
		// The second tag of the name is the one to remove.
		seen := false
		segs = findNode(root, func(path []string, n *yaml.Node) bool {
			if len(path) != 2 || path[0] != "tags" {
				return false
			}
			if _, v := entry(n, "name"); v != nil && v.Value == dup.Name {
				if seen {
					return true
				}
				seen = true
			}
			return false
		})
	case errors.As(err, &field):
		segs = findNode(root, func(path []string, n *yaml.Node) bool {
			return len(path) > 0 && strings.EqualFold(path[len(path)-1], field.Field) && (field.Field != "type" || n.Kind == yaml.SequenceNode)
		})
	case strings.Contains(msg, "both schema and content in a parameter"):
		segs = findNode(root, func(_ []string, n *yaml.Node) bool {
			_, in := entry(n, "in")
			_, schema := entry(n, "schema")
			_, content := entry(n, "content")
			return in != nil && schema != nil && content != nil
		})
	}
	return at(name, root, segs, msg)
}

// findNode is the path of the first node, in document order, that match
// accepts; nil when none does. The walk shares the generator's cycle guard
// (an alias can bring a walk back into a node it is in).
func findNode(root *yaml.Node, match func(path []string, n *yaml.Node) bool) []string {
	var path guard.Path[*yaml.Node]
	done := map[*yaml.Node]bool{} // an alias's node is walked once
	var found []string
	var walk func(segs []string, n *yaml.Node) bool
	walk = func(segs []string, n *yaml.Node) bool {
		n = deref(n)
		if n == nil || done[n] || path.Enter(n) != guard.In {
			return false
		}
		defer path.Leave(n)
		done[n] = true
		if len(segs) > 0 && match(segs, n) {
			found = slices.Clone(segs)
			return true
		}
		switch n.Kind {
		case yaml.DocumentNode:
			for _, c := range n.Content {
				if walk(segs, c) {
					return true
				}
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				if walk(append(segs, n.Content[i].Value), n.Content[i+1]) {
					return true
				}
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				if walk(append(segs, strconv.Itoa(i)), c) {
					return true
				}
			}
		}
		return false
	}
	walk(nil, root)
	return found
}

// yamlError places a YAML syntax error where the parser stopped. It is
// the parser kin-openapi reads the spec with, so the two agree on what is
// YAML.
func yamlError(name string, data []byte, err error) Finding {
	var le *yaml.LoadError
	if !errors.As(err, &le) {
		var les *yaml.LoadErrors
		if errors.As(err, &les) && len(les.Errors) > 0 {
			le = les.Errors[0]
		}
	}
	if le == nil {
		return Finding{File: name, Message: "invalid YAML: " + err.Error()}
	}
	msg := "invalid YAML: " + le.Message
	if le.ContextMsg != "" && le.ContextMark.Line > 0 {
		msg += fmt.Sprintf(" (%s from line %d, column %d)", le.ContextMsg, le.ContextMark.Line, le.ContextMark.Column)
	}
	f := Finding{File: name, Line: le.Mark.Line, Column: le.Mark.Column, Message: msg}
	if f.Line == 0 && le.Mark.Index >= 0 && le.Mark.Index <= len(data) {
		// The reader (bad encoding, a control character) knows only the
		// byte offset.
		before := data[:le.Mark.Index]
		f.Line = bytes.Count(before, []byte("\n")) + 1
		f.Column = utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:]) + 1
	}
	return f
}

func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// unescapePointer is the inverse of escapePointer: one JSON pointer segment
// back to the key it names.
func unescapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
}

// Pointer builds a JSON pointer from path segments.
func Pointer(segs ...string) string {
	var b strings.Builder
	b.WriteString("#")
	for _, s := range segs {
		b.WriteString("/" + escapePointer(s))
	}
	return b.String()
}

// Printable is s for a one-line message: as it is, or quoted as a Go
// string when it holds a line break or another control character.
func Printable(s string) string {
	if strings.ContainsFunc(s, unicode.IsControl) {
		return strconv.Quote(s)
	}
	return s
}

// Segments is the inverse of Pointer: the keys a JSON pointer names, none
// for "#".
func Segments(pointer string) []string {
	var segs []string
	if rest, ok := strings.CutPrefix(pointer, "#/"); ok {
		for _, seg := range strings.Split(rest, "/") {
			segs = append(segs, unescapePointer(seg))
		}
	}
	return segs
}

// AppendPointer is the JSON pointer ptr with segs appended, each escaped.
func AppendPointer(ptr string, segs ...string) string {
	return ptr + strings.TrimPrefix(Pointer(segs...), "#")
}

// At returns a finding about the node the JSON pointer names, placed on
// the YAML tree: the same place for every stage, whether or not
// kin-openapi recorded an origin for the element (a null media type has
// none, and a $ref'd element's origin is its definition, not its use).
func (s *Spec) At(pointer, msg string) Finding {
	f := at(s.File, s.root, Segments(pointer), msg)
	f.Pointer = pointer
	return f
}
