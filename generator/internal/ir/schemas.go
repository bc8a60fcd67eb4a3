package ir

import (
	"cmp"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/atlasgen/atlasgen/generator/internal/guard"
	"github.com/atlasgen/atlasgen/generator/internal/load"
	"github.com/atlasgen/atlasgen/generator/internal/naming"
)

var (
	tString  = &TypeRef{Kind: KindBuiltin, Name: "string"}
	tBool    = &TypeRef{Kind: KindBuiltin, Name: "bool"}
	tInt     = &TypeRef{Kind: KindBuiltin, Name: "int"}
	tInt32   = &TypeRef{Kind: KindBuiltin, Name: "int32"}
	tInt64   = &TypeRef{Kind: KindBuiltin, Name: "int64"}
	tFloat32 = &TypeRef{Kind: KindBuiltin, Name: "float32"}
	tFloat64 = &TypeRef{Kind: KindBuiltin, Name: "float64"}
	tTime    = &TypeRef{Kind: KindTime, Name: "Time"}
	tAny     = &TypeRef{Kind: KindAny}
	tRaw     = &TypeRef{Kind: KindRaw}
)

const componentPrefix = "#/components/schemas/"

// component returns the Go type of a component schema, building it on first
// use. Named types are registered before their fields are built, so
// recursive schemas end.
func (b *builder) component(name string) *TypeRef {
	ptr := componentPrefix + name
	if t, ok := b.comps[name]; ok {
		return t
	}
	sref := b.doc.Components.Schemas[name]
	if sref == nil || sref.Value == nil {
		b.fail(ptr, "no component schema %q", name)
		return tRaw
	}
	if b.path.Enter(ptr) == guard.TooDeep {
		b.fail(ptr, "schemas nest deeper than %d here; the generator stops", guard.MaxDepth)
		return tRaw
	}
	defer b.path.Leave(ptr)
	// The placeholder is what every use of the component points at. A named
	// type claims it in newType, before its fields are built, so recursive
	// schemas end; any other shape is copied into it when done.
	ph := &TypeRef{Kind: KindAny}
	b.comps[name] = ph
	b.placeholder[ptr] = ph
	var t *TypeRef
	if sref.Ref != "" {
		t = b.schemaRef(sref, b.compNm[name], ptr)
	} else {
		t = b.shape(sref.Value, b.compNm[name], ptr, true)
	}
	delete(b.placeholder, ptr)
	if t != ph {
		if holds(t, ph) {
			// A list or map of itself with no object between (MutList:
			// items: $ref MutList): the copy below would make a type
			// expression that contains itself, which no walk ends on.
			b.fail(ptr, "%s contains itself only through items or additionalProperties, with no object between; no Go type expression can hold it: put an object in the cycle", name)
			*ph = *tRaw
			return ph
		}
		*ph = *t
	}
	b.example(ptr, ph, sref.Value)
	return ph
}

// holds reports whether the type expression t reaches ph through list and
// map elements (named types end the walk: they are where cycles belong).
func holds(t, ph *TypeRef) bool {
	for ; t != nil; t = t.Elem {
		if t == ph {
			return true
		}
		if t.Kind == KindNamed {
			return false
		}
	}
	return false
}

// example records a schema's example with the type it must decode into.
func (b *builder) example(ptr string, t *TypeRef, s *openapi3.Schema) {
	if s != nil && s.Example != nil {
		b.api.Examples = append(b.api.Examples, &Example{Where: ptr, Type: t, Value: s.Example})
	}
}

// schemaRef is the Go type of a schema use site. ctx is the name an inline
// named type gets.
func (b *builder) schemaRef(sref *openapi3.SchemaRef, ctx, ptr string) *TypeRef {
	if sref == nil || sref.Value == nil {
		return tAny
	}
	if sref.Ref != "" {
		if !strings.HasPrefix(sref.Ref, componentPrefix) {
			b.fail(ptr, "unsupported $ref %q: only #/components/schemas/ refs are supported for schemas", sref.Ref)
			return tAny
		}
		if owner, inner, ok := strings.Cut(strings.TrimPrefix(sref.Ref, componentPrefix), "/"); ok {
			b.fail(ptr, "$ref %q points inside component schema %q (at %s): only a whole component schema can be referenced; make the inner schema a component of its own", sref.Ref, owner, inner)
			return tRaw
		}
		return b.component(refName(sref.Ref))
	}
	if b.path.Enter(ptr) == guard.TooDeep {
		b.fail(ptr, "schemas nest deeper than %d here; the generator stops", guard.MaxDepth)
		return tRaw
	}
	defer b.path.Leave(ptr)
	if t, ok := b.inline[sref.Value]; ok {
		return t
	}
	t := b.shape(sref.Value, ctx, ptr, false)
	b.inline[sref.Value] = t
	b.example(ptr, t, sref.Value)
	return t
}

