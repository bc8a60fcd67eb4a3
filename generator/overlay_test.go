package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/atlasgen/atlasgen/generator/internal/ir"
)

// atlasCLIShape is our overlay in the shape of the Atlas CLI's published
// ones (see the file's comment).
const atlasCLIShape = "../internal/testdata/overlays/atlascli-shape.yaml"

// watchers lists every operation's watcher as "op: GET version params ->
// expectation", sorted.
func watchers(api *ir.API) []string {
	var out []string
	for _, o := range api.Operations {
		w := o.Watcher
		if w == nil {
			continue
		}
		var params []string
		for _, p := range w.Params {
			src := p.Value
			switch p.From {
			case ir.FromInput:
				src = p.Input.Name
			case ir.FromBody:
				src = p.Path
			}
			params = append(params, p.Param.Name+"="+string(p.From)+":"+src)
		}
		expect := fmt.Sprint(w.Expect.HTTPCode)
		if w.Expect.MatchPath != "" {
			expect += " " + w.Expect.MatchPath + " in " + strings.Join(w.Expect.MatchValues, ",")
		}
		out = append(out, fmt.Sprintf("%s: %s %s %s -> %s", o.ID, w.Get.ID, w.Version.Name, strings.Join(params, " "), expect))
	}
	slices.Sort(out)
	return out
}

// TestShippedWatchers: the default overlay gives the long-running operations
// of the 2026-03-03 spec their watchers, checked against the spec; the Atlas
// CLI's shape of overlay adds its own on top, naming GETs by their
// overrides; -default-overlay=false leaves the spec as it is.
func TestShippedWatchers(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the IR of the whole spec three times")
	}
	build := func(o options) []string {
		t.Helper()
		o.spec, o.out, o.pkg = realSpecs[1], t.TempDir(), "admin"
		_, api, err := generate(o)
		if err != nil {
			t.Fatal(err)
		}
		return watchers(api)
	}
	shipped := build(options{})
	// What users wait on (issue 18's list): cluster create, update (pause
	// and resume are updates), delete; flex, search deployment, serverless,
	// private endpoint service, restore job, online archive, stream
	// workspace, project. Parameters in the GET's order, the spec's.
	want := []string{
		"createGroupCluster: getGroupCluster 2024-08-05 groupId=input:groupId clusterName=body:$.name -> 200 $.stateName in IDLE",
		"updateGroupCluster: getGroupCluster 2024-08-05 groupId=input:groupId clusterName=input:clusterName -> 200 $.stateName in IDLE",
		"deleteGroupCluster: getGroupCluster 2024-08-05 groupId=input:groupId clusterName=input:clusterName -> 404",
		"createGroupFlexCluster: getGroupFlexCluster 2024-11-13 groupId=input:groupId name=body:$.name -> 200 $.stateName in IDLE",
		"updateGroupFlexCluster: getGroupFlexCluster 2024-11-13 groupId=input:groupId name=input:name -> 200 $.stateName in IDLE",
		"deleteGroupFlexCluster: getGroupFlexCluster 2024-11-13 groupId=input:groupId name=input:name -> 404",
		"createGroupFlexClusterBackupRestoreJob: getGroupFlexClusterBackupRestoreJob 2024-11-13 groupId=input:groupId name=input:name restoreJobId=body:$.id -> 200 $.status in COMPLETED,FAILED",
		"createGroupClusterSearchDeployment: getGroupClusterSearchDeployment 2025-03-12 groupId=input:groupId clusterName=input:clusterName -> 200 $.stateName in IDLE",
		"updateGroupClusterSearchDeployment: getGroupClusterSearchDeployment 2025-03-12 groupId=input:groupId clusterName=input:clusterName -> 200 $.stateName in IDLE",
		"deleteGroupClusterSearchDeployment: getGroupClusterSearchDeployment 2025-03-12 groupId=input:groupId clusterName=input:clusterName -> 404",
		"createGroupServerlessInstance: getGroupServerlessInstance 2023-01-01 groupId=input:groupId name=body:$.name -> 200 $.stateName in IDLE",
		"updateGroupServerlessInstance: getGroupServerlessInstance 2023-01-01 groupId=input:groupId name=input:name -> 200 $.stateName in IDLE",
		"deleteGroupServerlessInstance: getGroupServerlessInstance 2023-01-01 groupId=input:groupId name=input:name -> 404",
		"createGroupPrivateEndpointEndpointService: getGroupPrivateEndpointEndpointService 2023-01-01 groupId=input:groupId cloudProvider=body:$.cloudProvider endpointServiceId=body:$.id -> 200 $.status in AVAILABLE,WAITING_FOR_USER,FAILED",
		"deleteGroupPrivateEndpointEndpointService: getGroupPrivateEndpointEndpointService 2023-01-01 groupId=input:groupId cloudProvider=input:cloudProvider endpointServiceId=input:endpointServiceId -> 404",
		"createGroupClusterOnlineArchive: getGroupClusterOnlineArchive 2023-01-01 groupId=input:groupId archiveId=body:$._id clusterName=input:clusterName -> 200 $.state in ACTIVE,PAUSED,ORPHANED,DELETED",
		"updateGroupClusterOnlineArchive: getGroupClusterOnlineArchive 2023-01-01 groupId=input:groupId archiveId=input:archiveId clusterName=input:clusterName -> 200 $.state in ACTIVE,PAUSED,ORPHANED,DELETED",
		"deleteGroupClusterOnlineArchive: getGroupClusterOnlineArchive 2023-01-01 groupId=input:groupId archiveId=input:archiveId clusterName=input:clusterName -> 404",
		"createGroupStreamWorkspace: getGroupStreamWorkspace 2023-02-01 groupId=input:groupId tenantName=body:$.name -> 200",
		"deleteGroupStreamWorkspace: getGroupStreamWorkspace 2023-02-01 groupId=input:groupId tenantName=input:tenantName -> 404",
		"deleteGroup: getGroup 2023-01-01 groupId=input:groupId -> 404",
	}
	slices.Sort(want)
	if !slices.Equal(shipped, want) {
		t.Errorf("shipped watchers differ (-want +got):\n%s", diff(strings.Join(want, "\n"), strings.Join(shipped, "\n")))
	}
	if got := build(options{noDefaultOverlay: true}); len(got) != 0 {
		t.Errorf("-default-overlay=false still has watchers:\n%s", strings.Join(got, "\n"))
	}
	// The Atlas CLI's shape names GETs by override (getOutageSimulation is
	// getGroupClusterOutageSimulation); the IR holds the operation.
	want = append(want,
		"createGroupClusterBackupExport: getGroupClusterBackupExport 2023-01-01 groupId=input:groupId clusterName=input:clusterName exportId=body:$.id -> 200 $.state in Successful,Failed,Cancelled",
		"endGroupClusterOutageSimulation: getGroupClusterOutageSimulation 2023-01-01 groupId=input:groupId clusterName=input:clusterName -> 404",
		"startGroupClusterOutageSimulation: getGroupClusterOutageSimulation 2023-01-01 groupId=input:groupId clusterName=input:clusterName -> 200 $.state in SIMULATING",
		"takeGroupClusterBackupSnapshots: getGroupClusterBackupSnapshot 2023-01-01 groupId=input:groupId clusterName=input:clusterName snapshotId=body:$.id -> 200 $.status in completed,failed",
	)
	slices.Sort(want)
	if got := build(options{overlayFiles: []string{atlasCLIShape}}); !slices.Equal(got, want) {
		t.Errorf("with the Atlas CLI's shape (-want +got):\n%s", diff(strings.Join(want, "\n"), strings.Join(got, "\n")))
	}
}

