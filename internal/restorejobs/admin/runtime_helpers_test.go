package admin

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// Every test ends with its servers closed and no goroutine of the client
// left running: retries, token requests and waits all stop by themselves.
func TestMain(m *testing.M) {
	os.Unsetenv(BaseURLEnv)
	goleak.VerifyTestMain(m)
}

const (
	tGroup     = "32b6e34b3d91647abb20e7b8"
	tCluster   = "Cluster0"
	tRestore   = "5a0a1e7e0f2912c554080adc"
	tMediaType = "application/vnd.atlas.2023-01-01+json"
	tJobPath   = "/api/atlas/v2/groups/" + tGroup + "/clusters/" + tCluster + "/backup/tenant/restores/" + tRestore
	tListPath  = "/api/atlas/v2/groups/" + tGroup + "/clusters/" + tCluster + "/backup/tenant/restores"
	tPostPath  = "/api/atlas/v2/groups/" + tGroup + "/clusters/" + tCluster + "/backup/tenant/restore"
	tJobBody   = `{"id":"` + tRestore + `","clusterName":"Cluster0","status":"COMPLETED","snapshotId":"32b6e34b3d91647abb20e7b8"}`

	tClientID     = "mdb_sa_id_0123456789abcdef"
	tClientSecret = "mdb_sa_sk_S3CR3T-never-print-me"
	tPrivateKey   = "private-key-N0T-F0R-L0GS"
)

// fakeClock is the client's clock in tests: sleeping records the wait and
// moves time forward at once, so waits are exact and cost nothing.
type fakeClock struct {
	mu    sync.Mutex
	t     time.Time
	waits []time.Duration
}

func newFakeClock(t time.Time) *fakeClock { return &fakeClock{t: t} }

func (f *fakeClock) now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.t
}

func (f *fakeClock) advance(d time.Duration) {
	f.mu.Lock()
	f.t = f.t.Add(d)
	f.mu.Unlock()
}

func (f *fakeClock) sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f.mu.Lock()
	f.waits = append(f.waits, d)
	f.t = f.t.Add(d)
	f.mu.Unlock()
	return nil
}

func (f *fakeClock) recorded() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.waits...)
}

// install makes c use the fake clock. Call it before any request.
func (f *fakeClock) install(c *APIClient) {
	c.cfg.now, c.cfg.sleep = f.now, f.sleep
}

// testServer is an httptest.Server whose handler can be swapped and whose
// API requests are counted.
func testServer(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// newTestClient returns a client of srv that sends through srv's own
// transport, closed with the server.
func newTestClient(t *testing.T, srv *httptest.Server, mods ...ClientModifier) *APIClient {
	t.Helper()
	c, err := NewClient(append([]ClientModifier{UseBaseURL(srv.URL), UseHTTPClient(srv.Client())}, mods...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func getJob(ctx context.Context, c *APIClient) (*TenantRestore, *http.Response, error) {
	return c.SharedTierRestoreJobsApi.GetSharedClusterBackupRestoreJob(ctx, tGroup, tCluster, tRestore).Execute()
}

// writeJob answers with the restore job in the 2023-01-01 media type.
func writeJob(w http.ResponseWriter) {
	w.Header().Set("Content-Type", tMediaType)
	_, _ = io.WriteString(w, tJobBody)
}

// concurrently runs f(0) ... f(n-1) on n goroutines and reports their
// errors.
func concurrently(t *testing.T, n int, f func(i int) error) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() { errs <- f(i) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

// counter counts requests per path.
type counter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *counter) hit(path string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[string]int{}
	}
	c.n[path]++
	return c.n[path]
}

func (c *counter) get(path string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[path]
}

// tokenHandler serves client-credentials tokens "tok-1", "tok-2", ... that
// last expiresIn seconds, after checking the client's Basic credentials.
type tokenHandler struct {
	expiresIn int
	fetches   atomic.Int32
	fail      func(n int32) int // status to fail the nth request with, 0 for none
	delay     time.Duration     // how long each token request takes
}

func (h *tokenHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := h.fetches.Add(1)
	time.Sleep(h.delay)
	id, sec, ok := r.BasicAuth()
	if r.Method != http.MethodPost || !ok || id != tClientID || sec != tClientSecret || r.FormValue("grant_type") != "client_credentials" {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = io.WriteString(w, `{"error":"invalid_client","error_description":"bad client `+sec+`"}`)
		return
	}
	if h.fail != nil {
		if code := h.fail(n); code != 0 {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(code)
			_, _ = io.WriteString(w, "<html>busy</html>")
			return
		}
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, `{"access_token":"tok-`+strconv.Itoa(int(n))+`","token_type":"Bearer","expires_in":`+strconv.Itoa(h.expiresIn)+`}`)
}

// notices collects what a sunset hook receives.
type notices struct {
	mu   sync.Mutex
	list []SunsetNotice
}

func (n *notices) hook(s SunsetNotice) {
	n.mu.Lock()
	n.list = append(n.list, s)
	n.mu.Unlock()
}

func (n *notices) get() []SunsetNotice {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]SunsetNotice(nil), n.list...)
}
