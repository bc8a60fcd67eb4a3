package admin

import (
	"encoding/json"
	"testing"
)

// fetchedJob is a restore job as a GET returns it: most of its properties
// are readOnly.
const fetchedJob = `{"clusterName":"Cluster0","deliveryType":"RESTORE","expirationDate":"2025-05-04T09:42:00Z",
"id":"32b6e34b3d91647abb20e7b8","links":[{"href":"https://cloud.mongodb.com/api/atlas","rel":"self"}],
"projectId":"32b6e34b3d91647abb20e7b8","restoreFinishedDate":"2025-05-04T09:42:00Z",
"restoreScheduledDate":"2025-05-04T09:42:00Z","snapshotFinishedDate":"2025-05-04T09:42:00Z",
"snapshotId":"32b6e34b3d91647abb20e7b8","snapshotUrl":"string","status":"PENDING",
"targetDeploymentItemName":"string","targetProjectId":"32b6e34b3d91647abb20e7b8"}`

// TestFetchedJobSentBack: a fetched restore job, sent as a request body,
// carries only the properties the spec lets a request set, and the
// caller's value keeps the rest.
func TestFetchedJobSentBack(t *testing.T) {
	var job TenantRestore
	if err := json.Unmarshal([]byte(fetchedJob), &job); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(requestBody(&job))
	if err != nil {
		t.Fatal(err)
	}
	var sent map[string]any
	if err := json.Unmarshal(out, &sent); err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"snapshotId": true, "targetDeploymentItemName": true, "targetProjectId": true}
	for k := range sent {
		if !want[k] {
			t.Errorf("request body carries %q: %s", k, out)
		}
	}
	if len(sent) != len(want) {
		t.Errorf("request body %s, want the keys %v", out, want)
	}
	if job.ID == nil || len(job.Links) != 1 {
		t.Errorf("sending changed the caller's value: %+v", job)
	}
}

// BenchmarkRequestBody is the cost of dropping readOnly properties from a
// request body: json.Marshal of the fetched job whole is the floor, beside
// the client's encoding of the same value and of a value with nothing to
// drop.
func BenchmarkRequestBody(b *testing.B) {
	var job TenantRestore
	if err := json.Unmarshal([]byte(fetchedJob), &job); err != nil {
		b.Fatal(err)
	}
	fresh := TenantRestore{SnapshotID: *job.ProjectID, TargetDeploymentItemName: "c", TargetProjectID: job.ProjectID}
	for _, c := range []struct {
		name string
		v    func() any
	}{
		{"marshal-whole", func() any { return &job }},
		{"requestBody", func() any { return requestBody(&job) }},
		{"requestBody-nothing-to-drop", func() any { return requestBody(&fresh) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := json.Marshal(c.v()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
