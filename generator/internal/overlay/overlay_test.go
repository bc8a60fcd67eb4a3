package overlay

import (
	"strings"
	"testing"

	"github.com/atlasgen/atlasgen/generator/internal/load"
)

const spec = `openapi: 3.0.1
info:
  title: t
  version: "1.0"
paths:
  /a:
    get:
      operationId: getA
      description: old
      responses:
        "204":
          description: OK
    delete:
      operationId: deleteA
      responses:
        "204":
          description: OK
`

func parse(t *testing.T, name, src string) *File {
	t.Helper()
	f, err := Parse(name, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestApply: updates merge and removes prune, overlay after overlay, action
// after action; the result loads.
func TestApply(t *testing.T) {
	first := parse(t, "first.yaml", `overlay: 1.0.0
info: {title: first, version: 1.0.0}
actions:
  - target: $.paths['/a'].get
    update:
      description: new
      x-note: added
  - target: $.paths['/a'].delete
    remove: true
`)
	second := parse(t, "second.yaml", `{"overlay": "1.0.0", "info": {"title": "second", "version": "1"},
 "actions": [{"target": "$.paths['/a'].get", "update": {"x-note": "again"}}]}`)
	r, err := Apply("spec.yaml", []byte(spec), []*File{first, second}, false)
	if err != nil {
		t.Fatal(err)
	}
	s, err := load.Tree("spec.yaml", r.Root, r.Data)
	if err != nil {
		t.Fatal(err)
	}
	item := s.Doc.Paths.Value("/a")
	if item.Delete != nil {
		t.Error("the DELETE was not removed")
	}
	if got := item.Get.Description; got != "new" {
		t.Errorf("description %q, want new", got)
	}
	if got := item.Get.Extensions["x-note"]; got != "again" {
		t.Errorf("x-note %v, want the second overlay's", got)
	}
	if got, want := strings.Join(r.Notes, "\n"), "overlay first.yaml applied: 2 actions\noverlay second.yaml applied: 1 actions"; got != want {
		t.Errorf("notes:\n%s\nwant\n%s", got, want)
	}
}

// TestUnmatchedAllowed: with allowUnmatched, a target that matches nothing
// is a note naming its place, and the other actions still apply.
func TestUnmatchedAllowed(t *testing.T) {
	f := parse(t, "o.yaml", `overlay: 1.0.0
info: {title: o, version: 1.0.0}
actions:
  - target: $.paths['/b'].get
    update: {description: nowhere}
  - target: $.info
    update: {description: here}
`)
	if _, err := Apply("spec.yaml", []byte(spec), []*File{f}, false); err == nil || !strings.Contains(err.Error(), "o.yaml:4:13: #/actions/0/target: target $.paths['/b'].get matches nothing in spec.yaml") {
		t.Fatalf("not refused at the target: %v", err)
	}
	r, err := Apply("spec.yaml", []byte(spec), []*File{f}, true)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.Notes[0], "o.yaml:4:13: #/actions/0/target: target $.paths['/b'].get matches nothing in spec.yaml; allowed by -allow-unmatched-targets") {
		t.Errorf("no note: %q", r.Notes)
	}
	if data, err := r.Data(); err != nil || !strings.Contains(string(data), "description: here") {
		t.Error("the second action was not applied")
	}
}

// TestRelocate: a finding of the overlaid spec goes where its text was
// written: under a key an update added, in the overlay; a scalar an update
// replaced, in the overlay; anything else at its line in the spec, however
// the overlaid text moved.
func TestRelocate(t *testing.T) {
	f := parse(t, "o.yaml", `overlay: 1.0.0
info: {title: o, version: 1.0.0}
actions:
  - target: $.info
    update:
      description: |
        Several lines
        that push the rest of the overlaid text down.
  - target: $.paths['/a'].get
    update:
      description: replaced
      x-xgen-atlascli:
        watcher:
          get:
            operation-id: nope
`)
	r, err := Apply("spec.yaml", []byte(spec), []*File{f}, false)
	if err != nil {
		t.Fatal(err)
	}
	get := load.Pointer("paths", "/a", "get")
	var fs []load.Finding
	for _, p := range []string{
		load.AppendPointer(get, "x-xgen-atlascli", "watcher", "get", "operation-id"),
		load.AppendPointer(get, "x-xgen-atlascli", "watcher", "expect"), // not written: placed at its nearest written parent
		load.AppendPointer(get, "description"),
		load.AppendPointer(get, "responses", "204"),
		load.Pointer("paths", "/a", "delete", "operationId"),
		"#",
	} {
		fs = append(fs, load.Finding{File: "spec.yaml", Line: 99, Column: 9, Pointer: p, Message: "m"})
	}
	fs = append(fs, load.Finding{File: "spec.yaml", Message: "no pointer"})
	got := r.Relocate(load.NewError(fs)).Error()
	want := strings.Join([]string{
		"o.yaml:11:7: #/paths/~1a/get/description: m",
		"o.yaml:13:9: #/paths/~1a/get/x-xgen-atlascli/watcher/expect: m",
		"o.yaml:15:13: #/paths/~1a/get/x-xgen-atlascli/watcher/get/operation-id: m",
		"spec.yaml: no pointer",
		"spec.yaml:1:1: #: m",
		"spec.yaml:11:9: #/paths/~1a/get/responses/204: m",
		"spec.yaml:14:7: #/paths/~1a/delete/operationId: m",
	}, "\n")
	if got != want {
		t.Errorf("relocated:\n%s\nwant\n%s", got, want)
	}
	var none *Result
	if err := none.Relocate(nil); err != nil {
		t.Error(err)
	}
}
