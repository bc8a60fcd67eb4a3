package ir

import (
	"fmt"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/atlasgen/atlasgen/generator/internal/guard"
	"github.com/atlasgen/atlasgen/generator/internal/load"
	"github.com/atlasgen/atlasgen/generator/internal/naming"
	"github.com/atlasgen/atlasgen/generator/internal/selection"
)

// Options steer the build.
type Options struct {
	Selection selection.Selection
	// Reserved are names already declared in the package (the runtime's).
	Reserved []string
	// MaxVersion is the newest API version (YYYY-MM-DD) a default may be;
	// "" means the newest the spec has.
	MaxVersion string
	// Lock is what an earlier run of the same package chose, to keep; nil
	// when there is none.
	Lock *Lock
	// UpgradeDefaults lets defaults move to what the spec and MaxVersion
	// pick, instead of keeping the lock's.
	UpgradeDefaults bool
	// AdoptAtlasNames moves a package whose lock keeps NamingOperationID
	// to NamingAtlas.
	AdoptAtlasNames bool
	// CLIFlags are the command-line client's own flags, as spelt (--version,
	// -o): a parameter of one of these names, or of the name of another
	// parameter of its operation, gets no flag of its own, and is a
	// CLIFinding.
	CLIFlags []string
}

// naming is the rule the run's Go names follow: Atlas's for a new package
// or on request, else the lock's. A lock with no "names" line comes from
// before atlasgen read Atlas's names, so it keeps operationIds.
func (o Options) naming() string {
	if o.Lock == nil || o.AdoptAtlasNames || o.Lock.Naming == NamingAtlas {
		return NamingAtlas
	}
	return NamingOperationID
}

// newScope is a naming scope whose names the lock keeps under id.
func (b *builder) newScope(id string, reserved ...string) *naming.Scope {
	return b.names.Scope(id, reserved...)
}

// Reserved are the package-level names the jennifer emitters declare beside
// the spec's; the runtime templates' names come in through Options.
var Reserved = []string{
	"APIClient", "ResponseError", "AsError", "IsErrorCode", "Operations", "LookupOperation",
}

type builder struct {
	spec  *load.Spec
	doc   *openapi3.T
	opts  Options
	scope *naming.Scope
	names *naming.Lock // names kept from the lock and chosen in this run
	// methodScopes are the services' method sets, under NamingAtlas.
	methodScopes  []*naming.Scope
	methodScopeOf map[string]*naming.Scope // by tag name
	// opNames are each operationId's Name, decided before any is claimed.
	opNames map[string]string
	// titled are the inline variants named after their title: pointer ->
	// the claimant key the lock knows them by.
	titled  map[string]string
	api     *API
	comps   map[string]*TypeRef // component schema name -> its Go type (memo)
	compNm  map[string]string   // component schema name -> claimed Go name
	inline  map[*openapi3.Schema]*TypeRef
	pattern map[string]*Pattern
	errs    []load.Finding
	// placeholder is the TypeRef of each component being built, by pointer.
	placeholder map[string]*TypeRef
	// path is the schemas being built, by pointer (see package guard).
	path guard.Path[string]
	// specOps are all the spec's operations by operationId, selected or not.
	specOps map[string]specOp
}

// Build turns a loaded spec into the IR, or returns every problem found.
func Build(spec *load.Spec, opts Options) (*API, error) {
	b := &builder{
		spec: spec, doc: spec.Doc, opts: opts,
		names:       &naming.Lock{},
		comps:       map[string]*TypeRef{},
		compNm:      map[string]string{},
		inline:      map[*openapi3.Schema]*TypeRef{},
		pattern:     map[string]*Pattern{},
		placeholder: map[string]*TypeRef{},
		titled:      map[string]string{},
		specOps:     map[string]specOp{},
	}
	if opts.Lock != nil {
		b.names.Keep = opts.Lock.Names
	}
	b.scope = b.newScope("package", append(slices.Clone(Reserved), opts.Reserved...)...)
	b.api = &API{SpecFile: filepath.Base(spec.File), Naming: opts.naming()}
	if info := b.doc.Info; info != nil {
		b.api.Title, b.api.APIVersion = info.Title, info.Version
	}
	if len(b.doc.Servers) > 0 {
		b.api.BaseURL = strings.TrimRight(b.doc.Servers[0].URL, "/")
	}
	b.securitySchemes()
	// Component names are claimed first, in sorted order, so a component
	// keeps its spec name whatever else the package holds.
	if b.doc.Components != nil {
		for _, name := range sortedKeys(b.doc.Components.Schemas) {
			b.compNm[name] = b.scope.Claim(naming.Exported(name), "schema "+name)
		}
	}
	b.operations()
	b.watchers()
	b.errorModel()
	b.finish()
	if err := load.NewError(b.errs); err != nil {
		return nil, err
	}
	return b.api, nil
}

// fail records a finding about the element at ptr, placed on the YAML tree
// by its pointer (load.Spec.At).
func (b *builder) fail(ptr, format string, args ...any) {
	b.errs = append(b.errs, b.spec.At(ptr, fmt.Sprintf(format, args...)))
}

func (b *builder) securitySchemes() {
	if b.doc.Components == nil {
		return
	}
	for _, name := range sortedKeys(b.doc.Components.SecuritySchemes) {
		ss := b.doc.Components.SecuritySchemes[name]
		if ss == nil || ss.Value == nil || ss.Value.Flows == nil || ss.Value.Flows.ClientCredentials == nil {
			continue
		}
		if b.api.TokenURL == "" {
			b.api.TokenURL = ss.Value.Flows.ClientCredentials.TokenURL
		}
	}
}

