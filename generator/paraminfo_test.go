package main

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/atlasgen/atlasgen/generated/admin"
)

// specSchema is the part of a parameter's schema that ParameterInfo
// reports.
type specSchema struct {
	Ref     string `yaml:"$ref"`
	Type    string
	Format  string
	Pattern string
	Enum    []any
	Default any
	Items   *specSchema
	OneOf   []specSchema `yaml:"oneOf"`
}

// specParam is a parameter as the spec's YAML writes it.
type specParam struct {
	Ref        string `yaml:"$ref"`
	Name, In   string
	Required   bool
	Deprecated bool
	Schema     specSchema
}

// TestParameterInfoAgreesWithSpec: for every operation of the shipped
// package, OperationInfo.Parameters says what the spec says of each
// parameter (its location, kind, whether it is required, its enum,
// pattern, default and deprecation), read here from the spec's YAML with
// its $refs followed, not through the generator's loader or IR.
func TestParameterInfoAgreesWithSpec(t *testing.T) {
	data, err := os.ReadFile("../openapi/upstream/atlas-api-2026-03-03.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths      map[string]map[string]yaml.Node
		Components struct {
			Parameters map[string]specParam
			Schemas    map[string]specSchema
		}
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	param := func(p specParam) specParam {
		if name, ok := strings.CutPrefix(p.Ref, "#/components/parameters/"); ok {
			return doc.Components.Parameters[name]
		}
		return p
	}
	schema := func(s specSchema) specSchema {
		if name, ok := strings.CutPrefix(s.Ref, "#/components/schemas/"); ok {
			return doc.Components.Schemas[name]
		}
		return s
	}
	var kind func(s specSchema) string
	kind = func(s specSchema) string {
		s = schema(s)
		switch {
		case s.Type == "array" && s.Items != nil:
			return "[]" + kind(*s.Items)
		case s.Enum != nil || len(enumValues(s.OneOf)) > 0:
			return "enum"
		case s.Type == "string" && s.Format == "date-time":
			return "date-time"
		case s.Type == "integer", s.Type == "number", s.Type == "boolean":
			return s.Type
		}
		return "string"
	}
	enum := func(s specSchema) []string {
		s = schema(s)
		if s.Type == "array" && s.Items != nil {
			s = schema(*s.Items)
		}
		if s.Enum == nil && s.OneOf == nil {
			return nil
		}
		// A oneOf of enums (the activity feeds' event types) takes any
		// value of any of them.
		out := enumValues(append([]specSchema{s}, s.OneOf...))
		slices.Sort(out)
		return slices.Compact(out)
	}
	checked, ops := 0, 0
	for path, item := range doc.Paths {
		var shared []specParam // the path item's own parameters
		if node, ok := item["parameters"]; ok {
			if err := node.Decode(&shared); err != nil {
				t.Fatal(err)
			}
		}
		for method, node := range item {
			var op struct {
				OperationID string `yaml:"operationId"`
				Parameters  []specParam
			}
			if method == "parameters" || node.Kind != yaml.MappingNode || node.Decode(&op) != nil || op.OperationID == "" {
				continue
			}
			want := map[string]admin.ParameterInfo{}
			for _, p := range append(slices.Clone(shared), op.Parameters...) { // the operation's own win
				p = param(p)
				pi := admin.ParameterInfo{Name: p.Name, In: p.In, Kind: kind(p.Schema), Required: p.Required || p.In == "path", Enum: enum(p.Schema), Deprecated: p.Deprecated}
				// JSON Schema applies a pattern to strings only.
				if s := schema(p.Schema); s.Pattern != "" && s.Type == "string" {
					if _, err := regexp.Compile(s.Pattern); err == nil {
						pi.Pattern = s.Pattern
					}
				}
				if s := schema(p.Schema); s.Default != nil {
					pi.Default = fmt.Sprint(s.Default)
				}
				want[p.In+" "+p.Name] = pi
			}
			info, ok := admin.LookupOperation(op.OperationID)
			if !ok {
				t.Errorf("%s %s: LookupOperation(%s) found nothing", method, path, op.OperationID)
				continue
			}
			got := map[string]admin.ParameterInfo{}
			for _, p := range info.Parameters {
				slices.Sort(p.Enum)
				got[p.In+" "+p.Name] = p
			}
			for k, w := range want {
				if g, ok := got[k]; !ok {
					t.Errorf("%s: no ParameterInfo for %s", op.OperationID, k)
				} else if fmt.Sprintf("%#v", g) != fmt.Sprintf("%#v", w) {
					t.Errorf("%s: %s:\n got %#v\nwant %#v", op.OperationID, k, g, w)
				}
			}
			for k := range got {
				if _, ok := want[k]; !ok {
					t.Errorf("%s: ParameterInfo for %s, which the spec does not list", op.OperationID, k)
				}
			}
			checked += len(want)
			ops++
		}
	}
	if n := len(admin.Operations()); checked == 0 || ops != n {
		t.Fatalf("checked %d parameters of the spec's %d operations; the package has %d", checked, ops, n)
	}
	t.Logf("%d parameters of %d operations agree with the spec", checked, ops)
}

// enumValues are the values of the enums among ss, as text.
func enumValues(ss []specSchema) []string {
	var out []string
	for _, s := range ss {
		for _, v := range s.Enum {
			out = append(out, fmt.Sprint(v))
		}
	}
	return out
}
