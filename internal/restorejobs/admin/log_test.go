package admin

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"testing"
)

// TestDebugLog: one Debug line per attempt with method, path, status,
// duration, attempt, request id and rate-limit counters; a retried attempt
// says how long the client waits.
func TestDebugLog(t *testing.T) {
	withID := func(code int) step {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Request-Id", "req-"+http.StatusText(code)[:2])
			w.Header().Set("RateLimit-Limit", "100")
			w.Header().Set("RateLimit-Remaining", "42")
			if code != 200 {
				w.WriteHeader(code)
				return
			}
			writeJob(w)
		}
	}
	var logs bytes.Buffer
	_, _, _, mk := script(t, withID(503), withID(200))
	c := mk(UseLogger(slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))), UseAccessToken("tkn-123"))
	if _, _, err := getJob(t.Context(), c); err != nil {
		t.Fatal(err)
	}
	var lines []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatal(err)
		}
		if m["level"] == "DEBUG" {
			lines = append(lines, m)
		}
	}
	if len(lines) != 2 {
		t.Fatalf("%d Debug lines, want 2:\n%s", len(lines), logs.String())
	}
	for i, want := range []map[string]any{
		{"attempt": 1.0, "status": 503.0, "request_id": "req-Se"},
		{"attempt": 2.0, "status": 200.0, "request_id": "req-OK"},
	} {
		want["method"], want["path"], want["operation"] = "GET", tJobPath, "getSharedClusterBackupRestoreJob"
		want["ratelimit_remaining"], want["ratelimit_limit"] = "42", "100"
		for k, v := range want {
			if lines[i][k] != v {
				t.Errorf("line %d: %s = %v, want %v", i, k, lines[i][k], v)
			}
		}
		if _, ok := lines[i]["duration"]; !ok {
			t.Errorf("line %d has no duration", i)
		}
	}
	if _, ok := lines[0]["retry_in"]; !ok {
		t.Error("the retried attempt does not say when it is retried")
	}
	if strings.Contains(logs.String(), "tkn-123") || strings.Contains(logs.String(), "Authorization") {
		t.Errorf("log shows a credential:\n%s", logs.String())
	}
}

// captureHandler records every log record it is given.
type captureHandler struct{ n *int }

func (h captureHandler) Enabled(context.Context, slog.Level) bool  { return true }
func (h captureHandler) Handle(context.Context, slog.Record) error { *h.n++; return nil }
func (h captureHandler) WithAttrs([]slog.Attr) slog.Handler        { return h }
func (h captureHandler) WithGroup(string) slog.Handler             { return h }

// TestNoLoggingByDefault: without UseLogger the client logs nothing, not
// even through slog's default logger.
func TestNoLoggingByDefault(t *testing.T) {
	n := 0
	prev := slog.Default()
	slog.SetDefault(slog.New(captureHandler{&n}))
	defer slog.SetDefault(prev)
	_, c, _, _ := script(t, status(503), ok)
	if _, _, err := getJob(t.Context(), c); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("%d records reached slog's default logger", n)
	}
}
