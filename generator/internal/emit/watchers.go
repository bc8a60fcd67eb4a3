package emit

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/atlasgen/atlasgen/generator/internal/ir"
)

// watchersTable emits the table behind the runtime's waiters (watch.go from
// templates): every operation's watcher, sorted by operationId. The typed
// Wait methods, WaitRaw and the command-line client's --watch all read it.
func watchersTable(f *jen.File, ops []*ir.Operation) {
	f.Comment("watchers are the operations' watchers (x-xgen-atlascli.watcher), sorted by operationId.")
	f.Var().Id("watchers").Op("=").Index().Id("watcher").ValuesFunc(func(g *jen.Group) {
		for _, op := range ops {
			if w := op.Watcher; w != nil {
				g.Values(watcherDict(op, w))
			}
		}
	})
}

func watcherDict(op *ir.Operation, w *ir.Watcher) jen.Dict {
	d := jen.Dict{
		jen.Id("op"):      jen.Lit(op.ID),
		jen.Id("get"):     jen.Lit(w.Get.ID),
		jen.Id("getName"): jen.Lit(w.Get.Name),
		jen.Id("status"):  jen.Lit(w.Expect.HTTPCode),
	}
	if w.Version != nil {
		d[jen.Id("version")] = jen.Lit(w.Version.Name)
	}
	if len(w.Params) > 0 {
		d[jen.Id("params")] = jen.Index().Id("watchParam").ValuesFunc(func(g *jen.Group) {
			for _, p := range w.Params {
				pd := jen.Dict{jen.Id("name"): jen.Lit(p.Param.Name)}
				switch p.From {
				case ir.FromInput:
					pd[jen.Id("input")] = jen.Lit(p.Input.Name)
				case ir.FromBody:
					pd[jen.Id("from")] = jen.Lit(p.Path)
					pd[jen.Id("steps")] = stringsLit(p.Fields)
				default:
					pd[jen.Id("value")] = jen.Lit(p.Value)
				}
				g.Values(pd)
			}
		})
	}
	if w.Expect.MatchPath != "" {
		d[jen.Id("path")] = jen.Lit(w.Expect.MatchPath)
		d[jen.Id("steps")] = stringsLit(w.Expect.MatchFields)
		d[jen.Id("values")] = stringsLit(w.Expect.MatchValues)
	}
	return d
}

// watchedBy is the variant of the polled GET that sends the watcher's
// version: its Execute's result is what a typed Wait returns.
func watchedBy(w *ir.Watcher) *ir.Variant {
	for _, v := range w.Get.Variants {
		if v.Stream() {
			continue
		}
		for _, ver := range v.Versions {
			if w.Version == nil && ver.Default || w.Version != nil && ver.Name == w.Version.Name {
				return v
			}
		}
	}
	return nil
}

// expectation is the watcher's condition in words, as the runtime's
// watcher.expectation says it.
func expectation(w *ir.Watcher) string {
	if w.Expect.MatchPath == "" {
		return fmt.Sprintf("HTTP %d", w.Expect.HTTPCode)
	}
	s := w.Expect.MatchPath + " is "
	for i, v := range w.Expect.MatchValues {
		if i > 0 {
			s += " or "
		}
		s += v
	}
	if w.Expect.HTTPCode != 200 {
		s = fmt.Sprintf("HTTP %d with %s", w.Expect.HTTPCode, s)
	}
	return s
}

