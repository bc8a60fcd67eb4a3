package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/atlasgen/atlasgen/generator/internal/apicompat"
	"github.com/atlasgen/atlasgen/generator/internal/ir"
	"github.com/atlasgen/atlasgen/generator/internal/write"
)

// compareMode reports whether the run compares APIs instead of writing.
func (o options) compareMode() bool { return o.diffAgainst != "" || o.breakingReport != "" }

// baseDir is the package a compare-mode run compares with, and whose lock
// the run keeps.
func (o options) baseDir() string {
	if o.diffAgainst != "" {
		return o.diffAgainst
	}
	return o.out
}

// breakingReport generates in memory, compares the Go API with the package
// in baseDir, and writes Markdown release notes. Nothing else is written.
func breakingReport(o options, stdout, stderr io.Writer) error {
	files, api, err := generate(o)
	if err != nil {
		return err
	}
	base := o.baseDir()
	_, statErr := os.Stat(filepath.Join(base, ir.LockFile))
	hasLock := statErr == nil
	old, cur, err := apicompat.Load(base, files)
	if err != nil {
		return err
	}
	changes := apicompat.Classify(old, cur, api)
	md := apicompat.Markdown(fmt.Sprintf("Go API changes: %s regenerated from %s", filepath.ToSlash(base), filepath.Base(o.spec)), changes)
	if !hasLock {
		md += "\nNote: " + filepath.ToSlash(base) + " has no " + ir.LockFile + ", so defaults were picked afresh: a method whose type changed may be a moved default rather than a spec change.\n"
	}
	md += nameMovesMarkdown(api)
	if o.breakingReport == "" || o.breakingReport == "-" {
		fmt.Fprint(stdout, md)
	} else if _, err := write.ApplyFile(o.breakingReport, []byte(md)); err != nil {
		return err
	}
	breaking := 0
	for _, ch := range changes {
		if ch.Breaking() {
			breaking++
		}
	}
	n := apicompat.Counts(changes)
	fmt.Fprintf(stderr, "API changes: %d incompatible not forced, %d dated methods of one-date operations dropped, %d from -adopt-atlas-names, %d from -upgrade-defaults, %d forced by the spec, %d methods added to interfaces, %d compatible\n",
		n[apicompat.Generator], n[apicompat.Trimmed], n[apicompat.Adopted], n[apicompat.Upgraded], n[apicompat.Forced], n[apicompat.InterfaceAddition], n[apicompat.Compatible])
	if breaking > 0 && !o.allowBreaking {
		return fmt.Errorf("%d incompatible changes to the Go API of %s; -allow-breaking accepts them", breaking, base)
	}
	return nil
}

// nameMovesMarkdown lists, for a run with -adopt-atlas-names, every
// operation whose Go names move, and first those whose positional
// parameters change order: the compiler catches a renamed method, but not
// two strings swapped.
func nameMovesMarkdown(api *ir.API) string {
	if len(api.NameMoves) == 0 {
		return ""
	}
	var b strings.Builder
	var reordered []ir.NameMove
	for _, m := range api.NameMoves {
		if m.FromArgs != nil {
			reordered = append(reordered, m)
		}
	}
	fmt.Fprintf(&b, "\n## Names moved by -adopt-atlas-names (%d operations)\n\n", len(api.NameMoves))
	b.WriteString("Methods and request types take Atlas's names (x-xgen-operation-id-override), as the official SDK does; positional parameters take the spec's order.\n")
	if len(reordered) > 0 {
		fmt.Fprintf(&b, "\n### Positional parameters in another order (%d): check every call, the compiler may not\n\n", len(reordered))
		for _, m := range reordered {
			fmt.Fprintf(&b, "- %s\n", m)
		}
	}
	fmt.Fprintf(&b, "\n### Every move\n\n")
	for _, m := range api.NameMoves {
		fmt.Fprintf(&b, "- %s\n", m)
	}
	return b.String()
}
