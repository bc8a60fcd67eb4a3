package admin

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// step answers one request of a scripted server.
type step func(w http.ResponseWriter, r *http.Request)

// scripted serves the nth request with steps[n], repeating the last step
// once the script runs out; it counts the requests and keeps their bodies.
type scripted struct {
	steps  []step
	n      atomic.Int32
	mu     sync.Mutex
	bodies [][]byte
}

func (s *scripted) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.bodies = append(s.bodies, b)
	s.mu.Unlock()
	n := int(s.n.Add(1)) - 1
	s.steps[min(n, len(s.steps)-1)](w, r)
}

func script(t *testing.T, steps ...step) (*scripted, *APIClient, *fakeClock, func(...ClientModifier) *APIClient) {
	t.Helper()
	s := &scripted{steps: steps}
	srv := testServer(t, s.ServeHTTP)
	clock := newFakeClock(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	mk := func(mods ...ClientModifier) *APIClient {
		c := newTestClient(t, srv, mods...)
		clock.install(c)
		return c
	}
	return s, mk(), clock, mk
}

func ok(w http.ResponseWriter, _ *http.Request) { writeJob(w) }

func status(code int, header ...string) step {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		w.WriteHeader(code)
	}
}

// proxy502 is the HTML error page of a load balancer in front of Atlas.
const proxy502 = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>"

func html502(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(http.StatusBadGateway)
	_, _ = io.WriteString(w, proxy502)
}

// backoffBounds are the limits of the nth default backoff wait: 500ms
// growing 1.5 times, ±50% jitter.
func backoffBounds(n int) (time.Duration, time.Duration) {
	d := 500 * time.Millisecond
	for range n {
		d = d * 3 / 2
	}
	return d / 2, d*3/2 + time.Nanosecond
}

func checkBackoff(t *testing.T, waits []time.Duration, want int) {
	t.Helper()
	if len(waits) != want {
		t.Fatalf("waits %v, want %d", waits, want)
	}
	for i, w := range waits {
		if lo, hi := backoffBounds(i); w < lo || w > hi {
			t.Errorf("wait %d is %v, want within [%v, %v]", i, w, lo, hi)
		}
	}
}

// TestRetryTransientStatus: GET is retried after 429, 502, 503 and 504,
// with one backoff wait.
func TestRetryTransientStatus(t *testing.T) {
	for _, code := range []int{429, 502, 503, 504} {
		t.Run(fmt.Sprint(code), func(t *testing.T) {
			s, c, clock, _ := script(t, status(code), ok)
			job, _, err := getJob(t.Context(), c)
			if err != nil || job.GetID() != tRestore {
				t.Fatalf("job %v, err %v", job, err)
			}
			if n := s.n.Load(); n != 2 {
				t.Errorf("%d attempts, want 2", n)
			}
			checkBackoff(t, clock.recorded(), 1)
		})
	}
}

// TestRetryNotForOtherStatus: 500 and 404 are answers, not faults.
func TestRetryNotForOtherStatus(t *testing.T) {
	for _, code := range []int{400, 404, 409, 500} {
		s, c, _, _ := script(t, status(code), ok)
		_, _, err := getJob(t.Context(), c)
		var re *ResponseError
		if !errors.As(err, &re) || re.StatusCode != code || s.n.Load() != 1 {
			t.Errorf("%d: err %v after %d attempts, want its *ResponseError after 1", code, err, s.n.Load())
		}
	}
}

// TestProxy502: an HTML 502 page, then success; and as the final error
// after the attempts are used up, with the page kept.
func TestProxy502(t *testing.T) {
	_, c, _, _ := script(t, html502, ok)
	if _, _, err := getJob(t.Context(), c); err != nil {
		t.Fatal(err)
	}
	s, c, clock, _ := script(t, html502)
	_, resp, err := getJob(t.Context(), c)
	var re *ResponseError
	if !errors.As(err, &re) || re.StatusCode != http.StatusBadGateway || string(re.Body) != proxy502 || re.Model != nil {
		t.Fatalf("err = %#v, want a 502 *ResponseError with the page as Body", err)
	}
	if resp == nil || resp.StatusCode != http.StatusBadGateway {
		t.Errorf("response %v, want the last 502", resp)
	}
	if n := s.n.Load(); n != 4 {
		t.Errorf("%d attempts, want the default 4", n)
	}
	checkBackoff(t, clock.recorded(), 3)
}

// TestRetryAfter: a burst of 429s asks for waits in seconds and as an HTTP
// date; both are honoured exactly.
func TestRetryAfter(t *testing.T) {
	var date string
	s, c, clock, _ := script(t,
		status(429, "Retry-After", "7"),
		func(w http.ResponseWriter, r *http.Request) { status(429, "Retry-After", date)(w, r) },
		status(429, "Retry-After", "0"),
		ok)
	date = clock.now().Add(7*time.Second + 12*time.Second).Format(http.TimeFormat)
	if _, _, err := getJob(t.Context(), c); err != nil {
		t.Fatal(err)
	}
	w := clock.recorded()
	if s.n.Load() != 4 || len(w) != 3 || w[0] != 7*time.Second || w[1] != 12*time.Second {
		t.Errorf("%d attempts, waits %v; want 4 attempts, waits [7s 12s backoff]", s.n.Load(), w)
	}
	if lo, hi := backoffBounds(0); w[2] < lo || w[2] > hi {
		t.Errorf("Retry-After: 0 then waits %v, want the first backoff step", w[2])
	}
}

