package ir

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/atlasgen/atlasgen/generator/internal/load"
	"github.com/atlasgen/atlasgen/generator/internal/selection"
)

// buildEditedWatchers builds the watchers fixture after edit has changed
// its text (spec.yaml, as the findings name it).
func buildEditedWatchers(t *testing.T, edit func(string) string) *API {
	t.Helper()
	data, err := os.ReadFile("../../../internal/testdata/watchers/spec.yaml")
	if err != nil {
		t.Fatal(err)
	}
	spec, err := load.Data("spec.yaml", []byte(edit(string(data))))
	if err != nil {
		t.Fatal(err)
	}
	api, err := Build(spec, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return api
}

func buildWatchers(t *testing.T, sel selection.Selection) *API {
	t.Helper()
	spec, err := load.File("../../../internal/testdata/watchers/spec.yaml")
	if err != nil {
		t.Fatal(err)
	}
	api, err := Build(spec, Options{Selection: sel})
	if err != nil {
		t.Fatal(err)
	}
	return api
}

// describe prints a watcher the way the tests compare it.
func describe(w *Watcher) string {
	if w == nil {
		return "none"
	}
	var params []string
	for _, p := range w.Params {
		src := ""
		switch p.From {
		case FromInput:
			src = p.Input.Field
		case FromBody:
			src = p.Path + "=" + strings.Join(p.Fields, ".")
		case FromConst:
			src = p.Value
		}
		params = append(params, fmt.Sprintf("%s<-%s:%s", p.Param.Field, p.From, src))
	}
	e := w.Expect
	return fmt.Sprintf("%s %s %s[%s] code %d match %s=%s %v", w.Get.GoName, w.Version.Name, w.Version.Response.Named.Name,
		strings.Join(params, " "), e.HTTPCode, e.MatchPath, strings.Join(e.MatchFields, "."), e.MatchValues)
}

func TestWatchers(t *testing.T) {
	api := buildWatchers(t, selection.Selection{})
	for id, want := range map[string]string{
		// Named by the override, as the Atlas CLI names it; the version given.
		"createGroupCluster": "GetCluster 2024-08-05 Cluster[GroupID<-input:GroupID ClusterName<-body:$.name=name] code 200 match $.stateName=stateName [IDLE]",
		// Named by the operationId; no version: the GET's default. Params in
		// the GET's order.
		"deleteGroupCluster": "GetCluster 2024-08-05 Cluster[GroupID<-input:GroupID ClusterName<-input:ClusterName Pretty<-const:true] code 404 match = []",
		"getGroupCluster":    "none",
	} {
		if got := describe(op(t, api, id).Watcher); got != want {
			t.Errorf("%s:\n got %s\nwant %s", id, got, want)
		}
	}
}

// A watcher whose GET the selection leaves out is dropped and reported,
// not refused: the definition is sound.
func TestWatcherOfUnselectedGet(t *testing.T) {
	api := buildWatchers(t, selection.Selection{IncludeOperations: []string{"deleteGroupCluster"}})
	if w := op(t, api, "deleteGroupCluster").Watcher; w != nil {
		t.Errorf("watcher kept: %s", describe(w))
	}
	if got := strings.Join(api.Report.Notes, "\n"); !strings.Contains(got, "the watcher of deleteGroupCluster is left out: it polls getGroupCluster, which the selection leaves out") {
		t.Errorf("notes do not say why the watcher went:\n%s", got)
	}
}

// TestWatcherExtensionIsShared: x-xgen-atlascli is the Atlas CLI's; what
// else it holds (aliases, overrides) is left alone, and one that is no
// object holds no watcher.
func TestWatcherExtensionIsShared(t *testing.T) {
	api := buildEditedWatchers(t, func(src string) string {
		src = strings.Replace(src, "      x-xgen-atlascli:\n        watcher:", "      x-xgen-atlascli:\n        aliases: [projectId]\n        watcher:", 1)
		src = strings.Replace(src, "      x-xgen-atlascli:\n        watcher:\n          get:\n            operation-id: getGroupCluster", "      x-xgen-atlascli: skip\n      x-unused:\n        watcher:\n          get:\n            operation-id: getGroupCluster", 1)
		if strings.Count(src, "aliases: [projectId]") != 1 || strings.Count(src, "x-xgen-atlascli: skip") != 1 {
			t.Fatal("the fixture changed: the edits no longer apply")
		}
		return src
	})
	if op(t, api, "createGroupCluster").Watcher == nil {
		t.Error("aliases beside the watcher lost it")
	}
	if w := op(t, api, "deleteGroupCluster").Watcher; w != nil {
		t.Errorf("a string extension has a watcher: %s", describe(w))
	}
}

// TestWatcherValueNotInEnum: a match value the field's enum does not list
// is reported (a typo, or an enum behind the server), not refused.
func TestWatcherValueNotInEnum(t *testing.T) {
	api := buildEditedWatchers(t, func(src string) string {
		return strings.Replace(src, "values: [IDLE]", "values: [IDLE, IDEL]", 1)
	})
	want := "spec.yaml: the watcher of createGroupCluster waits for $.stateName IDEL, which the GET's enum does not list (CREATING, IDLE, DELETING)"
	if got := strings.Join(api.Report.Notes, "\n"); got != want {
		t.Errorf("notes:\n%s\nwant\n%s", got, want)
	}
	if got := op(t, api, "createGroupCluster").Watcher.Expect.MatchValues; !slices.Equal(got, []string{"IDLE", "IDEL"}) {
		t.Errorf("values %v", got)
	}
}
