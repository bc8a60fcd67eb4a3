// This test is copied next to the package generated from spec.yaml in this
// directory (see TestConstructs in generator/). It lives under testdata so
// the go tool does not build it here.
package admin

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func roundTrip(t *testing.T, in string, v any) string {
	t.Helper()
	if err := json.Unmarshal([]byte(in), v); err != nil {
		t.Fatalf("decode %s: %v", in, err)
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func sameJSON(t *testing.T, a, b string) {
	t.Helper()
	var x, y any
	if err := json.Unmarshal([]byte(a), &x); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(b), &y); err != nil {
		t.Fatal(err)
	}
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	if !bytes.Equal(xa, ya) {
		t.Fatalf("JSON differs:\n %s\n %s", xa, ya)
	}
}

func TestDiscriminatedOneOf(t *testing.T) {
	var p Pet
	in := `{"petType":"dog","name":"Rex","goodBoy":true,"tricks":["sit"]}`
	out := roundTrip(t, in, &p)
	if p.Dog == nil || p.Cat != nil || !p.Dog.GetGoodBoy() || p.Dog.GetName() != "Rex" {
		t.Fatalf("decoded %+v", p)
	}
	sameJSON(t, in, out)
}

func TestBaseWithAllOfBackReferences(t *testing.T) {
	var a Animal
	in := `{"petType":"cat","name":"Tom","lives":9}`
	out := roundTrip(t, in, &a)
	if a.Cat == nil || a.Cat.GetLives() != 9 || a.Cat.PetType != "cat" {
		t.Fatalf("decoded %+v", a)
	}
	sameJSON(t, in, out)
	// An inline enum of the base is named after the base in every subtype.
	var _ *AnimalHabitat = Cat{}.Habitat
	var _ *AnimalHabitat = Bird{}.Habitat
	var _ *AnimalHabitat = Ant{}.Habitat2 // Ant's own Habitat took the plain name
	var _ *string = Ant{}.Habitat
	// A schema that only renames a discriminating base, and is no mapping
	// target, is the base.
	var _ *Animal = Pet20240530{}.Alias
	// A subtype with no fields of its own is still its own variant.
	in = `{"petType":"bird","name":"Tweety"}`
	a = Animal{}
	out = roundTrip(t, in, &a)
	if a.Bird == nil || a.Bird.GetName() != "Tweety" || a.Cat != nil {
		t.Fatalf("decoded %+v", a)
	}
	sameJSON(t, in, out)
}

func TestUnknownDiscriminatorIsKept(t *testing.T) {
	var p Pet
	in := `{"petType":"axolotl","gills":6}`
	out := roundTrip(t, in, &p)
	if p.Cat != nil || p.Dog != nil || p.Raw == nil {
		t.Fatalf("decoded %+v", p)
	}
	sameJSON(t, in, out)
}

func TestAnyOfWithoutDiscriminator(t *testing.T) {
	var s Pet20240530Shape
	roundTrip(t, `{"side":3}`, &s)
	if s.Square == nil || s.Circle != nil {
		t.Fatalf("square decoded as %+v", s)
	}
	roundTrip(t, `{"radius":1.5}`, &s)
	if s.Circle == nil || s.Square != nil {
		t.Fatalf("circle decoded as %+v", s)
	}
}

func TestFieldsFollowOneRule(t *testing.T) {
	born := time.Date(2024, 5, 30, 10, 0, 0, 0, time.UTC)
	p := Pet20240530{
		Name:   "Rex", // required: a value, always sent
		Size:   SizeXLarge,
		Born:   &born, // optional: a pointer, sent when set
		Labels: map[string]string{"color": "black"},
		Owner:  &Person{Name: Ptr("Ann"), Friends: []Person{{Name: Ptr("Bob")}}, BestFriend: &Person{Name: Ptr("Cy")}},
		Level:  Ptr(Pet20240530Level2),
	}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	sameJSON(t, string(b), `{"name":"Rex","size":"x-large","born":"2024-05-30T10:00:00Z","labels":{"color":"black"},"level":2,
		"owner":{"name":"Ann","friends":[{"name":"Bob"}],"bestFriend":{"name":"Cy"}}}`)
	var empty *Pet20240530
	if empty.GetName() != "" || empty.GetOwner().GetBestFriend().GetName() != "" || empty.GetBorn() != (time.Time{}) {
		t.Fatal("getters are not nil-safe")
	}
}

// Enum values that are not strings of a string enum, and an enum without
// a type, still make constants of the right base type.
func TestEnumsOfNumbers(t *testing.T) {
	var tier Pet20240530Tier = Pet20240530Tier1
	var grade Pet20240530Grade = Pet20240530Grade15
	if int(tier) != 1 || string(grade) != "1.5" || Pet20240530GradeA != "A" {
		t.Fatalf("tier %v grade %q", tier, grade)
	}
	var p Pet20240530
	roundTrip(t, `{"name":"Rex","size":"small","tier":2,"grade":"1.5"}`, &p)
	if p.GetTier() != Pet20240530Tier2 || p.GetGrade() != Pet20240530Grade15 {
		t.Fatalf("decoded %+v", p)
	}
}

// Without a discriminator, the variant that fits best wins: a string goes
// to the enum that names it, an object to the variant whose required
// fields it has; an unknown value still decodes into the first that takes it.
func TestUnionPicksTheVariantThatFits(t *testing.T) {
	var p Pet20240530
	roundTrip(t, `{"name":"Rex","size":"small","region":"EUROPE_WEST","badge":{"name":"best"}}`, &p)
	if p.Region == nil || *p.Region != Pet20240530RegionEuropeWest {
		t.Errorf("region %+v", p.Region)
	}
	if p.Badge == nil || p.Badge.Ribbon == nil || p.Badge.Medal != nil {
		t.Errorf("badge %+v", p.Badge)
	}
	p = Pet20240530{}
	roundTrip(t, `{"name":"Rex","size":"small","region":"AF_SOUTH_1","badge":{"name":"gold","metal":"Au"}}`, &p)
	if p.Region == nil || *p.Region != "AF_SOUTH_1" {
		t.Errorf("an unknown region %+v", p.Region)
	}
	if p.Badge == nil || p.Badge.Medal == nil || p.Badge.Medal.Metal != "Au" {
		t.Errorf("badge %+v", p.Badge)
	}
}

// A union of string enums is one string enum with every value once; other
// inline variants are named by title, required properties or type.
// A union that tries an enum and a string gives a value the enum names to
// the enum, and any other to the string: the enum's check (its fit, which
// asks IsKnown) is what tells them apart, as both decode every string.
func TestUnionTriesAnEnumByItsValues(t *testing.T) {
	for _, c := range []struct {
		in         string
		kind, text bool
	}{
		{`{"name":"Rex","size":"small","coat":"wire"}`, true, false},
		{`{"name":"Rex","size":"small","coat":"velvet"}`, false, true},
	} {
		var p Pet20240530
		roundTrip(t, c.in, &p)
		if p.Coat == nil || (p.Coat.Pet20240530CoatCoatKind != nil) != c.kind || (p.Coat.String != nil) != c.text {
			t.Errorf("%s: coat %+v", c.in, p.Coat)
		}
	}
}

func TestUnionNames(t *testing.T) {
	for c, want := range map[Pet20240530Region]string{Pet20240530RegionUsEast1: "US_EAST_1", Pet20240530RegionEuWest1: "EU_WEST_1", Pet20240530RegionUsCentral: "US_CENTRAL", Pet20240530RegionEuropeWest: "EUROPE_WEST"} {
		if string(c) != want {
			t.Errorf("%q != %q", c, want)
		}
	}
	var p Pet20240530
	roundTrip(t, `{"name":"Rex","size":"small","contact":{"phone":"555"}}`, &p)
	if p.Contact == nil || p.Contact.Pet20240530ContactWithPhone == nil || p.Contact.Pet20240530ContactWithPhone.Phone != "555" {
		t.Errorf("contact %+v", p.Contact)
	}
	p = Pet20240530{Contact: &Pet20240530Contact{Pet20240530ContactEmail: &Pet20240530ContactEmail{Email: "a@b"}}}
	if b, err := json.Marshal(p.Contact); err != nil || string(b) != `{"email":"a@b"}` {
		t.Errorf("contact %s %v", b, err)
	}
	p.Contact = &Pet20240530Contact{String: Ptr("x")}
	if b, err := json.Marshal(p.Contact); err != nil || string(b) != `"x"` {
		t.Errorf("contact %s %v", b, err)
	}
}

func TestEnumNames(t *testing.T) {
	for c, want := range map[Size]string{SizeSmall: "small", SizeSmall2: "SMALL", SizeSmall3: "small-", SizeXLarge: "x-large", Size1: "1", SizeEmpty: ""} {
		if string(c) != want {
			t.Errorf("%q != %q", c, want)
		}
	}
}

func newServer(t *testing.T, h http.HandlerFunc) *APIClient {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := NewClient(UseBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestVersionChoiceWithinAShape(t *testing.T) {
	var accepts []string
	c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		accepts = append(accepts, r.Header.Get("Accept"))
		w.Header().Set("Content-Type", r.Header.Get("Accept"))
		w.Write([]byte(`{"name":"Rex","size":"small"}`))
	})
	id := "32b6e34b3d91647abb20e7b8"
	if _, _, err := c.PetsApi.GetPet(context.Background(), id).Execute(); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.PetsApi.GetPet(context.Background(), id).Version("2024-05-30").Execute(); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.PetsApi.GetPetPreview(context.Background(), id).Execute(); err != nil {
		t.Fatal(err)
	}
	_, _, err := c.PetsApi.GetPet(context.Background(), id).Version("preview").Execute()
	var ve *VersionError
	if !errors.As(err, &ve) {
		t.Fatalf("preview through the dated method: %v", err)
	}
	want := []string{"application/vnd.atlas.2024-11-13+json", "application/vnd.atlas.2024-05-30+json", "application/vnd.atlas.preview+json"}
	if strings.Join(accepts, ",") != strings.Join(want, ",") {
		t.Fatalf("Accept headers %v, want %v", accepts, want)
	}
}

func TestParamsAreCheckedBeforeSending(t *testing.T) {
	called := false
	c := newServer(t, func(w http.ResponseWriter, r *http.Request) { called = true })
	for _, id := range []string{"", "not-hex", "32b6e34b3d91647abb20e7b"} {
		_, _, err := c.PetsApi.GetPet(context.Background(), id).Execute()
		var pe *ParamError
		if !errors.As(err, &pe) || pe.Param != "petId" {
			t.Errorf("id %q: err %v", id, err)
		}
	}
	if _, _, err := c.PetsApi.CreatePet(context.Background(), nil).Execute(); err == nil {
		t.Error("nil required body was sent")
	}
	// petId has no pattern on deletePet and exportPet: "." and ".." would
	// address the collection or its parent once a proxy normalises the path.
	for _, id := range []string{".", ".."} {
		calls := map[string]error{}
		_, calls["DeletePet"] = c.PetsApi.DeletePet(context.Background(), id).Execute()
		_, _, calls["ExportPet"] = c.PetsApi.ExportPet(context.Background(), id).Execute()
		_, _, calls["ExportPetAsCSV"] = c.PetsApi.ExportPetAsCSV(context.Background(), id).Execute()
		for name, err := range calls {
			var pe *ParamError
			if !errors.As(err, &pe) || pe.Param != "petId" || pe.Reason != `must not be "." or ".."` {
				t.Errorf("%s(%q): err %v, want a *ParamError", name, id, err)
			}
		}
	}
	if called {
		t.Fatal("a request reached the server")
	}
}

// Values that only look like dot segments are sent, escaped as usual.
func TestDotLookAlikesAreSent(t *testing.T) {
	var paths []string
	c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		paths = append(paths, r.URL.EscapedPath())
		w.WriteHeader(http.StatusNoContent)
	})
	for _, id := range []string{"...", ".a", "a.", "%2e", "./"} {
		if _, err := c.PetsApi.DeletePet(context.Background(), id).Execute(); err != nil {
			t.Fatalf("DeletePet(%q): %v", id, err)
		}
	}
	want := "/api/atlas/v2/pets/... /api/atlas/v2/pets/.a /api/atlas/v2/pets/a. /api/atlas/v2/pets/%252e /api/atlas/v2/pets/.%2F"
	if got := strings.Join(paths, " "); got != want {
		t.Fatalf("paths %s, want %s", got, want)
	}
}

