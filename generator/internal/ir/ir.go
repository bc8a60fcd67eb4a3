// Package ir is the generator's intermediate model: plain Go values built
// once from the spec, with every name final and every list sorted. Emitters
// read only this; nothing here points back into kin-openapi.
package ir

import (
	"slices"

	"github.com/atlasgen/atlasgen/generator/internal/load"
)

// API is everything the emitters need for one generated package.
type API struct {
	SpecFile   string // base name of the spec, for file headers
	Title      string
	APIVersion string // the spec's info.version
	BaseURL    string // servers[0].url
	TokenURL   string // OAuth2 client-credentials tokenUrl, "" when absent
	// Versions is every API version the selected operations name, oldest
	// first, previews last.
	Versions []string
	// VersionConsts name each of Versions as an exported constant, same order.
	VersionConsts []string
	Tags          []*Tag
	Operations    []*Operation // sorted by GoName
	Types         []*Type      // named types, sorted by Name
	Patterns      []*Pattern   // distinct parameter patterns Go can compile
	ErrorModel    *ErrorModel  // the schema of non-2xx JSON bodies, nil when none
	// Examples are the spec's own examples with the Go type each must
	// decode into, for the example walk test.
	Examples []*Example
	Report   Report
	// Lock is what this package keeps across spec releases: the default
	// version of each operation and the names the generator chose.
	Lock *Lock
	// DefaultMoves are the defaults that differ from the lock's.
	DefaultMoves []DefaultMove
	// Wanted is every name asked for in each naming scope ("package",
	// "methods of tag <tag>", "fields of T", "variants of T", "parameters
	// of <operationId>"), whatever it got; the breaking-change report reads
	// it.
	Wanted map[string]map[string]bool
	// Naming is the rule the Go names follow: NamingAtlas or
	// NamingOperationID (kept from a lock).
	Naming string
	// NameMoves are the operations whose Go names moved because the run
	// adopted Atlas's names (see NameMoves); the caller fills it in.
	NameMoves []NameMove
	// CLIFindings are what keeps the command-line client from being
	// generated (a parameter whose flag the CLI cannot have: see
	// Options.CLIFlags); the Go package is unaffected, so only a run that
	// writes the CLI reports them.
	CLIFindings []load.Finding
}

// Example is one `example`/`examples` value of a schema or media type.
type Example struct {
	Where string // JSON pointer of the schema or media type
	Type  *TypeRef
	Value any
	// Request is the operation whose request body the example is (an
	// example of the body's media type, or of the component schema that
	// is the whole body), and Version the API version it is sent in; nil
	// for any other example.
	Request *Operation
	Version string
}

// Tag is one API group: one interface, one service, one client field.
type Tag struct {
	Name        string // as in the spec
	Interface   string // SharedTierRestoreJobsApi (also the client field)
	Service     string // SharedTierRestoreJobsApiService
	Description string
	Operations  []*Operation
}

// Operation is one path+method.
type Operation struct {
	ID string // operationId
	// Name is Atlas's own name for the operation: its
	// x-xgen-operation-id-override (getCluster for getGroupCluster), as the
	// Atlas CLI and the official SDK use it; ID when the spec gives none or
	// the override is taken (see Build). The CLI command is named Name and
	// takes ID as an alias; Raw and LookupOperation accept both.
	Name   string
	GoName string
	// Table is the unexported var holding the operation's facts (a
	// rawOperation: path, parameters, methods), which its typed methods,
	// Raw and CheckRaw, and Operations and LookupOperation all read.
	Table  string
	Method string // GET, POST, ...
	Path   string
	// PathParts is Path split once, here, into literal text and path
	// parameters, so that no emitter splits the path again.
	PathParts   []PathPart
	Summary     string
	Description string
	DocsURL     string
	Deprecated  bool
	Sunset      string // operation-level x-sunset, YYYY-MM-DD
	Tag         *Tag
	// Params are in the spec's order (the operation's list, then the path
	// item's), as the official SDK's positional form takes them; under
	// NamingOperationID, path params first in path order, then query, then
	// header, each sorted by name.
	Params   []*Param
	Versions []*Version
	Variants []*Variant // default variant first
	// PageNum is the optional integer pageNum query parameter of an
	// operation that also has itemsPerPage; nil when it does not page.
	PageNum *Param
	// NoAuth marks an operation that Atlas serves without credentials: its
	// own security is [] or holds an empty requirement
	// (listControlPlaneIpAddresses, under /api/atlas/v2/unauth/). The
	// spec-wide security does not count: a spec without one is not Atlas's,
	// and assuming credentials is the safe reading there.
	NoAuth bool
	// Watcher is how to wait until what this operation started is done
	// (a cluster created, a project deleted); nil when the spec defines
	// none. See Watcher.
	Watcher *Watcher
}

