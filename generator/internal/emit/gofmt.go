package emit

import (
	"fmt"
	"strings"
	"sync"

	"github.com/dave/jennifer/jen"
)

// gofmtTexts remembers code as go/format writes it, by jennifer's
// unformatted text of it. The methods' literals measure their items to
// choose one line or several, and most items (a parameter's field and
// argument, its value as text) recur across operations: go/format runs on
// each distinct one once. Formatting is a function of the text, so the
// result is what formatting every time gives. The emit workers share it.
type gofmtTexts struct {
	mu sync.Mutex
	m  map[string]string
}

// text is c, an element of a composite literal (or the braces of one), as
// go/format writes it there.
func (t *gofmtTexts) text(c jen.Code) string {
	f := jen.NewFile("p")
	f.NoFormat = true
	f.Add(c)
	key := f.GoString()
	t.mu.Lock()
	s, ok := t.m[key]
	t.mu.Unlock()
	if ok {
		return s
	}
	s = elementText(c)
	t.mu.Lock()
	t.m[key] = s
	t.mu.Unlock()
	return s
}

// elementText formats c where the literals hold it, as an element of a
// composite literal. Formatted alone (jennifer's GoString), go/format reads
// a fragment as statements: a key-value pair (GroupID: groupID) becomes a
// label on a line of its own and braces ({x}, a literal's) a block over
// three lines, so a literal measured so never fits on one line.
func elementText(c jen.Code) string {
	const open, close = "_ = []any{", "}"
	s := fmt.Sprintf("%#v", jen.Id("_").Op("=").Index().Any().Values(c))
	return strings.TrimSuffix(strings.TrimPrefix(s, open), close)
}
