package admin

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"log/slog"
)

func listJobs(t *testing.T, c *APIClient) error {
	_, _, err := c.SharedTierRestoreJobsApi.ListSharedClusterBackupRestoreJobs(t.Context(), tGroup, tCluster).Execute()
	return err
}

// TestSunsetFromSpec: the spec sunsets every operation of this package on
// 2026-01-15. Within SunsetWindow of it, or after it, each operation and
// version is reported once, through the hook and a Warn log line; before
// the window nothing is.
func TestSunsetFromSpec(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+tJobPath, ok)
	mux.HandleFunc("GET "+tListPath, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", tMediaType)
		_, _ = w.Write([]byte(`{"results":[],"totalCount":0}`))
	})
	srv := testServer(t, mux.ServeHTTP)
	for _, tc := range []struct {
		now  time.Time
		want int
	}{
		{time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), 0},   // more than 90 days before
		{time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC), 2},  // within 90 days
		{time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC), 2}, // passed
	} {
		var got notices
		var logs bytes.Buffer
		c := newTestClient(t, srv, UseSunsetHook(got.hook), UseLogger(slog.New(slog.NewTextHandler(&logs, nil))))
		newFakeClock(tc.now).install(c)
		for range 3 {
			if _, _, err := getJob(t.Context(), c); err != nil {
				t.Fatal(err)
			}
			if err := listJobs(t, c); err != nil {
				t.Fatal(err)
			}
		}
		n := got.get()
		if len(n) != tc.want {
			t.Fatalf("%s: notices %+v, want %d", tc.now.Format(time.DateOnly), n, tc.want)
		}
		if warns := strings.Count(logs.String(), "level=WARN"); warns != tc.want {
			t.Errorf("%s: %d Warn lines, want %d:\n%s", tc.now.Format(time.DateOnly), warns, tc.want, logs.String())
		}
		for _, s := range n {
			if s.Version != "2023-01-01" || s.FromResponse || !s.Sunset.Equal(time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)) {
				t.Errorf("notice %+v", s)
			}
		}
		if tc.want > 0 && (n[0].OperationID != "getSharedClusterBackupRestoreJob" || n[1].OperationID != "listSharedClusterBackupRestoreJobs") {
			t.Errorf("notices for %s and %s", n[0].OperationID, n[1].OperationID)
		}
	}
}

// TestSunsetFromResponse: Sunset and Deprecation headers raise a notice
// even when the spec's date is far off, once, also under concurrency.
func TestSunsetFromResponse(t *testing.T) {
	srv := testServer(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Sunset", "Wed, 11 Nov 2026 23:59:59 GMT")
		w.Header().Set("Deprecation", "@1688169599")
		writeJob(w)
	})
	var got notices
	c := newTestClient(t, srv, UseSunsetHook(got.hook))
	newFakeClock(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)).install(c)
	concurrently(t, 50, func(int) error {
		_, _, err := getJob(t.Context(), c)
		return err
	})
	n := got.get()
	if len(n) != 1 {
		t.Fatalf("%d notices, want 1: %+v", len(n), n)
	}
	want := SunsetNotice{OperationID: "getSharedClusterBackupRestoreJob", Version: "2023-01-01",
		Sunset: time.Date(2026, 11, 11, 23, 59, 59, 0, time.UTC), Deprecation: "@1688169599", FromResponse: true}
	if n[0] != want {
		t.Errorf("notice %+v, want %+v", n[0], want)
	}
}

// TestSunsetOffByDefault: without a hook or a logger nothing is tracked.
func TestSunsetOffByDefault(t *testing.T) {
	srv := testServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Sunset", "Wed, 11 Nov 2026 23:59:59 GMT")
		writeJob(w)
	})
	c := newTestClient(t, srv)
	if _, _, err := getJob(t.Context(), c); err != nil {
		t.Fatal(err)
	}
	tracked := 0
	c.cfg.state.noticed.Range(func(any, any) bool { tracked++; return true })
	if tracked != 0 {
		t.Errorf("%d versions tracked without a hook or logger", tracked)
	}
	if _, err := NewClient(UseSunsetHook(nil)); err == nil {
		t.Error("nil hook accepted")
	}
}
