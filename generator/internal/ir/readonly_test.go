package ir

import (
	"testing"

	"github.com/atlasgen/atlasgen/generator/internal/load"
)

// readOnlySpec marks Spec readOnly as a whole and uses it for three
// properties: the request example sets "wanted" on one region kind, so
// "wanted" is writable on both kinds; "effective" is set by no example and
// keeps the component's readOnly; "own" says readOnly itself.
const readOnlySpec = `openapi: 3.0.1
info: {title: t, version: "1"}
paths:
  /a:
    post:
      operationId: createA
      requestBody:
        content:
          application/vnd.atlas.2024-01-01+json:
            schema: {$ref: '#/components/schemas/Body'}
            example: {regions: [{wanted: {size: M10}, other: 1}]}
      responses:
        "200":
          description: ok
          content:
            application/vnd.atlas.2024-01-01+json:
              schema: {$ref: '#/components/schemas/Body'}
components:
  schemas:
    Spec:
      readOnly: true
      type: object
      properties: {size: {type: string}}
    RegionA:
      type: object
      properties:
        wanted: {$ref: '#/components/schemas/Spec'}
        effective: {$ref: '#/components/schemas/Spec'}
        own: {type: string, readOnly: true}
        other: {type: integer}
    RegionB:
      type: object
      properties:
        wanted: {$ref: '#/components/schemas/Spec'}
        effective: {$ref: '#/components/schemas/Spec'}
    Body:
      type: object
      properties:
        regions:
          type: array
          items:
            oneOf:
              - {$ref: '#/components/schemas/RegionA'}
              - {$ref: '#/components/schemas/RegionB'}
`

func TestReadOnlyRule(t *testing.T) {
	spec, err := load.Data("ro.yaml", []byte(readOnlySpec))
	if err != nil {
		t.Fatal(err)
	}
	api, err := Build(spec, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, ty := range api.Types {
		for _, f := range ty.Fields {
			got[ty.Name+"."+f.JSON] = f.ReadOnly
		}
	}
	for field, want := range map[string]bool{
		"RegionA.wanted": false, "RegionB.wanted": false,
		"RegionA.effective": true, "RegionB.effective": true,
		"RegionA.own": true, "RegionA.other": false,
	} {
		if ro, ok := got[field]; !ok || ro != want {
			t.Errorf("%s: readOnly %v (found %v), want %v", field, ro, ok, want)
		}
	}
	var marked int
	for _, ex := range api.Examples {
		if ex.Request != nil {
			marked++
			if ex.Request.ID != "createA" || ex.Version != "2024-01-01" {
				t.Errorf("request example %s marked for %s %s", ex.Where, ex.Request.ID, ex.Version)
			}
		}
	}
	if marked != 1 {
		t.Errorf("%d request examples, want 1", marked)
	}
}
