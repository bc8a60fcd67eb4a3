package overlay

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/atlasgen/atlasgen/generator/internal/load"
)

// TestTreeIsText: the overlaid tree, copied back to the spec parser's
// nodes, loads to the document its YAML text loads to (what the generator
// loaded before it parsed the spec once), for the shipped watchers on the
// spec they were written for and for every overlay test case whose result
// loads.
func TestTreeIsText(t *testing.T) {
	type pair struct{ spec, overlay string }
	cases := []pair{{"../../../openapi/upstream/atlas-api-2026-03-03.yaml", "../../../openapi/overlays/watchers.yaml"}}
	dirs, err := filepath.Glob("../../../internal/testdata/negative/overlay-*")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		cases = append(cases, pair{filepath.Join(d, "spec.yaml"), filepath.Join(d, "overlay.yaml")})
	}
	loaded := 0
	for _, c := range cases {
		t.Run(filepath.Base(filepath.Dir(c.spec)), func(t *testing.T) {
			spec, err := os.ReadFile(c.spec)
			if err != nil {
				t.Fatal(err)
			}
			src, err := os.ReadFile(c.overlay)
			if err != nil {
				t.Fatal(err)
			}
			f, err := Parse(c.overlay, src)
			if err != nil {
				return // the overlay's own problem, placed by Parse
			}
			r, err := Apply(c.spec, spec, []*File{f}, true)
			if err != nil {
				return
			}
			text, err := r.Data()
			if err != nil {
				t.Fatal(err)
			}
			want, werr := load.Data(c.spec, text)
			got, gerr := load.Tree(c.spec, r.Root, r.Data)
			if (werr == nil) != (gerr == nil) {
				t.Fatalf("from the text: %v; from the tree: %v", werr, gerr)
			}
			if werr != nil {
				// Placed on different trees, so compared once relocated,
				// where each finding's pointer, not its place, decides.
				if w, g := r.Relocate(werr).Error(), r.Relocate(gerr).Error(); w != g {
					t.Fatalf("from the text:\n%s\nfrom the tree:\n%s", w, g)
				}
				return
			}
			loaded++
			wj, err := json.Marshal(want.Doc)
			if err != nil {
				t.Fatal(err)
			}
			gj, err := json.Marshal(got.Doc)
			if err != nil {
				t.Fatal(err)
			}
			if string(wj) != string(gj) {
				t.Errorf("the tree loads to another document than its text:\n got %.1500s\nwant %.1500s", gj, wj)
			}
		})
	}
	if loaded == 0 {
		t.Fatal("no case loaded: nothing was compared")
	}
}
