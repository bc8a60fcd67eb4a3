package admin

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// oauthServer serves tokens at tokenPath and the restore job to requests
// whose Bearer token valid accepts.
func oauthServer(t *testing.T, th *tokenHandler, api *counter, valid func(token string) bool) *http.ServeMux {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle("POST "+tokenPath, th)
	job := func(w http.ResponseWriter, r *http.Request) {
		api.hit(r.Method)
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || !valid(tok) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, `{"error":401,"errorCode":"NOT_ATLAS_ADMIN","reason":"Unauthorized"}`)
			return
		}
		writeJob(w)
	}
	mux.HandleFunc("GET "+tJobPath, job)
	mux.HandleFunc("POST "+tPostPath, job)
	return mux
}

// TestOAuthTokenSharedAndCached: fifty calls that start together wait for
// one token request, and later calls reuse the cached token.
func TestOAuthTokenSharedAndCached(t *testing.T) {
	th := &tokenHandler{expiresIn: 3600, delay: 50 * time.Millisecond}
	var api counter
	srv := testServer(t, oauthServer(t, th, &api, func(tok string) bool { return tok == "tok-1" }).ServeHTTP)
	c := newTestClient(t, srv, UseOAuthAuth(tClientID, tClientSecret))
	concurrently(t, 50, func(int) error {
		_, _, err := getJob(t.Context(), c)
		return err
	})
	for range 5 {
		if _, _, err := getJob(t.Context(), c); err != nil {
			t.Fatal(err)
		}
	}
	if n := th.fetches.Load(); n != 1 {
		t.Errorf("%d token requests for 55 calls, want 1", n)
	}
	if n := api.get("GET"); n != 55 {
		t.Errorf("%d API requests, want 55", n)
	}
}

// TestOAuthRefreshBeforeExpiry: a token is replaced a minute before it
// expires, or after three quarters of a short life, on the client's clock.
func TestOAuthRefreshBeforeExpiry(t *testing.T) {
	type step struct {
		advance time.Duration
		fetches int32
	}
	for _, tc := range []struct {
		expiresIn int
		steps     []step
	}{
		{3600, []step{{0, 1}, {58 * time.Minute, 1}, {90 * time.Second, 2}, {time.Minute, 2}}},
		{40, []step{{0, 1}, {29 * time.Second, 1}, {2 * time.Second, 2}}},
	} {
		th := &tokenHandler{expiresIn: tc.expiresIn}
		var api counter
		srv := testServer(t, oauthServer(t, th, &api, func(string) bool { return true }).ServeHTTP)
		c := newTestClient(t, srv, UseOAuthAuth(tClientID, tClientSecret))
		clock := newFakeClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		clock.install(c)
		for i, s := range tc.steps {
			clock.advance(s.advance)
			if _, _, err := getJob(t.Context(), c); err != nil {
				t.Fatal(err)
			}
			if n := th.fetches.Load(); n != s.fetches {
				t.Errorf("expires_in %d, step %d: %d token requests, want %d", tc.expiresIn, i, n, s.fetches)
			}
		}
	}
}

// TestOAuth401RefreshesOnce: a 401 replaces the token and sends the call
// once more, POST body included; a second 401 is the call's error.
func TestOAuth401RefreshesOnce(t *testing.T) {
	th := &tokenHandler{expiresIn: 3600}
	var api counter
	var mu sync.Mutex
	revoked := map[string]bool{}
	accept := func(tok string) bool {
		mu.Lock()
		defer mu.Unlock()
		return !revoked[tok] && !revoked["*"]
	}
	mux := oauthServer(t, th, &api, accept)
	var bodies [][]byte
	srv := testServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && r.URL.Path == tPostPath {
			b, _ := io.ReadAll(r.Body)
			mu.Lock()
			bodies = append(bodies, b)
			mu.Unlock()
			r.Body = io.NopCloser(bytes.NewReader(b))
		}
		mux.ServeHTTP(w, r)
	})
	c := newTestClient(t, srv, UseOAuthAuth(tClientID, tClientSecret), UseRetryPolicy(RetryPolicy{}))
	if _, _, err := getJob(t.Context(), c); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	revoked["tok-1"] = true // Atlas no longer accepts the cached token
	mu.Unlock()
	body := &TenantRestore{SnapshotID: "32b6e34b3d91647abb20e7b8", TargetDeploymentItemName: "Cluster1", TargetProjectID: Ptr(tGroup)}
	if _, _, err := c.SharedTierRestoreJobsApi.CreateSharedClusterBackupRestoreJob(t.Context(), tGroup, tCluster, body).Execute(); err != nil {
		t.Fatalf("POST after a revoked token: %v", err)
	}
	if n := th.fetches.Load(); n != 2 {
		t.Errorf("%d token requests, want 2", n)
	}
	if len(bodies) != 2 || !bytes.Equal(bodies[0], bodies[1]) || len(bodies[0]) == 0 {
		t.Errorf("POST bodies of the two attempts: %q", bodies)
	}
	mu.Lock()
	revoked["*"] = true // no token works any more
	mu.Unlock()
	before := api.get("GET")
	_, _, err := getJob(t.Context(), c)
	var re *ResponseError
	if !errors.As(err, &re) || re.StatusCode != http.StatusUnauthorized || re.ErrorCode != "NOT_ATLAS_ADMIN" {
		t.Fatalf("err = %v, want a 401 *ResponseError", err)
	}
	if n := api.get("GET") - before; n != 2 {
		t.Errorf("%d attempts after a second 401, want 2", n)
	}
	if n := th.fetches.Load(); n != 3 {
		t.Errorf("%d token requests, want 3: only one refresh per call", n)
	}
}

