package main

import (
	"bytes"
	"os"
	"path/filepath"
)

// thisModule is the module path of this repository, and of the generator
// in a user's go.mod.
const thisModule = "github.com/atlasgen/atlasgen"

// repoTargets is what this repository generates and ships: what `go run
// ./generator` with no selection flags regenerates, and what -check guards.
// This is the one place that says so; paths are relative to root (the
// repository's root).
//
//   - generated/admin and generated/cmd/atlasapi: the whole API of the
//     newest upstream spec, the package users import and the CLI. The
//     spec's bytes are the embedded spec's, so the shipped watchers apply
//     by default (openapi.DefaultOverlays), as in a user's module.
//   - internal/restorejobs: the seed's restore-job fragment, the small
//     package the runtime tests, the contract server and the docs page's
//     sample run against (its goldens are internal/testdata/restorejobs).
func repoTargets(root string) []options {
	at := func(p string) string { return filepath.Join(root, filepath.FromSlash(p)) }
	return []options{
		{spec: at("openapi/upstream/atlas-api-2026-03-03.yaml"), out: at("generated/admin"), pkg: "admin", cliOut: at("generated/cmd/atlasapi")},
		{spec: at("openapi/atlas-restore-jobs.yaml"), out: at("internal/restorejobs/admin"), pkg: "admin", cliOut: at("internal/restorejobs/cmd/atlasapi")},
	}
}

// inThisRepo reports whether dir is this repository's root: the only place
// where a run without -spec means "regenerate what the repository ships".
func inThisRepo(dir string) bool {
	data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return false
	}
	first, _, _ := bytes.Cut(data, []byte("\n"))
	return string(bytes.TrimSpace(first)) == "module "+thisModule
}
