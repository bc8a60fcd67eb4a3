package admin

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/icholy/digest"
)

// A credential goes to the base URL's origin only. These tests run two
// servers on loopback: the API server, which redirects, and a witness on
// another port, reached as "localhost" (another host name) and as
// "127.0.0.1" (the same host, another port). The witness must never be
// asked anything.

const (
	digestRealm  = "MMS Public API"
	staticToken  = "static-access-T0KEN"
	querySecret  = "sig=QUERY-S3CRET" // in every redirect target: never in an error
	movedQuery   = "moved=1"
	tPostBodyKey = `"targetDeploymentItemName":"Cluster1"`
)

func digestChallenge(w http.ResponseWriter, nonce string, stale bool) {
	ch := &digest.Challenge{Realm: digestRealm, Nonce: nonce, QOP: []string{"auth"}, Algorithm: "MD5", Stale: stale}
	w.Header().Set("WWW-Authenticate", ch.String())
	w.WriteHeader(http.StatusUnauthorized)
}

// digestAnswer parses a request's Digest answer and reports whether it is
// right for tClientID and tPrivateKey, over whichever nonce it names.
func digestAnswer(r *http.Request) (*digest.Credentials, bool) {
	cred, err := digest.ParseCredentials(r.Header.Get("Authorization"))
	if err != nil {
		return nil, false
	}
	want, err := digest.Digest(&digest.Challenge{Realm: digestRealm, Nonce: cred.Nonce, QOP: []string{"auth"}, Algorithm: "MD5"},
		digest.Options{Method: r.Method, URI: r.URL.RequestURI(), Count: cred.Nc, Cnonce: cred.Cnonce, Username: tClientID, Password: tPrivateKey})
	return cred, err == nil && cred.Username == tClientID && cred.Response == want.Response
}

// authMode is one way the client authenticates, and how a server checks it.
type authMode struct {
	name string
	mod  func() ClientModifier
	ok   func(r *http.Request) bool  // the request carries the right credential
	deny func(w http.ResponseWriter) // the 401 that asks for it
}

func plain401(w http.ResponseWriter) { w.WriteHeader(http.StatusUnauthorized) }

var authModes = []authMode{
	{"bearer", func() ClientModifier { return UseAccessToken(staticToken) },
		func(r *http.Request) bool { return r.Header.Get("Authorization") == "Bearer "+staticToken }, plain401},
	{"oauth", func() ClientModifier { return UseOAuthAuth(tClientID, tClientSecret) },
		func(r *http.Request) bool { return r.Header.Get("Authorization") == "Bearer tok-1" }, plain401},
	{"digest", func() ClientModifier { return UseDigestAuth(tClientID, tPrivateKey) },
		func(r *http.Request) bool { _, ok := digestAnswer(r); return ok },
		func(w http.ResponseWriter) { digestChallenge(w, "api-nonce", false) }},
}

// witness is the other origin. It answers a request without credentials
// with a Digest challenge, and anything else with the job, so a client
// that went there would carry on and be seen.
type witness struct {
	srv  *httptest.Server
	mu   sync.Mutex
	seen []string
}

func newWitness(t *testing.T) *witness {
	w := &witness{}
	w.srv = testServer(t, func(rw http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.mu.Lock()
		w.seen = append(w.seen, r.Method+" "+r.URL.Path+" Authorization="+r.Header.Get("Authorization")+" body="+string(body))
		w.mu.Unlock()
		if r.Header.Get("Authorization") == "" {
			digestChallenge(rw, "witness-nonce", false)
			return
		}
		writeJob(rw)
	})
	return w
}

func (w *witness) requests() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.seen...)
}

// origins are two spellings of the witness's origin, both other than the
// API server's: another host name, and the same host on another port.
func (w *witness) origins() []string {
	port := w.srv.URL[strings.LastIndexByte(w.srv.URL, ':')+1:]
	return []string{"http://localhost:" + port, "http://127.0.0.1:" + port}
}

// target is where an apiServer points its redirects; it may change
// between calls, while the server runs.
type target struct{ p atomic.Pointer[string] }

func (t *target) set(s string) { t.p.Store(&s) }

func (t *target) get() string { return *t.p.Load() }

func to(s string) *target {
	var t target
	t.set(s)
	return &t
}

// apiServer is the API server of one auth mode. A request for one of the
// moves paths, unless it has already moved, is redirected (307) to the
// same path at the origin the target names. API requests that carry the mode's
// credential get the job and are logged; tokens and revocations are served
// at their paths.
type apiServer struct {
	srv     *httptest.Server
	tokens  *tokenHandler
	mu      sync.Mutex
	served  []string // method, whether it moved, and body of each answered API request
	revoked []string
	first   atomic.Int32 // requests not yet redirected
}

