package contractserver

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// FragmentFile is the contract the server answers for, relative to the
// module root.
const FragmentFile = "openapi/atlas-restore-jobs.yaml"

// docsDateTime is what the Atlas docs pages show for a date-time property
// that has no example (see the reference page of
// getSharedClusterBackupRestoreJob). Using it too makes the 200 body equal to
// the documented one.
const docsDateTime = "2025-05-04T09:42:00Z"

// Spec is the contract as kin-openapi reads it: the server takes its media
// types, parameter schemas and examples from here and from nowhere else.
type Spec struct {
	doc   *openapi3.T
	ops   map[string]*openapi3.Operation // by lower-case operationId
	items map[string]*openapi3.PathItem  // the path item of each operation
}

// Load reads and validates the OpenAPI document at path.
func Load(path string) (*Spec, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	s, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// MustLoad is Load for tests: it panics on error.
func MustLoad(path string) *Spec {
	s, err := Load(path)
	if err != nil {
		panic(err)
	}
	return s
}

// LoadFragment loads FragmentFile from the module root, found by walking up
// from the working directory to go.mod, so a test in any package can call it.
func LoadFragment() (*Spec, error) {
	root, err := moduleRoot()
	if err != nil {
		return nil, err
	}
	return Load(filepath.Join(root, FragmentFile))
}

// moduleRoot is the directory of the go.mod above the working directory.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// Parse reads and validates an OpenAPI document.
func Parse(data []byte) (*Spec, error) { return parse(data, true) }

func parse(data []byte, validate bool) (*Spec, error) {
	doc, err := openapi3.NewLoader().LoadFromData(data)
	if err != nil {
		return nil, err
	}
	if validate {
		if err := doc.Validate(context.Background()); err != nil {
			return nil, err
		}
	}
	s := &Spec{doc: doc, ops: map[string]*openapi3.Operation{}, items: map[string]*openapi3.PathItem{}}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			s.ops[strings.ToLower(op.OperationID)] = op
			s.items[strings.ToLower(op.OperationID)] = item
		}
	}
	return s, nil
}

// operation finds an operation by operationId, in any case: oapi-codegen's
// strict middleware knows operations by their Go names.
func (s *Spec) operation(id string) (*openapi3.Operation, error) {
	op := s.ops[strings.ToLower(id)]
	if op == nil {
		return nil, fmt.Errorf("the spec has no operation %s", id)
	}
	return op, nil
}

// MediaTypes returns the media types of an operation's 2xx responses, sorted:
// the Accept values the server takes for it.
func (s *Spec) MediaTypes(operationID string) ([]string, error) {
	op, err := s.operation(operationID)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for code, r := range op.Responses.Map() {
		if !strings.HasPrefix(code, "2") || r.Value == nil {
			continue
		}
		for mt := range r.Value.Content {
			seen[mt] = true
		}
	}
	out := make([]string, 0, len(seen))
	for mt := range seen {
		out = append(out, mt)
	}
	sort.Strings(out)
	return out, nil
}

// ResponseExample returns the JSON the server answers with for an operation
// and status: for an error, the example of the response the operation
// references (components.responses.notFound, ...); otherwise a value built
// from the response schema's examples (see SchemaExample).
func (s *Spec) ResponseExample(operationID string, status int) ([]byte, error) {
	op, err := s.operation(operationID)
	if err != nil {
		return nil, err
	}
	r := op.Responses.Status(status)
	if r == nil || r.Value == nil {
		return nil, fmt.Errorf("%s has no %d response", operationID, status)
	}
	for _, mt := range sortedKeys(r.Value.Content) {
		media := r.Value.Content[mt]
		if media.Example != nil {
			return json.Marshal(media.Example)
		}
		for _, name := range sortedKeys(media.Examples) {
			if ex := media.Examples[name]; ex.Value != nil && ex.Value.Value != nil {
				return json.Marshal(ex.Value.Value)
			}
		}
		if media.Schema != nil {
			return json.Marshal(SchemaExample(media.Schema))
		}
	}
	return nil, fmt.Errorf("%s: the %d response has no content to take an example from", operationID, status)
}

