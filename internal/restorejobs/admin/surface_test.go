package admin

import (
	"net/http"
	"reflect"
	"testing"
)

// TestOneVersionNoDatedMethod: an operation with one API version has no
// method named by its date (it would only repeat the unsuffixed one), yet
// that version stays callable by name: the typed request's Version, Raw,
// and the versions table all reach it, and each sends its media type.
func TestOneVersionNoDatedMethod(t *testing.T) {
	api := reflect.TypeFor[SharedTierRestoreJobsApi]()
	for _, m := range []string{"GetSharedClusterBackupRestoreJobV20230101", "GetSharedClusterBackupRestoreJobV20230101WithParams"} {
		if _, ok := api.MethodByName(m); ok {
			t.Errorf("SharedTierRestoreJobsApi has %s, a twin of GetSharedClusterBackupRestoreJob", m)
		}
	}
	for _, m := range []string{"GetSharedClusterBackupRestoreJob", "GetSharedClusterBackupRestoreJobWithParams", "GetSharedClusterBackupRestoreJobExecute"} {
		if _, ok := api.MethodByName(m); !ok {
			t.Errorf("SharedTierRestoreJobsApi has no %s", m)
		}
	}

	info, ok := LookupOperation("getSharedClusterBackupRestoreJob")
	if !ok || len(info.Versions) != 1 || info.Versions[0].Version != "2023-01-01" || !info.Versions[0].Default {
		t.Fatalf("LookupOperation: %v %+v", ok, info)
	}

	var accepts []string
	srv := testServer(t, func(w http.ResponseWriter, r *http.Request) {
		accepts = append(accepts, r.Header.Get("Accept"))
		writeJob(w)
	})
	c := newTestClient(t, srv)
	ctx := t.Context()
	if _, _, err := c.SharedTierRestoreJobsApi.GetSharedClusterBackupRestoreJob(ctx, tGroup, tCluster, tRestore).Version("2023-01-01").Execute(); err != nil {
		t.Fatalf("Version(\"2023-01-01\"): %v", err)
	}
	if _, _, err := c.SharedTierRestoreJobsApi.GetSharedClusterBackupRestoreJobWithParams(ctx, &GetSharedClusterBackupRestoreJobApiParams{GroupID: tGroup, ClusterName: tCluster, RestoreID: tRestore}).Version("2023-01-01").Execute(); err != nil {
		t.Fatalf("WithParams and Version(\"2023-01-01\"): %v", err)
	}
	raw := RawRequest{OperationID: "getSharedClusterBackupRestoreJob", Version: "2023-01-01", Params: map[string][]string{"groupId": {tGroup}, "clusterName": {tCluster}, "restoreId": {tRestore}}}
	if _, _, err := c.Raw(ctx, raw); err != nil {
		t.Fatalf("Raw at 2023-01-01: %v", err)
	}
	if len(accepts) != 3 {
		t.Fatalf("%d requests, want 3", len(accepts))
	}
	for i, a := range accepts {
		if a != tMediaType {
			t.Errorf("request %d: Accept %q, want %q", i, a, tMediaType)
		}
	}
}