func TestQueryAndHeaderParameters(t *testing.T) {
	var got *http.Request
	c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		got = r
		w.Header().Set("Content-Type", "application/vnd.atlas.2023-01-01+json")
		w.Write([]byte(`{"results":[],"totalCount":0}`))
	})
	// Sub-second precision survives, and a zone is kept as given.
	since := time.Date(2024, 1, 2, 3, 4, 5, 120_000_300, time.FixedZone("", 2*3600))
	_, _, err := c.PetsApi.ListPets(context.Background()).Size([]Size{SizeSmall, SizeXLarge}).Since(since).ItemsPerPage(5).XTrace("abc").
		Fields([]string{"name", "size"}).Colors([]string{"red", "tan"}).Shades([]string{"dark", "light"}).XTags([]string{"a", "b"}).Execute()
	if err != nil {
		t.Fatal(err)
	}
	// size explodes (one key per value); fields (explode: false) and colors
	// (pipeDelimited) are one value each.
	if q := got.URL.Query(); strings.Join(q["size"], ",") != "small,x-large" || q.Get("since") != "2024-01-02T03:04:05.1200003+02:00" || q.Get("itemsPerPage") != "5" ||
		len(q["fields"]) != 1 || q.Get("fields") != "name,size" || len(q["colors"]) != 1 || q.Get("colors") != "red|tan" ||
		strings.Join(q["shades"], ",") != "dark,light" {
		t.Fatalf("query %v", q)
	}
	if got.Header.Get("X-Trace") != "abc" || len(got.Header["X-Tags"]) != 1 || got.Header.Get("X-Tags") != "a,b" {
		t.Fatalf("header %v", got.Header)
	}
}