// waitMethods gives the request of a watched operation's variant Wait and
// ExecuteAndWait. Wait takes what Execute returned (nothing when the
// operation answers without a body); both return the last poll's decoded
// answer when the watcher matches a field, or only its response when it
// waits for a status (a 404 after a delete).
func (e *emitter) waitMethods(f *jen.File, t *ir.Tag, v *ir.Variant) {
	w := v.Op.Watcher
	if w == nil || v.Stream() {
		return
	}
	get := watchedBy(w)
	if get == nil {
		return
	}
	version := "its default API version"
	if w.Version != nil {
		version = "API version " + w.Version.Name
	}
	resp := jen.Op("*").Qual(httpPkg, "Response")
	typed := w.Expect.MatchPath != ""
	var res []jen.Code
	if typed {
		res = []jen.Code{results(get)[0], resp, jen.Error()}
	} else {
		res = []jen.Code{resp, jen.Error()}
	}
	opts := jen.Id("opts").Op("*").Id("WaitOptions")
	var params []jen.Code
	answered := v.Response != nil
	if answered {
		params = append(params, jen.Id("answer").Add(results(v)[0]))
	}
	params = append(params, opts)
	returnFail := func(respExpr, errExpr jen.Code) *jen.Statement {
		if typed {
			return jen.Return(jen.Nil(), respExpr, errExpr)
		}
		return jen.Return(respExpr, errExpr)
	}

	f.Line()
	f.Add(doc(fmt.Sprintf(`Wait waits until what the request started is done, as %s's watcher says: it polls %s (%s) until it answers %s. %s

The first poll is made at once, the next after opts.MinDelay (2s), growing 1.5 times with jitter up to opts.MaxDelay (30s), through the client's runtime (auth, retries, version checks). A 404 is "not yet" unless it is what the wait expects. The wait ends at the request's context's deadline or after opts.MaxDuration with a *WaitTimeoutError naming the last state seen.`,
		v.Op.Name, polled(w.Get), version, expectation(w), waitArgDoc(answered, typed, get))))
	f.Func().Params(jen.Id("r").Id(v.Request)).Id("Wait").Params(params...).Params(res...).BlockFunc(func(g *jen.Group) {
		g.List(jen.Id("svc"), jen.Id("ok")).Op(":=").Id("r").Dot("ApiService").Assert(jen.Op("*").Id(t.Service))
		g.If(jen.Op("!").Id("ok")).Block(returnFail(jen.Nil(), jen.Op("&").Id("ParamError").Values(jen.Dict{
			jen.Id("OperationID"): jen.Lit(v.Op.ID),
			jen.Id("Param"):       jen.Lit("ApiService"),
			jen.Id("Reason"):      jen.Lit("is not the client's: Wait polls through the client"),
		})))
		g.Var().Id("in").Qual("net/url", "Values")
		for _, p := range w.Params {
			if p.From == ir.FromInput {
				in := p.Input
				g.Add(setParam(in, func(val *jen.Statement) *jen.Statement {
					return jen.Id("in").Op("=").Id("addQuery").Call(jen.Id("in"), jen.Lit(in.Name), val)
				}))
			}
		}
		answer := jen.Nil()
		if answered {
			answer = jen.Id("answer")
		}
		if typed {
			g.Id("out").Op(":=").New(typ(get.Response))
			g.List(jen.Id("resp"), jen.Id("err")).Op(":=").Id("svc").Dot("client").Dot("waitTyped").Call(jen.Id("r").Dot("ctx"), jen.Lit(v.Op.ID), jen.Id("in"), answer, jen.Id("out"), jen.Id("opts"))
			g.If(jen.Id("err").Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Id("resp"), jen.Id("err")))
			if byValue(get.Response) {
				g.Return(jen.Op("*").Id("out"), jen.Id("resp"), jen.Nil())
			} else {
				g.Return(jen.Id("out"), jen.Id("resp"), jen.Nil())
			}
			return
		}
		g.Return(jen.Id("svc").Dot("client").Dot("waitTyped").Call(jen.Id("r").Dot("ctx"), jen.Lit(v.Op.ID), jen.Id("in"), answer, jen.Nil(), jen.Id("opts")))
	})

	f.Line()
	f.Comment("ExecuteAndWait sends the request, then waits as Wait does: one call that returns when the change is done.")
	f.Func().Params(jen.Id("r").Id(v.Request)).Id("ExecuteAndWait").Params(opts).Params(res...).BlockFunc(func(g *jen.Group) {
		if answered {
			g.List(jen.Id("answer"), jen.Id("resp"), jen.Id("err")).Op(":=").Id("r").Dot("Execute").Call()
		} else {
			g.List(jen.Id("resp"), jen.Id("err")).Op(":=").Id("r").Dot("Execute").Call()
		}
		g.If(jen.Id("err").Op("!=").Nil()).Block(returnFail(jen.Id("resp"), jen.Id("err")))
		if answered {
			g.Return(jen.Id("r").Dot("Wait").Call(jen.Id("answer"), jen.Id("opts")))
		} else {
			g.Return(jen.Id("r").Dot("Wait").Call(jen.Id("opts")))
		}
	})
}

// polled names the polled operation by Atlas's name, with its operationId
// when that differs: "getCluster (operationId getGroupCluster)".
func polled(op *ir.Operation) string {
	if op.Name == op.ID {
		return op.ID
	}
	return op.Name + " (operationId " + op.ID + ")"
}

func waitArgDoc(answered, typed bool, get *ir.Variant) string {
	s := ""
	if answered {
		s = "answer is what Execute returned; the watcher may read the polled parameters from it. "
	}
	if typed {
		return s + fmt.Sprintf("It returns the last poll's answer, as %s.Execute does.", get.Method)
	}
	return s + "It returns the last poll's response."
}

// setParam emits the code that adds one query or header parameter.
func setParam(p *ir.Param, add func(val *jen.Statement) *jen.Statement) *jen.Statement {
	x := param(p)
	if p.Type.Kind == ir.KindSlice && p.Join != "" {
		// One value: the list's values joined, as the parameter's style says.
		join := jen.Block(
			jen.Id("vs").Op(":=").Make(jen.Index().String(), jen.Lit(0), jen.Len(derefIf(!p.Required, x.Clone()))),
			jen.For(jen.List(jen.Id("_"), jen.Id("v")).Op(":=").Range().Add(derefIf(!p.Required, x.Clone()))).Block(
				jen.Id("vs").Op("=").Append(jen.Id("vs"), format(p.Type.Elem, jen.Id("v"))),
			),
			add(jen.Qual("strings", "Join").Call(jen.Id("vs"), jen.Lit(p.Join))),
		)
		if p.Required {
			return join
		}
		return jen.If(x.Clone().Op("!=").Nil()).Add(join)
	}
	if p.Type.Kind == ir.KindSlice {
		loop := jen.For(jen.List(jen.Id("_"), jen.Id("v")).Op(":=").Range().Add(derefIf(!p.Required, x.Clone()))).Block(add(format(p.Type.Elem, jen.Id("v"))))
		if p.Required {
			return loop
		}
		return jen.If(x.Clone().Op("!=").Nil()).Block(loop)
	}
	if p.Required {
		return add(format(p.Type, x.Clone()))
	}
	return jen.If(x.Clone().Op("!=").Nil()).Block(add(format(p.Type, jen.Op("*").Add(x.Clone()))))
}

func derefIf(yes bool, x *jen.Statement) *jen.Statement {
	if yes {
		return jen.Op("*").Add(x)
	}
	return x
}
