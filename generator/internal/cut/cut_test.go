package cut

import (
	"bytes"
	"context"
	"os"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"

	"github.com/atlasgen/atlasgen/generator/internal/selection"
)

const (
	specPath     = "../../../openapi/upstream/atlas-api-2025-06-30.yaml"
	fragmentPath = "../../../openapi/atlas-restore-jobs.yaml"
	restoreTag   = "Shared-Tier Restore Jobs"
)

// real holds the full spec, read and decoded once per test binary: it is
// 4 MB and several tests compare against it.
var real struct {
	once    sync.Once
	data    []byte
	decoded map[string]any
	err     error
}

func realSpec(t *testing.T) ([]byte, map[string]any) {
	t.Helper()
	real.once.Do(func() {
		real.data, real.err = os.ReadFile(specPath)
		if real.err == nil {
			real.err = yaml.Unmarshal(real.data, &real.decoded)
		}
	})
	if real.err != nil {
		t.Fatal(real.err)
	}
	return real.data, real.decoded
}

// restoreCut is the tag cut that several tests inspect.
var restoreCut struct {
	once sync.Once
	out  []byte
	err  error
}

func cutRestoreJobs(t *testing.T) []byte {
	t.Helper()
	data, _ := realSpec(t)
	restoreCut.once.Do(func() {
		restoreCut.out, restoreCut.err = Cut(data, selection.Selection{IncludeTags: []string{restoreTag}})
	})
	if restoreCut.err != nil {
		t.Fatal(restoreCut.err)
	}
	return restoreCut.out
}

func TestCutByTag(t *testing.T) {
	out := cutRestoreJobs(t)
	_, orig := realSpec(t)
	doc := loadOpenAPI(t, out)

	if got, want := operationIDs(doc), []string{
		"createSharedClusterBackupRestoreJob",
		"getSharedClusterBackupRestoreJob",
		"listSharedClusterBackupRestoreJobs",
	}; !slices.Equal(got, want) {
		t.Errorf("operations = %v, want %v", got, want)
	}
	if got := doc.Paths.Len(); got != 3 {
		t.Errorf("%d paths, want 3", got)
	}
	if len(doc.Tags) != 1 || doc.Tags[0].Name != restoreTag {
		t.Errorf("tags = %v, want only %q", doc.Tags, restoreTag)
	}

	var cut map[string]any
	if err := yaml.Unmarshal(out, &cut); err != nil {
		t.Fatal(err)
	}
	// The closure of this tag, worked out by hand from the spec.
	want := map[string][]string{
		"parameters":      {"envelope", "groupId", "pretty"},
		"responses":       {"badRequest", "conflict", "forbidden", "internalServerError", "notFound", "unauthorized"},
		"schemas":         {"ApiError", "BadRequestDetail", "FieldViolation", "Link", "PaginatedTenantRestoreView", "TenantRestore"},
		"securitySchemes": {"DigestAuth", "ServiceAccounts"},
	}
	comps := cut["components"].(map[string]any)
	origComps := orig["components"].(map[string]any)
	for kind, names := range want {
		got := keys(comps[kind])
		if !slices.Equal(got, names) {
			t.Errorf("components.%s = %v, want %v", kind, got, names)
		}
	}
	if got := keys(comps); !slices.Equal(got, keys(want)) {
		t.Errorf("component kinds = %v, want %v", got, keys(want))
	}
	for kind, m := range comps {
		for name, v := range m.(map[string]any) {
			if ov := origComps[kind].(map[string]any)[name]; !reflect.DeepEqual(v, ov) {
				t.Errorf("components.%s.%s differs from the spec's", kind, name)
			}
		}
	}
	for _, k := range []string{"openapi", "info", "servers", "security", "x-externalLinks"} {
		if !reflect.DeepEqual(cut[k], orig[k]) {
			t.Errorf("top-level %s differs from the spec's", k)
		}
	}
	origPaths := orig["paths"].(map[string]any)
	for p, item := range cut["paths"].(map[string]any) {
		for m, op := range item.(map[string]any) {
			if !reflect.DeepEqual(op, origPaths[p].(map[string]any)[m]) {
				t.Errorf("%s %s differs from the spec's", m, p)
			}
		}
	}
}

// TestCutKeepsBytes checks that the output is the spec's own text: every
// line of the cut appears in the spec, in the same order.
func TestCutKeepsBytes(t *testing.T) {
	out := cutRestoreJobs(t)
	data, _ := realSpec(t)
	lines := strings.Split(string(data), "\n")
	i := 0
	for n, l := range strings.Split(string(out), "\n") {
		for i < len(lines) && lines[i] != l {
			i++
		}
		if i == len(lines) {
			t.Fatalf("output line %d is not in the spec in order: %q", n+1, l)
		}
	}
	for _, s := range []string{"x-xgen-version: \"2023-01-01\"", "x-sunset: \"2026-01-15\"", "x-codeSamples:", "x-xgen-sha:"} {
		if !bytes.Contains(out, []byte(s)) {
			t.Errorf("output lost %q", s)
		}
	}
}