// SchemaExample builds a value for a schema the way the Atlas docs render
// one: a schema's own example wins; an object is built from its properties
// (leaving out write-only ones, as in a response); an array holds one item;
// an enum gives its first value; a bare string is "string" and a date-time
// docsDateTime.
func SchemaExample(ref *openapi3.SchemaRef) any {
	return schemaExample(ref, 0)
}

func schemaExample(ref *openapi3.SchemaRef, depth int) any {
	if ref == nil || ref.Value == nil || depth > 32 {
		return nil
	}
	s := ref.Value
	switch {
	case s.Example != nil:
		return s.Example
	case len(s.AllOf) > 0:
		m := map[string]any{}
		for _, sub := range s.AllOf {
			if sm, ok := schemaExample(sub, depth+1).(map[string]any); ok {
				for k, v := range sm {
					m[k] = v
				}
			}
		}
		for k, v := range properties(s, depth) {
			m[k] = v
		}
		return m
	case len(s.OneOf) > 0:
		return schemaExample(s.OneOf[0], depth+1)
	case len(s.AnyOf) > 0:
		return schemaExample(s.AnyOf[0], depth+1)
	case len(s.Enum) > 0:
		return s.Enum[0]
	case s.Default != nil:
		return s.Default
	case s.Type.Is("array"):
		return []any{schemaExample(s.Items, depth+1)}
	case s.Type.Is("string"):
		switch s.Format {
		case "date-time":
			return docsDateTime
		case "date":
			return docsDateTime[:len("2006-01-02")]
		}
		return "string"
	case s.Type.Is("integer"), s.Type.Is("number"):
		return 0
	case s.Type.Is("boolean"):
		return true
	default: // an object, typed or not
		return properties(s, depth)
	}
}

func properties(s *openapi3.Schema, depth int) map[string]any {
	m := map[string]any{}
	for name, p := range s.Properties {
		if p.Value != nil && p.Value.WriteOnly {
			continue
		}
		if v := schemaExample(p, depth+1); v != nil {
			m[name] = v
		}
	}
	return m
}

// requestSchema returns the schema of an operation's request body for a
// media type, or nil.
func (s *Spec) requestSchema(operationID, mediaType string) (*openapi3.SchemaRef, []string) {
	op, err := s.operation(operationID)
	if err != nil || op.RequestBody == nil || op.RequestBody.Value == nil {
		return nil, nil
	}
	types := sortedKeys(op.RequestBody.Value.Content)
	if mt, ok := op.RequestBody.Value.Content[mediaType]; ok {
		return mt.Schema, types
	}
	return nil, types
}

// responseSchema returns the schema of an operation's response in
// mediaType, or with "" in the first of its media types; nil when it has
// none.
func (s *Spec) responseSchema(operationID string, status int, mediaType string) *openapi3.SchemaRef {
	op, err := s.operation(operationID)
	if err != nil {
		return nil
	}
	r := op.Responses.Status(status)
	if r == nil || r.Value == nil {
		return nil
	}
	if mediaType == "" {
		if types := sortedKeys(r.Value.Content); len(types) > 0 {
			mediaType = types[0]
		}
	}
	if mt := r.Value.Content[mediaType]; mt != nil {
		return mt.Schema
	}
	return nil
}

// pathParameters returns an operation's path parameters, the path item's
// included: an operation's own parameter replaces the item's of that name.
func (s *Spec) pathParameters(operationID string) []*openapi3.Parameter {
	op, err := s.operation(operationID)
	if err != nil {
		return nil
	}
	byName := map[string]*openapi3.Parameter{}
	for _, list := range []openapi3.Parameters{s.items[strings.ToLower(operationID)].Parameters, op.Parameters} {
		for _, p := range list {
			if p.Value != nil && p.Value.In == openapi3.ParameterInPath {
				byName[p.Value.Name] = p.Value
			}
		}
	}
	out := make([]*openapi3.Parameter, 0, len(byName))
	for _, name := range sortedKeys(byName) {
		out = append(out, byName[name])
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
