package admin

import (
	"context"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"
)

// The waiter's tests run on the fake clock: every poll is a real request on
// loopback, every delay is recorded instead of slept.

// jobStatus answers the restore job with the given status.
func jobStatus(s string) step {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", tMediaType)
		_, _ = io.WriteString(w, strings.Replace(tJobBody, `"COMPLETED"`, `"`+s+`"`, 1))
	}
}

func pollJob(c *APIClient) func(context.Context) (*TenantRestore, *http.Response, error) {
	return func(ctx context.Context) (*TenantRestore, *http.Response, error) { return getJob(ctx, c) }
}

var jobDone = StateIn((*TenantRestore).GetStatus, TenantRestoreStatusCompleted, TenantRestoreStatusFailed)

// waitBounds are the limits of the nth delay of a wait that starts at min:
// each 1.5 times the last, ±50% jitter, capped at maxDelay before jitter.
func waitBounds(n int, min, maxDelay time.Duration) (time.Duration, time.Duration) {
	d := min
	for range n {
		d = d * 3 / 2
	}
	d = minDur(d, maxDelay)
	return d / 2, d*3/2 + time.Nanosecond
}

func minDur(a, b time.Duration) time.Duration {
	if a < b {
		return a
	}
	return b
}

func checkDelays(t *testing.T, waits []time.Duration, min, maxDelay time.Duration) {
	t.Helper()
	for i, w := range waits {
		if lo, hi := waitBounds(i, min, maxDelay); w < lo || w > hi {
			t.Errorf("delay %d = %v, want within [%v, %v]", i, w, lo, hi)
		}
	}
}

