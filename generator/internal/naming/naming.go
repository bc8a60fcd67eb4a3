// Package naming is the generator's one namer: every Go identifier the
// generator emits comes from here, so the rules (word splitting, Go
// initialisms, collision suffixes) hold everywhere.
package naming

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// initialisms are written all caps, as Go code review asks. "Api" is left out
// on purpose: the Atlas docs name ApiError, SharedTierRestoreJobsApi and
// ...ApiParams, and users copy those names from the docs.
var initialisms = map[string]bool{
	"ACL": true, "ASCII": true, "AWS": true, "CIDR": true, "CPU": true, "CSS": true,
	"CSV": true, "DNS": true, "EOF": true, "GCP": true, "GUID": true, "HTML": true,
	"HTTP": true, "HTTPS": true, "IAM": true, "ID": true, "IP": true, "JSON": true,
	"JWT": true, "KMS": true, "LDAP": true, "MFA": true, "OIDC": true, "QPS": true,
	"RAM": true, "RPC": true, "SAML": true, "SLA": true, "SMTP": true, "SQL": true,
	"SSH": true, "SSL": true, "TCP": true, "TLS": true, "TTL": true, "UDP": true,
	"UI": true, "UID": true, "URI": true, "URL": true, "UTF8": true, "UUID": true,
	"VM": true, "VPC": true, "XML": true,
}

// Words splits s into words at non-alphanumerics, lower-to-upper case
// changes, the end of an upper-case run followed by a lower-case letter
// ("HTTPServer" -> HTTP, Server), and letter/digit boundaries.
func Words(s string) []string {
	var words []string
	rs := []rune(s)
	start := -1
	flush := func(end int) {
		if start >= 0 && end > start {
			words = append(words, string(rs[start:end]))
		}
		start = -1
	}
	for i, r := range rs {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush(i)
			continue
		}
		if start < 0 {
			start = i
			continue
		}
		prev := rs[i-1]
		switch {
		case unicode.IsDigit(r) != unicode.IsDigit(prev):
			flush(i)
			start = i
		case unicode.IsUpper(r) && unicode.IsLower(prev):
			flush(i)
			start = i
		case unicode.IsUpper(r) && unicode.IsUpper(prev) && i+1 < len(rs) && unicode.IsLower(rs[i+1]):
			// "HTTPServer": the S starts a new word.
			flush(i)
			start = i
		}
	}
	flush(len(rs))
	return words
}

// Exported turns any spec name into an exported Go identifier. Go exports
// a name that starts with an upper-case letter (Unicode class Lu), so a
// name that starts with a digit gets the prefix N (N20230101), and one that
// starts with a letter that has no upper case (名前, ß) gets the prefix X
// (X名前): without it the field would be unexported and encoding/json would
// skip it.
func Exported(s string) string {
	out := Suffix(s)
	switch first, _ := utf8.DecodeRuneInString(out); {
	case unicode.IsDigit(first):
		return "N" + out
	case !unicode.IsUpper(first):
		return "X" + out
	}
	return out
}

// symbols name enum values that are only operators, which have no words.
var symbols = map[string]string{
	"<": "Lt", "<=": "Lte", ">": "Gt", ">=": "Gte", "=": "Eq", "==": "Eq", "!=": "Ne",
	"+": "Plus", "-": "Minus", "*": "Star", "/": "Slash",
}

// Suffix is Exported for a name that follows an identifier, as an enum
// value follows its type: it may start with a digit (Level1, Size2XL).
// Operators get names (Lt, Gte) and a minus sign before a number is Minus.
func Suffix(s string) string { return suffix(s, true) }

// EnumValue is Suffix for enum values, which Atlas writes in capitals
// (PENDING, US_EAST_1): words are title-cased unless they are initialisms,
// so the constant reads TenantRestoreStatusPending.
func EnumValue(s string) string { return suffix(s, false) }

func suffix(s string, keepCaps bool) string {
	if name, ok := symbols[strings.TrimSpace(s)]; ok {
		return name
	}
	if rest, ok := strings.CutPrefix(s, "-"); ok && rest != "" && unicode.IsDigit([]rune(rest)[0]) {
		return "Minus" + suffix(rest, keepCaps)
	}
	var b strings.Builder
	for _, w := range Words(s) {
		up := strings.ToUpper(w)
		switch {
		case initialisms[up]:
			b.WriteString(up)
		case !keepCaps && up == w:
			first, n := utf8.DecodeRuneInString(w)
			b.WriteRune(first)
			b.WriteString(strings.ToLower(w[n:]))
		case up == w && utf8.RuneCountInString(w) > 1 && !isDigits(w):
			// An upper-case run the spec wrote on purpose (AWSKMS, M10).
			b.WriteString(w)
		default:
			// Upper case, not title case: Go exports Lu only, and the
			// title case of a digraph (ǅ) is Lt.
			first, n := utf8.DecodeRuneInString(w)
			b.WriteRune(unicode.ToUpper(first))
			b.WriteString(w[n:])
		}
	}
	if b.Len() == 0 {
		return "Empty"
	}
	return b.String()
}

