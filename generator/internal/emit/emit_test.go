package emit

import (
	"errors"
	"strings"
	"testing"
)

func TestRenderErrorCutsTheSource(t *testing.T) {
	err := renderError("models_a.go", errors.New("Error 228:68: expected operand, found ']' (and 10 more errors) while formatting source:\npackage admin\n\ntype A struct{}\n"))
	if got := err.Error(); !strings.Contains(got, "rendering models_a.go: Error 228:68: expected operand") || strings.Contains(got, "package admin") {
		t.Fatalf("%s", got)
	}
}
