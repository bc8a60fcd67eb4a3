package admin

import (
	"errors"
	"testing"
)

// TestErrorTextWhateverTheShape: ResponseError's strings come from the
// body whatever JSON the fields hold, and the typed model is kept only
// when the body fits it.
func TestErrorTextWhateverTheShape(t *testing.T) {
	for _, tc := range []struct {
		body                 string
		code, reason, detail string
		model                bool
	}{
		{`{"error":404,"errorCode":"RESTORE_NOT_FOUND","reason":"Not Found","detail":"No restore job."}`, "RESTORE_NOT_FOUND", "Not Found", "No restore job.", true},
		{`{"errorCode":42,"reason":{"a": [1, 2]},"detail":null}`, "42", `{"a":[1,2]}`, "", false},
		{`{"errorCode":["A","B"],"reason":true}`, `["A","B"]`, "true", "", false},
		{`not json`, "", "", "", false},
	} {
		err := responseError("op", 400, []byte(tc.body))
		var re *ResponseError
		if !errors.As(err, &re) {
			t.Fatalf("%T", err)
		}
		if re.ErrorCode != tc.code || re.Reason != tc.reason || re.Detail != tc.detail {
			t.Errorf("%s: got %q %q %q, want %q %q %q", tc.body, re.ErrorCode, re.Reason, re.Detail, tc.code, tc.reason, tc.detail)
		}
		if (re.Model != nil) != tc.model {
			t.Errorf("%s: model %v, want one: %v", tc.body, re.Model, tc.model)
		}
		if tc.code != "" && !IsErrorCode(err, tc.code) {
			t.Errorf("%s: IsErrorCode(%q) is false", tc.body, tc.code)
		}
	}
}