// TestOverlayRun: -overlay changes what is generated, the report and the
// summary name it, doc.go's line carries it (so -check without it finds
// the package stale, and with it current), and -write-spec writes the
// overlaid spec.
func TestOverlayRun(t *testing.T) {
	dir := t.TempDir()
	ov := filepath.Join(dir, "describe.yaml")
	if err := os.WriteFile(ov, []byte(`overlay: 1.0.0
info: {title: describe, version: 1.0.0}
actions:
  - target: $.paths['/api/atlas/v2/groups/{groupId}/clusters/{clusterName}/backup/tenant/restores/{restoreId}'].get
    update:
      summary: Said by the overlay.
`), 0o644); err != nil {
		t.Fatal(err)
	}
	out, report := filepath.Join(dir, "admin"), filepath.Join(dir, "report.md")
	var stdout bytes.Buffer
	if err := run([]string{"-spec", fragment, "-overlay", ov, "-out", out, "-report", report}, &stdout, new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	api, err := os.ReadFile(filepath.Join(out, "api_shared_tier_restore_jobs.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(api), "Said by the overlay.") {
		t.Error("the overlay's description is not in the generated code")
	}
	rep, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	for what, text := range map[string]string{"summary": stdout.String(), "report": string(rep)} {
		if !strings.Contains(text, "overlay "+ov+" applied: 1 actions") {
			t.Errorf("the %s does not name the overlay:\n%s", what, text)
		}
	}
	doc, err := os.ReadFile(filepath.Join(out, "doc.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), " -overlay ../describe.yaml -out . ") {
		t.Errorf("doc.go's line does not carry the overlay:\n%s", doc)
	}
	if err := run([]string{"-spec", fragment, "-out", out, "-check"}, new(bytes.Buffer), new(bytes.Buffer)); err == nil {
		t.Error("-check without the overlay finds the package current")
	}
	if err := run([]string{"-spec", fragment, "-overlay", ov, "-out", out, "-check"}, new(bytes.Buffer), new(bytes.Buffer)); err != nil {
		t.Errorf("-check with the overlay: %v", err)
	}
	cut := filepath.Join(dir, "cut.yaml")
	if err := run([]string{"-spec", fragment, "-overlay", ov, "-write-spec", cut, "-q"}, new(bytes.Buffer), new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(cut); err != nil || !strings.Contains(string(b), "summary: Said by the overlay.") {
		t.Errorf("-write-spec did not write the overlaid spec (%v)", err)
	}
}