// single returns the lone schema of an allOf/oneOf/anyOf that only wraps
// another schema (a common way to attach a description to a $ref).
func single(s *openapi3.Schema) *openapi3.SchemaRef {
	if len(s.Properties) > 0 || len(s.Enum) > 0 || s.Discriminator != nil {
		return nil
	}
	n := len(s.AllOf) + len(s.OneOf) + len(s.AnyOf)
	if n != 1 {
		return nil
	}
	for _, l := range []openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf} {
		if len(l) == 1 {
			return l[0]
		}
	}
	return nil
}

func typeName(s *openapi3.Schema) string {
	if s.Type == nil || len(*s.Type) == 0 {
		return ""
	}
	if len(*s.Type) > 1 {
		return "multi"
	}
	return (*s.Type)[0]
}

// shape maps one schema to a Go type. named says the schema is a component,
// which gets a named type even when an inline one of the same shape would not.
func (b *builder) shape(s *openapi3.Schema, name, ptr string, named bool) *TypeRef {
	// A wrapper of one other schema is that schema, except for a subtype
	// with nothing of its own under a discriminating base (Bird: allOf:
	// [Animal]): it must stay its own struct, or the base would hold
	// itself as a variant.
	if one := single(s); one != nil && !(named && isMappingTarget(one, ptr)) {
		return b.schemaRef(one, name, ptr+"/allOf/0")
	}
	switch {
	case len(s.OneOf) > 0 || len(s.AnyOf) > 0:
		return b.union(s, name, ptr)
	case s.Discriminator != nil && len(s.Discriminator.Mapping) > 0 && b.hasForeignMapping(s, ptr):
		return b.union(s, name, ptr)
	case len(s.Enum) > 0:
		return b.enum(s, name, ptr)
	case len(s.AllOf) > 0 || len(s.Properties) > 0:
		return b.object(s, name, ptr)
	}
	switch typeName(s) {
	case "object", "":
		if s.AdditionalProperties.Schema != nil {
			return &TypeRef{Kind: KindMap, Elem: b.schemaRef(s.AdditionalProperties.Schema, name+"Value", ptr+"/additionalProperties")}
		}
		if typeName(s) == "" && s.Items == nil {
			return tAny
		}
		if s.Items != nil { // an array that forgot its type
			return &TypeRef{Kind: KindSlice, Elem: b.schemaRef(s.Items, name+"Item", ptr+"/items")}
		}
		return &TypeRef{Kind: KindMap, Elem: tAny}
	case "array":
		return &TypeRef{Kind: KindSlice, Elem: b.schemaRef(s.Items, name+"Item", ptr+"/items")}
	case "string":
		if s.Format == "date-time" {
			return tTime
		}
		return tString
	case "integer":
		switch s.Format {
		case "int32":
			return tInt32
		case "int64":
			return tInt64
		}
		return tInt
	case "number":
		if s.Format == "float" {
			return tFloat32
		}
		return tFloat64
	case "boolean":
		return tBool
	}
	b.api.Report.Fallbacks = append(b.api.Report.Fallbacks, fmt.Sprintf("%s: type %v has no Go equivalent; json.RawMessage", ptr, s.Type))
	return tRaw
}

func (b *builder) newType(name string, kind TypeKind, s *openapi3.Schema, ptr string) (*Type, *TypeRef) {
	t := &Type{Name: name, Kind: kind, Doc: firstNonEmpty(s.Description, s.Title), Deprecated: s.Deprecated, Source: ptr, Example: s.Example}
	b.api.Types = append(b.api.Types, t)
	if ph, ok := b.placeholder[ptr]; ok {
		delete(b.placeholder, ptr)
		*ph = TypeRef{Kind: KindNamed, Name: name, Named: t}
		return t, ph
	}
	return t, &TypeRef{Kind: KindNamed, Name: name, Named: t}
}

