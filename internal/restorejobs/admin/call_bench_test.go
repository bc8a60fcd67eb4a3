package admin_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/atlasgen/atlasgen/internal/restorejobs/admin"
)

// docsBody is the docs page's 200 example for the restore-job GET.
const docsBody = `{
"clusterName": "string",
"deliveryType": "RESTORE",
"expirationDate": "2025-05-04T09:42:00Z",
"id": "32b6e34b3d91647abb20e7b8",
"links": [
{
"href": "https://cloud.mongodb.com/api/atlas",
"rel": "self"
}
],
"projectId": "32b6e34b3d91647abb20e7b8",
"restoreFinishedDate": "2025-05-04T09:42:00Z",
"restoreScheduledDate": "2025-05-04T09:42:00Z",
"snapshotFinishedDate": "2025-05-04T09:42:00Z",
"snapshotId": "32b6e34b3d91647abb20e7b8",
"snapshotUrl": "string",
"status": "PENDING",
"targetDeploymentItemName": "string",
"targetProjectId": "32b6e34b3d91647abb20e7b8"
}`

const (
	groupID   = "32b6e34b3d91647abb20e7b8"
	cluster   = "Cluster0"
	restoreID = "5a0a1e7e0f2912c554080adc"
	mediaType = "application/vnd.atlas.2023-01-01+json"
)

// stubTransport answers every request with the same prepared response, so a
// benchmark measures the client, not a server or a recorder.
type stubTransport struct{ body []byte }

func (s *stubTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return &http.Response{
		StatusCode:    http.StatusOK,
		Header:        http.Header{"Content-Type": {mediaType}},
		ContentLength: int64(len(s.body)),
		Body:          io.NopCloser(bytes.NewReader(s.body)),
		Request:       req,
	}, nil
}

// BenchmarkFloorCall is the same call written by hand with net/http and
// encoding/json, decoding into the same model type: the floor the generated
// call is measured against, so the difference is the client's own cost.
func BenchmarkFloorCall(b *testing.B) {
	client := &http.Client{Transport: &stubTransport{body: []byte(docsBody)}}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		url := "https://cloud.mongodb.com/api/atlas/v2/groups/" + groupID + "/clusters/" + cluster + "/backup/tenant/restores/" + restoreID
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			b.Fatal(err)
		}
		req.Header.Set("Accept", mediaType)
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		var out admin.TenantRestore
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
		if out.GetID() != "32b6e34b3d91647abb20e7b8" {
			b.Fatal("bad decode")
		}
	}
}

// BenchmarkGeneratedCall is one GetSharedClusterBackupRestoreJob call
// through the generated client, on the same stub.
func BenchmarkGeneratedCall(b *testing.B) {
	client, err := admin.NewClient(admin.UseHTTPClient(&http.Client{Transport: &stubTransport{body: []byte(docsBody)}}))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		out, _, err := client.SharedTierRestoreJobsApi.GetSharedClusterBackupRestoreJob(ctx, groupID, cluster, restoreID).Execute()
		if err != nil {
			b.Fatal(err)
		}
		if out.GetID() != "32b6e34b3d91647abb20e7b8" {
			b.Fatal("bad decode")
		}
	}
}
