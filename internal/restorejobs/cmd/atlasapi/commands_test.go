package main

import "testing"

// TestParseKind: each kind takes what the client could send, and refuses
// the rest before anything is sent.
func TestParseKind(t *testing.T) {
	for _, c := range []struct {
		kind, in, want string
		ok             bool
	}{
		{"integer", "042", "42", true},
		{"integer", "4.2", "", false},
		{"number", "1e3", "1000", true},
		{"number", "NaN", "", false},
		{"number", "+Inf", "", false},
		{"number", "-infinity", "", false},
		{"boolean", "1", "true", true},
		{"date-time", "2024-05-30T12:00:00+02:00", "2024-05-30T12:00:00+02:00", true},
		{"date-time", "2024-05-30", "", false},
		{"string", "NaN", "NaN", true},
	} {
		got, err := parseKind(c.kind, c.in)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("%s %q: %q, %v", c.kind, c.in, got, err)
		}
	}
}
