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
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"
)

// Spec is a loaded and validated document.
type Spec struct {
	File string // as given on the command line, used in every message
	Doc  *openapi3.T
	// Warnings are findings that do not stop generation (kin-openapi checks
	// that matter to servers, not clients). They go to the report.
	Warnings []string
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
		return nil, NewError([]Finding{{File: path, Message: "cannot read spec: " + unwrapPathError(err)}})
	}
	return Data(path, data)
}

// Data loads and validates a spec already in memory; name is used in messages.
func Data(name string, data []byte) (*Spec, error) {
	loader := openapi3.NewLoader()
	loader.IncludeOrigin = true
	loader.IsExternalRefsAllowed = false
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return nil, NewError([]Finding{explainLoadError(name, data, err)})
	}
	spec := &Spec{File: name, Doc: doc}
	// Patterns are checked by the IR builder, which knows which ones Go can
	// compile and reports the others; examples are checked by decoding them
	// into the generated types (see the example walk test), which is the
	// check that matters for a client.
	verr := doc.Validate(context.Background(),
		openapi3.DisableSchemaPatternValidation(),
		openapi3.DisableExamplesValidation(),
		openapi3.EnableMultiError(),
	)
	var fatal []Finding
	for _, e := range flatten(verr) {
		msg := e.Error()
		// Two templated paths that differ only in a parameter name matter
		// to a router, not to a client that fills the path in itself.
		if strings.Contains(msg, "conflicting paths") {
			spec.Warnings = append(spec.Warnings, name+": "+msg)
			continue
		}
		fatal = append(fatal, locate(name, doc, msg))
	}
	if err := NewError(fatal); err != nil {
		return nil, err
	}
	return spec, nil
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

var (
	yamlLine   = regexp.MustCompile(`(?:yaml: )?line (\d+): (.*)`)
	missingRef = regexp.MustCompile(`"(#/[^"]*)"`)
)

// explainLoadError gives kin-openapi's load errors a place. They carry none
// for unresolvable refs, so on this error path only the YAML is parsed again
// to find the node.
func explainLoadError(name string, data []byte, err error) Finding {
	msg := err.Error()
	var root yaml.Node
	if yerr := yaml.Unmarshal(data, &root); yerr != nil {
		if m := yamlLine.FindStringSubmatch(yerr.Error()); m != nil {
			line, _ := strconv.Atoi(m[1])
			return Finding{File: name, Line: line, Message: "invalid YAML: " + m[2]}
		}
		return Finding{File: name, Message: "invalid YAML: " + strings.TrimPrefix(yerr.Error(), "yaml: ")}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return Finding{File: name, Message: "empty spec"}
	}
	if m := missingRef.FindStringSubmatch(msg); m != nil {
		if f, ok := findRef(&root, m[1], "#"); ok {
			f.File = name
			f.Message = "dangling $ref " + strconv.Quote(m[1]) + ": no such component"
			return f
		}
	}
	return Finding{File: name, Message: msg}
}

// findRef returns the place of the first `$ref: ref` in document order.
func findRef(n *yaml.Node, ref, ptr string) (Finding, bool) {
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			if f, ok := findRef(c, ref, ptr); ok {
				return f, true
			}
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Value == "$ref" && v.Value == ref {
				return Finding{Line: v.Line, Column: v.Column, Pointer: ptr}, true
			}
			if f, ok := findRef(v, ref, ptr+"/"+escapePointer(k.Value)); ok {
				return f, true
			}
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			if f, ok := findRef(c, ref, ptr+"/"+strconv.Itoa(i)); ok {
				return f, true
			}
		}
	}
	return Finding{}, false
}

func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
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

// At returns a finding at a kin-openapi origin (nil-safe).
func At(file string, o *openapi3.Origin, pointer, msg string) Finding {
	f := Finding{File: file, Pointer: pointer, Message: msg}
	if o != nil && o.Key != nil {
		f.Line, f.Column = o.Key.Line, o.Key.Column
	}
	return f
}

var (
	componentMsg = regexp.MustCompile(`^invalid components: (schema|parameter|response|requestBody|header|securityScheme) "([^"]+)": (.*)$`)
	operationMsg = regexp.MustCompile(`^invalid paths: invalid path ([^:]+): invalid operation ([A-Z]+): (.*)$`)
	paramMsg     = regexp.MustCompile(`^parameter "([^"]+)"`)
	pathParamMsg = regexp.MustCompile(`^invalid paths: operation ([A-Z]+) (\S+) (must define exactly all path parameters.*)$`)
)

// locate gives a kin-openapi validation message the place it is about, for
// the shapes kin-openapi writes: a component, or an operation and maybe
// one of its parameters.
func locate(file string, doc *openapi3.T, msg string) Finding {
	if m := componentMsg.FindStringSubmatch(msg); m != nil && doc.Components != nil {
		var o *openapi3.Origin
		kind := m[1] + "s"
		switch m[1] {
		case "schema":
			if r := doc.Components.Schemas[m[2]]; r != nil && r.Value != nil {
				o = r.Value.Origin
			}
		case "parameter":
			if r := doc.Components.Parameters[m[2]]; r != nil && r.Value != nil {
				o = r.Value.Origin
			}
		case "response":
			if r := doc.Components.Responses[m[2]]; r != nil && r.Value != nil {
				o = r.Value.Origin
			}
		case "requestBody":
			kind = "requestBodies"
		}
		return At(file, o, Pointer("components", kind, m[2]), m[3])
	}
	if m := pathParamMsg.FindStringSubmatch(msg); m != nil && doc.Paths != nil {
		if item := doc.Paths.Value(m[2]); item != nil {
			if op := item.GetOperation(m[1]); op != nil {
				return At(file, op.Origin, Pointer("paths", m[2], strings.ToLower(m[1])), m[3])
			}
		}
	}
	if m := operationMsg.FindStringSubmatch(msg); m != nil && doc.Paths != nil {
		item := doc.Paths.Value(m[1])
		if item == nil {
			return Finding{File: file, Message: msg}
		}
		op := item.GetOperation(m[2])
		if op == nil {
			return Finding{File: file, Message: msg}
		}
		ptr := Pointer("paths", m[1], strings.ToLower(m[2]))
		if pm := paramMsg.FindStringSubmatch(m[3]); pm != nil {
			for _, p := range op.Parameters {
				if p != nil && p.Value != nil && p.Value.Name == pm[1] {
					return At(file, p.Value.Origin, ptr+"/parameters/"+pm[1], m[3])
				}
			}
		}
		return At(file, op.Origin, ptr, m[3])
	}
	return Finding{File: file, Message: msg}
}
