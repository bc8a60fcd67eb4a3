package main

import (
	"fmt"
	"io"

	"github.com/atlasgen/atlasgen/generator/internal/cut"
	"github.com/atlasgen/atlasgen/generator/internal/load"
	"github.com/atlasgen/atlasgen/generator/internal/write"
)

// cutSpec writes the selected part of the spec (the -write-spec mode), with
// the overlays applied.
func cutSpec(o options, stdout io.Writer) error {
	root, text, applied, err := overlaid(o)
	if err != nil {
		return err
	}
	// Load first, so a broken spec fails with the same findings as generation.
	if _, err := load.Tree(o.spec, root, text); err != nil {
		return applied.Relocate(err)
	}
	data, err := text()
	if err != nil {
		return err
	}
	out, err := cut.Cut(data, o.selection())
	if err != nil {
		return fmt.Errorf("%s: %w", o.spec, err)
	}
	changed, err := write.ApplyFile(o.writeSpec, out)
	if err != nil {
		return err
	}
	if !o.quiet {
		state := "unchanged"
		if changed {
			state = "written"
		}
		fmt.Fprintf(stdout, "%s -> %s: %d bytes, %s\n", o.spec, o.writeSpec, len(out), state)
	}
	return nil
}