// positional matches a pointer that names a schema by its index in a list.
var positional = regexp.MustCompile(`/(oneOf|anyOf|allOf)/\d+(/|$)`)

// claimInline gives an inline schema's type its final name; components
// already own theirs. The lock keys a name by its claimant, so a schema
// known only by its index in a oneOf, anyOf or allOf is not locked, and a
// titled union variant is known by its title.
func (b *builder) claimInline(name, ptr string) string {
	if strings.HasPrefix(ptr, componentPrefix) && !strings.Contains(strings.TrimPrefix(ptr, componentPrefix), "/") {
		return name
	}
	why, titled := b.titled[ptr]
	if !titled {
		why = "inline schema at " + ptr
	}
	switch {
	case positional.MatchString(why):
		return b.scope.ClaimPositional(name, why)
	case titled:
		return b.scope.ClaimChosen(name, why)
	}
	return b.scope.Claim(name, why)
}

func (b *builder) enum(s *openapi3.Schema, name, ptr string) *TypeRef {
	base := "string"
	tn := typeName(s)
	if tn == "" {
		tn = enumValuesType(s.Enum) // an enum that forgot its type
	}
	switch tn {
	case "integer":
		base = "int"
	case "string":
	default:
		b.api.Report.Notes = append(b.api.Report.Notes, fmt.Sprintf("%s: enum of type %s kept as its base type, without constants", ptr, cmp.Or(typeName(s), "mixed")))
		s2 := *s
		s2.Enum = nil
		return b.shape(&s2, name, ptr, false)
	}
	t, ref := b.newType(b.claimInline(name, ptr), TypeEnum, s, ptr)
	t.EnumBase = base
	seen := map[string]bool{}
	for _, v := range s.Enum {
		var val any
		switch x := v.(type) {
		case nil:
			continue // "null" in an enum means nullable, not a value
		case string:
			val = x
			if base == "int" {
				b.api.Report.Notes = append(b.api.Report.Notes, fmt.Sprintf("%s: integer enum value %q dropped: not a number", ptr, x))
				continue
			}
		case float64:
			switch {
			case base == "string":
				// An unquoted YAML number in a string enum: its text is
				// gone by now (5.0 reads as 5), so say what is sent.
				val = strconv.FormatFloat(x, 'f', -1, 64)
				b.api.Report.Notes = append(b.api.Report.Notes, fmt.Sprintf("%s: unquoted number %v in a string enum is sent as %q; quote it in the spec to keep its text", ptr, x, val))
			case x != math.Trunc(x):
				b.api.Report.Notes = append(b.api.Report.Notes, fmt.Sprintf("%s: integer enum value %v dropped: not an integer", ptr, x))
				continue
			default:
				val = int64(x)
			}
		default:
			val = fmt.Sprint(x)
			if base == "int" {
				b.api.Report.Notes = append(b.api.Report.Notes, fmt.Sprintf("%s: integer enum value %v dropped: not a number", ptr, x))
				continue
			}
		}
		key := fmt.Sprint(val)
		if seen[key] {
			continue
		}
		seen[key] = true
		t.Enum = append(t.Enum, &EnumValue{Value: val})
	}
	return ref
}

// isMappingTarget reports whether r is a $ref to a base whose
// discriminator maps a value to the component at ptr.
func isMappingTarget(r *openapi3.SchemaRef, ptr string) bool {
	if r.Ref == "" || r.Value == nil || r.Value.Discriminator == nil {
		return false
	}
	for _, target := range r.Value.Discriminator.Mapping {
		if mappingRef(target.Ref) == ptr {
			return true
		}
	}
	return false
}

// mappingRef is a discriminator mapping value as a $ref: OpenAPI allows a
// bare schema name ("Dog") beside "#/components/schemas/Dog".
func mappingRef(v string) string {
	if strings.Contains(v, "/") || strings.Contains(v, "#") {
		return v
	}
	return componentPrefix + v
}

