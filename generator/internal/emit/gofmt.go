package emit

import (
	"fmt"
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

// text is c as go/format writes it (jennifer's GoString).
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
	s = fmt.Sprintf("%#v", c)
	t.mu.Lock()
	t.m[key] = s
	t.mu.Unlock()
	return s
}
