package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestOutputFormat: a JSON answer is indented on a terminal, compact on a
// pipe and in --output-file, whatever spacing it came with. A terminal is
// not something the end-to-end tests can give the binary, so this drives
// the printer with the flag the terminal check sets.
func TestOutputFormat(t *testing.T) {
	body := []byte(`{"id": "a",  "n": [1, 2]}`)
	for _, c := range []struct {
		tty  bool
		want string
	}{
		{true, "{\n  \"id\": \"a\",\n  \"n\": [\n    1,\n    2\n  ]\n}\n"},
		{false, `{"id":"a","n":[1,2]}` + "\n"},
	} {
		var out bytes.Buffer
		c2 := &cli{stdout: &out, stdoutTTY: c.tty}
		write, err := c2.outputter(&callFlags{})
		if err != nil {
			t.Fatal(err)
		}
		if err := write(body); err != nil {
			t.Fatal(err)
		}
		if out.String() != c.want {
			t.Errorf("tty %v: %q, want %q", c.tty, out.String(), c.want)
		}
	}
	file := filepath.Join(t.TempDir(), "out.json")
	var out bytes.Buffer
	write, err := (&cli{stdout: &out, stdoutTTY: true}).outputter(&callFlags{outputFile: file})
	if err != nil {
		t.Fatal(err)
	}
	if err := write(body); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(file); err != nil || string(got) != `{"id":"a","n":[1,2]}`+"\n" || out.Len() != 0 {
		t.Fatalf("--output-file got %q (%v), stdout %q", got, err, out.String())
	}
}