func TestCSVComesBackAsAStream(t *testing.T) {
	c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Accept") != "application/vnd.atlas.2023-01-01+csv" {
			http.Error(w, "want csv", http.StatusNotAcceptable)
			return
		}
		w.Header().Set("Content-Type", "application/vnd.atlas.2023-01-01+csv")
		w.Write([]byte("name,petType\nRex,dog\n"))
	})
	body, _, err := c.PetsApi.ExportPetAsCSV(context.Background(), "rex").Execute()
	if err != nil {
		t.Fatal(err)
	}
	defer body.Close()
	b, _ := io.ReadAll(body)
	if string(b) != "name,petType\nRex,dog\n" {
		t.Fatalf("csv %q", b)
	}
}

// A format declared by a null media type (+xml) is a stream as well, with
// its own Accept header.
func TestNullMediaTypeIsAStream(t *testing.T) {
	c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Accept") != "application/vnd.atlas.2023-01-01+xml" {
			http.Error(w, "want xml, got "+r.Header.Get("Accept"), http.StatusNotAcceptable)
			return
		}
		w.Header().Set("Content-Type", "application/vnd.atlas.2023-01-01+xml")
		w.Write([]byte("<pet>Rex</pet>"))
	})
	body, _, err := c.PetsApi.ExportPetAsXML(context.Background(), "rex").Execute()
	if err != nil {
		t.Fatal(err)
	}
	defer body.Close()
	b, _ := io.ReadAll(body)
	if string(b) != "<pet>Rex</pet>" {
		t.Fatalf("xml %q", b)
	}
}

