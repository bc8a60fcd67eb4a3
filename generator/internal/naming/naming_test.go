package naming

import (
	"go/token"
	"slices"
	"testing"
	"unicode/utf8"
)

func TestExported(t *testing.T) {
	cases := map[string]string{
		"getSharedClusterBackupRestoreJob": "GetSharedClusterBackupRestoreJob",
		"Shared-Tier Restore Jobs":         "SharedTierRestoreJobs",
		"groupId":                          "GroupID",
		"snapshotUrl":                      "SnapshotURL",
		"ApiError":                         "ApiError",
		"AWSKMSConfiguration":              "AWSKMSConfiguration",
		"HTTPServer":                       "HTTPServer",
		"ClusterDescription20240805":       "ClusterDescription20240805",
		"us-east-1":                        "UsEast1",
		"M10":                              "M10",
		"2023-01-01":                       "N20230101",
		"":                                 "Empty",
		"ipAddress":                        "IPAddress",
		"_id":                              "ID",
	}
	for in, want := range cases {
		if got := Exported(in); got != want {
			t.Errorf("Exported(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSuffix(t *testing.T) {
	cases := map[string]string{"1": "1", "-1": "Minus1", "<": "Lt", ">=": "Gte", "": "Empty", "GB seconds": "GBSeconds", ".avro.gz": "AvroGz", "x-large": "XLarge"}
	for in, want := range cases {
		if got := Suffix(in); got != want {
			t.Errorf("Suffix(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"PENDING": "Pending", "US_EAST_1": "UsEast1", "AWS": "AWS", "M10": "M10", "x-large": "XLarge", "<": "Lt"} {
		if got := EnumValue(in); got != want {
			t.Errorf("EnumValue(%q) = %q, want %q", in, got, want)
		}
	}
	s := NewScope("Level1")
	if got := s.Claim("Level1", "x"); got != "Level1_2" {
		t.Errorf("collision on a name ending in a digit: %q", got)
	}
}

func TestUnexported(t *testing.T) {
	cases := map[string]string{"groupId": "groupID", "ID": "id", "HTTPServer": "httpServer", "type": "type_", "Restore": "restore"}
	for in, want := range cases {
		if got := Unexported(in); got != want {
			t.Errorf("Unexported(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestScope(t *testing.T) {
	s := NewScope("APIClient")
	if got := s.Claim("APIClient", "x"); got != "APIClient2" {
		t.Fatalf("got %q", got)
	}
	if got := s.Claim("Foo", "x"); got != "Foo" {
		t.Fatalf("got %q", got)
	}
	if got := s.Claim("Foo", "x"); got != "Foo2" {
		t.Fatalf("got %q", got)
	}
	if len(s.Renamed) != 2 {
		t.Fatalf("renames = %v", s.Renamed)
	}
}

func TestClaimWith(t *testing.T) {
	s := NewScope()
	s.Claim("GetFooExecute", "an operation named getFooExecute")
	if got := s.ClaimWith("GetFoo", "method", "", "Execute"); got != "GetFoo2" {
		t.Fatalf("GetFoo with Execute taken: %s", got)
	}
	if !s.Taken("GetFoo2Execute") || s.Taken("GetFoo") {
		t.Fatal("claims are all or nothing")
	}
	if got := s.ClaimWith("Level1", "method", "", "Execute"); got != "Level1" {
		t.Fatal(got)
	}
	if got := s.ClaimWith("Level1", "method", ""); got != "Level1_2" {
		t.Fatal(got)
	}
}

func TestUnicodeNames(t *testing.T) {
	for in, want := range map[string]string{
		"名前":          "X名前", // no case: the prefix keeps it exported
		"名前_id":       "X名前ID",
		"über":        "Über",
		"ÜBER":        "ÜBER",
		"größe":       "Größe",
		"ßeta":        "Xßeta",  // ß has no single upper-case letter
		"ǆungla":      "Ǆungla", // upper case, not the title case ǅ (Lt is not exported)
		"ключ":        "Ключ",
		"مفتاح":       "Xمفتاح",
		"١٢":          "N١٢", // Arabic-Indic digits are digits
		"Ωmega-point": "ΩmegaPoint",
		"emoji🙂value": "EmojiValue",
	} {
		if got := Exported(in); got != want {
			t.Errorf("Exported(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"ÜBER": "Über", "ÉTÉ": "Été", "名前": "名前", "ПРИВЕТ_МИР": "ПриветМир"} {
		if got := EnumValue(in); got != want {
			t.Errorf("EnumValue(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"名前": "x名前", "Über": "über", "ÜBER": "über"} {
		if got := Unexported(in); got != want {
			t.Errorf("Unexported(%q) = %q, want %q", in, got, want)
		}
	}
}

// checkIdentifiers is the namer's contract, for any input: Exported is an
// exported identifier, Unexported an unexported one that is no keyword, and
// a type name followed by Suffix or EnumValue is an exported identifier.
func checkIdentifiers(t *testing.T, s string) {
	t.Helper()
	if got := Exported(s); !token.IsIdentifier(got) || !token.IsExported(got) || !utf8.ValidString(got) {
		t.Errorf("Exported(%q) = %q: not an exported identifier", s, got)
	}
	if got := Unexported(s); !token.IsIdentifier(got) || token.IsExported(got) || token.IsKeyword(got) {
		t.Errorf("Unexported(%q) = %q: not an unexported identifier", s, got)
	}
	for _, got := range []string{"T" + Suffix(s), "T" + EnumValue(s)} {
		if !token.IsIdentifier(got) || !utf8.ValidString(got) {
			t.Errorf("%q: %q is not an identifier", s, got)
		}
	}
}

func TestIdentifiersAreValid(t *testing.T) {
	for _, s := range []string{"", "-", "-1", "-١", "ÜBER", "名前", "\xff\xfe", "a\x00b", "ǅ", "ß", "_", "__", "1a", "ᾈ", "𝐀bc", "ⅰⅱ", "x-large", "<=", "İstanbul", "\u0301"} {
		checkIdentifiers(t, s)
	}
}

func FuzzNaming(f *testing.F) {
	for _, s := range []string{"groupId", "ÜBER", "名前", "-1", "<", "HTTPServer", "US_EAST_1", "ǆ", "\xff", "2023-01-01", "Ωmega"} {
		f.Add(s)
	}
	f.Fuzz(checkIdentifiers)
}

// A release that adds a claimant sorting first must not rename the names
// the lock recorded for an earlier collision.
func TestLockKeepsCollisionNames(t *testing.T) {
	l := &Lock{}
	s := l.Scope("package")
	if a, b := s.Claim("FooBar", "schema fooBar"), s.Claim("FooBar", "schema foo_bar"); a != "FooBar" || b != "FooBar2" {
		t.Fatalf("first run: %s %s", a, b)
	}
	next := &Lock{Keep: l.Chosen}
	s = next.Scope("package")
	// The new schema "foo-bar" claims first in the next release.
	got := []string{s.Claim("FooBar", "schema foo-bar"), s.Claim("FooBar", "schema fooBar"), s.Claim("FooBar", "schema foo_bar")}
	if want := []string{"FooBar3", "FooBar", "FooBar2"}; !slices.Equal(got, want) {
		t.Fatalf("next run: got %v, want %v", got, want)
	}
	if next.Chosen["package"]["schema foo-bar"] != "FooBar3" || next.Chosen["package"]["schema fooBar"] != "FooBar" {
		t.Fatalf("next lock: %v", next.Chosen)
	}
	// A reserved name beats a lock, and a claimant can take its pin once.
	s = (&Lock{Keep: Pins{"p": {"x": "Taken", "y": "Y2"}}}).Scope("p", "Taken")
	if got := s.Claim("X", "x"); got != "X" {
		t.Fatalf("pin on a reserved name: %s", got)
	}
	if a, b := s.Claim("Y", "y"), s.Claim("Y", "y"); a != "Y2" || b != "Y" {
		t.Fatalf("same claimant twice: %s %s", a, b)
	}
}

// A hand-edited lock that gives one name to two claimants pins it for
// neither: which one kept it would depend on map order, and the output
// would differ from run to run.
func TestLockNameGivenTwiceKeepsNeither(t *testing.T) {
	l := &Lock{Keep: Pins{"p": {"a": "Foo", "b": "Foo", "c": "Bar"}}}
	s := l.Scope("p")
	got := []string{s.Claim("A", "a"), s.Claim("B", "b"), s.Claim("C", "c")}
	if want := []string{"A", "B", "Bar"}; !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

// A claimant known only by its position is never pinned: after an
// insertion the position belongs to another claimant.
func TestLockIgnoresPositionalClaimants(t *testing.T) {
	l := &Lock{Keep: Pins{"package": {"inline schema at #/x/oneOf/1": "Kept"}}}
	s := l.Scope("package")
	if got := s.ClaimPositional("A", "inline schema at #/x/oneOf/1"); got != "A" {
		t.Fatalf("positional claimant got the pin: %s", got)
	}
	if got := s.ClaimPositional("A", "inline schema at #/x/oneOf/2"); got != "A2" || len(l.Chosen["package"]) != 0 {
		t.Fatalf("positional collision: %s, recorded %v", got, l.Chosen)
	}
}

// ClaimAcross settles one base for every part: a clash in one part (a
// schema named like a method's request type) moves the method too, the
// lock records both sides in both parts, and the next release, where a new
// claimant sorts first, keeps them.
func TestClaimAcross(t *testing.T) {
	l := &Lock{}
	pkg, svc := l.Scope("package"), l.Scope("methods")
	pkg.Claim("GetFooApiRequest", "schema GetFooApiRequest")
	claim := func(pkg, svc *Scope, why string) string {
		return ClaimAcross("GetFoo", why, Part{svc, []string{"", "Execute"}}, Part{pkg, []string{"ApiRequest"}})
	}
	if got := claim(pkg, svc, "method of a"); got != "GetFoo2" || !svc.Taken("GetFoo2Execute") || svc.Taken("GetFoo") || !pkg.Taken("GetFoo2ApiRequest") {
		t.Fatalf("first claim: %s", got)
	}
	if len(pkg.Renamed) != 0 || len(svc.Renamed) != 1 {
		t.Fatalf("the rename is reported once, in the first part: %v %v", svc.Renamed, pkg.Renamed)
	}
	if l.Chosen["package"]["schema GetFooApiRequest"] != "GetFooApiRequest" || l.Chosen["package"]["method of a"] != "GetFoo2" || l.Chosen["methods"]["method of a"] != "GetFoo2" {
		t.Fatalf("lock: %v", l.Chosen)
	}
	// Next release: a new method sorts first; the schema and a keep theirs.
	next := &Lock{Keep: l.Chosen}
	pkg, svc = next.Scope("package"), next.Scope("methods")
	schema := pkg.Claim("GetFooApiRequest", "schema GetFooApiRequest")
	if a0, a := claim(pkg, svc, "method of a0"), claim(pkg, svc, "method of a"); schema != "GetFooApiRequest" || a0 != "GetFoo3" || a != "GetFoo2" {
		t.Fatalf("next release: schema %s, new method %s, a %s", schema, a0, a)
	}
}