// enumValuesType is the JSON type an untyped enum's values share:
// "integer", "string", or "" when they are mixed or fractional.
func enumValuesType(values []any) string {
	t := ""
	for _, v := range values {
		var vt string
		switch x := v.(type) {
		case nil:
			continue
		case string:
			vt = "string"
		case float64:
			if x != math.Trunc(x) {
				return ""
			}
			vt = "integer"
		default:
			return ""
		}
		if t != "" && t != vt {
			return ""
		}
		t = vt
	}
	return t
}

// hasForeignMapping reports whether a discriminator maps to schemas other
// than the one carrying it; such a base stands for its subtypes.
func (b *builder) hasForeignMapping(s *openapi3.Schema, ptr string) bool {
	self := strings.TrimPrefix(ptr, componentPrefix)
	for _, target := range s.Discriminator.Mapping {
		if refName(mappingRef(target.Ref)) != self {
			return true
		}
	}
	return false
}

func (b *builder) union(s *openapi3.Schema, name, ptr string) *TypeRef {
	members, kw := s.OneOf, "oneOf"
	if len(members) == 0 {
		members, kw = s.AnyOf, "anyOf"
	}
	if s.Discriminator == nil && stringEnums(members) {
		return b.enumUnion(s, members, name, ptr)
	}
	t, ref := b.newType(b.claimInline(name, ptr), TypeUnion, s, ptr)
	byRef := map[string][]string{}
	if d := s.Discriminator; d != nil {
		t.Discriminator = d.PropertyName
		for _, v := range sortedKeys(d.Mapping) {
			r := mappingRef(d.Mapping[v].Ref)
			byRef[r] = append(byRef[r], v)
		}
		if len(members) == 0 {
			// A base whose subtypes point back at it with allOf.
			self := componentPrefix + strings.TrimPrefix(ptr, componentPrefix)
			for _, r := range sortedKeys(byRef) {
				if r == self {
					continue
				}
				target, ok := b.doc.Components.Schemas[refName(r)]
				if !ok || target == nil {
					b.fail(ptr+"/discriminator/mapping", "discriminator maps to %q, which is not a component schema", r)
					continue
				}
				members = append(members, &openapi3.SchemaRef{Ref: r, Value: target.Value})
			}
			kw = "discriminator/mapping"
		}
	}
	fields := b.newScope("variants of "+t.Name, "Raw")
	for i, m := range members {
		key := variantKey(m)
		vptr := fmt.Sprintf("%s/%s/%d", ptr, kw, i)
		if m.Ref == "" && m.Value != nil && m.Value.Title != "" {
			b.titled[vptr] = fmt.Sprintf("variant titled %q of %s", m.Value.Title, ptr)
		}
		vt := b.schemaRef(m, name+key, vptr)
		fname := ""
		if m.Ref != "" {
			fname = b.compNm[refName(m.Ref)]
		}
		if fname == "" {
			fname = variantName(vt)
		}
		uv := &UnionVariant{Field: fields.Claim(fname, "variant "+cmp.Or(m.Ref, key)), Type: vt}
		if t.Discriminator != "" && m.Ref != "" {
			uv.Values = byRef[m.Ref]
			if len(uv.Values) == 0 {
				uv.Values = []string{refName(m.Ref)}
			}
		}
		// A variant found by trying decodes needs to tell known values.
		if len(uv.Values) == 0 && vt.Kind == KindNamed && vt.Named.Kind == TypeEnum && len(vt.Named.Enum) > 0 {
			vt.Named.IsKnown = true
		}
		t.Variants = append(t.Variants, uv)
	}
	b.unionProperties(s, t, ptr)
	return ref
}

// unionProperties reports properties a union declares beside its variants
// that a variant lacks: the union type has no fields of its own, so such a
// property only decodes where the variant declares it too.
func (b *builder) unionProperties(s *openapi3.Schema, t *Type, ptr string) {
	for _, pn := range sortedKeys(s.Properties) {
		var lacking []string
		for _, v := range t.Variants {
			if v.Type.Kind != KindNamed || v.Type.Named.Kind != TypeStruct {
				continue
			}
			if !slices.ContainsFunc(v.Type.Named.Fields, func(f *Field) bool { return f.JSON == pn }) {
				lacking = append(lacking, v.Type.Name)
			}
		}
		if len(lacking) > 0 {
			b.api.Report.Notes = append(b.api.Report.Notes, fmt.Sprintf("%s/properties/%s: declared beside the union's variants but not by %s; it is not kept for them", ptr, pn, strings.Join(lacking, ", ")))
		}
	}
}

