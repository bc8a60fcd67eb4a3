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

// TestEmbeddedOverlay: the embedded watchers are overlays/watchers.yaml,
// applied by default to exactly the spec they were written for.
func TestEmbeddedOverlay(t *testing.T) {
	got, err := ReadOverlay(Watchers)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("overlays/watchers.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("atlas:watchers differs from overlays/watchers.yaml")
	}
	if _, err := ReadOverlay("atlas:nope"); err == nil || !strings.Contains(err.Error(), "holds atlas:watchers") {
		t.Errorf("an unknown overlay: %v", err)
	}
	spec, err := os.ReadFile("upstream/atlas-api-2026-03-03.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got := DefaultOverlays(spec); len(got) != 1 || got[0] != Watchers {
		t.Errorf("the 2026-03-03 spec gets %v by default", got)
	}
	older, err := os.ReadFile("upstream/atlas-api-2025-06-30.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got := DefaultOverlays(older); got != nil {
		t.Errorf("the 2025-06-30 spec, which the watchers were not written for, gets %v", got)
	}
	if got := DefaultOverlays(append(spec[:len(spec):len(spec)], '\n')); got != nil {
		t.Errorf("an edited 2026-03-03 spec gets %v", got)
	}
}
