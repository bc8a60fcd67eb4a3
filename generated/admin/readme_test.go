package admin_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadmeQuickStartBuilds compiles the README's first Go snippet (the
// quick start: a client, a GET, create a cluster and wait for IDLE) as the
// body of a main function, so a change of the API the README shows fails
// here. The snippet's own comment says what body is; the test declares it.
func TestReadmeQuickStartBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go build")
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(readme), "```go\n")
	snippet, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 || !strings.Contains(snippet, "ExecuteAndWait(") {
		t.Fatalf("the README's first Go snippet is not the quick start with ExecuteAndWait:\n%s", snippet)
	}
	src := `package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/atlasgen/atlasgen/generated/admin"
)

func main() {
	var body *admin.ClusterDescription20240805
` + snippet + `}
`
	// The program is placed in this module by go build's -overlay, in a
	// directory that does not exist, so nothing is written to the tree.
	dir := t.TempDir()
	main := filepath.Join(dir, "main.go")
	if err := os.WriteFile(main, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	pkg, err := filepath.Abs("readme_quickstart_test_only")
	if err != nil {
		t.Fatal(err)
	}
	overlay, err := json.Marshal(map[string]map[string]string{"Replace": {filepath.Join(pkg, "main.go"): main}})
	if err != nil {
		t.Fatal(err)
	}
	ov := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(ov, overlay, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "build", "-overlay", ov, "-o", os.DevNull, "./readme_quickstart_test_only")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the README's quick start does not build: %v\n%s\n%s", err, out, src)
	}
}