func TestWaitUntilStateMoves(t *testing.T) {
	s, c, clock, _ := script(t, jobStatus("PENDING"), jobStatus("RUNNING"), jobStatus("RUNNING"), jobStatus("COMPLETED"))
	job, resp, err := WaitUntil(context.Background(), c, pollJob(c), jobDone, &WaitOptions{MinDelay: time.Second, MaxDelay: 90 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if job.GetStatus() != TenantRestoreStatusCompleted || resp.StatusCode != http.StatusOK {
		t.Fatalf("got %v, HTTP %d", job.GetStatus(), resp.StatusCode)
	}
	if n := s.n.Load(); n != 4 {
		t.Errorf("%d polls, want 4", n)
	}
	waits := clock.recorded()
	if len(waits) != 3 {
		t.Fatalf("delays %v, want 3", waits)
	}
	checkDelays(t, waits, time.Second, 90*time.Second)
}

func TestWaitUntilDefaultDelaysAndCap(t *testing.T) {
	steps := []step{}
	for range 12 {
		steps = append(steps, jobStatus("RUNNING"))
	}
	s, c, clock, _ := script(t, append(steps, jobStatus("COMPLETED"))...)
	if _, _, err := WaitUntil(context.Background(), c, pollJob(c), jobDone, nil); err != nil {
		t.Fatal(err)
	}
	if n := s.n.Load(); n != 13 {
		t.Errorf("%d polls, want 13", n)
	}
	waits := clock.recorded()
	if len(waits) != 12 {
		t.Fatalf("delays %v, want 12", waits)
	}
	checkDelays(t, waits, defaultWaitMinDelay, defaultWaitMaxDelay)
	if lo, _ := waitBounds(11, defaultWaitMinDelay, defaultWaitMaxDelay); lo != defaultWaitMaxDelay/2 {
		t.Fatalf("the 12th delay is not capped: lower bound %v", lo)
	}
}

// A resource that is being created may not be found at first.
func TestWaitUntilNotFoundIsNotYet(t *testing.T) {
	s, c, _, _ := script(t, status(http.StatusNotFound), status(http.StatusNotFound), jobStatus("COMPLETED"))
	job, _, err := WaitUntil(context.Background(), c, pollJob(c), jobDone, &WaitOptions{MinDelay: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if job.GetStatus() != TenantRestoreStatusCompleted || s.n.Load() != 3 {
		t.Fatalf("status %v after %d polls, want COMPLETED after 3", job.GetStatus(), s.n.Load())
	}
}

// A 429 while polling is the runtime's to retry, after Retry-After; the
// wait sees one poll.
func TestWaitUntilRetriesThrottledPoll(t *testing.T) {
	s, c, clock, _ := script(t, jobStatus("RUNNING"), status(http.StatusTooManyRequests, "Retry-After", "7"), jobStatus("COMPLETED"))
	if _, _, err := WaitUntil(context.Background(), c, pollJob(c), jobDone, &WaitOptions{MinDelay: time.Second}); err != nil {
		t.Fatal(err)
	}
	if n := s.n.Load(); n != 3 {
		t.Errorf("%d requests, want 3 (2 polls, one of them retried)", n)
	}
	waits := clock.recorded()
	if len(waits) != 2 || waits[1] != 7*time.Second {
		t.Fatalf("waits %v, want a wait delay then the 7s Retry-After", waits)
	}
	checkDelays(t, waits[:1], time.Second, defaultWaitMaxDelay)
}

// A delay that would end past MaxDuration is not started.
func TestWaitUntilMaxDuration(t *testing.T) {
	s, c, clock, _ := script(t, jobStatus("PENDING"), jobStatus("RUNNING"))
	// Delays of at least 2s (4s -50%); 9s allows two, maybe three, never
	// a fifth poll.
	_, _, err := WaitUntil(context.Background(), c, pollJob(c), jobDone, &WaitOptions{MinDelay: 4 * time.Second, MaxDelay: 4 * time.Second, MaxDuration: 9 * time.Second})
	var te *WaitTimeoutError
	if !errors.As(err, &te) {
		t.Fatalf("err = %v, want *WaitTimeoutError", err)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Error("errors.Is(err, context.DeadlineExceeded) is false")
	}
	polls := int(s.n.Load())
	waits := clock.recorded()
	var total time.Duration
	for _, w := range waits {
		total += w
	}
	if te.Polls != polls || len(waits) != polls-1 || polls < 2 || polls > 4 || total > 9*time.Second {
		t.Fatalf("error counts %d polls, server %d, delays %v (total %v)", te.Polls, polls, waits, total)
	}
	if te.LastState != "RUNNING" || te.Waited != total {
		t.Fatalf("last state %q after %v, want RUNNING after %v", te.LastState, te.Waited, total)
	}
	if want := "last state: RUNNING"; !strings.Contains(err.Error(), want) {
		t.Errorf("%q does not say %q", err, want)
	}
}

// A rate-limit pause (RateLimit-Remaining: 0, Retry-After) that would
// end past MaxDuration keeps the next poll from starting: the wait's
// deadline passing, so a *WaitTimeoutError naming the last state.
func TestWaitUntilPausedPastMaxDuration(t *testing.T) {
	exhausted := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("RateLimit-Remaining", "0")
		w.Header().Set("Retry-After", "60")
		jobStatus("RUNNING")(w, r)
	}
	s, _, _, mk := script(t, exhausted)
	c := mk()
	newFakeClock(time.Now()).install(c) // MaxDuration's deadline is on the real clock
	_, _, err := WaitUntil(context.Background(), c, pollJob(c), jobDone, &WaitOptions{MinDelay: time.Second, MaxDuration: 30 * time.Second})
	var te *WaitTimeoutError
	if !errors.As(err, &te) || te.LastState != "RUNNING" || te.Polls != 2 || s.n.Load() != 1 {
		t.Fatalf("err = %v after %d requests, want a *WaitTimeoutError after 2 polls (1 sent), last state RUNNING", err, s.n.Load())
	}
}

func TestWaitUntilContextDeadline(t *testing.T) {
	s, c, _, mk := script(t, jobStatus("QUEUED"))
	_ = c
	c = mk()
	now := time.Now()
	newFakeClock(now).install(c)
	ctx, cancel := context.WithDeadline(context.Background(), now.Add(5*time.Second))
	defer cancel()
	// The first delay is 10s or more: past the deadline, so not started.
	_, _, err := WaitUntil(ctx, c, pollJob(c), jobDone, &WaitOptions{MinDelay: 20 * time.Second})
	var te *WaitTimeoutError
	if !errors.As(err, &te) || te.Polls != 1 || te.LastState != "QUEUED" || s.n.Load() != 1 {
		t.Fatalf("err = %v after %d polls, want a *WaitTimeoutError after 1 poll, last state QUEUED", err, s.n.Load())
	}
}

func TestWaitUntilCancelled(t *testing.T) {
	_, c, _, _ := script(t, jobStatus("RUNNING"))
	ctx, cancel := context.WithCancel(context.Background())
	polls := 0
	_, _, err := WaitUntil(ctx, c, func(ctx context.Context) (*TenantRestore, *http.Response, error) {
		polls++
		if polls == 2 {
			cancel()
		}
		return getJob(ctx, c)
	}, jobDone, &WaitOptions{MinDelay: time.Millisecond})
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "last state: RUNNING") {
		t.Fatalf("err = %v, want context.Canceled naming the last state", err)
	}
	var te *WaitTimeoutError
	if errors.As(err, &te) {
		t.Error("a cancelled wait is not a timeout")
	}
	if polls != 2 {
		t.Errorf("%d polls, want 2", polls)
	}
}

// Another error of a poll ends the wait with that error.
func TestWaitUntilStopsOnError(t *testing.T) {
	s, c, _, _ := script(t, jobStatus("RUNNING"), status(http.StatusForbidden))
	_, _, err := WaitUntil(context.Background(), c, pollJob(c), jobDone, &WaitOptions{MinDelay: time.Millisecond})
	var re *ResponseError
	if !errors.As(err, &re) || re.StatusCode != http.StatusForbidden || s.n.Load() != 2 {
		t.Fatalf("err = %v after %d polls, want the 403 after 2", err, s.n.Load())
	}
}

func TestWaitUntilStatusIs(t *testing.T) {
	s, c, _, _ := script(t, jobStatus("RUNNING"), jobStatus("RUNNING"), status(http.StatusNotFound))
	_, _, err := WaitUntil(context.Background(), c, pollJob(c), StatusIs[*TenantRestore](http.StatusNotFound), &WaitOptions{MinDelay: time.Millisecond})
	if err != nil || s.n.Load() != 3 {
		t.Fatalf("err = %v after %d polls, want nil after 3", err, s.n.Load())
	}
}

func TestWaitUntilRefusesBadOptions(t *testing.T) {
	_, c, _, _ := script(t, jobStatus("RUNNING"))
	if _, _, err := WaitUntil(context.Background(), c, pollJob(c), jobDone, &WaitOptions{MinDelay: -1}); err == nil {
		t.Error("a negative delay was accepted")
	}
	if _, _, err := WaitUntil(context.Background(), nil, pollJob(c), jobDone, nil); err == nil {
		t.Error("a nil client was accepted")
	}
}

// testWatcher waits for a restore job to complete, polling it by the id
// the watched call answered, as a watcher from the spec would.
var testWatcher = watcher{
	op: "createSharedClusterBackupRestoreJob", get: "getSharedClusterBackupRestoreJob", getName: "getSharedClusterBackupRestoreJob",
	params: []watchParam{
		{name: "clusterName", input: "clusterName"},
		{name: "groupId", input: "groupId"},
		{name: "restoreId", from: "$.id", steps: []string{"id"}},
	},
	status: http.StatusOK, path: "$.status", steps: []string{"status"}, values: []string{"COMPLETED"},
}

func TestWatcherPollsWithInputAndAnswer(t *testing.T) {
	s := &scripted{steps: []step{jobStatus("PENDING"), jobStatus("COMPLETED")}}
	var paths []string
	srv := testServer(t, func(w http.ResponseWriter, r *http.Request) {
		paths = append(paths, r.URL.Path)
		s.ServeHTTP(w, r)
	})
	c := newTestClient(t, srv)
	newFakeClock(time.Now()).install(c)
	in := RawRequest{OperationID: testWatcher.op, Params: map[string][]string{"groupId": {tGroup}, "clusterName": {tCluster}}}
	data, _, err := c.wait(context.Background(), &testWatcher, in, []byte(tJobBody), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"status":"COMPLETED"`) {
		t.Errorf("last answer %s", data)
	}
	if !reflect.DeepEqual(paths, []string{tJobPath, tJobPath}) {
		t.Errorf("polled %v, want %s twice", paths, tJobPath)
	}
	if got := testWatcher.condition(); got != "getSharedClusterBackupRestoreJob answers $.status is COMPLETED" {
		t.Errorf("condition %q", got)
	}
}

func TestWatcherCheck(t *testing.T) {
	notFound := &ResponseError{StatusCode: http.StatusNotFound}
	forbidden := &ResponseError{StatusCode: http.StatusForbidden}
	ok200 := &http.Response{StatusCode: http.StatusOK}
	gone := watcher{get: "getG", getName: "g", status: http.StatusNotFound}
	exists := watcher{get: "getG", getName: "g", status: http.StatusOK}
	for _, tc := range []struct {
		w     *watcher
		data  string
		resp  *http.Response
		err   error
		state string
		done  bool
		stop  bool
	}{
		{&testWatcher, `{"status":"RUNNING"}`, ok200, nil, "RUNNING", false, false},
		{&testWatcher, `{"status":"COMPLETED"}`, ok200, nil, "COMPLETED", true, false},
		{&testWatcher, `{}`, ok200, nil, "no $.status", false, false},
		{&testWatcher, `{"status":"COMPLETED"}`, &http.Response{StatusCode: http.StatusAccepted}, nil, "HTTP 202", false, false},
		{&testWatcher, ``, nil, notFound, "HTTP 404", false, false},
		{&testWatcher, ``, nil, forbidden, "", false, true},
		{&gone, `{"status":"RUNNING"}`, ok200, nil, "HTTP 200", false, false},
		{&gone, ``, nil, notFound, "HTTP 404", true, false},
		{&gone, ``, nil, forbidden, "", false, true},
		{&exists, ``, nil, notFound, "HTTP 404", false, false},
		{&exists, `{}`, ok200, nil, "HTTP 200", true, false},
	} {
		state, done, stop := tc.w.check([]byte(tc.data), tc.resp, tc.err)
		if state != tc.state || done != tc.done || (stop != nil) != tc.stop {
			t.Errorf("%s on %s/%v: got %q, %v, %v", tc.w.condition(), tc.data, tc.err, state, done, stop)
		}
	}
	if got := gone.condition(); got != "g answers HTTP 404" {
		t.Errorf("condition %q", got)
	}
}

func TestWatcherConstParam(t *testing.T) {
	w := watcher{op: "o", get: "g", params: []watchParam{{name: "a", value: "fixed"}, {name: "b", input: "b"}}}
	get, err := w.pollRequest(RawRequest{Params: map[string][]string{"b": {"in"}}}, nil)
	if err != nil || !reflect.DeepEqual(get.Params, map[string][]string{"a": {"fixed"}, "b": {"in"}}) {
		t.Fatalf("params %v, %v", get.Params, err)
	}
}

func TestWatcherNeedsItsParameters(t *testing.T) {
	in := RawRequest{OperationID: testWatcher.op, Params: map[string][]string{"groupId": {tGroup}}}
	if _, err := testWatcher.pollRequest(in, []byte(tJobBody)); err == nil || !strings.Contains(err.Error(), "clusterName") {
		t.Errorf("err = %v, want one naming clusterName", err)
	}
	in.Params["clusterName"] = []string{tCluster}
	if _, err := testWatcher.pollRequest(in, []byte(`{"name":"x"}`)); err == nil || !strings.Contains(err.Error(), "$.id") {
		t.Errorf("err = %v, want one naming $.id", err)
	}
}

func TestJSONText(t *testing.T) {
	doc := []byte(`{"a":{"b":[{"c":"x"},{"c":12.50}],"t":true,"n":null,"o":{}}}`)
	for _, tc := range []struct {
		steps []string
		want  string
		ok    bool
	}{
		{[]string{"a", "b", "[0]", "c"}, "x", true},
		{[]string{"a", "b", "[1]", "c"}, "12.50", true},
		{[]string{"a", "t"}, "true", true},
		{[]string{"a", "n"}, "", false},
		{[]string{"a", "o"}, "", false},
		{[]string{"a", "b", "[2]"}, "", false},
		{[]string{"a", "b", "0"}, "", false},
		{[]string{"missing"}, "", false},
	} {
		got, ok := jsonText(doc, tc.steps)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%v: got %q, %v; want %q, %v", tc.steps, got, ok, tc.want, tc.ok)
		}
	}
	if _, ok := jsonText(nil, []string{"a"}); ok {
		t.Error("an empty answer has a value")
	}
}
