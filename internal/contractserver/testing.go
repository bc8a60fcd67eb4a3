package contractserver

import (
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// Start serves the fragment's contract with opts on a loopback server for
// the length of the test, and fails the test if any request broke the
// contract.
func Start(t testing.TB, opts Options) (*Server, *httptest.Server) {
	t.Helper()
	spec, err := LoadFragment()
	if err != nil {
		t.Fatal(err)
	}
	opts.Spec = spec
	cs := New(opts)
	srv := httptest.NewServer(cs)
	t.Cleanup(func() {
		srv.Close()
		if v := cs.Violations(); len(v) > 0 {
			t.Errorf("the client broke the contract: %v", v)
		}
	})
	return cs, srv
}

var docsExampleMarker = regexp.MustCompile(`Response examples \((\d+)\)\n`)

// DocsExamples reads the docs page copy at path (internal/testdata/reference)
// and returns its response examples by status: 200, 400, 404 and 500.
func DocsExamples(t testing.TB, path string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	parts := docsExampleMarker.Split(string(b), -1)
	for i, m := range docsExampleMarker.FindAllStringSubmatch(string(b), -1) {
		out[m[1]] = strings.TrimSpace(parts[i+1])
	}
	if len(out) != 4 {
		t.Fatalf("docs page has examples for %v, want 200, 400, 404 and 500", out)
	}
	return out
}

// apiOnce loads the whole API once per test binary: LoadAPI takes about
// half a second, and a Spec is only read.
var apiOnce = sync.OnceValues(LoadAPI)

// StartLifecycle is Start with lc serving clusters of the whole API
// (lc.API is set by LoadAPI).
func StartLifecycle(t testing.TB, opts Options, lc Lifecycle) (*Server, *httptest.Server) {
	t.Helper()
	api, err := apiOnce()
	if err != nil {
		t.Fatal(err)
	}
	lc.API = api
	opts.Lifecycle = &lc
	return Start(t, opts)
}