// A preview +json body answered with +gzip (generateOrgInvoiceAndDownloadReport
// in the 2026-03-03 spec): the body is sent with its own Content-Type.
func TestPreviewBodyWithGzipAnswer(t *testing.T) {
	c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if r.Header.Get("Accept") != "application/vnd.atlas.preview+gzip" ||
			r.Header.Get("Content-Type") != "application/vnd.atlas.preview+json" ||
			!strings.Contains(string(b), `"petType":"dog"`) {
			http.Error(w, fmt.Sprintf("accept %q, content-type %q, body %s", r.Header.Get("Accept"), r.Header.Get("Content-Type"), b), http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/vnd.atlas.preview+gzip")
		w.Write([]byte("gz"))
	})
	body, _, err := c.PetsApi.ReportPetsPreviewAsGzip(context.Background(), &Pet{Dog: &Dog{PetType: "dog"}}).Execute()
	if err != nil {
		t.Fatal(err)
	}
	defer body.Close()
	if b, _ := io.ReadAll(body); string(b) != "gz" {
		t.Fatalf("stream %q", b)
	}
	if _, _, err := c.PetsApi.ReportPetsPreviewAsGzip(context.Background(), nil).Execute(); !strings.Contains(fmt.Sprint(err), "body is required") {
		t.Fatalf("a required body left nil: %v", err)
	}
}

// A preview served as +json and +csv is two methods, one per format.
func TestPreviewInTwoFormats(t *testing.T) {
	c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", r.Header.Get("Accept"))
		switch r.Header.Get("Accept") {
		case "application/vnd.atlas.preview+csv":
			w.Write([]byte("name\nRex\n"))
		case "application/vnd.atlas.preview+json":
			w.Write([]byte(`{"name":"Rex","petType":"dog"}`))
		default:
			http.Error(w, "accept "+r.Header.Get("Accept"), http.StatusNotAcceptable)
		}
	})
	body, _, err := c.PetsApi.ExportPetPreviewAsCSV(context.Background(), "rex").Execute()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(body)
	body.Close()
	if string(b) != "name\nRex\n" {
		t.Fatalf("csv %q", b)
	}
	pet, _, err := c.PetsApi.ExportPetPreview(context.Background(), "rex").Execute()
	if err != nil || pet.GetName() != "Rex" {
		t.Fatalf("pet %+v, err %v", pet, err)
	}
}

// An optional request body may be left out: no body, no Content-Type.
func TestOptionalBody(t *testing.T) {
	var got atomic.Value
	c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got.Store(fmt.Sprintf("%s|%s", r.Header.Get("Content-Type"), b))
		w.WriteHeader(http.StatusNoContent)
	})
	if _, err := c.PetsApi.TouchPets(context.Background(), SizeSmall, []string{"a"}, nil).Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Load() != "|" {
		t.Fatalf("without a body the server got %q", got.Load())
	}
	if _, err := c.PetsApi.TouchPets(context.Background(), SizeSmall, []string{"a"}, &Pet{Dog: &Dog{PetType: "dog"}}).Execute(); err != nil {
		t.Fatal(err)
	}
	if s := got.Load().(string); !strings.HasPrefix(s, "application/vnd.atlas.2023-01-01+json|{") {
		t.Fatalf("with a body the server got %q", s)
	}
}

