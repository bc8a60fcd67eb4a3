package admin

import (
	"encoding/json"
	"reflect"
	"testing"
)

// Every property, whatever its script, is an exported field that
// encoding/json fills, under its exact JSON name.
func TestUnicodeRoundTrip(t *testing.T) {
	in := `{"名前":"a","größe":1,"Größe":"b","ключ":"c","مفتاح":"d","ßeta":true,"𝐀lpha":"e","état":"ÜBER","farbe":"青"}`
	var d Ding
	if err := json.Unmarshal([]byte(in), &d); err != nil {
		t.Fatal(err)
	}
	if d.X名前 != "a" || d.GetGröße2() != 1 || d.GetGröße() != "b" || d.GetКлюч() != "c" || d.GetXمفتاح() != "d" || !d.GetXßeta() ||
		d.Get𝐀lpha() != "e" || d.GetÉtat() != EtatÜber || d.GetFarbe() != Farbe青 {
		t.Fatalf("decoded %+v", d)
	}
	out, err := json.Marshal(&d)
	if err != nil {
		t.Fatal(err)
	}
	var a, b map[string]any
	_ = json.Unmarshal([]byte(in), &a)
	_ = json.Unmarshal(out, &b)
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("round trip:\n in %s\nout %s", in, out)
	}
	// The enum values keep their text.
	for c, want := range map[Etat]string{EtatÜber: "ÜBER", EtatÜber2: "über", EtatÉté: "ÉTÉ", Etat名前: "名前", EtatMinus١: "-١"} {
		if string(c) != want {
			t.Errorf("%q, want %q", c, want)
		}
	}
}