func sortedKeys[M ~map[string]V, V any](m M) []string {
	return slices.Sorted(maps.Keys(m))
}

// pattern returns the shared variable for a parameter pattern, or nil and a
// report line when Go's regexp (RE2) cannot compile it.
func (b *builder) patternFor(expr, where string) *Pattern {
	if expr == "" {
		return nil
	}
	if p, ok := b.pattern[expr]; ok {
		return p
	}
	re, err := regexp.Compile(expr)
	if err != nil {
		b.api.Report.SkippedPatterns = append(b.api.Report.SkippedPatterns, fmt.Sprintf("%s: %q: %v", where, expr, err))
		b.pattern[expr] = nil
		return nil
	}
	p := &Pattern{Expr: expr, Runs: simpleRuns(expr), Dots: re.MatchString(".") || re.MatchString("..")}
	b.pattern[expr] = p
	return p
}

func (b *builder) finish() {
	// Pattern variables are numbered in sorted order of their expressions.
	var exprs []string
	for e, p := range b.pattern {
		if p != nil {
			exprs = append(exprs, e)
		}
	}
	slices.Sort(exprs)
	for i, e := range exprs {
		p := b.pattern[e]
		p.Var = fmt.Sprintf("pattern%d", i+1)
		b.api.Patterns = append(b.api.Patterns, p)
	}
	slices.SortFunc(b.api.Types, func(a, c *Type) int { return strings.Compare(a.Name, c.Name) })
	b.readOnlyRule()
	b.unionFacts()
	b.enumConsts()
	slices.SortFunc(b.api.Operations, func(a, c *Operation) int { return strings.Compare(a.GoName, c.GoName) })
	slices.SortFunc(b.api.Tags, func(a, c *Tag) int { return strings.Compare(a.Interface, c.Interface) })
	seen := map[string]bool{}
	for _, op := range b.api.Operations {
		for _, v := range op.Versions {
			if !seen[v.Name] {
				seen[v.Name] = true
				b.api.Versions = append(b.api.Versions, v.Name)
			}
		}
		// A date served as +json and +csv is one version in two formats.
		names := map[string]bool{}
		for _, v := range op.Versions {
			names[v.Name] = true
		}
		b.api.Report.Versions += len(names)
		if len(names) > 1 {
			b.api.Report.MultiVersion++
		}
	}
	slices.SortFunc(b.api.Versions, compareVersions)
	for _, v := range b.api.Versions {
		b.api.VersionConsts = append(b.api.VersionConsts, b.scope.Claim("ApiVersion"+naming.Suffix(strings.ReplaceAll(v, "-", "")), "constant of API version "+v))
	}
	b.api.Report.Operations = len(b.api.Operations)
	b.api.Report.Types = len(b.api.Types)
	for _, s := range append([]*naming.Scope{b.scope}, b.methodScopes...) {
		for _, r := range s.Renamed {
			b.api.Report.Renamed = append(b.api.Report.Renamed, fmt.Sprintf("%s -> %s (%s)", r.Wanted, r.Got, r.Why))
		}
	}
	slices.Sort(b.api.Report.SkippedPatterns)
	slices.Sort(b.api.Report.Fallbacks)
	b.api.Lock = &Lock{Defaults: map[string]string{}, Names: b.names.Chosen, Naming: b.api.Naming}
	for _, op := range b.api.Operations {
		for _, v := range op.Versions {
			if v.Default {
				b.api.Lock.Defaults[op.ID] = v.Name
			}
		}
	}
	slices.SortFunc(b.api.DefaultMoves, func(a, c DefaultMove) int { return strings.Compare(a.Op, c.Op) })
	b.api.Wanted = b.names.Wanted
}

// compareVersions orders dates oldest first and previews last.
func compareVersions(a, b string) int {
	ap, bp := a == "preview", b == "preview"
	switch {
	case ap && !bp:
		return 1
	case bp && !ap:
		return -1
	}
	return strings.Compare(a, b)
}

// enumConsts names every enum constant once all type names are final, so a
// constant can never take a type's name.
func (b *builder) enumConsts() {
	for _, t := range b.api.Types {
		if t.Kind != TypeEnum {
			continue
		}
		for _, v := range t.Enum {
			v.Const = b.scope.Claim(t.Name+naming.EnumValue(fmt.Sprint(v.Value)), fmt.Sprintf("enum value %q of %s", fmt.Sprint(v.Value), t.Name))
		}
	}
}

func (b *builder) errorModel() {
	// The error model is the schema Atlas uses for application/json error
	// bodies; components/responses hold them.
	counts := map[string]int{}
	if b.doc.Components != nil {
		for _, name := range sortedKeys(b.doc.Components.Responses) {
			r := b.doc.Components.Responses[name]
			if r == nil || r.Value == nil {
				continue
			}
			if mt := r.Value.Content.Get("application/json"); mt != nil && mt.Schema != nil && mt.Schema.Ref != "" {
				counts[refName(mt.Schema.Ref)]++
			}
		}
	}
	best := ""
	for _, name := range sortedKeys(counts) {
		if best == "" || counts[name] > counts[best] {
			best = name
		}
	}
	if best == "" {
		return
	}
	ref := b.component(best)
	if ref == nil || ref.Kind != KindNamed || ref.Named.Kind != TypeStruct {
		return
	}
	b.api.ErrorModel = &ErrorModel{Type: ref.Named}
}

func refName(ref string) string {
	return ref[strings.LastIndex(ref, "/")+1:]
}