func newAPIServer(t *testing.T, m authMode, dest *target, moves ...string) *apiServer {
	a := &apiServer{tokens: &tokenHandler{expiresIn: 3600}}
	mux := http.NewServeMux()
	mux.Handle("POST "+tokenPath, a.tokens)
	mux.HandleFunc("POST "+revokePath, func(w http.ResponseWriter, r *http.Request) {
		a.mu.Lock()
		a.revoked = append(a.revoked, r.FormValue("token"))
		a.mu.Unlock()
	})
	job := func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if !m.ok(r) {
			m.deny(w)
			return
		}
		a.mu.Lock()
		a.served = append(a.served, r.Method+" "+r.URL.RawQuery+" "+string(body))
		a.mu.Unlock()
		writeJob(w)
	}
	mux.HandleFunc("GET "+tJobPath, job)
	mux.HandleFunc("POST "+tPostPath, job)
	a.srv = testServer(t, func(w http.ResponseWriter, r *http.Request) {
		for _, p := range moves {
			if r.URL.Path == p && !strings.Contains(r.URL.RawQuery, movedQuery) {
				a.first.Add(1)
				_, _ = io.Copy(io.Discard, r.Body)
				http.Redirect(w, r, dest.get()+r.URL.Path+"?"+movedQuery+"&"+querySecret, http.StatusTemporaryRedirect)
				return
			}
		}
		mux.ServeHTTP(w, r)
	})
	return a
}

func (a *apiServer) log() ([]string, []string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.served...), append([]string(nil), a.revoked...)
}

// call makes the GET or the POST call of the fragment.
func call(t *testing.T, c *APIClient, method string) (string, error) {
	t.Helper()
	if method == http.MethodGet {
		_, _, err := getJob(t.Context(), c)
		return "getSharedClusterBackupRestoreJob", err
	}
	body := &TenantRestore{SnapshotID: tRestore, TargetDeploymentItemName: "Cluster1"}
	_, _, err := c.SharedTierRestoreJobsApi.CreateSharedClusterBackupRestoreJob(t.Context(), tGroup, tCluster, body).Execute()
	return "createSharedClusterBackupRestoreJob", err
}

// noSecretIn fails when an error's text shows a credential, the redirect's
// query, or a path.
func noSecretIn(t *testing.T, err error) {
	t.Helper()
	for _, s := range []string{staticToken, tClientSecret, tPrivateKey, "tok-1", querySecret, movedQuery, "/api/"} {
		if strings.Contains(err.Error(), s) {
			t.Errorf("error shows %q: %v", s, err)
		}
	}
}

// TestRedirectToAnotherOriginIsRefused: for every auth mode, GET and
// POST, a 307 to another host name or another port is a *RedirectError,
// and the other origin is never asked, with or without a credential.
func TestRedirectToAnotherOriginIsRefused(t *testing.T) {
	for _, m := range authModes {
		for _, method := range []string{http.MethodGet, http.MethodPost} {
			w := newWitness(t)
			for _, other := range w.origins() {
				t.Run(m.name+"/"+method+"/"+other, func(t *testing.T) {
					api := newAPIServer(t, m, to(other), tJobPath, tPostPath)
					c := newTestClient(t, api.srv, m.mod())
					op, err := call(t, c, method)
					var re *RedirectError
					if !errors.As(err, &re) || re.OperationID != op || re.StatusCode != http.StatusTemporaryRedirect || re.Origin != api.srv.URL || re.Target != other {
						t.Fatalf("err = %v (%#v), want a *RedirectError from %s to %s", err, re, api.srv.URL, other)
					}
					noSecretIn(t, err)
					if got := w.requests(); len(got) != 0 {
						t.Fatalf("the other origin was asked: %q", got)
					}
					if n := api.first.Load(); n != 1 {
						t.Errorf("%d requests redirected, want 1: a refused redirect is not retried", n)
					}
				})
			}
		}
	}
}

// TestRedirectWithinTheOriginKeepsCredentials: a 307 to the same origin is
// followed, with the credential and, for POST, the body.
func TestRedirectWithinTheOriginKeepsCredentials(t *testing.T) {
	for _, m := range authModes {
		for _, method := range []string{http.MethodGet, http.MethodPost} {
			t.Run(m.name+"/"+method, func(t *testing.T) {
				var self target
				api := newAPIServer(t, m, &self, tJobPath, tPostPath)
				self.set(api.srv.URL)
				c := newTestClient(t, api.srv, m.mod())
				if _, err := call(t, c, method); err != nil {
					t.Fatal(err)
				}
				served, _ := api.log()
				if len(served) != 1 || !strings.HasPrefix(served[0], method+" "+movedQuery+"&"+querySecret) ||
					method == http.MethodPost && !strings.Contains(served[0], tPostBodyKey) {
					t.Fatalf("served %q, want the one %s after its redirect, with its body", served, method)
				}
			})
		}
	}
}

