package main

import (
	"os"
	"strings"

	"github.com/atlasgen/atlasgen/generator/internal/load"
	"github.com/atlasgen/atlasgen/generator/internal/overlay"
	"github.com/atlasgen/atlasgen/openapi"
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

// overlaid reads -spec and applies the overlays: the bytes to load, and
// what places the findings of the overlaid spec (nil without overlays).
func overlaid(o options) ([]byte, *overlay.Result, error) {
	data, err := readSpec(o.spec)
	if err != nil {
		return nil, nil, err
	}
	names := o.overlays(data)
	if len(names) == 0 {
		return data, nil, nil
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
			return nil, nil, err
		}
		files = append(files, f)
	}
	if err := load.NewError(fs); err != nil {
		return nil, nil, err
	}
	r, err := overlay.Apply(o.spec, data, files, o.allowUnmatched)
	if err != nil {
		return nil, nil, err
	}
	return r.Data, r, nil
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
	data, r, err := overlaid(o)
	if err != nil {
		return nil, nil, err
	}
	spec, err := load.Data(o.spec, data)
	return spec, r, r.Relocate(err)
}
