package emit

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/atlasgen/atlasgen/generator/internal/ir"
)

// iterator emits All, which walks every page of a list operation.
func (e *emitter) iterator(f *jen.File, v *ir.Variant) {
	num, pageType := param(v.Op.PageNum), v.Op.PageNum.Type
	// page counts in int; the parameter and totalCount may be int32 or int64.
	asInt := func(t *ir.TypeRef, x jen.Code) *jen.Statement {
		if t.Name == "int" {
			return jen.Add(x)
		}
		return jen.Int().Call(x)
	}
	elem := typ(v.PagedItems.Type.Elem)
	f.Line()
	f.Comment(fmt.Sprintf("All returns every %s item of every page, from the request's page on (page 1 by default).", v.Method))
	f.Comment("Pages are fetched lazily, one request each, as the loop asks for more; the loop")
	f.Comment("ends after the last page, or after yielding the first error.")
	f.Func().Params(jen.Id("r").Id(v.Request)).Id("All").Params().Qual("iter", "Seq2").Types(elem, jen.Error()).Block(
		jen.Return(jen.Func().Params(jen.Id("yield").Func().Params(elem, jen.Error()).Bool()).BlockFunc(func(g *jen.Group) {
			g.Id("page").Op(":=").Lit(1)
			g.If(num.Clone().Op("!=").Nil()).Block(jen.Id("page").Op("=").Add(asInt(pageType, jen.Op("*").Add(num.Clone()))))
			g.Id("first").Op(":=").Id("page")
			g.Id("size").Op(":=").Lit(0)
			g.For().BlockFunc(func(l *jen.Group) {
				if pageType.Name == "int" {
					l.Id("p").Op(":=").Id("page")
				} else {
					l.Id("p").Op(":=").Add(typ(pageType)).Call(jen.Id("page"))
				}
				l.Add(num.Clone()).Op("=").Op("&").Id("p")
				l.List(jen.Id("out"), jen.Id("_"), jen.Err()).Op(":=").Id("r").Dot("Execute").Call()
				l.If(jen.Err().Op("!=").Nil()).Block(
					jen.Var().Id("zero").Add(elem.Clone()),
					jen.Id("yield").Call(jen.Id("zero"), jen.Err()),
					jen.Return(),
				)
				l.Id("items").Op(":=").Id("out").Dot("Get" + v.PagedItems.Name).Call()
				l.For(jen.List(jen.Id("_"), jen.Id("item")).Op(":=").Range().Id("items")).Block(
					jen.If(jen.Op("!").Id("yield").Call(jen.Id("item"), jen.Nil())).Block(jen.Return()),
				)
				l.If(jen.Len(jen.Id("items")).Op("==").Lit(0)).Block(jen.Return())
				l.Comment("Every page but the last is as long as the first.")
				l.If(jen.Id("page").Op("==").Id("first")).Block(jen.Id("size").Op("=").Len(jen.Id("items")))
				if v.PagedTotal != nil {
					l.If(jen.Id("total").Op(":=").Add(asInt(v.PagedTotal.Type, jen.Id("out").Dot("Get"+v.PagedTotal.Name).Call())), jen.Id("total").Op(">").Lit(0).Op("&&").Id("page").Op("*").Id("size").Op(">=").Id("total")).Block(jen.Return())
				}
				l.If(jen.Len(jen.Id("items")).Op("<").Id("size")).Block(jen.Return())
				l.Id("page").Op("++")
			})
		})),
	)
}