// Unexported turns a spec name into an unexported Go identifier that is not
// a keyword.
func Unexported(s string) string {
	e := Exported(s)
	rs := []rune(e)
	// Lower the leading run of capitals, but keep the capital that starts
	// the next word: "HTTPServer" -> "httpServer", "ID" -> "id".
	i := 0
	for i < len(rs) && unicode.IsUpper(rs[i]) {
		i++
	}
	switch {
	case i == 0:
	case i == 1 || i == len(rs):
		for j := 0; j < i; j++ {
			rs[j] = unicode.ToLower(rs[j])
		}
	default:
		for j := 0; j < i-1; j++ {
			rs[j] = unicode.ToLower(rs[j])
		}
	}
	out := string(rs)
	if unicode.IsUpper(rs[0]) {
		out = "x" + out // a capital with no lower case (𝐀)
	}
	if keywords[out] {
		return out + "_"
	}
	return out
}

var keywords = map[string]bool{
	"break": true, "case": true, "chan": true, "const": true, "continue": true, "default": true,
	"defer": true, "else": true, "fallthrough": true, "for": true, "func": true, "go": true,
	"goto": true, "if": true, "import": true, "interface": true, "map": true, "package": true,
	"range": true, "return": true, "select": true, "struct": true, "switch": true, "type": true,
	"var": true, "ctx": true, "r": true, "a": true, "err": true, "path": true, "query": true,
	"header": true, "url": true, "http": true, "json": true, "time": true, "io": true,
	// Predeclared identifiers and packages the generated code uses: an
	// argument named after one would shadow it.
	"any": true, "bool": true, "error": true, "false": true, "float32": true, "float64": true,
	"int": true, "int32": true, "int64": true, "nil": true, "string": true, "true": true,
	"new": true, "len": true, "append": true, "strconv": true, "context": true, "iter": true,
	"fmt": true, "slices": true, "bytes": true, "strings": true,
}

