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
	f.Func().Id("TestSpecExamples").Params(jen.Id("t").Op("*").Qual("testing", "T")).Block(
		jen.Id("failed").Op(":=").Lit(0),
		jen.For(jen.List(jen.Id("_"), jen.Id("c")).Op(":=").Range().Id("exampleCases")).Block(
			jen.If(jen.Err().Op(":=").Id("checkExample").Call(jen.Id("c").Dot("json"), jen.Id("c").Dot("newT").Call()), jen.Err().Op("!=").Nil()).Block(
				jen.Id("failed").Op("++"),
				jen.Qual("fmt", "Printf").Call(jen.Lit("example failed: %s: %v\n"), jen.Id("c").Dot("where"), jen.Err()),
			),
		),
		jen.Qual("fmt", "Printf").Call(jen.Lit("examples checked: %d, failed: %d\n"), jen.Len(jen.Id("exampleCases")), jen.Id("failed")),
	)
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
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

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

func checkExample(src string, v any) error {
	if err := json.Unmarshal([]byte(src), v); err != nil {
		return fmt.Errorf("decode: %w", err)
	}
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
	return sameMeaning(a, b, "")
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
