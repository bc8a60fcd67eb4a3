package load

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v4"
)

// checkKind says what a document is when it is not the OpenAPI 3.0 or 3.1
// the generator reads, before the shape check lists every field it does
// not know: a Swagger 2.0 file, or YAML/JSON that is no OpenAPI at all.
// Nil when the document says it is OpenAPI 3.x.
func checkKind(file string, doc *yaml.Node) []Finding {
	at := func(n *yaml.Node, ptr, format string, args ...any) []Finding {
		return []Finding{{File: file, Line: n.Line, Column: n.Column, Pointer: ptr, Message: fmt.Sprintf(format, args...)}}
	}
	const need = "the generator reads OpenAPI 3.0 or 3.1"
	if doc.Kind != yaml.MappingNode {
		return at(doc, "#", "not an OpenAPI document: the top level is %s, not an object with an \"openapi\" field; %s", describe(doc), need)
	}
	var keys []string
	for i := 0; i+1 < len(doc.Content); i += 2 {
		key, v := doc.Content[i], doc.Content[i+1]
		switch key.Value {
		case "swagger":
			return at(key, "#/swagger", "this is a Swagger 2.0 document (swagger: %q); %s: convert it first (for example with kin-openapi's openapi2conv or swagger2openapi)", v.Value, need)
		case "openapi":
			if v.Kind == yaml.ScalarNode && !strings.HasPrefix(v.Value, "3.") {
				return at(v, "#/openapi", "openapi: %s is not a version the generator reads; %s", v.Value, need)
			}
			return nil
		}
		keys = append(keys, fmt.Sprintf("%q", key.Value))
	}
	found := "it is empty"
	if len(keys) > 0 {
		if len(keys) > 5 {
			keys = append(keys[:5], "...")
		}
		found = "its top-level fields are " + strings.Join(keys, ", ")
	}
	return at(doc, "#", "not an OpenAPI document: there is no \"openapi\" field (%s); %s", found, need)
}
