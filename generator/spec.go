package main

import (
	"os"
	"strings"

	"github.com/atlasgen/atlasgen/generator/internal/load"
	"github.com/atlasgen/atlasgen/openapi"
)

// embeddedSpec reports whether -spec names a spec built into the generator
// (atlas:2026-03-03) rather than a file.
func embeddedSpec(spec string) bool { return strings.HasPrefix(spec, openapi.Prefix) }

// readSpec returns the bytes -spec names: a file, or an embedded spec.
func readSpec(name string) ([]byte, error) {
	var (
		data []byte
		err  error
	)
	if embeddedSpec(name) {
		data, err = openapi.Read(name)
	} else {
		data, err = os.ReadFile(name)
	}
	if err != nil {
		msg := err.Error()
		if pe, ok := err.(*os.PathError); ok {
			msg = pe.Err.Error()
		}
		// No file, so no node: the place is the file's start.
		return nil, load.NewError([]load.Finding{{File: name, Line: 1, Column: 1, Message: "cannot read spec: " + msg}})
	}
	return data, nil
}

// loadSpec reads and loads -spec.
func loadSpec(name string) (*load.Spec, error) {
	data, err := readSpec(name)
	if err != nil {
		return nil, err
	}
	return load.Data(name, data)
}
