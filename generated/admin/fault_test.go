package admin

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// hangup closes the connection without answering.
func hangup(w http.ResponseWriter, _ *http.Request) {
	if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
		_ = conn.Close()
	}
}

// midBody sends the headers and half of the body, then closes the
// connection.
func midBody(w http.ResponseWriter, _ *http.Request) {
	conn, buf, err := w.(http.Hijacker).Hijack()
	if err != nil {
		return
	}
	writeRaw(buf, tMediaType, len(tJobBody), tJobBody[:len(tJobBody)/2])
	_ = conn.Close()
}

func writeRaw(buf *bufio.ReadWriter, contentType string, length int, body string) {
	fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s", contentType, length, body)
	_ = buf.Flush()
}

// TestConnectionDropped: a connection closed before the response, or in
// the middle of its body, is retried for GET; when it always happens the
// call ends in a *DecodeError for io.ErrUnexpectedEOF.
func TestConnectionDropped(t *testing.T) {
	for name, fault := range map[string]step{"before the response": hangup, "mid-body": midBody} {
		t.Run(name, func(t *testing.T) {
			_, c, _, _ := script(t, fault, ok)
			job, _, err := getJob(t.Context(), c)
			if err != nil || job.GetID() != tRestore || job.GetStatus() != "COMPLETED" {
				t.Fatalf("job %+v, err %v", job, err)
			}
		})
	}
	s, c, _, _ := script(t, midBody)
	job, _, err := getJob(t.Context(), c)
	var de *DecodeError
	if !errors.As(err, &de) || !errors.Is(err, io.ErrUnexpectedEOF) || job != nil {
		t.Fatalf("job %v, err %v; want a *DecodeError for an unexpected EOF", job, err)
	}
	if n := s.n.Load(); n != 4 {
		t.Errorf("%d attempts, want 4", n)
	}
}

// TestTruncatedJSON: a complete response whose JSON stops short is a
// *DecodeError; JSON of the wrong shape is one too, and is not retried.
func TestTruncatedJSON(t *testing.T) {
	s, c, _, _ := script(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", tMediaType)
		_, _ = io.WriteString(w, tJobBody[:40])
	})
	_, _, err := getJob(t.Context(), c)
	var de *DecodeError
	if !errors.As(err, &de) || de.OperationID != "getSharedClusterBackupRestoreJob" || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("err %v, want a *DecodeError", err)
	}
	t.Logf("truncated JSON: %v after %d attempts", err, s.n.Load())

	s, c, _, _ = script(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", tMediaType)
		_, _ = io.WriteString(w, `{"id": 42}`)
	})
	if _, _, err := getJob(t.Context(), c); !errors.As(err, &de) || s.n.Load() != 1 {
		t.Errorf("err %v after %d attempts, want a *DecodeError after 1", err, s.n.Load())
	}
}

// TestWrongVersion: a 2xx in another API version than the one asked for
// is a *VersionError, not a body decoded into the wrong type.
func TestWrongVersion(t *testing.T) {
	s, c, _, _ := script(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/vnd.atlas.2099-01-01+json;charset=utf-8")
		_, _ = io.WriteString(w, tJobBody)
	})
	job, _, err := getJob(t.Context(), c)
	var ve *VersionError
	if !errors.As(err, &ve) || ve.Requested != "2023-01-01" || ve.Received != "application/vnd.atlas.2099-01-01+json" || job != nil {
		t.Fatalf("job %v, err %v; want a *VersionError", job, err)
	}
	if n := s.n.Load(); n != 1 {
		t.Errorf("%d attempts, want 1", n)
	}
}

// TestSlowServer: a server slower than the context's deadline ends the call
// with context.DeadlineExceeded, and the handler is released.
func TestSlowServer(t *testing.T) {
	srv := testServer(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	})
	c := newTestClient(t, srv)
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, _, err := getJob(ctx, c)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err %v, want context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("returned after %v", d)
	}
}

// TestSharedClientConcurrency: 200 goroutines share one OAuth client
// against a server that fails some requests; every call gets its own
// correct answer, one token serves them all, and nothing is left running.
// Run it with -race.
func TestSharedClientConcurrency(t *testing.T) {
	th := &tokenHandler{expiresIn: 3600, delay: 20 * time.Millisecond}
	var mu sync.Mutex
	seen := map[string]int{}
	mux := http.NewServeMux()
	mux.Handle("POST "+tokenPath, th)
	mux.HandleFunc("GET /api/atlas/v2/groups/{g}/clusters/{c}/backup/tenant/restores/{id}", func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		mu.Lock()
		seen[id]++
		n := seen[id]
		mu.Unlock()
		if r.Header.Get("Authorization") != "Bearer tok-1" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if n == 1 && id[len(id)-1]%3 == 0 { // a third of the calls fail once
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", tMediaType)
		_, _ = fmt.Fprintf(w, `{"id":%q,"clusterName":%q}`, id, r.PathValue("c"))
	})
	srv := testServer(t, mux.ServeHTTP)
	var got notices
	c := newTestClient(t, srv, UseOAuthAuth(tClientID, tClientSecret), UseSunsetHook(got.hook))
	newFakeClock(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)).install(c) // after the spec's sunset date
	concurrently(t, 200, func(i int) error {
		id := fmt.Sprintf("%024d", i)
		job, _, err := c.SharedTierRestoreJobsApi.GetSharedClusterBackupRestoreJob(t.Context(), tGroup, "Cluster"+strconv.Itoa(i), id).Execute()
		if err == nil && (job.GetID() != id || job.GetClusterName() != "Cluster"+strconv.Itoa(i)) {
			err = fmt.Errorf("call %d got %s/%s", i, job.GetClusterName(), job.GetID())
		}
		return err
	})
	if n := th.fetches.Load(); n != 1 {
		t.Errorf("%d token requests, want 1", n)
	}
	if n := got.get(); len(n) != 1 {
		t.Errorf("%d sunset notices, want 1", len(n))
	}
	srv.Close()
	goleak.VerifyNone(t)
}