// A required list must hold something; a required enum that allows ""
// may be "".
func TestRequiredParamsThatAreNotStrings(t *testing.T) {
	var calls atomic.Int32
	c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.WriteHeader(http.StatusNoContent)
	})
	var pe *ParamError
	if _, err := c.PetsApi.TouchPets(context.Background(), SizeSmall, nil, nil).Execute(); !errors.As(err, &pe) || pe.Param != "tags" {
		t.Fatalf("an empty required list: %v", err)
	}
	if calls.Load() != 0 {
		t.Fatal("the refused call reached the server")
	}
	if _, err := c.PetsApi.TouchPets(context.Background(), SizeEmpty, []string{"a"}, nil).Execute(); err != nil {
		t.Fatalf("the enum allows \"\": %v", err)
	}
}

func TestNoContentOperation(t *testing.T) {
	c := newServer(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	resp, err := c.PetsApi.DeletePet(context.Background(), "rex").Execute()
	if err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("resp %v, err %v", resp, err)
	}
}

func TestCollidingNamesBothExist(t *testing.T) {
	_ = FooBar{B: Ptr("b")}
	_ = FooBar2{A: Ptr("a")}
	var _ interface {
		GetFoo(context.Context) GetFooApiRequest
		GetFooWithParams(context.Context, *GetFooApiParams) GetFooApiRequest
		GetFoo2(context.Context) GetFoo2ApiRequest
		GetFooExecute(GetFooApiRequest) (*FooBar2, *http.Response, error)
		GetFooExecute2(context.Context) GetFooExecute2ApiRequest
	} = (*NameCollisionsApiService)(nil)
	_ = GetFooApiParams{ApiParams: Ptr(GetFooApiParams2A)} // the parameter's enum took the suffix
	// A required pageNum gets no iterator, and the call still builds.
	var _ interface {
		ListTricks(context.Context, int32) ListTricksApiRequest
	} = (*PetsApiService)(nil)
}

// A parameter named after a method of the request, or after a predeclared
// type, gets a free name; int32 pageNum and int64 totalCount still page.
func TestParamNamesThatCollide(t *testing.T) {
	var pages atomic.Int32
	c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		pages.Add(1)
		q := r.URL.Query()
		if q.Get("all") != "true" || q.Get("ApiService") != "svc" || q.Get("string") != "s" {
			http.Error(w, "query "+r.URL.RawQuery, http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/vnd.atlas.2023-01-01+json")
		if q.Get("pageNum") == "1" {
			w.Write([]byte(`{"results":[{"b":"1"},{"b":"2"}],"totalCount":3}`))
		} else {
			w.Write([]byte(`{"results":[{"b":"3"}],"totalCount":3}`))
		}
	})
	req := c.NameCollisionsApi.GetFooExecute2(context.Background()).All2(true).ApiService2("svc").String2("s")
	var got []string
	for item, err := range req.All() {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, item.GetB())
	}
	if strings.Join(got, ",") != "1,2,3" || pages.Load() != 2 {
		t.Fatalf("items %v in %d pages", got, pages.Load())
	}
}

// pagedServer serves total pets, perPage at a time, and counts page
// requests; failPage, when not 0, answers that page with a 404.
func pagedServer(t *testing.T, total, perPage, failPage int) (*APIClient, *atomic.Int32) {
	t.Helper()
	var pages atomic.Int32
	c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		pages.Add(1)
		page, _ := strconv.Atoi(r.URL.Query().Get("pageNum"))
		if page == failPage {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			w.Write([]byte(`{"error":404,"errorCode":"RESOURCE_NOT_FOUND"}`))
			return
		}
		var items []string
		for i := (page - 1) * perPage; i < min(page*perPage, total); i++ {
			items = append(items, fmt.Sprintf(`{"petType":"cat","name":"cat%d"}`, i))
		}
		w.Header().Set("Content-Type", "application/vnd.atlas.2023-01-01+json")
		fmt.Fprintf(w, `{"results":[%s],"totalCount":%d}`, strings.Join(items, ","), total)
	})
	return c, &pages
}

// TestListAllPages: the iterator fetches a page only when the loop needs
// it, stops after the last page, and ends with the first error.
func TestListAllPages(t *testing.T) {
	c, pages := pagedServer(t, 5, 2, 0)
	var names []string
	for pet, err := range c.PetsApi.ListPets(context.Background()).ItemsPerPage(2).All() {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, pet.Cat.GetName())
	}
	if strings.Join(names, ",") != "cat0,cat1,cat2,cat3,cat4" || pages.Load() != 3 {
		t.Errorf("%v from %d page requests, want 5 from 3", names, pages.Load())
	}

	c, pages = pagedServer(t, 5, 2, 0)
	n := 0
	for range c.PetsApi.ListPets(context.Background()).All() {
		if n++; n == 3 {
			break
		}
	}
	if pages.Load() != 2 {
		t.Errorf("breaking after 3 items fetched %d pages, want 2", pages.Load())
	}

	c, pages = pagedServer(t, 5, 2, 2)
	var errs []error
	n = 0
	for _, err := range c.PetsApi.ListPets(context.Background()).All() {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		n++
	}
	if n != 2 || len(errs) != 1 || !IsErrorCode(errs[0], "RESOURCE_NOT_FOUND") || pages.Load() != 2 {
		t.Errorf("%d items, errors %v after %d pages; want 2 items, then the 404 once", n, errs, pages.Load())
	}
}