// variantKey is what an inline union variant's type is named after, never
// its position: its title; else the sorted names of its required
// properties ("WithGroupIDName"); else of all its properties; else its type
// ("String", "Array"). A $ref variant keeps its component's name.
func variantKey(m *openapi3.SchemaRef) string {
	s := m.Value
	if m.Ref != "" || s == nil {
		return ""
	}
	if s.Title != "" {
		return naming.Suffix(s.Title)
	}
	props := slices.Clone(s.Required)
	if len(props) == 0 {
		props = sortedKeys(s.Properties)
	}
	if len(props) > 0 {
		slices.Sort(props)
		var b strings.Builder
		b.WriteString("With")
		for _, p := range slices.Compact(props) {
			b.WriteString(naming.Suffix(p))
		}
		return b.String()
	}
	return naming.Exported(cmp.Or(typeName(s), "Value"))
}

// stringEnums reports whether every member of a union is a string enum: to
// a Go user such a union is one string enum.
func stringEnums(members openapi3.SchemaRefs) bool {
	if len(members) == 0 {
		return false
	}
	for _, m := range members {
		if m == nil || m.Value == nil || len(m.Value.Enum) == 0 {
			return false
		}
		s := m.Value
		if len(s.OneOf)+len(s.AnyOf)+len(s.AllOf) > 0 || len(s.Properties) > 0 {
			return false
		}
		if tn := typeName(s); tn != "string" && !(tn == "" && enumValuesType(s.Enum) == "string") {
			return false
		}
		for _, v := range s.Enum {
			if _, ok := v.(string); !ok && v != nil {
				return false
			}
		}
	}
	return true
}

// enumUnion merges a union of string enums into one string enum. Values are
// sorted and deduplicated; each constant's comment names the variants it
// came from, by title or by $ref name.
func (b *builder) enumUnion(s *openapi3.Schema, members openapi3.SchemaRefs, name, ptr string) *TypeRef {
	t, ref := b.newType(b.claimInline(name, ptr), TypeEnum, s, ptr)
	t.EnumBase = "string"
	from := map[string][]string{}
	for _, m := range members {
		src := firstNonEmpty(m.Value.Title)
		if m.Ref != "" {
			src = refName(m.Ref)
		}
		for _, v := range m.Value.Enum {
			if x, ok := v.(string); ok {
				if _, seen := from[x]; !seen {
					from[x] = nil
				}
				if src != "" && !slices.Contains(from[x], src) {
					from[x] = append(from[x], src)
				}
			}
		}
	}
	for _, v := range sortedKeys(from) {
		doc := "comes from an untitled variant."
		if len(from[v]) > 0 {
			doc = "comes from " + strings.Join(from[v], ", ") + "."
		}
		t.Enum = append(t.Enum, &EnumValue{Value: v, Doc: doc})
	}
	t.Doc = strings.TrimSpace(t.Doc + fmt.Sprintf("\n\nThe spec lists %d string enums as alternatives; this one enum has all their values.", len(members)))
	return ref
}

func variantName(t *TypeRef) string {
	switch t.Kind {
	case KindNamed:
		return t.Name
	case KindBuiltin:
		return naming.Exported(t.Name)
	case KindTime:
		return "Time"
	case KindSlice:
		return variantName(t.Elem) + "List"
	case KindMap:
		return variantName(t.Elem) + "Map"
	}
	return "Value"
}

// property is one flattened object property.
type property struct {
	name     string
	schema   *openapi3.SchemaRef
	ptr      string
	required bool
}

