package emit

import (
	"bytes"
	"encoding/json"

	"github.com/dave/jennifer/jen"

	"github.com/atlasgen/atlasgen/generator/internal/ir"
)

// ExamplesTest renders a _test.go file for the generated package that
// decodes every example of the spec into its generated type, re-encodes it,
// and compares the two for the fields the type has. The generator's own
// tests drop it next to a generated package and run it; it is not part of
// the package users get.
func ExamplesTest(api *ir.API, pkg string) (map[string][]byte, error) {
	f := jen.NewFile(pkg)
	f.HeaderComment(Header(api.SpecFile))
	f.Var().Id("exampleCases").Op("=").Index().Struct(
		jen.Id("where").String(),
		jen.Id("json").String(),
		jen.Id("newT").Func().Params().Any(),
	).ValuesFunc(func(g *jen.Group) {
		for _, ex := range api.Examples {
			src, err := json.Marshal(ex.Value)
			if err != nil {
				continue // YAML that has no JSON form (map keys that are not strings)
			}
			g.Values(jen.Lit(ex.Where), jen.Lit(string(src)), jen.Func().Params().Any().Block(jen.Return(jen.New(typ(ex.Type)))))
		}
	})
	f.Comment("requestCases are the request bodies of the request walk (see requestCases in")
	f.Comment("the generator), each with the method's endpoint, the API version it is sent")
	f.Comment("in and its path, parameters filled in.")
	f.Var().Id("requestCases").Op("=").Index().Struct(
		jen.List(jen.Id("where"), jen.Id("json"), jen.Id("version"), jen.Id("path")).String(),
		jen.Id("ep").Op("*").Id("endpoint"),
		jen.Id("newT").Func().Params().Any(),
	).ValuesFunc(func(g *jen.Group) {
		for _, c := range requestCases(api) {
			g.Values(jen.Lit(c.where), jen.Lit(c.json), jen.Lit(c.version), jen.Lit(c.path), jen.Op("&").Id(c.endpoint), jen.Func().Params().Any().Block(jen.Return(jen.New(typ(c.body)))))
		}
	})
	f.Comment("unionCases are, for every union, a sample built for each variant it can")
	f.Comment("choose and each spec example of a variant it tries; each must decode into")
	f.Comment("that variant (a sample must also come back as the same JSON).")
	f.Var().Id("unionCases").Op("=").Index().Struct(
		jen.Id("where").String(),
		jen.Id("json").String(),
		jen.Id("variant").String(),
		jen.Id("exact").Bool(),
		jen.Id("newU").Func().Params().Any(),
	).ValuesFunc(func(g *jen.Group) {
		for _, c := range unionCases(api) {
			g.Values(jen.Lit(c.where), jen.Lit(c.json), jen.Lit(c.variant), jen.Lit(c.exact), jen.Func().Params().Any().Block(jen.Return(jen.New(jen.Id(c.union.Name)))))
		}
	})
	f.Comment("nullCases send each nullable property as null and decode it back.")
	f.Var().Id("nullCases").Op("=").Index().Struct(
		jen.Id("where").String(),
		jen.Id("check").Func().Params().Error(),
	).ValuesFunc(func(g *jen.Group) {
		for _, t := range api.Types {
			for _, fl := range t.Fields {
				if !fl.Nullable {
					continue
				}
				isNull := jen.Func().Params(jen.Id("o").Op("*").Id(t.Name)).Bool().Block(jen.Return(jen.Id("o").Dot(fl.Name).Dot("IsNull").Call()))
				value := jen.Op("&").Id(t.Name).Values(jen.Dict{jen.Id(fl.Name): jen.Id("Null").Index(valueType(fl)).Call()})
				check := jen.Id("checkNull").Call(value, jen.Lit(fl.JSON), isNull, jen.Lit(!fl.ReadOnly), jen.Lit(fl.OmitEmpty))
				g.Values(jen.Lit(t.Source+"/properties/"+fl.JSON), jen.Func().Params().Error().Block(jen.Return(check)))
			}
		}
	})
	f.Comment("unionTypes are the package's union types, whose Raw holds what no variant took.")
	f.Var().Id("unionTypes").Op("=").Map(jen.Qual("reflect", "Type")).Bool().Values(jen.DictFunc(func(d jen.Dict) {
		for _, t := range api.Types {
			if t.Kind == ir.TypeUnion {
				d[jen.Qual("reflect", "TypeFor").Index(jen.Id(t.Name)).Call()] = jen.True()
			}
		}
	}))
	f.Comment("patternCases pairs each parameter pattern with the checker the package uses.")
	f.Var().Id("patternCases").Op("=").Index().Struct(
		jen.Id("expr").String(),
		jen.Id("p").Interface(jen.Id("MatchString").Params(jen.String()).Bool()),
	).ValuesFunc(func(g *jen.Group) {
		for _, p := range api.Patterns {
			g.Values(jen.Lit(p.Expr), jen.Id(p.Var))
		}
	})
	// Each list of cases runs through its check: a failure is printed, then
	// the count.
	var body []jen.Code
	checkAll := func(cases string, check *jen.Statement, what string) {
		body = append(body,
			jen.For(jen.List(jen.Id("_"), jen.Id("c")).Op(":=").Range().Id(cases)).Block(
				jen.If(jen.Err().Op(":=").Add(check), jen.Err().Op("!=").Nil()).Block(
					jen.Id("failed").Op("++"),
					jen.Qual("fmt", "Printf").Call(jen.Lit("example failed: %s: %v\n"), jen.Id("c").Dot("where"), jen.Err()),
				),
			),
			jen.Qual("fmt", "Printf").Call(jen.Lit(what+" checked: %d, failed: %d\n"), jen.Len(jen.Id(cases)), jen.Id("failed")),
		)
	}
	body = append(body, jen.Id("failed").Op(":=").Lit(0))
	checkAll("exampleCases", jen.Id("checkExample").Call(jen.Id("c").Dot("json"), jen.Id("c").Dot("newT").Call()), "examples")
	body = append(body, jen.Id("failed").Op("=").Lit(0))
	checkAll("unionCases", jen.Id("checkVariant").Call(jen.Id("c").Dot("json"), jen.Id("c").Dot("newU").Call(), jen.Id("c").Dot("variant"), jen.Id("c").Dot("exact")), "union cases")
	body = append(body, jen.Id("failed").Op("=").Lit(0))
	checkAll("nullCases", jen.Id("c").Dot("check").Call(), "nullable properties")
	f.Func().Id("TestSpecExamples").Params(jen.Id("t").Op("*").Qual("testing", "T")).Block(body...)
	var buf bytes.Buffer
	if err := f.Render(&buf); err != nil {
		return nil, renderError("the examples test", err)
	}
	helpers := Header(api.SpecFile) + "\n\npackage " + pkg + exampleHelpers
	return map[string][]byte{"examples_test.go": buf.Bytes(), "examples_helpers_test.go": []byte(helpers)}, nil
}