// PathPart is one piece of an operation's path template: literal text, or
// a path parameter (one of the operation's Params).
type PathPart struct {
	Text  string // literal text as the spec writes it; "" for a parameter
	Param *Param
}

// Watcher says how to wait for an operation's effect: poll Get with Params
// until Expect holds. It is the operation's x-xgen-atlascli.watcher, in the
// Atlas CLI's format (an overlay usually adds it: openapi/overlays/
// watchers.yaml, docs/generator.md), checked when the IR is built. An
// emitter can rely on all of this:
//
//   - Get is an operation of this package whose Method is GET (a watcher
//     whose GET the selection leaves out is dropped, with a report note).
//   - Version is one of Get.Versions, and a JSON one when Expect.Match is
//     set; its Response is the type the match path walks.
//   - Params fill every required parameter of Get (all its path
//     parameters), each exactly once, in Get.Params order.
//   - An input source names a parameter of the watched operation; a body
//     source names a field path present in the JSON 2xx response of every
//     version of the watched operation that has one, and no object or list
//     there; Expect.MatchFields is present in Version.Response.
//
// A wait ends when one poll answers HTTPCode and, when MatchFields is set,
// the value at MatchFields is one of MatchValues. That is the Atlas CLI's
// rule, so `atlas api ... --watch` and this package wait for the same thing.
type Watcher struct {
	Get     *Operation
	Version *Version
	Params  []*WatcherParam
	Expect  WatcherExpect
	// Where is the JSON pointer of the definition in the spec (".../post/
	// x-xgen-atlascli/watcher"), for messages.
	Where string
}

// WatcherSource is where a polled parameter's value comes from.
type WatcherSource string

const (
	// FromInput copies a parameter of the watched operation's request
	// (input:NAME): WatcherParam.Input.
	FromInput WatcherSource = "input"
	// FromBody reads a field of the watched operation's decoded 2xx
	// response (body:$.path): WatcherParam.Fields.
	FromBody WatcherSource = "body"
	// FromConst is a fixed value (const:VALUE): WatcherParam.Value.
	FromConst WatcherSource = "const"
)

// WatcherParam fills one parameter of the polled GET.
type WatcherParam struct {
	// Param is the Get's parameter filled: its wire Name, Field and Arg,
	// and Type.
	Param *Param
	From  WatcherSource
	// Input, from input, is the watched operation's parameter whose value
	// is passed on; same wire name as in the definition.
	Input *Param
	// Path, from body, is the JSONPath as the definition writes it
	// ("$.name"); Fields are its member names from the top of the
	// response, in order (["name"]). Only member names are allowed, so a
	// path is a plain walk down JSON objects.
	Path   string
	Fields []string
	// Value, from const, is the text sent.
	Value string
}

// WatcherExpect is the condition that ends a wait.
type WatcherExpect struct {
	// HTTPCode is the status a poll must answer: the definition's
	// http-code, or 200 when it names none (the Atlas CLI's default). 404
	// waits for a deletion.
	HTTPCode int
	// MatchPath is the JSONPath as written ("$.stateName"), "" when only
	// the status counts; MatchFields are its member names (["stateName"]).
	MatchPath   string
	MatchFields []string
	// MatchValues are the values that end the wait, as the JSON value at
	// MatchFields prints (IDLE, true, 3); never empty when MatchPath is set.
	MatchValues []string
}