// flatten merges an object's own properties with those of its allOf parts.
// A part's oneOf/anyOf/discriminator describe subtypes and are not merged,
// which is what breaks the allOf/discriminator back-reference cycles.
func (b *builder) flatten(s *openapi3.Schema, ptr string, seen map[*openapi3.Schema]bool, into map[string]*property, order *[]string) {
	if seen[s] {
		return
	}
	seen[s] = true
	for i, part := range s.AllOf {
		if part == nil || part.Value == nil {
			continue
		}
		pptr := fmt.Sprintf("%s/allOf/%d", ptr, i)
		if part.Ref != "" {
			pptr = part.Ref
		}
		b.flatten(part.Value, pptr, seen, into, order)
	}
	for _, name := range sortedKeys(s.Properties) {
		if _, ok := into[name]; !ok {
			*order = append(*order, name)
		}
		into[name] = &property{name: name, schema: s.Properties[name], ptr: load.AppendPointer(ptr, "properties", name)}
	}
	for _, r := range s.Required {
		if p, ok := into[r]; ok {
			p.required = true
		}
	}
}

func (b *builder) object(s *openapi3.Schema, name, ptr string) *TypeRef {
	props := map[string]*property{}
	var order []string
	b.flatten(s, ptr, map[*openapi3.Schema]bool{}, props, &order)
	// Required can name properties an allOf part declared.
	for _, part := range append(openapi3.SchemaRefs{{Value: s}}, s.AllOf...) {
		if part == nil || part.Value == nil {
			continue
		}
		for _, r := range part.Value.Required {
			if p, ok := props[r]; ok {
				p.required = true
			}
		}
	}
	t, ref := b.newType(b.claimInline(name, ptr), TypeStruct, s, ptr)
	if s.AdditionalProperties.Schema != nil || (s.AdditionalProperties.Has != nil && *s.AdditionalProperties.Has) {
		b.api.Report.Notes = append(b.api.Report.Notes, fmt.Sprintf("%s: additionalProperties beside properties: extra keys are not kept", ptr))
	}
	slices.Sort(order)
	// ExtraFields and SetExtraFields are the methods every struct gets from
	// its embedded extraFields: a field of that name would hide them.
	fields := b.newScope("fields of "+t.Name, "ExtraFields", "SetExtraFields")
	for _, pn := range order {
		p := props[pn]
		ps := p.schema.Value
		if ps == nil {
			continue
		}
		if !jsonName(pn) {
			b.fail(p.ptr, "property name %q cannot be an encoding/json field name: it needs at least one character, and only letters, digits, spaces and !#$%%&()*+-./:;<=>?@[]^_{|}~", pn)
			continue
		}
		fname := fields.Claim(naming.Exported(pn), "property "+pn)
		// An inline schema is named after the component that declares it,
		// not after whichever subtype happened to be built first.
		ctx := t.Name + fname
		if owner := ownerComponent(p.ptr); owner != "" && !strings.HasPrefix(p.ptr, ptr+"/") {
			// Not fname: a suffix from this subtype's own fields must not
			// leak into the base's type name.
			ctx = b.compNm[owner] + naming.Exported(pn)
		}
		ft := b.schemaRef(p.schema, ctx, p.ptr)
		f := &Field{
			Name: fname, JSON: pn, Type: ft, Required: p.required,
			ReadOnly: ps.ReadOnly, WriteOnly: ps.WriteOnly, Deprecated: ps.Deprecated,
			Nullable: ps.Nullable,
		}
		if p.schema.Ref == "" { // a $ref's description belongs to its type
			f.Doc = firstNonEmpty(ps.Description, ps.Title)
		} else if ps.ReadOnly {
			f.ReadOnlyFrom = refName(p.schema.Ref) // see readOnlyRule
		}
		f.layout()
		t.Fields = append(t.Fields, f)
	}
	return ref
}

// ownerComponent is the component schema a pointer lies in, or "".
func ownerComponent(ptr string) string {
	rest, ok := strings.CutPrefix(ptr, componentPrefix)
	if !ok {
		return ""
	}
	name, _, _ := strings.Cut(rest, "/")
	return name
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

// jsonName reports whether encoding/json can use name as a struct tag name;
// it is encoding/json's own rule (isValidTag). For any other name it would
// silently use the Go field name instead.
func jsonName(name string) bool {
	if name == "" {
		return false
	}
	for _, c := range name {
		if !strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c) && !unicode.IsLetter(c) && !unicode.IsDigit(c) {
			return false
		}
	}
	return true
}
