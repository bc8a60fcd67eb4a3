package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/atlasgen/atlasgen/generator/internal/apicompat"
	"github.com/atlasgen/atlasgen/generator/internal/ir"
)

const evolutionDir = "../internal/testdata/evolution"

// breakingChanges compares the package in out with what spec would make.
func breakingChanges(t *testing.T, o options) []apicompat.Change {
	t.Helper()
	files, api, err := generate(o)
	if err != nil {
		t.Fatal(err)
	}
	old, cur, err := apicompat.Load(o.baseDir(), files)
	if err != nil {
		t.Fatal(err)
	}
	return apicompat.Classify(old, cur, api)
}

func messages(changes []apicompat.Change, class apicompat.Class) []string {
	var out []string
	for _, ch := range changes {
		if ch.Class == class {
			out = append(out, ch.Message)
		}
	}
	return out
}

// TestSpecEvolution regenerates a locked package from the spec's next
// release: it inserts union variants, gives one operation a new date of
// another shape and another a new date of the same shape, adds a property
// and an enum value, and removes an enum value. The only incompatible change
// must be the removed value.
func TestSpecEvolution(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks two packages with go list")
	}
	base, next := filepath.Join(evolutionDir, "base.yaml"), filepath.Join(evolutionDir, "next.yaml")
	out := filepath.Join(tempModule(t, nil), "admin")
	if err := run([]string{"-spec", base, "-out", out, "-q"}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	lock, err := os.ReadFile(filepath.Join(out, ir.LockFile))
	if err != nil || !strings.Contains(string(lock), "\ndefault getWidget 2023-01-01\n") {
		t.Fatalf("lock %v:\n%s", err, lock)
	}
	if src, err := os.ReadFile(filepath.Join(out, "api_widgets.go")); err != nil || !strings.Contains(string(src), ") GetWidget(") || strings.Contains(string(src), "V20230101") {
		t.Fatalf("base: want GetWidget and no method named by its one date (%v)", err)
	}

	changes := breakingChanges(t, options{spec: next, out: out, pkg: "admin"})
	var breaking []string
	for _, ch := range changes {
		if ch.Breaking() {
			breaking = append(breaking, ch.Message)
		}
	}
	if want := []string{"WidgetColorBlue: removed"}; !slices.Equal(breaking, want) || !slices.Equal(messages(changes, apicompat.Forced), want) {
		t.Errorf("incompatible changes %v, want only the removed enum value %v:\n%s", breaking, want, apicompat.Markdown("changes", changes))
	}
	// getWidget had one date, so no method named by it; its second date
	// adds a method for each date, the first's included.
	added := messages(changes, apicompat.Compatible)
	for _, want := range []string{"Widget.Size: added", "WidgetColorYellow: added", "WidgetPart.Doohickey: added", "WidgetEventTypeGammaOne: added",
		"(*WidgetsApiService).GetWidgetV20240530: added", "(*WidgetsApiService).GetWidgetV20230101: added", "(*WidgetsApiService).GetWidgetV20230101WithParams: added",
		"(*WidgetsApiService).CreateWidgetV20240530: added", "(*WidgetsApiService).CreateWidgetV20230101: added"} {
		if !slices.Contains(added, want) {
			t.Errorf("no compatible change %q in %v", want, added)
		}
	}
	ifaces := messages(changes, apicompat.InterfaceAddition)
	for _, want := range []string{"WidgetsApi.GetWidgetV20240530: added", "WidgetsApi.GetWidgetV20230101: added"} {
		if !slices.Contains(ifaces, want) {
			t.Errorf("no interface addition %q in %v", want, ifaces)
		}
	}

	// The command: release notes, and exit status 1 unless -allow-breaking.
	notes := filepath.Join(t.TempDir(), "notes.md")
	err = run([]string{"-spec", next, "-out", out, "-breaking-report", notes}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "1 incompatible change") {
		t.Errorf("without -allow-breaking: %v", err)
	}
	md, _ := os.ReadFile(notes)
	if !strings.Contains(string(md), "## Incompatible changes forced by the spec (1)\n\n- `WidgetColorBlue: removed`") {
		t.Errorf("release notes:\n%s", md)
	}
	if err := run([]string{"-spec", next, "-out", out, "-breaking-report", notes, "-allow-breaking"}, io.Discard, io.Discard); err != nil {
		t.Errorf("with -allow-breaking: %v", err)
	}

	// Moving the defaults on purpose is reported as such, not as the spec's.
	changes = breakingChanges(t, options{spec: next, out: out, pkg: "admin", upgradeDefaults: true})
	upgraded := messages(changes, apicompat.Upgraded)
	if len(upgraded) == 0 || len(messages(changes, apicompat.Generator)) > 0 || !slices.ContainsFunc(upgraded, func(m string) bool { return strings.Contains(m, "GetWidget") }) {
		t.Errorf("-upgrade-defaults: upgraded %v, generator %v", upgraded, messages(changes, apicompat.Generator))
	}

	// A name the generator changed although the spec kept its source (here a
	// hand-edited lock renames Gizmo) is reported as not forced.
	lockPath := filepath.Join(out, ir.LockFile)
	if err := os.WriteFile(lockPath, append(slices.Clone(lock), "name GizmoRenamed <- package: schema Gizmo\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	changes = breakingChanges(t, options{spec: next, out: out, pkg: "admin"})
	if gen := messages(changes, apicompat.Generator); !slices.Contains(gen, "Gizmo: removed") || !slices.Contains(gen, "WidgetPart.Gizmo: removed") {
		t.Errorf("a rename the spec did not force: not-forced changes %v", gen)
	}
	if err := os.WriteFile(lockPath, lock, 0o644); err != nil {
		t.Fatal(err)
	}

	// Regenerating for real keeps the default, and -check covers the lock.
	if err := run([]string{"-spec", next, "-out", out, "-q"}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	lock, _ = os.ReadFile(filepath.Join(out, ir.LockFile))
	if !strings.Contains(string(lock), "\ndefault getWidget 2023-01-01\n") || !strings.Contains(string(lock), "\ndefault createWidget 2023-01-01\n") {
		t.Fatalf("regenerated lock:\n%s", lock)
	}
	if err := run([]string{"-spec", next, "-out", out, "-check"}, io.Discard, io.Discard); err != nil {
		t.Fatalf("-check after regenerating: %v", err)
	}
	// A stale lock is stale output: a fact no claimant uses is dropped.
	if err := os.WriteFile(filepath.Join(out, ir.LockFile), append(lock, "name Unused <- package: schema gone\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	if err := run([]string{"-spec", next, "-out", out, "-check"}, io.Discard, &stderr); err == nil || strings.TrimSpace(stderr.String()) != "stale: "+filepath.Join(out, ir.LockFile) {
		t.Fatalf("-check with a stale lock: %v\n%s", err, stderr.String())
	}
	// An edited lock is obeyed: it moves createWidget's default, so the
	// API file is stale; -upgrade-defaults moves getWidget's and says so.
	edited := strings.Replace(string(lock), "default createWidget 2023-01-01", "default createWidget 2024-05-30", 1)
	if err := os.WriteFile(filepath.Join(out, ir.LockFile), []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	stderr.Reset()
	if err := run([]string{"-spec", next, "-out", out, "-check"}, io.Discard, &stderr); err == nil || !strings.Contains(stderr.String(), "api_widgets.go") {
		t.Fatalf("-check with an edited lock: %v\n%s", err, stderr.String())
	}
	var stdout strings.Builder
	if err := run([]string{"-spec", next, "-out", out, "-upgrade-defaults"}, &stdout, io.Discard); err != nil || !strings.Contains(stdout.String(), "default moved: getWidget: 2023-01-01 -> 2024-05-30\n") || strings.Contains(stdout.String(), "createWidget") {
		t.Fatalf("-upgrade-defaults: %v\n%s", err, stdout.String())
	}
	lock, _ = os.ReadFile(filepath.Join(out, ir.LockFile))
	if !strings.Contains(string(lock), "\ndefault getWidget 2024-05-30\n") {
		t.Fatalf("upgraded lock:\n%s", lock)
	}

	// A lock that does not parse stops the run, names the line and changes nothing.
	api, _ := os.ReadFile(filepath.Join(out, "api_widgets.go"))
	if err := os.WriteFile(lockPath, append(slices.Clone(lock), "pin everything\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	err = run([]string{"-spec", base, "-out", out, "-q"}, io.Discard, io.Discard)
	if n := strings.Count(string(lock), "\n") + 1; err == nil || !strings.Contains(err.Error(), fmt.Sprintf("%s:%d: not a lock line", lockPath, n)) {
		t.Fatalf("bad lock: %v", err)
	}
	if after, _ := os.ReadFile(filepath.Join(out, "api_widgets.go")); !bytes.Equal(after, api) {
		t.Fatal("a bad lock changed the package")
	}
}

// TestSecondDateDropped: a spec release that takes createWidget back to
// one date (two of the same shape in next.yaml, one in base.yaml) removes
// the dropped date's method, forced by the spec, and the method named by
// the date left, trimmed: CreateWidget sends that date.
func TestSecondDateDropped(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks two packages with go list")
	}
	out := filepath.Join(tempModule(t, nil), "admin")
	if err := run([]string{"-spec", filepath.Join(evolutionDir, "next.yaml"), "-out", out, "-q"}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	changes := breakingChanges(t, options{spec: filepath.Join(evolutionDir, "base.yaml"), out: out, pkg: "admin"})
	trimmed := messages(changes, apicompat.Trimmed)
	for _, want := range []string{"(*WidgetsApiService).CreateWidgetV20230101: removed", "(*WidgetsApiService).CreateWidgetV20230101WithParams: removed", "WidgetsApi.CreateWidgetV20230101: removed"} {
		if !slices.Contains(trimmed, want) {
			t.Errorf("no trimmed change %q in %v", want, trimmed)
		}
	}
	forced := messages(changes, apicompat.Forced)
	if !slices.Contains(forced, "(*WidgetsApiService).CreateWidgetV20240530: removed") || slices.ContainsFunc(forced, func(m string) bool { return strings.Contains(m, "CreateWidgetV20230101") }) {
		t.Errorf("forced %v", forced)
	}
	if gen := messages(changes, apicompat.Generator); len(gen) > 0 {
		t.Errorf("not forced %v", gen)
	}
	md := apicompat.Markdown("changes", changes)
	if !strings.Contains(md, "- `(*WidgetsApiService).CreateWidgetV20230101: removed`: createWidget has one API date, 2023-01-01, which CreateWidget sends") {
		t.Errorf("release notes:\n%s", md)
	}
}

// TestBreakingReportWithoutPackage: comparing with a directory that holds
// no Go package says so, instead of a type-checker error about a temporary
// directory.
func TestBreakingReportWithoutPackage(t *testing.T) {
	mod := tempModule(t, nil)
	err := run([]string{"-spec", filepath.Join(evolutionDir, "base.yaml"), "-out", filepath.Join(mod, "admin"), "-diff-against", mod}, io.Discard, io.Discard)
	if err == nil || err.Error() != mod+" holds no Go package to compare with" {
		t.Fatalf("-diff-against a module without a package: %v", err)
	}
}