// TestRetryAfterTooLong: a server asking for more than MaxServerWait gets
// its 429 back at once instead of a hung call.
func TestRetryAfterTooLong(t *testing.T) {
	s, c, clock, _ := script(t, status(429, "Retry-After", "3600"), ok)
	_, _, err := getJob(t.Context(), c)
	var re *ResponseError
	if !errors.As(err, &re) || re.StatusCode != 429 || s.n.Load() != 1 || len(clock.recorded()) != 0 {
		t.Errorf("err %v after %d attempts and waits %v, want the 429 at once", err, s.n.Load(), clock.recorded())
	}
}

// TestRateLimitRemaining: a response saying the rate limit is used up
// makes the client's next call wait, for Retry-After or a backoff step.
func TestRateLimitRemaining(t *testing.T) {
	used := func(extra ...string) step {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("RateLimit-Limit", "100")
			w.Header().Set("RateLimit-Remaining", "0")
			for i := 0; i+1 < len(extra); i += 2 {
				w.Header().Set(extra[i], extra[i+1])
			}
			writeJob(w)
		}
	}
	_, c, clock, _ := script(t, used("Retry-After", "5"), ok, used(), ok, ok)
	for i := range 4 {
		if _, _, err := getJob(t.Context(), c); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	w := clock.recorded()
	if len(w) != 2 || w[0] != 5*time.Second || w[1] != 500*time.Millisecond {
		t.Errorf("waits %v, want [5s 500ms]: before the 2nd and the 4th call", w)
	}
}

// TestRetryNonIdempotentOptIn: POST is not retried unless the policy says
// so, and then its body is sent again unchanged.
func TestRetryNonIdempotentOptIn(t *testing.T) {
	body := &TenantRestore{SnapshotID: tGroup, TargetDeploymentItemName: "Cluster1"}
	post := func(c *APIClient) error {
		_, _, err := c.SharedTierRestoreJobsApi.CreateSharedClusterBackupRestoreJob(t.Context(), tGroup, tCluster, body).Execute()
		return err
	}
	s, c, _, _ := script(t, status(503), ok)
	var re *ResponseError
	if err := post(c); !errors.As(err, &re) || re.StatusCode != 503 || s.n.Load() != 1 {
		t.Errorf("default policy: err %v after %d attempts, want the 503 after 1", err, s.n.Load())
	}
	s, _, _, mk := script(t, status(503), ok)
	p := DefaultRetryPolicy()
	p.RetryNonIdempotent = true
	if err := post(mk(UseRetryPolicy(p))); err != nil {
		t.Fatal(err)
	}
	if len(s.bodies) != 2 || !bytes.Equal(s.bodies[0], s.bodies[1]) || !bytes.Contains(s.bodies[1], []byte("Cluster1")) {
		t.Errorf("bodies %q, want the same body twice", s.bodies)
	}
}

// TestRetriesOff: RetryPolicy{} sends every call once.
func TestRetriesOff(t *testing.T) {
	s, _, _, mk := script(t, status(503), ok)
	_, _, err := getJob(t.Context(), mk(UseRetryPolicy(RetryPolicy{})))
	if err == nil || s.n.Load() != 1 {
		t.Errorf("err %v after %d attempts, want the 503 after 1", err, s.n.Load())
	}
	if _, err := NewClient(UseRetryPolicy(RetryPolicy{MaxAttempts: 3, InitialInterval: -time.Second})); err == nil {
		t.Error("a negative interval was accepted")
	}
}

// TestWaitsRespectContext uses the real clock: a wait ends when the
// context is cancelled, and a wait past the deadline is not started.
func TestWaitsRespectContext(t *testing.T) {
	s := &scripted{steps: []step{status(503, "Retry-After", "30")}}
	srv := testServer(t, s.ServeHTTP)
	c := newTestClient(t, srv)
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	_, _, err := getJob(ctx, c)
	if !errors.Is(err, context.Canceled) || time.Since(start) > 10*time.Second {
		t.Errorf("err %v after %v, want context.Canceled soon", err, time.Since(start))
	}
	var re *ResponseError
	if !strings.Contains(err.Error(), "HTTP 503") {
		t.Errorf("err %v should name the status it waited after", err)
	}

	ctx, cancel2 := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel2()
	start = time.Now()
	_, _, err = getJob(ctx, c)
	if !errors.As(err, &re) || re.StatusCode != 503 || time.Since(start) > 4*time.Second {
		t.Errorf("err %v after %v, want the 503 without waiting 30s past the deadline", err, time.Since(start))
	}
}
