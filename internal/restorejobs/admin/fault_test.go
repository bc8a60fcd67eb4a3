package admin

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
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

// connServer is an httptest.Server that counts the connections clients
// open to it.
func connServer(t *testing.T, h http.HandlerFunc) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, &conns
}

// TestBodiesDrainedForReuse: the rest of an error body past the 64 KiB it
// keeps, and the rest of a 2xx body after its JSON, are read up to
// maxDrain so the connection serves the next call; a longer rest is not
// read, and its connection is closed instead.
func TestBodiesDrainedForReuse(t *testing.T) {
	const calls = 3
	for _, tc := range []struct {
		name     string
		status   int
		body     string
		declared bool  // the length is declared; else the body is chunked
		conns    int32 // connections opened for the calls
	}{
		{"error body past the cap", http.StatusInternalServerError, `{"errorCode":"BOOM"}` + strings.Repeat(" ", 200<<10), false, 1},
		{"error body past the drain bound", http.StatusInternalServerError, `{"errorCode":"BOOM"}` + strings.Repeat(" ", maxErrorBody+maxDrain+1), false, calls},
		{"2xx body with a long tail", http.StatusOK, tJobBody + strings.Repeat("\n", 200<<10), false, 1},
		{"2xx body with a tail past the drain bound", http.StatusOK, tJobBody + strings.Repeat("\n", maxDrain+1<<10), false, calls},
		{"2xx body of declared length with a long tail", http.StatusOK, tJobBody + strings.Repeat("\n", 200<<10), true, 1},
		{"2xx body of declared length past the drain bound", http.StatusOK, tJobBody + strings.Repeat("\n", maxDrain+1<<10), true, calls},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, conns := connServer(t, func(w http.ResponseWriter, _ *http.Request) {
				if tc.declared {
					w.Header().Set("Content-Length", strconv.Itoa(len(tc.body)))
				}
				w.Header().Set("Content-Type", tMediaType)
				w.WriteHeader(tc.status)
				_, _ = io.WriteString(w, tc.body)
			})
			c := newTestClient(t, srv)
			for range calls {
				job, _, err := getJob(t.Context(), c)
				if tc.status == http.StatusOK {
					if err != nil || job.GetID() != tRestore {
						t.Fatalf("job %v, err %v", job, err)
					}
					continue
				}
				var re *ResponseError
				if !errors.As(err, &re) || re.ErrorCode != "BOOM" || len(re.Body) != maxErrorBody {
					t.Fatalf("err %v, want a *ResponseError keeping %d bytes of the body", err, maxErrorBody)
				}
			}
			if n := conns.Load(); n != tc.conns {
				t.Errorf("%d connections for %d calls, want %d", n, calls, tc.conns)
			}
		})
	}
}

// TestDateTimeQueryOnTheWire: a date-time query value reaches the server
// with its fractional seconds and its zone. The fragment has no date-time
// parameter, so the request is built as generated code builds one (the
// constructs test checks the generated builder the same way).
func TestDateTimeQueryOnTheWire(t *testing.T) {
	var got atomic.Pointer[string]
	srv := testServer(t, func(w http.ResponseWriter, r *http.Request) {
		s := r.URL.Query().Get("since")
		got.Store(&s)
		writeJob(w)
	})
	c := newTestClient(t, srv)
	since := time.Date(2026, 3, 1, 12, 0, 0, 123_456_789, time.FixedZone("", -5*3600))
	_, err := c.do(t.Context(), &request{ep: &endpointGetSharedClusterBackupRestoreJob, path: tJobPath, query: addQuery(nil, "since", formatTime(since)), out: new(TenantRestore)})
	if err != nil {
		t.Fatal(err)
	}
	wire := *got.Load()
	back, err := time.Parse(time.RFC3339, wire)
	if wire != "2026-03-01T12:00:00.123456789-05:00" || err != nil || !back.Equal(since) {
		t.Fatalf("since on the wire %q (parsed %v, %v), want the same instant to the nanosecond", wire, back, err)
	}
}

// TestDotSegmentsRefused: "." and ".." are refused before any I/O. The
// fragment's path parameters all have patterns that refuse them already
// (the constructs test covers the generated check on parameters without
// one); dotSegment is what that check calls.
func TestDotSegmentsRefused(t *testing.T) {
	srv := testServer(t, func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("a request was sent: %s", r.URL)
	})
	c := newTestClient(t, srv)
	for _, v := range []string{".", ".."} {
		_, _, err := c.SharedTierRestoreJobsApi.GetSharedClusterBackupRestoreJob(t.Context(), tGroup, v, tRestore).Execute()
		var pe *ParamError
		if !errors.As(err, &pe) || pe.Param != "clusterName" {
			t.Errorf("clusterName %q: err %v, want a *ParamError", v, err)
		}
		if !dotSegment(v) {
			t.Errorf("dotSegment(%q) = false", v)
		}
	}
	for _, v := range []string{"", "...", ".a", "a.", "./", "%2e"} {
		if dotSegment(v) {
			t.Errorf("dotSegment(%q) = true", v)
		}
	}
}

// TestDigestChallengeBodyBounded: the Digest library reads a challenge's
// body to its end before answering; the client ends that body after as
// much as it reads of any error, so a long one costs a new connection, not
// an unbounded read.
func TestDigestChallengeBodyBounded(t *testing.T) {
	for _, tc := range []struct {
		tail  int
		conns int32
	}{{100 << 10, 1}, {2 << 20, 2}} {
		srv, conns := connServer(t, func(w http.ResponseWriter, r *http.Request) {
			if _, ok := digestAnswer(r); !ok {
				w.Header().Set("Content-Length", strconv.Itoa(tc.tail))
				digestChallenge(w, "nonce-1", false)
				_, _ = io.WriteString(w, strings.Repeat("x", tc.tail))
				return
			}
			writeJob(w)
		})
		c := newTestClient(t, srv, UseDigestAuth(tClientID, tPrivateKey))
		for range 3 {
			if job, _, err := getJob(t.Context(), c); err != nil || job.GetID() != tRestore {
				t.Fatalf("challenge body of %d bytes: job %v, err %v", tc.tail, job, err)
			}
		}
		if n := conns.Load(); n != tc.conns {
			t.Errorf("challenge body of %d bytes: %d connections for 3 calls, want %d", tc.tail, n, tc.conns)
		}
	}
}