// TestOAuthClose: Close revokes the current token with the client's Basic
// credentials, once; the client can still be used; other auth kinds do
// nothing on Close.
func TestOAuthClose(t *testing.T) {
	th := &tokenHandler{expiresIn: 3600}
	var api counter
	mux := oauthServer(t, th, &api, func(string) bool { return true })
	var mu sync.Mutex
	var revokedTokens []string
	revokeStatus := http.StatusOK
	mux.HandleFunc("POST "+revokePath, func(w http.ResponseWriter, r *http.Request) {
		id, sec, ok := r.BasicAuth()
		if !ok || id != tClientID || sec != tClientSecret || r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		mu.Lock()
		defer mu.Unlock()
		revokedTokens = append(revokedTokens, r.FormValue("token"))
		w.WriteHeader(revokeStatus)
	})
	srv := testServer(t, mux.ServeHTTP)
	c := newTestClient(t, srv, UseOAuthAuth(tClientID, tClientSecret))
	if err := c.Close(t.Context()); err != nil {
		t.Fatalf("Close before any call: %v", err)
	}
	if _, _, err := getJob(t.Context(), c); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(t.Context()); err != nil {
		t.Fatal(err)
	}
	if len(revokedTokens) != 1 || revokedTokens[0] != "tok-1" {
		t.Errorf("revoked %q, want [tok-1]", revokedTokens)
	}
	if _, _, err := getJob(t.Context(), c); err != nil {
		t.Fatalf("call after Close: %v", err)
	}
	mu.Lock()
	revokeStatus = http.StatusInternalServerError
	mu.Unlock()
	err := c.Close(t.Context())
	var ae *AuthError
	if !errors.As(err, &ae) || ae.Op != "revoke" || ae.StatusCode != 500 {
		t.Errorf("failed revoke: err = %v, want *AuthError{Op: revoke, StatusCode: 500}", err)
	}
	if strings.Contains(err.Error(), "tok-2") || strings.Contains(err.Error(), tClientSecret) {
		t.Errorf("revoke error shows a credential: %v", err)
	}

	d, err := NewClient(UseBaseURL(srv.URL), UseHTTPClient(srv.Client()), UseDigestAuth(tClientID, tPrivateKey))
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Close(t.Context()); err != nil {
		t.Errorf("digest Close: %v", err)
	}
}

// TestTokenEndpointFailsOnceThenRecovers: a transient token failure is
// retried like a call; a refused client is not, and its error holds no
// secret even when the server echoes it.
func TestTokenEndpointFailsOnceThenRecovers(t *testing.T) {
	th := &tokenHandler{expiresIn: 3600, fail: func(n int32) int {
		if n == 1 {
			return http.StatusServiceUnavailable
		}
		return 0
	}}
	var api counter
	srv := testServer(t, oauthServer(t, th, &api, func(string) bool { return true }).ServeHTTP)
	c := newTestClient(t, srv, UseOAuthAuth(tClientID, tClientSecret))
	clock := newFakeClock(time.Now())
	clock.install(c)
	job, _, err := getJob(t.Context(), c)
	if err != nil || job.GetID() != tRestore {
		t.Fatalf("job %v, err %v", job, err)
	}
	if n := th.fetches.Load(); n != 2 {
		t.Errorf("%d token requests, want 2", n)
	}
	if w := clock.recorded(); len(w) != 1 {
		t.Errorf("waits %v, want one backoff wait", w)
	}

	const wrong = "mdb_sa_sk_WRONG-secret-echoed"
	bad := newTestClient(t, srv, UseOAuthAuth(tClientID, wrong))
	newFakeClock(time.Now()).install(bad)
	before := th.fetches.Load()
	_, _, err = getJob(t.Context(), bad)
	var ae *AuthError
	if !errors.As(err, &ae) || ae.StatusCode != http.StatusUnauthorized || ae.ErrorCode != "invalid_client" {
		t.Fatalf("err = %v, want *AuthError invalid_client", err)
	}
	if n := th.fetches.Load() - before; n != 1 {
		t.Errorf("%d token requests for a refused client, want 1", n)
	}
	if strings.Contains(err.Error(), wrong) || !strings.Contains(err.Error(), "[redacted]") {
		t.Errorf("error %q should show [redacted] for the echoed secret", err)
	}
}

