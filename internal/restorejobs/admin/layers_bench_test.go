package admin

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"testing"
)

// preparedTransport answers every request with a prepared response, the
// token endpoint with a token, so a benchmark measures the client alone.
type preparedTransport struct{}

var (
	preparedJob   = []byte(tJobBody)
	preparedToken = []byte(`{"access_token":"bench-token","token_type":"Bearer","expires_in":3600}`)
)

func (preparedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	body, ct := preparedJob, tMediaType
	if req.URL.Path == tokenPath {
		body, ct = preparedToken, "application/json"
	}
	if req.Body != nil {
		_ = req.Body.Close()
	}
	return &http.Response{
		StatusCode: http.StatusOK,
		Header:     http.Header{"Content-Type": {ct}},
		Body:       io.NopCloser(bytes.NewReader(body)),
		Request:    req,
	}, nil
}

// BenchmarkRuntimeLayers is one successful GetSharedClusterBackupRestoreJob
// call: bare (retries off, no auth, logger or hook) against the same call
// with the default retry policy, a logger at Info level and a sunset hook,
// and then also with an OAuth token from the cache. The layers do nothing
// on such a call; their cost is the difference.
func BenchmarkRuntimeLayers(b *testing.B) {
	stub := UseHTTPClient(&http.Client{Transport: preparedTransport{}})
	quiet := UseLogger(slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelInfo})))
	hook := UseSunsetHook(func(SunsetNotice) {})
	for _, bc := range []struct {
		name string
		mods []ClientModifier
	}{
		{"bare", []ClientModifier{stub, UseRetryPolicy(RetryPolicy{})}},
		{"retry+log+hook", []ClientModifier{stub, quiet, hook}},
		{"retry+log+hook+oauth", []ClientModifier{stub, quiet, hook, UseOAuthAuth(tClientID, tClientSecret)}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			c, err := NewClient(bc.mods...)
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			if _, _, err := getJob(ctx, c); err != nil { // token, sunset notice
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				job, _, err := getJob(ctx, c)
				if err != nil || job.GetID() != tRestore {
					b.Fatal(job, err)
				}
			}
		})
	}
}
