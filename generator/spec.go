package main

import (
	"os"
	"strings"

	"github.com/atlasgen/atlasgen/generator/internal/load"
	"github.com/atlasgen/atlasgen/generator/internal/overlay"
	"github.com/atlasgen/atlasgen/openapi"
	"go.yaml.in/yaml/v4"
)

// embeddedSpec reports whether -spec (or -overlay) names a file built into
// the generator (atlas:2026-03-03, atlas:watchers) rather than a file.
func embeddedSpec(spec string) bool { return strings.HasPrefix(spec, openapi.Prefix) }

// readSpec returns the bytes -spec names: a file, or an embedded spec.
func readSpec(name string) ([]byte, error) { return readInput(name, "spec", openapi.Read) }

// readInput returns the bytes of a file, or of what embedded reads for an
// atlas: name; what ("spec", "overlay") names it in the message.
func readInput(name, what string, embedded func(string) ([]byte, error)) ([]byte, error) {
	var (
		data []byte
		err  error
	)
	if embeddedSpec(name) {
		data, err = embedded(name)
	} else {
		data, err = os.ReadFile(name)
	}
	if err != nil {
		msg := err.Error()
		if pe, ok := err.(*os.PathError); ok {
			msg = pe.Err.Error()
		}
		// No file, so no node: the place is the file's start.
		return nil, load.NewError([]load.Finding{{File: name, Line: 1, Column: 1, Message: "cannot read " + what + ": " + msg}})
	}
	return data, nil
}

// overlays are the overlays to apply to the spec data, in order: the
// default ones (unless -default-overlay=false), then each -overlay.
func (o options) overlays(data []byte) []string {
	var names []string
	if !o.noDefaultOverlay {
		names = openapi.DefaultOverlays(data)
	}
	return append(names, o.overlayFiles...)
}

// overlaid reads -spec, parses it and applies the overlays: the tree to
// load, its YAML text (read only by -write-spec, and to report what
// kin-openapi refuses), and what places the findings of the overlaid spec
// (nil without overlays). The spec is parsed once.
func overlaid(o options) (*yaml.Node, func() ([]byte, error), *overlay.Result, error) {
	data, err := readSpec(o.spec)
	if err != nil {
		return nil, nil, nil, err
	}
	// A spec that is not YAML is reported after the overlays' problems.
	root, specErr := load.ParseYAML(o.spec, "spec", data)
	names := o.overlays(data)
	if len(names) == 0 {
		return root, func() ([]byte, error) { return data, nil }, nil, specErr
	}
	// Every overlay is read and checked before any is applied, so one run
	// names the problems of all of them.
	var (
		files []*overlay.File
		fs    []load.Finding
	)
	for _, name := range names {
		f, err := readOverlay(name)
		if le, ok := err.(*load.Error); ok {
			fs = append(fs, le.Findings...)
			continue
		}
		if err != nil {
			return nil, nil, nil, err
		}
		files = append(files, f)
	}
	if err := load.NewError(fs); err != nil {
		return nil, nil, nil, err
	}
	if specErr != nil {
		return nil, nil, nil, specErr
	}
	r, err := overlay.ApplyTree(o.spec, root, files, o.allowUnmatched)
	if err != nil {
		return nil, nil, nil, err
	}
	return r.Root, r.Data, r, nil
}

func readOverlay(name string) (*overlay.File, error) {
	data, err := readInput(name, "overlay", openapi.ReadOverlay)
	if err != nil {
		return nil, err
	}
	return overlay.Parse(name, data)
}

// loadSpec reads -spec, applies the overlays and loads the result. A
// finding of the overlaid spec is placed where its text was written, in
// the spec or in an overlay.
func loadSpec(o options) (*load.Spec, *overlay.Result, error) {
	root, text, r, err := overlaid(o)
	if err != nil {
		return nil, nil, err
	}
	spec, err := load.Tree(o.spec, root, text)
	return spec, r, r.Relocate(err)
}
