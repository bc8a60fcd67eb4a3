package load

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDecodeIsLoadFromData holds the one-parse load to kin-openapi's own:
// for every spec in the repository, and for each construct prepare
// touches, decoding the tree gives the document LoadFromData gives the
// text (compared as JSON), and fails where LoadFromData fails.
func TestDecodeIsLoadFromData(t *testing.T) {
	files, err := filepath.Glob("../../../openapi/upstream/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir("../../../internal/testdata", func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".json")) {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 50 {
		t.Fatalf("only %d specs found", len(files))
	}
	cases := map[string]string{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		cases[f] = string(data)
	}
	head := "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n"
	cases["timestamp, local tag, numeric and alias keys, merge"] = head + `paths: {}
components:
  schemas:
    when:
      type: string
      example: 2020-06-11T16:32:50-03:00
      default: !!timestamp 2021-01-01
      description: !md hello
      x-n: !n 42
      x-map: {1: a, 0x10: b, 1_0: c}
    nums:
      type: object
      properties:
        1: {type: string}
        .5: {type: integer}
        0x10: {type: boolean}
    base: &base
      type: object
      x-key: &k name
    merged:
      <<: *base
      properties:
        *k : {type: string}
    quoted:
      type: object
      properties:
        "<<": {type: string}
`
	cases["duplicate key in JSON"] = `{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "paths": {}}`
	cases["raw U+0085 in JSON"] = "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"a\u0085b\", \"version\": \"1\"}, \"paths\": {}}"
	for name, src := range cases {
		t.Run(filepath.Base(name), func(t *testing.T) {
			data := []byte(src)
			want, werr := newLoader().LoadFromData(data)
			root, err := ParseYAML(name, "spec", data)
			if err != nil {
				if werr == nil && !strings.Contains(src, "\u0085") {
					t.Logf("refused by the YAML check only: %v", err)
				}
				return
			}
			asJSON := strings.Contains(src, "\u0085") && mayBeJSON(data)
			got, gerr := decode(root, asJSON)
			switch {
			case asJSON:
				if gerr == nil {
					t.Fatal("a JSON document with U+0085 was decoded as YAML")
				}
				return
			case werr != nil:
				if gerr == nil {
					t.Fatalf("LoadFromData refuses it (%v), decode does not", werr)
				}
				return
			case gerr != nil:
				// Left to LoadFromData, which then reads it as before.
				t.Logf("decode leaves it to LoadFromData: %v", gerr)
				return
			}
			wj, err := json.Marshal(want)
			if err != nil {
				t.Fatal(err)
			}
			gj, err := json.Marshal(got)
			if err != nil {
				t.Fatal(err)
			}
			if string(wj) != string(gj) {
				t.Errorf("decode differs from LoadFromData:\n got %.2000s\nwant %.2000s", gj, wj)
			}
		})
	}
}