// alertVariant names the variant of a that is set.
func alertVariant(a *Alert) string {
	var set []string
	for name, ok := range map[string]bool{
		"DefaultAlert": a.DefaultAlert != nil, "HostAlert": a.HostAlert != nil,
		"ReplicaSetAlert": a.ReplicaSetAlert != nil, "HostAlertCopy": a.HostAlertCopy != nil, "Raw": len(a.Raw) > 0,
	} {
		if ok {
			set = append(set, name)
		}
	}
	return strings.Join(set, "+")
}

// TestUnionPicksTheMostSpecificVariant: every variant has the properties
// of DefaultAlert, whose eventTypeName knows every value. A variant fits
// only with a known eventTypeName; the one that declares most of the
// payload's keys wins, then the narrower enum, then the first.
func TestUnionPicksTheMostSpecificVariant(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`{"eventTypeName":"CREDIT_CARD_ABOUT_TO_EXPIRE","id":"a"}`, "DefaultAlert"},
		{`{"eventTypeName":"HOST_DOWN","id":"a"}`, "HostAlert"},
		{`{"eventTypeName":"NO_PRIMARY"}`, "ReplicaSetAlert"},
		// HostAlert is tried before ReplicaSetAlert and declares
		// hostnameAndPort, but does not know NO_PRIMARY.
		{`{"eventTypeName":"NO_PRIMARY","hostnameAndPort":"h:27017"}`, "ReplicaSetAlert"},
		// Keys no fitting variant declares count for none of them (and
		// are dropped).
		{`{"eventTypeName":"HOST_DOWN","replicaSetName":"rs0"}`, "HostAlert"},
		{`{"eventTypeName":"NO_PRIMARY","hostnameAndPort":"h:27017","replicaSetName":"rs0"}`, "ReplicaSetAlert"},
		// HostAlert requires eventTypeName. No variant knows NEW_EVENT:
		// the first that decodes without unknown fields takes it.
		{`{"hostnameAndPort":"h:27017"}`, "ReplicaSetAlert"},
		{`{"eventTypeName":"NEW_EVENT"}`, "DefaultAlert"},
		{`[1]`, "Raw"},
	} {
		var a Alert
		out := roundTrip(t, c.in, &a)
		if !strings.Contains(c.in, "rs0") || a.ReplicaSetAlert != nil {
			sameJSON(t, out, c.in)
		}
		if got := alertVariant(&a); got != c.want {
			t.Errorf("%s decoded as %s, want %s", c.in, got, c.want)
		}
	}
}

// echoServer answers each request with its own body, which it keeps in sent.
func echoServer(t *testing.T, sent *[]byte) *APIClient {
	return newServer(t, func(w http.ResponseWriter, r *http.Request) {
		*sent, _ = io.ReadAll(r.Body)
		w.Header().Set("Content-Type", r.Header.Get("Accept"))
		w.Write(*sent)
	})
}

// TestRequestBodyDropsReadOnly: a value decoded from a response, sent back
// as a body, loses every readOnly property (of the variant, in a nested
// object, in a list of objects) and keeps the rest; the caller's value is
// not changed.
func TestRequestBodyDropsReadOnly(t *testing.T) {
	var sent []byte
	c := echoServer(t, &sent)
	fetched := `{"id":"a1","eventTypeName":"HOST_DOWN","hostnameAndPort":"h:1","links":[{"href":"x","rel":"self"}],` +
		`"notifications":[{"target":"ops","notifierId":"n1"},{"notifierId":"n2"}],"owner":{"name":"ann","since":"2024-01-02T03:04:05Z"}}`
	var a Alert
	sameJSON(t, roundTrip(t, fetched, &a), fetched)
	if _, _, err := c.AlertsApi.UpdateAlert(context.Background(), &a).Execute(); err != nil {
		t.Fatal(err)
	}
	sameJSON(t, string(sent), `{"eventTypeName":"HOST_DOWN","hostnameAndPort":"h:1","notifications":[{"target":"ops"},{}],"owner":{"name":"ann"}}`)
	out, _ := json.Marshal(&a)
	sameJSON(t, string(out), fetched)
	// A body with nothing read-only is sent as it is.
	if _, _, err := c.AlertsApi.UpdateAlert(context.Background(), &Alert{ReplicaSetAlert: &ReplicaSetAlert{ReplicaSetName: Ptr("rs0")}}).Execute(); err != nil {
		t.Fatal(err)
	}
	sameJSON(t, string(sent), `{"replicaSetName":"rs0"}`)
}