func TestCutByOperation(t *testing.T) {
	data, _ := realSpec(t)
	out, err := Cut(data, selection.Selection{IncludeOperations: []string{"getSharedClusterBackupRestoreJob"}})
	if err != nil {
		t.Fatal(err)
	}
	doc := loadOpenAPI(t, out)
	if got := operationIDs(doc); !slices.Equal(got, []string{"getSharedClusterBackupRestoreJob"}) {
		t.Errorf("operations = %v", got)
	}
	// The get operation does not answer 409 and has no request body.
	if _, ok := doc.Components.Responses["conflict"]; ok {
		t.Error("kept components.responses.conflict, which only the create operation uses")
	}
}

func TestCutIsDeterministic(t *testing.T) {
	data, _ := realSpec(t)
	again, err := Cut(data, selection.Selection{IncludeTags: []string{restoreTag}})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, cutRestoreJobs(t)) {
		t.Error("two cuts of the same input differ")
	}
}

// TestFragmentFresh fails when the committed fragment is not what Cut makes
// from the spec today.
func TestFragmentFresh(t *testing.T) {
	have, err := os.ReadFile(fragmentPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(have, cutRestoreJobs(t)) {
		t.Errorf("%s is stale; regenerate it with: go run ./generator -spec openapi/upstream/atlas-api-2025-06-30.yaml -include-tags %q -write-spec openapi/atlas-restore-jobs.yaml", fragmentPath, restoreTag)
	}
}

const small = `openapi: 3.0.1
info:
    title: t
    version: "1"
paths:
    /a:
        get:
            operationId: getA
            tags:
                - A
            responses:
                "200":
                    description: OK
                    content:
                        application/json:
                            schema:
                                $ref: '#/components/schemas/Missing'
                default:
                    $ref: '#/components/responses/Gone'
    /b:
        get:
            operationId: getB
            tags:
                - B
            responses:
                "200":
                    description: OK
                    content:
                        application/json:
                            schema:
                                $ref: '#/components/schemas/Pet'
                            example:
                                $ref: '#/components/schemas/NotARef'
    /c:
        get:
            operationId: getC
            responses:
                "200":
                    description: OK
                    content:
                        application/json:
                            schema:
                                $ref: 'other.yaml#/components/schemas/Pet'
components:
    schemas:
        Cat:
            type: object
        Dog:
            type: object
        Unused:
            type: object
        Pet:
            discriminator:
                propertyName: kind
                mapping:
                    cat: '#/components/schemas/Cat'
                    dog: Dog
            properties:
                example:
                    $ref: '#/components/schemas/Toy'
                kind:
                    type: string
                    default:
                        $ref: '#/components/schemas/NotARefEither'
            x-note:
                $ref: '#/components/schemas/NorThis'
            type: object
        Toy:
            type: object
`

func TestDanglingRef(t *testing.T) {
	_, err := Cut([]byte(small), selection.Selection{IncludeOperations: []string{"getA"}})
	want := `17:33: $ref "#/components/schemas/Missing": no component schemas/Missing
19:21: $ref "#/components/responses/Gone": no component responses/Gone`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want\n%s", err, want)
	}
}

func TestOtherDocumentRef(t *testing.T) {
	_, err := Cut([]byte(small), selection.Selection{IncludeOperations: []string{"getC"}})
	want := `43:33: $ref "other.yaml#/components/schemas/Pet": references to other documents are not supported`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want\n%s", err, want)
	}
}

func TestBadInclude(t *testing.T) {
	_, err := Cut([]byte(small), selection.Selection{
		IncludeTags:       []string{"A", "No Such Tag"},
		IncludeOperations: []string{"getNothing"},
	})
	want := `selection matches nothing for: operation "getNothing" (nearest: "getA", "getB", "getC"), tag "No Such Tag" (nearest: "A")`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
	_, err = Cut([]byte(small), selection.Selection{IncludeTags: []string{"A"}, ExcludeOperations: []string{"getA"}})
	if err == nil || err.Error() != "selection keeps no operation" {
		t.Errorf("error = %v, want %q", err, "selection keeps no operation")
	}
}

// TestRefsInData checks that only OpenAPI references are followed: a "$ref"
// key inside an example, a default or an extension is data, while a property
// named "example" is a schema, and a discriminator mapping names schemas too.
func TestRefsInData(t *testing.T) {
	out, err := Cut([]byte(small), selection.Selection{IncludeTags: []string{"B"}})
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Components struct {
			Schemas yaml.Node
		}
	}
	if err := yaml.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := 0; i < len(doc.Components.Schemas.Content); i += 2 {
		got = append(got, doc.Components.Schemas.Content[i].Value)
	}
	if want := []string{"Cat", "Dog", "Pet", "Toy"}; !slices.Equal(got, want) {
		t.Errorf("schemas = %v, want %v (in the spec's order)", got, want)
	}
	if bytes.Contains(out, []byte("tags:\n    -")) {
		t.Error("kept a top-level tags list although the spec has none")
	}
}

func loadOpenAPI(t *testing.T, data []byte) *openapi3.T {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(data)
	if err != nil {
		t.Fatalf("kin-openapi cannot load the cut: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("kin-openapi finds the cut invalid: %v", err)
	}
	return doc
}

func operationIDs(doc *openapi3.T) []string {
	var ids []string
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			ids = append(ids, op.OperationID)
		}
	}
	sort.Strings(ids)
	return ids
}

func keys(m any) []string {
	var out []string
	switch m := m.(type) {
	case map[string]any:
		for k := range m {
			out = append(out, k)
		}
	case map[string][]string:
		for k := range m {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