// Version is one API version an operation supports.
type Version struct {
	Name    string // "2023-01-01" or "preview"
	Preview bool
	Sunset  string // YYYY-MM-DD or ""
	Default bool   // the version sent when the caller names none
	Accept  string // full media type sent in Accept
	Format  string // json, or the stream format: csv, gzip, xml, ...
	HasBody bool
	// BodyRequired is the spec's requestBody.required: an optional body
	// may be left nil.
	BodyRequired bool
	Body         *TypeRef // request body type for this version, nil when none
	ContentType  string   // request media type sent in Content-Type, "" without a body
	Response     *TypeRef // decoded 2xx type, nil for streams and empty bodies
	Signature    string   // request/response shape; equal signatures share a variant
}

// Variant is one callable method of an operation: the versions that share a
// request and response shape. Its first version is sent by default.
type Variant struct {
	Op         *Operation
	Method     string // GetCluster, GetClusterV20230201, GetClusterPreview
	Request    string // <Method>ApiRequest
	ParamsType string // <Method>ApiParams
	Endpoint   string // unexported var holding its static description
	Versions   []*Version
	Body       *TypeRef
	BodyDesc   string
	BodyNeeded bool
	Response   *TypeRef
	Format     string // json, a stream format (csv, gzip, xml, ...), or "" when the 2xx has no body
	IsDefault  bool
	// Aliases are the methods named by each version's own date that build
	// this variant's request with that version set. The default variant has
	// one for every dated version; another has one for each version but its
	// first, whose date its Method already names. An operation with one
	// date has none (see variants).
	Aliases    []*Alias
	PagedItems *Field // the results list of a paging operation, nil when none
	PagedTotal *Field // its integer totalCount, nil when absent
}

// Positional are the parameters the positional form of the methods takes,
// in its order: the required ones.
func (o *Operation) Positional() []*Param {
	var out []*Param
	for _, p := range o.Params {
		if p.Required {
			out = append(out, p)
		}
	}
	return out
}

// Dates are the operation's API dates, oldest first: its versions but the
// preview, one a date whatever its formats. An operation with one date has
// no method named by it (see Variant.Aliases).
func (o *Operation) Dates() []string {
	var out []string
	for _, v := range o.Versions {
		if !v.Preview && !slices.Contains(out, v.Name) {
			out = append(out, v.Name)
		}
	}
	return out
}

// Stream reports whether the method hands the 2xx body to the caller as an
// io.ReadCloser: every response format other than JSON.
func (v *Variant) Stream() bool { return v.Format != "json" && v.Format != "" }

// DefaultMove is an operation whose default version is not the lock's:
// moved on purpose (-upgrade-defaults), or Forced because the spec dropped
// the locked version.
type DefaultMove struct {
	Op, From, To string
	Forced       bool
}

func (m DefaultMove) String() string {
	s := m.Op + ": " + m.From + " -> " + m.To
	if m.Forced {
		s += " (the spec no longer has " + m.From + ")"
	}
	return s
}

// Alias is a method that builds a variant's request for one version.
type Alias struct {
	Method  string // GetClusterV20240805; its ...WithParams twin is claimed too
	Version *Version
}

// Param is one path, query or header parameter.
type Param struct {
	Name        string // wire name
	In          string // path, query, header
	Field       string // exported field in ...ApiParams and builder method
	Arg         string // unexported name for arguments and request fields
	Required    bool
	Description string
	Type        *TypeRef
	Pattern     *Pattern // nil when none or when Go cannot compile it
	// RefuseDots marks a string path parameter whose pattern, if any, lets
	// "." or ".." through: path escaping leaves both as they are, and a
	// proxy that normalises the path would address another resource, so
	// the client refuses them.
	RefuseDots bool
	Deprecated bool
	// Join, for a list, is the separator its values are sent joined by in
	// one value (style form with explode false: ","; spaceDelimited: " ";
	// pipeDelimited: "|"; headers: ","); "" sends one key per value.
	Join string
	// Default is the schema's default as the spec writes it (string,
	// number or bool), nil when none; the command-line client shows it.
	Default any
}