// TestNullableIsThreeStates: a nullable property is left out, sent as
// null, or sent as a value, and decoding tells the three apart.
func TestNullableIsThreeStates(t *testing.T) {
	var sent []byte
	c := echoServer(t, &sent)
	for _, tc := range []struct {
		note Nullable[string]
		want string
	}{
		{Nullable[string]{}, `{"eventTypeName":"NO_PRIMARY"}`},
		{Null[string](), `{"eventTypeName":"NO_PRIMARY","note":null}`},
		{NewNullable(""), `{"eventTypeName":"NO_PRIMARY","note":""}`},
	} {
		body := &Alert{ReplicaSetAlert: &ReplicaSetAlert{EventTypeName: Ptr(ReplicaSetEventTypeNoPrimary), Note: tc.note}}
		back, _, err := c.AlertsApi.UpdateAlert(context.Background(), body).Execute()
		if err != nil {
			t.Fatal(err)
		}
		sameJSON(t, string(sent), tc.want)
		if back.ReplicaSetAlert == nil {
			t.Fatalf("%s came back as %s", sent, alertVariant(back))
		}
		got := back.ReplicaSetAlert.Note
		v, ok := got.Get()
		if got.IsSet() != tc.note.IsSet() || got.IsNull() != tc.note.IsNull() || ok != (tc.note.IsSet() && !tc.note.IsNull()) || v != back.ReplicaSetAlert.GetNote() {
			t.Errorf("%s decoded as set %v null %v value %q %v", sent, got.IsSet(), got.IsNull(), v, ok)
		}
	}
}

// A header value with a control character (CR, LF, NUL, ...) would be
// refused inside net/http after the request was built; the client refuses
// it first, as a *ParamError, in the typed methods and in CheckRaw and Raw.
func TestHeaderControlCharactersAreRefused(t *testing.T) {
	called := false
	c := newServer(t, func(w http.ResponseWriter, r *http.Request) { called = true })
	for _, bad := range []string{"a\r\nX-Evil: 1", "a\nb", "a\x00b", "a\x7fb", "\x01"} {
		calls := map[string]error{}
		_, _, calls["XTrace"] = c.PetsApi.ListPets(context.Background()).XTrace(bad).Execute()
		_, _, calls["XTags"] = c.PetsApi.ListPets(context.Background()).XTags([]string{"ok", bad}).Execute()
		raw := RawRequest{OperationID: "listPets", Params: map[string][]string{"X-Trace": {bad}}}
		_, calls["CheckRaw"] = CheckRaw(raw)
		_, _, calls["Raw"] = c.Raw(context.Background(), raw)
		for name, err := range calls {
			var pe *ParamError
			if !errors.As(err, &pe) || !strings.HasPrefix(pe.Param, "X-T") || pe.Reason != "must not contain a control character" {
				t.Errorf("%s(%q): err %v, want a *ParamError", name, bad, err)
			}
		}
	}
	if called {
		t.Fatal("a request reached the server")
	}
	// A tab and non-ASCII text are legal in a header value, and are sent.
	var got http.Header
	c = newServer(t, func(w http.ResponseWriter, r *http.Request) {
		got = r.Header
		w.Header().Set("Content-Type", "application/vnd.atlas.2023-01-01+json")
		w.Write([]byte(`{"results":[],"totalCount":0}`))
	})
	if _, _, err := c.PetsApi.ListPets(context.Background()).XTrace("a\tb é").Execute(); err != nil || got.Get("X-Trace") != "a\tb é" {
		t.Fatalf("err %v, header %q", err, got.Get("X-Trace"))
	}
}

// TestUnionNullInAList: a null where a list holds unions is no variant
// (DefaultAlert has no required property, so an empty object fits it, but
// null is not an object): it stays null, like a discriminated union's.
func TestUnionNullInAList(t *testing.T) {
	for _, in := range []string{`[null,{"eventTypeName":"HOST_DOWN"}]`, `[ null ]`} {
		var alerts []Alert
		out := roundTrip(t, in, &alerts)
		if alertVariant(&alerts[0]) != "Raw" || !strings.HasPrefix(out, `[null`) {
			t.Errorf("%s decoded as %s, re-encoded as %s", in, alertVariant(&alerts[0]), out)
		}
	}
	var pets []Pet
	if out := roundTrip(t, `[null]`, &pets); out != `[null]` {
		t.Errorf("[null] of Pet re-encoded as %s", out)
	}
}

