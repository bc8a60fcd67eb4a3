package openapi

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestEmbedded: each embedded spec is its upstream file, byte for byte, and
// a name the generator does not hold gets the list of those it does.
func TestEmbedded(t *testing.T) {
	names := Names()
	if len(names) == 0 {
		t.Fatal("no spec embedded")
	}
	for _, name := range names {
		got, err := Read(name)
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile("upstream/atlas-api-" + strings.TrimPrefix(name, Prefix) + ".yaml")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from its upstream file", name)
		}
	}
	for _, bad := range []string{"atlas:2019-01-01", "atlas:../upstream/atlas-api-2026-03-03", "2026-03-03"} {
		if _, err := Read(bad); err == nil || !strings.Contains(err.Error(), "which holds "+names[0]) {
			t.Errorf("%s: %v", bad, err)
		}
	}
}