// Pattern is a regexp a string parameter must match.
type Pattern struct {
	Var  string // unexported package-level variable name
	Expr string
	// Dots reports whether the pattern matches "." or "..".
	Dots bool
	// Runs, when not nil, check the pattern without the regexp engine
	// (see simpleRuns); Expr stays the meaning.
	Runs []Run
}

// Kind of a Go type expression.
type Kind int

const (
	KindNamed   Kind = iota // a named type of this package
	KindBuiltin             // string, bool, int, int32, int64, float32, float64
	KindTime                // time.Time
	KindSlice
	KindMap // map[string]Elem
	KindAny // any: the schema allows any JSON
	KindRaw // json.RawMessage: a construct the generator could not type
)

// TypeRef is a Go type expression.
type TypeRef struct {
	Kind  Kind
	Name  string // named type or builtin name
	Elem  *TypeRef
	Named *Type // for KindNamed
}

// TypeKind is what a named type is.
type TypeKind int

const (
	TypeStruct TypeKind = iota
	TypeEnum
	TypeUnion
)

// Type is a named Go type.
type Type struct {
	Name       string
	Kind       TypeKind
	Doc        string
	Deprecated bool
	Source     string       // JSON pointer of the schema it came from
	Fields     []*Field     // TypeStruct
	EnumBase   string       // TypeEnum: string or int
	Enum       []*EnumValue // TypeEnum
	// IsKnown, for an enum that a union decodes by trying (a variant, or a
	// property of a struct variant), asks for an IsKnown method that
	// decoding uses; a union of such enums gets one too. Only those get
	// one: 1,179 of them made the full package build 35% slower.
	IsKnown bool
	// Fit, for a struct that a union decodes by trying, asks for a fit
	// method: its required properties are present, its enum properties hold
	// known values, and how many of the payload's keys it declares. For a
	// tried variant with IsKnown (an enum, a union of enums), fit is
	// IsKnown: decoding reaches both through one interface (fitter).
	Fit bool
	// TypeUnion
	Discriminator string // JSON property, "" when variants are tried in order
	Variants      []*UnionVariant
	Example       any // the schema's own example, for the example walk
}

// Field is one struct field.
type Field struct {
	Name      string
	JSON      string
	Doc       string
	Type      *TypeRef
	Pointer   bool // *T
	OmitEmpty bool
	Required  bool
	ReadOnly  bool
	// ReadOnlyFrom is the component a $ref property inherits readOnly
	// from, "" when the property is read-only by its own word or not at
	// all (see readOnlyRule).
	ReadOnlyFrom string
	WriteOnly    bool
	// Nullable fields are Nullable[T]: absent, null, or a value. Type is T;
	// Pointer says T is *Type (objects and unions).
	Nullable   bool
	Deprecated bool
}

// EnumValue is one enum constant.
type EnumValue struct {
	Const string
	Value any    // string or int64
	Doc   string // "comes from ...": its variants, for a merged union of enums
}

// UnionVariant is one alternative of a oneOf/anyOf/discriminated type.
type UnionVariant struct {
	Field  string // exported field holding it, a pointer
	Type   *TypeRef
	Values []string // discriminator values selecting it
	// ShadowedBy names the earlier variant that wins every payload this
	// one fits, "" when a payload can pick this one; the report lists it.
	ShadowedBy string
	// Narrower names the tried variants this one beats on a tie: it checks
	// what they check with fewer known values, or checks what they take as
	// any value.
	Narrower []string
}

// ErrorModel is the spec's schema of error bodies. ResponseError reads
// errorCode, reason and detail from the body itself, whatever this type
// makes of them (an ApiError whose errorCode is an object still builds).
type ErrorModel struct {
	Type *Type
}

// Report is what the generator tells the user about its choices.
type Report struct {
	Operations      int
	Versions        int // operation-version pairs
	MultiVersion    int // operations with more than one version
	Types           int
	Fallbacks       []string // fields typed json.RawMessage, with why
	SkippedPatterns []string // patterns Go's regexp cannot compile, with where
	Renamed         []string // names that needed a suffix
	Notes           []string
	// Overlays says which overlays were applied to the spec, in order, and
	// which of their targets matched nothing when that was allowed.
	Overlays []string
}
