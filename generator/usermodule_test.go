package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestUserModule does what docs/generator.md tells a user to do in their
// own module: the generator as a tool (go get -tool writes the require and
// the tool line; here a replace points the require at this checkout, so no
// network is needed), a //go:generate line, go generate, go build and go
// vet, then one call of the generated client against a loopback server.
// The line the generator writes into doc.go must be the user's line, and
// must work alone once the user's is gone.
func TestUserModule(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command on a temporary module")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	gosum, err := os.ReadFile("../go.sum")
	if err != nil {
		t.Fatal(err)
	}
	// The spec embedded in the generator; the Clusters tag only.
	line := `//go:generate go tool github.com/atlasgen/atlasgen/generator -spec atlas:2026-03-03 -out . -package atlas -include-tags Clusters`
	for name, src := range map[string]string{
		"go.mod": "module example.com/user\n\ngo 1.26.0\n\n" +
			"replace github.com/atlasgen/atlasgen => " + root + "\n",
		"go.sum":       string(gosum),
		"atlas/gen.go": line + "\n\npackage atlas\n",
		"main.go": `package main

import (
	"context"
	"fmt"
	"log"
	"os"

	"example.com/user/atlas"
)

func main() {
	client, err := atlas.NewClient(atlas.UseAccessToken("tok"), atlas.UseBaseURL(os.Args[1]))
	if err != nil {
		log.Fatal(err)
	}
	cluster, _, err := client.ClustersApi.GetCluster(context.Background(), "32b6e34b3d91647abb20e7b8", "Cluster0").Execute()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cluster.GetName(), cluster.GetStateName())
}
`,
	} {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Offline: every module comes from the module cache this checkout's
	// own build filled.
	env := append(os.Environ(), "GOFLAGS=", "GOPROXY=off", "GOSUMDB=off", "GOWORK=off")
	gocmd := func(args ...string) string {
		t.Helper()
		return goCmdEnv(t, dir, env, args...)
	}
	// The user's steps, as docs/generator.md gives them.
	gocmd("get", "-tool", "github.com/atlasgen/atlasgen/generator")
	gocmd("generate", "./...")
	// The user runs go mod tidy now. Offline it cannot finish: it also
	// wants the modules the tests of the generator's dependencies import,
	// which the module cache need not hold. -mod=mod adds what the build
	// of the user's packages needs, which is the part tidy does for them.
	gocmd("build", "-mod=mod", "./...")
	doc, err := os.ReadFile(filepath.Join(dir, "atlas", "doc.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), "\n"+line+"\n") {
		t.Fatalf("doc.go's go:generate line is not the user's:\n%s", tail(string(doc), 12))
	}
	if _, err := os.Stat(filepath.Join(dir, "cmd")); !os.IsNotExist(err) {
		t.Errorf("a CLI was written without -cli-out: %v", err)
	}
	// doc.go's line alone regenerates the package: make it stale first.
	if err := os.Remove(filepath.Join(dir, "atlas", "gen.go")); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "atlas", "client.go")); err != nil {
		t.Fatal(err)
	}
	gocmd("generate", "./...")
	if _, err := os.Stat(filepath.Join(dir, "atlas", "client.go")); err != nil {
		t.Fatalf("doc.go's go:generate line did not regenerate the package: %v", err)
	}
	bin := filepath.Join(dir, "user")
	gocmd("build", "-o", bin, ".")
	gocmd("vet", "./...")

	var gotAuth, gotPath string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotAuth, gotPath = r.Header.Get("Authorization"), r.URL.Path
		w.Header().Set("Content-Type", r.Header.Get("Accept"))
		w.Write([]byte(`{"name":"Cluster0","stateName":"IDLE"}`))
	}))
	defer srv.Close()
	out, err := exec.Command(bin, srv.URL).CombinedOutput()
	if err != nil {
		t.Fatalf("the user's program: %v\n%s", err, out)
	}
	if strings.TrimSpace(string(out)) != "Cluster0 IDLE" || gotAuth != "Bearer tok" ||
		gotPath != "/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/clusters/Cluster0" {
		t.Errorf("printed %q; the server saw %q with %q", out, gotPath, gotAuth)
	}
}