func isDigits(s string) bool {
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// Scope hands out unique names in one Go namespace. The first claimant of a
// name keeps it; later ones get the lowest free numeric suffix. Callers claim
// in a deterministic order, so the result is the same on every run.
//
// A scope made by a Lock also keeps the names an earlier run chose: a
// claimant the lock names gets its old name back, and nobody else may take
// it. Every name that needed a choice (a suffix, or the name a suffixed
// claimant wanted) is recorded in the lock, keyed by the scope and the
// claimant ("why"), which must therefore name the claimant uniquely.
type Scope struct {
	used map[string]bool
	// Renamed records every name that needed a suffix, for the report.
	Renamed []Rename

	lock     *Lock
	id       string
	pins     map[string]string // claimant -> name kept from the lock
	pinnedBy map[string]string // name -> claimant it is kept for
	owner    map[string]string // name -> claimant that took it in this run
	base     map[string]string // claimant -> the base it took in this run
}

// Rename is one collision the scope resolved.
type Rename struct{ Wanted, Got, Why string }

// NewScope returns a scope with reserved names already taken.
func NewScope(reserved ...string) *Scope {
	s := &Scope{used: map[string]bool{}, owner: map[string]string{}, base: map[string]string{}}
	for _, r := range reserved {
		s.used[r] = true
	}
	return s
}

// Pins are names kept by a lock: scope id -> claimant -> name.
type Pins map[string]map[string]string

// Lock carries the names an earlier run chose into this one (Keep) and
// collects the names this run chose (Chosen), for the lock file.
type Lock struct {
	Keep   Pins
	Chosen Pins
	// Wanted is every name a claimant asked for, by scope id, whatever it
	// got: a name an earlier package had and nobody wants now is gone
	// because the spec dropped its source, not because it was renamed.
	Wanted map[string]map[string]bool
}

// Scope returns a scope whose names the lock keeps under id.
func (l *Lock) Scope(id string, reserved ...string) *Scope {
	s := NewScope(reserved...)
	if l == nil {
		return s
	}
	s.lock, s.id = l, id
	s.pins, s.pinnedBy = map[string]string{}, map[string]string{}
	// A hand-edited lock giving one name twice keeps neither: counted
	// first, so that the result does not depend on map order.
	given := map[string]int{}
	for _, name := range l.Keep[id] {
		given[name]++
	}
	for why, name := range l.Keep[id] {
		if s.used[name] || given[name] > 1 {
			continue // a reserved name always wins
		}
		s.pins[why], s.pinnedBy[name] = name, why
		s.used[name] = true
	}
	return s
}

func (s *Scope) record(why, name string) {
	if s.lock == nil || why == "" {
		return
	}
	if s.lock.Chosen == nil {
		s.lock.Chosen = Pins{}
	}
	if s.lock.Chosen[s.id] == nil {
		s.lock.Chosen[s.id] = map[string]string{}
	}
	s.lock.Chosen[s.id][why] = name
}

// pinned returns the name the lock keeps for why, if it is still free to
// take with every suffix.
func (s *Scope) pinned(why string, suffixes ...string) (string, bool) {
	p, ok := s.pins[why]
	if !ok {
		return "", false
	}
	for _, suf := range suffixes {
		if s.owner[p+suf] != "" || (s.used[p+suf] && s.pinnedBy[p+suf] != why) {
			return "", false
		}
	}
	return p, true
}

// free reports whether base+suffix is free for every suffix.
func (s *Scope) free(base string, suffixes []string) bool {
	for _, suf := range suffixes {
		if s.used[base+suf] {
			return false
		}
	}
	return true
}

// Claim returns want if it is free, else want2, want3, ...
func (s *Scope) Claim(want, why string) string { return s.ClaimWith(want, why, "") }

// ClaimChosen is Claim for a name the generator chose rather than read
// (from a title, say): the lock records it even without a collision.
func (s *Scope) ClaimChosen(want, why string) string {
	got := s.Claim(want, why)
	s.record(why, got)
	return got
}

// ClaimWith claims want+suffix for every suffix at once (the empty suffix
// is want itself), trying want, want2, want3, ... until all are free, and
// returns the base it settled on. A method and the names derived from it
// (XWithParams, XExecute) so never split across two operations.
func (s *Scope) ClaimWith(want, why string, suffixes ...string) string {
	return s.claim(want, why, true, suffixes)
}

// ClaimPositional is Claim for a claimant known only by its position (an
// inline schema inside a oneOf member, say): the lock neither keeps nor
// records its name, because after an insertion that position is another
// claimant's.
func (s *Scope) ClaimPositional(want, why string) string {
	return s.claim(want, why, false, []string{""})
}

func (s *Scope) claim(want, why string, lockable bool, suffixes []string) string {
	return claimAcross(want, why, lockable, []Part{{s, suffixes}})
}

// Part is one scope a name is claimed in, with the suffixes it takes there.
type Part struct {
	Scope    *Scope
	Suffixes []string
}

// ClaimAcross claims one base in several scopes at once: want, or want2,
// want3, ..., the first base free in every part with that part's suffixes.
// A method and its request types so keep one base although the method is
// claimed in its service's method set and the types in the package. A
// collision is reported in the first part's Renamed; each part's lock
// records both sides, as ClaimWith does.
func ClaimAcross(want, why string, parts ...Part) string {
	return claimAcross(want, why, true, parts)
}

func claimAcross(want, why string, lockable bool, parts []Part) string {
	for _, p := range parts {
		p.Scope.want(want, p.Suffixes)
	}
	take := func(got string) string {
		for _, p := range parts {
			for _, suf := range p.Suffixes {
				p.Scope.used[got+suf] = true
				p.Scope.owner[got+suf] = why
			}
			p.Scope.base[why] = got
		}
		return got
	}
	if lockable {
		// A name the lock keeps wins when every part keeps the same one.
		pin, ok := "", true
		for i, p := range parts {
			got, has := p.Scope.pinned(why, p.Suffixes...)
			ok = ok && has && (i == 0 || got == pin)
			pin = got
		}
		if ok {
			for _, p := range parts {
				p.Scope.record(why, pin)
			}
			return take(pin)
		}
	}
	free := func(base string) bool {
		for _, p := range parts {
			if !p.Scope.free(base, p.Suffixes) {
				return false
			}
		}
		return true
	}
	if free(want) {
		return take(want)
	}
	sep := ""
	if r := []rune(want); len(r) > 0 && unicode.IsDigit(r[len(r)-1]) {
		sep = "_" // Level1 then Level1_2, not Level12
	}
	got := want
	for i := 2; ; i++ {
		if got = want + sep + strconv.Itoa(i); free(got) {
			break
		}
	}
	first := parts[0].Scope
	first.Renamed = append(first.Renamed, Rename{Wanted: want, Got: got, Why: why})
	// Both sides of a collision are choices: the claimants that kept what
	// want needed must keep it when a later spec adds a claimant that
	// sorts first.
	if lockable {
		for _, p := range parts {
			for _, suf := range p.Suffixes {
				if o := p.Scope.owner[want+suf]; o != "" {
					p.Scope.record(o, p.Scope.base[o])
				}
			}
			p.Scope.record(why, got)
		}
	}
	return take(got)
}

// want notes, for the lock, every name a claimant asked for.
func (s *Scope) want(want string, suffixes []string) {
	if s.lock == nil {
		return
	}
	if s.lock.Wanted == nil {
		s.lock.Wanted = map[string]map[string]bool{}
	}
	w := s.lock.Wanted[s.id]
	if w == nil {
		w = map[string]bool{}
		s.lock.Wanted[s.id] = w
	}
	for _, suf := range suffixes {
		w[want+suf] = true
	}
}

// Taken reports whether name is in use.
func (s *Scope) Taken(name string) bool { return s.used[name] }