// TestNullableListOfEnumsIsChecked: a nullable list of enums is checked
// like a list of enums: an unknown value in it and the variant does not fit.
func TestNullableListOfEnumsIsChecked(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`{"eventTypeName":"NO_PRIMARY","alsoFired":["PRIMARY_ELECTED"]}`, "ReplicaSetAlert"},
		{`{"eventTypeName":"NO_PRIMARY","alsoFired":null}`, "ReplicaSetAlert"},
		{`{"eventTypeName":"NO_PRIMARY","alsoFired":["HOST_DOWN"]}`, "DefaultAlert"},
	} {
		var a Alert
		roundTrip(t, c.in, &a)
		if got := alertVariant(&a); got != c.want {
			t.Errorf("%s decoded as %s, want %s", c.in, got, c.want)
		}
	}
}

// TestParameterInfo: the versions table lists each operation's parameters
// as spec.yaml declares them, in the order the methods take them, and the
// rows it returns are the caller's own.
func TestParameterInfo(t *testing.T) {
	info, ok := LookupOperation("listPets")
	if !ok {
		t.Fatal("no listPets")
	}
	sizes := []string{"small", "SMALL", "small-", "x-large", "1", ""}
	want := []ParameterInfo{
		{Name: "itemsPerPage", In: "query", Kind: "integer", Default: "100"},
		{Name: "pageNum", In: "query", Kind: "integer", Default: "1"},
		{Name: "size", In: "query", Kind: "[]enum", Enum: sizes},
		{Name: "since", In: "query", Kind: "date-time", Deprecated: true},
		{Name: "X-Trace", In: "header", Kind: "string"},
		{Name: "fields", In: "query", Kind: "[]string"},
		{Name: "colors", In: "query", Kind: "[]string"},
		{Name: "shades", In: "query", Kind: "[]string"},
		{Name: "X-Tags", In: "header", Kind: "[]string"},
	}
	if got := fmt.Sprintf("%#v", info.Parameters); got != fmt.Sprintf("%#v", want) {
		t.Errorf("listPets:\n got %s\nwant %#v", got, want)
	}
	get, _ := LookupOperation("getPet")
	if want := []ParameterInfo{{Name: "petId", In: "path", Kind: "string", Required: true, Pattern: "^[a-f0-9]{24}$"}}; fmt.Sprintf("%#v", get.Parameters) != fmt.Sprintf("%#v", want) {
		t.Errorf("getPet: %#v", get.Parameters)
	}
	touch, _ := LookupOperation("touchPets")
	if len(touch.Parameters) != 2 || touch.Parameters[0].Kind != "enum" || !touch.Parameters[0].Required || touch.Parameters[1].Kind != "[]string" {
		t.Errorf("touchPets: %#v", touch.Parameters)
	}

	// A row is a copy: changing it changes neither the table nor the checks.
	info.Parameters[2].Enum[0] = "huge"
	info.Parameters[2].Name = "renamed"
	again, _ := LookupOperation("listPets")
	if again.Parameters[2].Name != "size" || again.Parameters[2].Enum[0] != "small" {
		t.Errorf("the table changed with the caller's row: %#v", again.Parameters[2])
	}
	if _, err := CheckRaw(RawRequest{OperationID: "listPets", Params: map[string][]string{"size": {"huge"}}}); err == nil {
		t.Error(`size "huge" was accepted after the caller changed its row`)
	}
}

// roundTripFunc answers without a network, so that a call's allocations
// are the client's alone (a loopback server's goroutines allocate too).
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestOptionalListNoCopy: an optional list of strings is passed to the
// operation's table as the caller's slice, as a required one is, not
// copied. The two operations are twins (paths of one length, one query
// parameter "kind") but for the list being optional, so a call of each
// with the same values must allocate the same.
func TestOptionalListNoCopy(t *testing.T) {
	var queries []string
	c, err := NewClient(UseBaseURL("http://atlas.invalid"), UseHTTPClient(&http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if len(queries) < 2 {
			queries = append(queries, r.URL.RawQuery)
		}
		return &http.Response{StatusCode: http.StatusNoContent, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
	})}))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	kinds := []string{"ball", "kite", "yoyo"} // more than fit the 32 bytes a small make may take on the stack
	required := &ListToysByRequiredKindApiParams{Kind: kinds}
	optional := &ListToysByOptionalKindApiParams{Kind: &kinds}
	callRequired := func() {
		if _, err := c.ToysApi.ListToysByRequiredKindWithParams(ctx, required).Execute(); err != nil {
			t.Fatal(err)
		}
	}
	callOptional := func() {
		if _, err := c.ToysApi.ListToysByOptionalKindWithParams(ctx, optional).Execute(); err != nil {
			t.Fatal(err)
		}
	}
	callRequired()
	callOptional()
	if want := "kind=ball&kind=kite&kind=yoyo"; len(queries) != 2 || queries[0] != want || queries[1] != want {
		t.Fatalf("queries %q, want %q twice", queries, want)
	}
	req, opt := testing.AllocsPerRun(200, callRequired), testing.AllocsPerRun(200, callOptional)
	if opt != req {
		t.Errorf("a call with the optional list allocates %v times, with the required one %v", opt, req)
	}
}