// TestDigestStaleNonce: the Digest transport reuses a nonce with a rising
// count and answers a stale=true challenge with the new nonce.
func TestDigestStaleNonce(t *testing.T) {
	var mu sync.Mutex
	nonce, uses, nonces := "nonce-1", 0, 1
	var staleSent int
	var seen []string // nonce/nc of each accepted request
	srv := testServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		cred, ok := digestAnswer(r)
		if !ok {
			digestChallenge(w, nonce, false)
			return
		}
		if cred.Nonce != nonce { // right key, old nonce
			staleSent++
			digestChallenge(w, nonce, true)
			return
		}
		seen = append(seen, cred.Nonce+"/"+strconv.Itoa(cred.Nc))
		if uses++; uses == 3 {
			nonces++
			nonce, uses = "nonce-"+strconv.Itoa(nonces), 0
		}
		writeJob(w)
	})
	c := newTestClient(t, srv, UseDigestAuth(tClientID, tPrivateKey))
	for range 5 {
		if _, _, err := getJob(t.Context(), c); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{"nonce-1/1", "nonce-1/2", "nonce-1/3", "nonce-2/1", "nonce-2/2"}
	if strings.Join(seen, " ") != strings.Join(want, " ") || staleSent != 1 {
		t.Errorf("accepted %v after %d stale challenges, want %v after 1", seen, staleSent, want)
	}
}

// TestNoSecretInOutput formats clients, their configuration, errors and
// debug logs, and looks for every credential in the text.
func TestNoSecretInOutput(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	th := &tokenHandler{expiresIn: 3600}
	var api counter
	first := true
	var mu sync.Mutex
	mux := oauthServer(t, th, &api, func(tok string) bool {
		mu.Lock()
		defer mu.Unlock()
		ok := !first // the first token is refused: a refresh shows in the logs
		first = false
		return ok
	})
	srv := testServer(t, mux.ServeHTTP)
	var out strings.Builder
	clients := []*APIClient{
		newTestClient(t, srv, UseOAuthAuth(tClientID, tClientSecret), UseLogger(logger)),
		newTestClient(t, srv, UseDigestAuth(tClientID, tPrivateKey), UseLogger(logger)),
		newTestClient(t, srv, UseAccessToken(staticToken), UseLogger(logger)),
		newTestClient(t, srv, UseOAuthAuth(tClientID, tClientSecret+"-wrong"), UseLogger(logger), UseRetryPolicy(RetryPolicy{})),
	}
	for _, c := range clients {
		_, _, err := getJob(t.Context(), c)
		cfg := c.cfg
		for _, v := range []any{c, *c, cfg, *cfg, err, c.cfg.tokens} {
			fmt.Fprintf(&out, "%v|%+v|%#v|%s\n", v, v, v, v)
		}
		_ = c.Close(t.Context())
	}
	text := out.String() + logs.String()
	for _, s := range []string{tClientSecret, tPrivateKey, staticToken, "tok-1", "tok-2", "Bearer ", "Authorization"} {
		if strings.Contains(text, s) {
			t.Errorf("%q appears in formatted values or logs:\n%s", s, text)
		}
	}
	if !strings.Contains(logs.String(), `"status":401`) {
		t.Errorf("debug log lacks the refused attempt:\n%s", logs.String())
	}
}

// A base URL with a query or fragment is refused: paths would be appended
// to the query, and the query, which may hold a key, would be in every error.
func TestBaseURLWithQuery(t *testing.T) {
	for _, u := range []string{"https://cloud.example.com/?key=s3cr3t", "https://cloud.example.com/api#s3cr3t", "https://cloud.example.com/api?", "https://cloud.example.com/api#"} {
		_, err := NewClient(UseBaseURL(u))
		if err == nil || strings.Contains(err.Error(), "s3cr3t") || !strings.Contains(err.Error(), "query or fragment") {
			t.Errorf("%s: %v", u, err)
		}
	}
}

// A base URL with credentials is refused, and the error does not show them.
func TestBaseURLWithCredentials(t *testing.T) {
	for _, u := range []string{"https://user:pa55word@cloud.example.com", "https://user:pa55word@[::1", "/user:pa55word@relative"} {
		_, err := NewClient(UseBaseURL(u))
		if err == nil {
			t.Errorf("%s: accepted", u)
			continue
		}
		if strings.Contains(err.Error(), "pa55word") {
			t.Errorf("%s: the error shows the password: %v", u, err)
		}
	}
	t.Setenv(BaseURLEnv, "https://user:pa55word@cloud.example.com")
	if _, err := NewClient(); err == nil || strings.Contains(err.Error(), "pa55word") {
		t.Errorf("from %s: %v", BaseURLEnv, err)
	}
	// UseBaseURL wins over the environment, a bad one included.
	c, err := NewClient(UseBaseURL("https://cloud.example.com/"))
	if err != nil || c.cfg.baseURL != "https://cloud.example.com" {
		t.Errorf("UseBaseURL over a bad %s: %v", BaseURLEnv, err)
	}
}
