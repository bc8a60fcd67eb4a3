package templates

import (
	"regexp"
	"slices"
	"testing"
)

// TestCLIFlags finds every flag the command-line runtime declares and
// requires it in CLIFlags, long and short: a flag added to the template
// and not to the list would let a parameter of its name through, and the
// generated CLI would panic (flag redefined) on that operation.
func TestCLIFlags(t *testing.T) {
	src, err := cliFiles.ReadFile("cli/commands.go.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	// fs.StringVar(&f.jq, "jq", ...), fs.BoolVarP(&f.rawOutput, "raw-output", "r", ...)
	// and root.PersistentFlags().StringVarP(&c.profile, "profile", "P", ...).
	decl := regexp.MustCompile(`(?:fs|Flags\(\))\.\w+Var(P?)\(&[\w.]+, "([^"]+)"(?:, "([^"]*)")?`)
	var found []string
	for _, m := range decl.FindAllStringSubmatch(string(src), -1) {
		found = append(found, "--"+m[2])
		if m[1] == "P" && m[3] != "" {
			found = append(found, "-"+m[3])
		}
	}
	found = append(found, "--help", "-h") // cobra's, on every command
	if len(found) < 15 {
		t.Fatalf("found only %d flags in the template: %v", len(found), found)
	}
	list := CLIFlags()
	for _, f := range found {
		if !slices.Contains(list, f) {
			t.Errorf("the template declares %s, which CLIFlags lacks", f)
		}
	}
	for _, f := range list {
		if !slices.Contains(found, f) {
			t.Errorf("CLIFlags has %s, which the template does not declare", f)
		}
	}
}
