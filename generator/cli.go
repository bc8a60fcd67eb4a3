package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/atlasgen/atlasgen/generator/internal/apicompat"
	"github.com/atlasgen/atlasgen/generator/internal/emit"
	"github.com/atlasgen/atlasgen/generator/internal/ir"
	"github.com/atlasgen/atlasgen/generator/internal/load"
)

// cliDir is where the command-line client goes: -cli-out, "" for none. The
// CLI is written only when asked: it pulls cobra, gojq and go-toml into the
// user's go.mod. This repository's own targets ask (repo.go).
func (o options) cliDir() string { return o.cliOut }

// generateCLI renders the command-line client over the client package
// generated into o.out.
func generateCLI(api *ir.API, o options) (map[string][]byte, error) {
	if err := load.NewError(api.CLIFindings); err != nil {
		return nil, err
	}
	root, mod, err := moduleOf(o.out)
	if err != nil {
		return nil, fmt.Errorf("-cli-out %s: %w", o.cliDir(), err)
	}
	abs, err := filepath.Abs(o.out)
	if err != nil {
		return nil, err
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil {
		return nil, err
	}
	return emit.CLIFiles(api, emit.CLIOptions{
		AdminImport:      path.Join(mod, filepath.ToSlash(rel)),
		AdminPackage:     o.pkg,
		GeneratorVersion: version,
	})
}

// moduleOf finds the go.mod above dir (which need not exist yet) and
// returns the module's root directory and path.
func moduleOf(dir string) (root, module string, err error) {
	root, data, err := apicompat.FindModule(dir)
	if errors.Is(err, apicompat.ErrNoModule) {
		return "", "", fmt.Errorf("%s is not inside a Go module, so the command-line client cannot import the client package", dir)
	}
	if err != nil {
		return "", "", err
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if m, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "module "); ok {
			return root, strings.Trim(strings.TrimSpace(m), `"`), nil
		}
	}
	return "", "", fmt.Errorf("%s has no module line", filepath.Join(root, "go.mod"))
}