// TestTokenAndRevokeRedirects: the OAuth token request and the revoke
// request on Close refuse a redirect to another origin (the other origin
// never sees the client's Basic credentials nor the token in the revoke
// body), and follow one within the origin.
func TestTokenAndRevokeRedirects(t *testing.T) {
	oauth := authModes[1]
	w := newWitness(t)
	for _, other := range w.origins() {
		t.Run("token/"+other, func(t *testing.T) {
			api := newAPIServer(t, oauth, to(other), tokenPath)
			c := newTestClient(t, api.srv, oauth.mod())
			_, err := call(t, c, http.MethodGet)
			var ae *AuthError
			var re *RedirectError
			if !errors.As(err, &ae) || ae.Op != "token" || !errors.As(err, &re) || re.OperationID != "token" || re.StatusCode != http.StatusTemporaryRedirect || re.Target != other {
				t.Fatalf("err = %v, want an *AuthError for the token holding a *RedirectError to %s", err, other)
			}
			noSecretIn(t, err)
			if n := api.first.Load(); n != 1 {
				t.Errorf("%d token requests redirected, want 1", n)
			}
		})
		t.Run("revoke/"+other, func(t *testing.T) {
			api := newAPIServer(t, oauth, to(other), revokePath)
			c := newTestClient(t, api.srv, oauth.mod())
			if _, err := call(t, c, http.MethodGet); err != nil {
				t.Fatal(err)
			}
			err := c.Close(t.Context())
			var ae *AuthError
			var re *RedirectError
			if !errors.As(err, &ae) || ae.Op != "revoke" || !errors.As(err, &re) || re.OperationID != "revoke" || re.Target != other {
				t.Fatalf("Close: err = %v, want an *AuthError for the revocation holding a *RedirectError to %s", err, other)
			}
			noSecretIn(t, err)
		})
	}
	if got := w.requests(); len(got) != 0 {
		t.Fatalf("the other origin was asked: %q", got)
	}

	var self target
	api := newAPIServer(t, oauth, &self, tokenPath, revokePath)
	self.set(api.srv.URL)
	c := newTestClient(t, api.srv, oauth.mod())
	if _, err := call(t, c, http.MethodPost); err != nil {
		t.Fatalf("token redirected within the origin: %v", err)
	}
	if err := c.Close(t.Context()); err != nil {
		t.Fatalf("revoke redirected within the origin: %v", err)
	}
	if _, revoked := api.log(); len(revoked) != 1 || revoked[0] != "tok-1" || api.tokens.fetches.Load() != 1 || api.first.Load() != 2 {
		t.Errorf("revoked %q after %d token requests and %d redirects, want [tok-1] after 1 and 2", revoked, api.tokens.fetches.Load(), api.first.Load())
	}
}

// TestCredentialTransportsRefuseOtherOrigins: the transports that attach a
// credential refuse a request for another origin even when it reaches them
// without a redirect (defence in depth behind CheckRedirect).
func TestCredentialTransportsRefuseOtherOrigins(t *testing.T) {
	w := newWitness(t)
	for _, m := range authModes {
		api := newAPIServer(t, m, to(""))
		c := newTestClient(t, api.srv, m.mod())
		transports := map[string]http.RoundTripper{"api": c.cfg.client.Transport}
		if c.cfg.tokens != nil {
			transports["token"] = c.cfg.tokens.client.Transport
		}
		for name, rt := range transports {
			for _, other := range w.origins() {
				req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, other+tPostPath, strings.NewReader("token=tok-1"))
				if err != nil {
					t.Fatal(err)
				}
				req.Header.Set("Authorization", "Bearer tok-1") // as attempt sets an OAuth token
				resp, err := rt.RoundTrip(req)
				var re *RedirectError
				if resp != nil || !errors.As(err, &re) || re.StatusCode != 0 || re.Target != other || re.Origin != api.srv.URL {
					t.Errorf("%s %s transport to %s: resp %v, err %v; want a *RedirectError", m.name, name, other, resp, err)
				}
			}
		}
	}
	if got := w.requests(); len(got) != 0 {
		t.Fatalf("the other origin was asked: %q", got)
	}
}