// exampleHelpers compare an example with its round trip through the type.
const exampleHelpers = `

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestRequestExamples sends every request-body example of the spec through
// the client, decoded into the method's body type, to a loopback server,
// and requires every key the example sets, at any depth, to be sent,
// except the keys the client leaves out because they are read-only (tagged
// atlas:"readonly"), which must not be. It prints what it counted.
func TestRequestExamples(t *testing.T) {
	var mu sync.Mutex
	var got []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = body
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	c, err := NewClient(UseBaseURL(srv.URL), UseAccessToken("t"), UseRetryPolicy(RetryPolicy{}))
	if err != nil {
		t.Fatal(err)
	}
	var n requestCounts
	failed := 0
	for _, rc := range requestCases {
		v := rc.newT()
		if decodeJSON([]byte(rc.json), v) != nil {
			n.undecodable++ // TestSpecExamples reports it
			continue
		}
		mu.Lock()
		got = nil
		mu.Unlock()
		// The body goes through requestBody, as a typed method's does.
		resp, err := c.do(context.Background(), &request{ep: rc.ep, version: rc.version, path: rc.path, body: requestBody(v)})
		if resp != nil {
			resp.Body.Close()
		}
		var ex, sent any
		if err == nil {
			_ = json.Unmarshal([]byte(rc.json), &ex)
			mu.Lock()
			err = json.Unmarshal(got, &sent)
			mu.Unlock()
		}
		errs := []string{}
		if err != nil {
			errs = append(errs, err.Error())
		} else {
			errs = n.compare(ex, sent, reflect.ValueOf(v), "")
		}
		if len(errs) > 0 {
			failed++
			fmt.Printf("request example failed: %s: %s\n", rc.where, strings.Join(errs, "; "))
		}
	}
	fmt.Printf("request examples checked: %d, keys sent: %d, read-only left out: %d, not in the type: %d, null left out: %d, kept raw: %d, undecodable: %d, failed: %d\n",
		len(requestCases), n.sent, n.readOnly, n.undeclared, n.null, n.raw, n.undecodable, failed)
}

// requestCounts are what TestRequestExamples saw, key by key.
type requestCounts struct {
	sent, readOnly, undeclared, null, raw, undecodable int
}

// compare walks the example ex beside the body sent and the value v
// decoded from ex; it returns each key the example sets that was not sent
// (or was sent though read-only).
func (n *requestCounts) compare(ex, sent any, v reflect.Value, path string) []string {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	var errs []string
	switch v.Kind() {
	case reflect.Struct:
		t := v.Type()
		switch {
		case t == reflect.TypeFor[time.Time]():
			return nil
		case strings.HasPrefix(t.Name(), "Nullable["):
			return n.compare(ex, sent, v.MethodByName("Get").Call(nil)[0], path)
		case unionTypes[t]:
			for i := 0; i < t.NumField(); i++ {
				if t.Field(i).Name != "Raw" && !v.Field(i).IsNil() {
					return n.compare(ex, sent, v.Field(i), path)
				}
			}
			// Kept in Raw: sent as it came, less the keys a variant marks
			// readOnly.
			n.raw++
			var ro []string
			if k, ok := v.Interface().(interface{ readOnlyKeys() []string }); ok {
				ro = k.readOnlyKeys()
			}
			exm, _ := ex.(map[string]any)
			sm, _ := sent.(map[string]any)
			for k := range exm {
				_, isSent := sm[k]
				switch {
				case slices.Contains(ro, k) && isSent:
					errs = append(errs, path+"/"+k+": read-only in a variant, yet sent")
				case slices.Contains(ro, k):
					n.readOnly++
				case !isSent:
					errs = append(errs, path+"/"+k+": set by the example, not sent")
				default:
					n.sent++
				}
			}
			slices.Sort(errs)
			return errs
		}
		exm, _ := ex.(map[string]any)
		sm, _ := sent.(map[string]any)
		for _, k := range slices.Sorted(func(yield func(string) bool) {
			for k := range exm {
				if !yield(k) {
					return
				}
			}
		}) {
			i, ok := jsonField(t, k) // the runtime's: as encoding/json matches keys
			f := t.Field(max(i, 0))
			sv, isSent := sm[k]
			switch {
			case !ok:
				n.undeclared++
			case f.Tag.Get("atlas") == "readonly":
				if isSent {
					errs = append(errs, path+"/"+k+": read-only, yet sent")
				} else {
					n.readOnly++
				}
			case !isSent && exm[k] == nil:
				n.null++ // null for a property that is not nullable: absent
			case !isSent:
				errs = append(errs, path+"/"+k+": set by the example, not sent")
			default:
				n.sent++
				errs = append(errs, n.compare(exm[k], sv, v.Field(i), path+"/"+k)...)
			}
		}
	case reflect.Slice:
		exl, _ := ex.([]any)
		sl, _ := sent.([]any)
		if v.Type().Elem().Kind() == reflect.Uint8 || len(exl) == 0 {
			return nil
		}
		if len(sl) != len(exl) || v.Len() != len(exl) {
			return []string{fmt.Sprintf("%s: a list of %d sent as %d", path, len(exl), len(sl))}
		}
		for i := range exl {
			errs = append(errs, n.compare(exl[i], sl[i], v.Index(i), fmt.Sprintf("%s/%d", path, i))...)
		}
	case reflect.Map:
		exm, _ := ex.(map[string]any)
		sm, _ := sent.(map[string]any)
		for k, ev := range exm {
			sv, isSent := sm[k]
			if !isSent {
				errs = append(errs, path+"/"+k+": set by the example, not sent")
				continue
			}
			n.sent++
			if mv := v.MapIndex(reflect.ValueOf(k).Convert(v.Type().Key())); mv.IsValid() {
				errs = append(errs, n.compare(ev, sv, mv, path+"/"+k)...)
			}
		}
		slices.Sort(errs)
	}
	return errs
}

// TestPatterns checks every pattern checker of the package against regexp
// on random strings: plain ones, and ones of hex digits and name bytes that
// Atlas's id and name patterns often match.
func TestPatterns(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	alphabets := []string{"0123456789abcdef", "abcXYZ019-_", "0123456789abcdefABCDEFxyz-_.:/@ \u00e9"}
	checked := 0
	for _, c := range patternCases {
		re := regexp.MustCompile(c.expr)
		for i := 0; i < 3000; i++ {
			a := []rune(alphabets[i%len(alphabets)])
			n := rng.IntN(40)
			if i%7 == 0 {
				n = 24
			}
			b := make([]rune, n)
			for j := range b {
				b[j] = a[rng.IntN(len(a))]
			}
			s := string(b)
			if got, want := c.p.MatchString(s), re.MatchString(s); got != want {
				t.Errorf("pattern %s on %q: checker says %v, regexp %v", c.expr, s, got, want)
			}
			checked++
		}
	}
	fmt.Printf("patterns checked: %d, strings: %d\n", len(patternCases), checked)
}

// keptRaw lists the places in v where a union kept the payload in Raw
// because no variant took it.
func keptRaw(v reflect.Value, path string) []string {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return keptRaw(v.Elem(), path)
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return nil
		}
		var out []string
		for i := 0; i < v.Len(); i++ {
			out = append(out, keptRaw(v.Index(i), fmt.Sprintf("%s/%d", path, i))...)
		}
		return out
	case reflect.Map:
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
		var out []string
		for _, k := range keys {
			out = append(out, keptRaw(v.MapIndex(k), fmt.Sprintf("%s/%v", path, k))...)
		}
		return out
	case reflect.Struct:
		if unionTypes[v.Type()] && v.FieldByName("Raw").Len() > 0 {
			return []string{path}
		}
		var out []string
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				out = append(out, keptRaw(v.Field(i), path+"/"+v.Type().Field(i).Name)...)
			}
		}
		return out
	}
	return nil
}

// checkVariant decodes src into the union u and requires the variant named
// to hold it, with no Raw anywhere; exact asks for the same JSON back,
// otherwise the example's own comparison applies.
func checkVariant(src string, u any, variant string, exact bool) error {
	if err := json.Unmarshal([]byte(src), u); err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	rv := reflect.ValueOf(u).Elem()
	var got []string
	for i := 0; i < rv.NumField(); i++ {
		if f := rv.Type().Field(i); f.Name != "Raw" && !rv.Field(i).IsNil() {
			got = append(got, f.Name)
		}
	}
	if len(got) != 1 || got[0] != variant {
		return fmt.Errorf("%s decoded as %v, want %s", rv.Type().Name(), got, variant)
	}
	return reencodes(src, u, exact)
}

// checkNull sends v, whose property key is null, as the client would (a
// request body when the property is writable) and decodes it back: key
// must go out as null and come back null. When the property may be left
// out, a zero value must leave it out.
func checkNull[S any](v *S, key string, isNull func(*S) bool, request, omit bool) error {
	send := func(v any) ([]byte, error) {
		if request {
			v = requestBody(v)
		}
		return json.Marshal(v)
	}
	out, err := send(v)
	if err != nil {
		return fmt.Errorf("encode: %w", err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(out, &m); err != nil {
		return err
	}
	if string(m[key]) != "null" {
		return fmt.Errorf("null sent as %q in %s", m[key], out)
	}
	back := new(S)
	if err := json.Unmarshal(out, back); err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	if !isNull(back) {
		return fmt.Errorf("null did not come back as null from %s", out)
	}
	if !omit {
		return nil
	}
	if out, err = send(new(S)); err != nil {
		return err
	}
	m = nil
	if err := json.Unmarshal(out, &m); err != nil {
		return err
	}
	if _, ok := m[key]; ok {
		return fmt.Errorf("an absent property was sent: %s", out)
	}
	return nil
}

func checkExample(src string, v any) error {
	if err := json.Unmarshal([]byte(src), v); err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	return reencodes(src, v, false)
}

// reencodes requires v, decoded from src, to have typed every union in it
// and to come back with the meaning src had for the fields v has; exact
// asks for the same JSON, with nothing more.
func reencodes(src string, v any, exact bool) error {
	// A union that kept the payload in Raw did not type it.
	if raw := keptRaw(reflect.ValueOf(v), ""); len(raw) > 0 {
		return fmt.Errorf("no union variant took the value at %s", strings.Join(raw, ", "))
	}
	out, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("re-encode: %w", err)
	}
	var a, b any
	if err := json.Unmarshal([]byte(src), &a); err != nil {
		return err
	}
	if err := json.Unmarshal(out, &b); err != nil {
		return err
	}
	if err := sameMeaning(a, b, ""); err != nil || !exact {
		return err
	}
	if err := sameMeaning(b, a, ""); err != nil {
		return fmt.Errorf("re-encoded with more than it was given: %w", err)
	}
	return nil
}

// sameMeaning compares an example with its round trip. Keys the type does
// not have are gone after the trip and are not compared; everything that
// came back must equal what went in.
func sameMeaning(orig, back any, path string) error {
	switch o := orig.(type) {
	case map[string]any:
		b, ok := back.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: object came back as %T", path, back)
		}
		for k, ov := range o {
			if bv, ok := b[k]; ok {
				if err := sameMeaning(ov, bv, path+"/"+k); err != nil {
					return err
				}
			}
		}
		return nil
	case []any:
		b, ok := back.([]any)
		if !ok || len(b) != len(o) {
			return fmt.Errorf("%s: array of %d came back as %v", path, len(o), back)
		}
		for i := range o {
			if err := sameMeaning(o[i], b[i], fmt.Sprintf("%s/%d", path, i)); err != nil {
				return err
			}
		}
		return nil
	case string:
		if b, ok := back.(string); ok && b != o {
			// time.Time re-encodes RFC 3339 in its own normal form.
			ot, err1 := time.Parse(time.RFC3339Nano, o)
			bt, err2 := time.Parse(time.RFC3339Nano, b)
			if err1 == nil && err2 == nil && ot.Equal(bt) {
				return nil
			}
		}
	}
	if !reflect.DeepEqual(orig, back) {
		return fmt.Errorf("%s: %v came back as %v", path, orig, back)
	}
	return nil
}
`
