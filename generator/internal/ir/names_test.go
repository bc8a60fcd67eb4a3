package ir

import (
	"slices"
	"strings"
	"testing"

	"github.com/atlasgen/atlasgen/generator/internal/load"
	"github.com/atlasgen/atlasgen/generator/internal/selection"
)

const namesSpec = "../../../internal/testdata/names/spec.yaml"

func buildNames(t *testing.T, opts Options) *API {
	t.Helper()
	return buildFrom(t, namesSpec, opts)
}

// names lists each operation as operationId=Name:GoName(positional...).
func names(api *API) string {
	var out []string
	for _, o := range api.Operations {
		out = append(out, o.ID+"="+o.Name+":"+o.GoName+"("+strings.Join(positionalNames(o), ",")+")")
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}

// TestAtlasNames: a new package takes Atlas's names; an override that is
// another operation's operationId, or an earlier operation's override, is
// not used and the report says so; a Go name two operations want is
// suffixed as every collision is; a method named like a schema is not.
func TestAtlasNames(t *testing.T) {
	api := buildNames(t, Options{})
	want := "acknowledgeGroupAlert=acknowledgeAlert:AcknowledgeAlert() " +
		"getGroupGadget=getGroupGadget:GetGroupGadget() " +
		"getGroupLimit=getGroupLimit:GetGroupLimit(limitName,groupId) " +
		"getGroupWidget=getWidget:GetWidget(widgetName,groupId) " +
		"get_widget=get_widget:GetWidget2() " +
		"listGroupThings=listGroupThings:ListGroupThings()"
	if got := names(api); got != want {
		t.Errorf("names:\n got %s\nwant %s", got, want)
	}
	for _, r := range []string{
		`getWidget -> getGroupGadget (x-xgen-operation-id-override at #/paths/~1api~1atlas~1v2~1b/get/x-xgen-operation-id-override: "getWidget" already names getGroupWidget)`,
		`getGroupWidget -> listGroupThings (x-xgen-operation-id-override at #/paths/~1api~1atlas~1v2~1c/get/x-xgen-operation-id-override: "getGroupWidget" is the operationId of another operation, which keeps it)`,
		"GetWidget -> GetWidget2 (method of get_widget)",
	} {
		if !slices.Contains(api.Report.Renamed, r) {
			t.Errorf("the report does not say %q; it says %q", r, api.Report.Renamed)
		}
	}
	if api.Lock.Naming != NamingAtlas || api.Naming != NamingAtlas {
		t.Errorf("naming %q, lock %q", api.Naming, api.Lock.Naming)
	}
	// The schema keeps its name, and the method's types are the method's.
	ack := op(t, api, "acknowledgeGroupAlert").Variants[0]
	if ack.Request != "AcknowledgeAlertApiRequest" || ack.Body.Name != "AcknowledgeAlert" {
		t.Errorf("acknowledgeAlert: request %s, body %s", ack.Request, ack.Body.Name)
	}
	// The collision is in the lock, both sides, in both scopes it spans.
	for scope, want := range map[string]map[string]string{
		"methods of tag Widgets": {"method of get_widget": "GetWidget2", "method of getGroupWidget": "GetWidget"},
		"package":                {"method of get_widget": "GetWidget2", "method of getGroupWidget": "GetWidget"},
	} {
		for why, name := range want {
			if got := api.Lock.Names[scope][why]; got != name {
				t.Errorf("lock %s: %s = %q, want %q", scope, why, got, name)
			}
		}
	}
}

// TestLockKeepsOperationIDNames: a package generated before atlasgen read
// Atlas's names (a lock without a names line) keeps its Go names and the
// path's parameter order; -adopt-atlas-names moves both, and NameMoves
// lists each move.
func TestLockKeepsOperationIDNames(t *testing.T) {
	old := &Lock{Defaults: map[string]string{}}
	legacy := buildNames(t, Options{Lock: old})
	want := "acknowledgeGroupAlert=acknowledgeAlert:AcknowledgeGroupAlert() " +
		"getGroupGadget=getGroupGadget:GetGroupGadget() " +
		"getGroupLimit=getGroupLimit:GetGroupLimit(groupId,limitName) " +
		"getGroupWidget=getWidget:GetGroupWidget(groupId,widgetName) " +
		"get_widget=get_widget:GetWidget() " +
		"listGroupThings=listGroupThings:ListGroupThings()"
	if got := names(legacy); got != want {
		t.Errorf("kept names:\n got %s\nwant %s", got, want)
	}
	if legacy.Lock.Naming != NamingOperationID || !slices.ContainsFunc(legacy.Report.Notes, func(n string) bool { return strings.Contains(n, "-adopt-atlas-names") }) {
		t.Errorf("lock naming %q; notes %q", legacy.Lock.Naming, legacy.Report.Notes)
	}
	back, err := ParseLock("atlasgen.lock", legacy.Lock.Format())
	if err != nil || back.Naming != NamingOperationID {
		t.Fatalf("the names line does not round-trip: %v %q\n%s", err, back.Naming, legacy.Lock.Format())
	}
	// The lock it wrote keeps the same names on the next run.
	if again := buildNames(t, Options{Lock: back}); names(again) != want {
		t.Errorf("second run:\n got %s\nwant %s", names(again), want)
	}
	adopted := buildNames(t, Options{Lock: back, AdoptAtlasNames: true})
	if got, fresh := names(adopted), names(buildNames(t, Options{})); got != fresh {
		t.Errorf("adopted names differ from a new package's:\n got %s\nwant %s", got, fresh)
	}
	var moves []string
	for _, m := range NameMoves(legacy, adopted) {
		moves = append(moves, m.String())
	}
	wantMoves := []string{
		"acknowledgeGroupAlert: AcknowledgeGroupAlert -> AcknowledgeAlert",
		"getGroupLimit: GetGroupLimit keeps its name; positional parameters (groupId, limitName) -> (limitName, groupId)",
		"getGroupWidget: GetGroupWidget -> GetWidget; positional parameters (groupId, widgetName) -> (widgetName, groupId)",
		"get_widget: GetWidget -> GetWidget2",
	}
	if !slices.Equal(moves, wantMoves) {
		t.Errorf("moves:\n got %q\nwant %q", moves, wantMoves)
	}
	// An adopted lock says so, and keeps Atlas's names from then on.
	if adopted.Lock.Naming != NamingAtlas {
		t.Errorf("adopted lock naming %q", adopted.Lock.Naming)
	}
}

// TestBadLockNamesLine: a names line with another value is refused by line.
func TestBadLockNamesLine(t *testing.T) {
	_, err := ParseLock("x.lock", []byte("names sdk\n"))
	if err == nil || !strings.Contains(err.Error(), "x.lock:1: not a lock line") {
		t.Fatalf("%v", err)
	}
}

// TestSelectByAtlasName: -include-operations takes Atlas's name as well as
// the operationId, and neither is "unmatched".
func TestSelectByAtlasName(t *testing.T) {
	api := buildNames(t, Options{Selection: selection.Selection{IncludeOperations: []string{"getWidget", "acknowledgeGroupAlert"}}})
	if got, want := names(api), "acknowledgeGroupAlert=acknowledgeAlert:AcknowledgeAlert() getGroupWidget=getWidget:GetWidget(widgetName,groupId)"; got != want {
		t.Errorf("selected:\n got %s\nwant %s", got, want)
	}
}

// TestBadOverrideOfUnselectedOperation: an override is checked only on the
// operations the run generates; the others cannot stop it.
func TestBadOverrideOfUnselectedOperation(t *testing.T) {
	spec, err := load.File("../../../internal/testdata/negative/bad-override/spec.yaml")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Build(spec, Options{Selection: selection.Selection{IncludeOperations: []string{"getGroupB"}}})
	if err == nil || strings.Count(err.Error(), "x-xgen-operation-id-override") != 2 || !strings.Contains(err.Error(), "getGroupB is not a string") || strings.Contains(err.Error(), "getGroupA") {
		t.Fatalf("%v", err)
	}
}