// TestRedirectPolicyWithCallersClient: UseHTTPClient's CheckRedirect still
// decides redirects within the origin, cannot let one leave it, and the
// caller's client is not changed.
func TestRedirectPolicyWithCallersClient(t *testing.T) {
	w := newWitness(t)
	dest := to(w.origins()[0])
	api := newAPIServer(t, authModes[0], dest, tJobPath)
	var asked atomic.Int32
	check := func(*http.Request, []*http.Request) error { asked.Add(1); return nil } // follows anything
	hc := &http.Client{Transport: api.srv.Client().Transport, CheckRedirect: check}
	before := reflect.ValueOf(hc.CheckRedirect).Pointer()
	c, err := NewClient(UseBaseURL(api.srv.URL), UseHTTPClient(hc), authModes[0].mod())
	if err != nil {
		t.Fatal(err)
	}
	var re *RedirectError
	if _, err := call(t, c, http.MethodGet); !errors.As(err, &re) || asked.Load() != 0 {
		t.Fatalf("err %v after %d CheckRedirect calls, want a *RedirectError before any", err, asked.Load())
	}
	dest.set(api.srv.URL)
	if _, err := call(t, c, http.MethodGet); err != nil || asked.Load() != 1 {
		t.Fatalf("within the origin: err %v after %d CheckRedirect calls, want success after 1", err, asked.Load())
	}
	stop := errors.New("caller says no")
	hc2 := &http.Client{Transport: api.srv.Client().Transport, CheckRedirect: func(*http.Request, []*http.Request) error { return stop }}
	c2, err := NewClient(UseBaseURL(api.srv.URL), UseHTTPClient(hc2), authModes[0].mod())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := call(t, c2, http.MethodGet); !errors.Is(err, stop) {
		t.Errorf("err %v, want the caller's CheckRedirect error", err)
	}
	if reflect.ValueOf(hc.CheckRedirect).Pointer() != before || hc.Transport != api.srv.Client().Transport {
		t.Error("UseHTTPClient's client was changed")
	}
	if got := w.requests(); len(got) != 0 {
		t.Fatalf("the other origin was asked: %q", got)
	}
}

// TestOriginMatching: scheme and host compare without case, a missing port
// is the scheme's default, and any other difference is another origin.
func TestOriginMatching(t *testing.T) {
	c, err := NewClient(UseBaseURL("https://Cloud.MongoDB.com/api"))
	if err != nil {
		t.Fatal(err)
	}
	o := &c.cfg.origin
	for raw, want := range map[string]bool{
		"https://cloud.mongodb.com/api/atlas/v2":     true,
		"HTTPS://CLOUD.MONGODB.COM:443/x":            true,
		"http://cloud.mongodb.com/api":               false,
		"https://cloud.mongodb.com:8443/api":         false,
		"https://evil.cloud.mongodb.com/api":         false,
		"https://cloud.mongodb.com.evil.example/api": false,
		"https://cloud.mongodb.com@evil.example/api": false,
	} {
		req, err := http.NewRequest(http.MethodGet, raw, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := o.matches(req.URL); got != want {
			t.Errorf("%s: same origin %v, want %v", raw, got, want)
		}
	}
	if s := o.String(); s != "https://cloud.mongodb.com:443" {
		t.Errorf("origin %s", s)
	}
	msg := (&RedirectError{OperationID: "op", StatusCode: 302, Origin: o.String(), Target: "https://evil.example:443"}).Error()
	if want := "atlas: op: refused a redirect (HTTP 302) to https://evil.example:443: credentials go to the base URL's origin https://cloud.mongodb.com:443 only"; msg != want {
		t.Errorf("message %q, want %q", msg, want)
	}
}

// followingTransport follows redirects itself, as a transport built on an
// http.Client does (retrying transports often are): CheckRedirect never
// sees them.
type followingTransport struct{ next http.RoundTripper }

func (f followingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return (&http.Client{Transport: f.next}).Do(req.Clone(req.Context()))
}

// TestTransportThatFollowsRedirects: when UseHTTPClient's transport
// follows a redirect to another origin itself, the request has gone (with
// a Bearer token, which that transport carries: docs/reliability.md says so), but
// its answer is refused with a *RedirectError, and the Digest transport
// never answers the other origin's challenge.
func TestTransportThatFollowsRedirects(t *testing.T) {
	for _, m := range authModes {
		w := newWitness(t)
		for _, other := range w.origins() {
			t.Run(m.name+"/"+other, func(t *testing.T) {
				api := newAPIServer(t, m, to(other), tJobPath)
				hc := &http.Client{Transport: followingTransport{api.srv.Client().Transport}}
				c, err := NewClient(UseBaseURL(api.srv.URL), UseHTTPClient(hc), m.mod())
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { c.Close(t.Context()) })
				_, err = call(t, c, http.MethodGet)
				var re *RedirectError
				if !errors.As(err, &re) || re.Target != other || re.Origin != api.srv.URL || !re.Followed {
					t.Fatalf("err = %v, want a *RedirectError for the answer from %s", err, other)
				}
				noSecretIn(t, err)
				for _, seen := range w.requests() {
					if strings.Contains(seen, "Authorization=Digest") {
						t.Fatalf("the other origin got a Digest answer: %s", seen)
					}
				}
			})
		}
	}
}
