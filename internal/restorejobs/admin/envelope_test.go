package admin

import (
	"io"
	"net/http"
	"testing"
)

// With envelope=true Atlas answers 200 and puts the status and the payload
// in the body; the client unwraps it, and an error status in the envelope
// is the call's error.
func TestEnvelope(t *testing.T) {
	var body string
	srv := testServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("envelope") != "true" {
			http.Error(w, "want envelope=true", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", tMediaType)
		_, _ = io.WriteString(w, body)
	})
	c := newTestClient(t, srv)
	call := func() (*TenantRestore, error) {
		job, _, err := c.SharedTierRestoreJobsApi.GetSharedClusterBackupRestoreJob(t.Context(), tGroup, tCluster, tRestore).Envelope(true).Execute()
		return job, err
	}

	body = `{"status":200,"content":` + tJobBody + `}`
	job, err := call()
	if err != nil || job.GetID() != tRestore {
		t.Fatalf("job %+v, err %v", job, err)
	}

	body = `{"status":404,"content":{"error":404,"errorCode":"RESTORE_NOT_FOUND","reason":"Not Found","detail":"No restore job."}}`
	if _, err := call(); !IsErrorCode(err, "RESTORE_NOT_FOUND") {
		t.Fatalf("an error in the envelope: %v", err)
	} else if re, _ := err.(*ResponseError); re == nil || re.StatusCode != 404 {
		t.Fatalf("status of %v", err)
	}

	body = `{"status":200,"content":{"id":`
	if _, err := call(); err == nil {
		t.Fatal("a truncated envelope decoded")
	}
}
