package emit

import (
	"testing"

	"github.com/dave/jennifer/jen"
)

// TestLiteralMeasuresElements: the methods' literals measure each item as
// gofmt writes it inside the literal, so one that fits in maxLine columns
// is written on one line (the positional form's request, the args).
func TestLiteralMeasuresElements(t *testing.T) {
	e := &emitter{texts: &gofmtTexts{m: map[string]string{}}}
	for c, want := range map[jen.Code]string{
		jen.Id("GroupID").Op(":").Id("groupID"):                                                  "GroupID: groupID",
		jen.Values(jen.Id("r").Dot("params").Dot("GroupID")):                                     "{r.params.GroupID}",
		jen.Id("optional").Call(jen.Id("r").Dot("params").Dot("Pretty"), jen.Id("formatString")): "optional(r.params.Pretty, formatString)",
	} {
		if got := e.texts.text(c); got != want {
			t.Errorf("text: got %q, want %q", got, want)
		}
	}
	short, spans := e.literalSpans(len("\treturn XApiRequest"), jen.Id("ApiService").Op(":").Id("a"), jen.Id("ctx").Op(":").Id("ctx"),
		jen.Id("params").Op(":").Id("XApiParams").Values(jen.Id("GroupID").Op(":").Id("groupID")))
	if spans {
		t.Errorf("a short literal spans lines: %q", e.texts.text(short))
	}
	if _, spans := e.literalSpans(maxLine-len("{x}")+1, jen.Id("x")); !spans {
		t.Errorf("a literal past %d columns is on one line", maxLine)
	}
}
