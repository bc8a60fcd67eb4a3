package admin

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// listBody is a list of restore jobs with keys the models do not declare at
// three depths (the page, a job, a job's link), a null, and a key given
// twice.
const listBody = `{"newPageKey":{"a":[1,2]},"totalCount":1,"links":[],"results":[
	{"snapshotId":"s1","targetDeploymentItemName":"c1","status":"PENDING","deliveryType":null,"fleet":"blue","fleet":"green",
	 "links":[{"href":"https://x","rel":"self","weight":9007199254740993}]}]}`

func TestExtraFieldsAreKeptAtAnyDepth(t *testing.T) {
	srv := testServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", tMediaType)
		_, _ = io.WriteString(w, listBody)
	})
	c := newTestClient(t, srv)
	page, _, err := c.SharedTierRestoreJobsApi.ListSharedClusterBackupRestoreJobs(t.Context(), tGroup, tCluster).Execute()
	if err != nil {
		t.Fatal(err)
	}
	job := page.Results[0]
	for what, c := range map[string]struct {
		got  map[string]json.RawMessage
		want string
	}{
		"page": {page.ExtraFields(), `{"newPageKey":{"a":[1,2]}}`},
		"job":  {job.ExtraFields(), `{"fleet":"green"}`}, // the last of a key given twice, as encoding/json takes it
		"link": {job.Links[0].ExtraFields(), `{"weight":9007199254740993}`},
	} {
		if got, _ := json.Marshal(c.got); string(got) != c.want {
			t.Errorf("%s extra fields %s, want %s", what, got, c.want)
		}
	}
	if job.SnapshotID != "s1" || job.GetStatus() != TenantRestoreStatusPending || job.DeliveryType != nil || job.Links[0].GetRel() != "self" {
		t.Errorf("declared fields lost: %+v", job)
	}
}

// A value decoded with extra keys is sent back without them; keys set with
// SetExtraFields are sent, beside the declared fields, which they do not
// replace.
func TestExtraFieldsAreSentOnlyWhenSet(t *testing.T) {
	var sent []byte
	srv := testServer(t, func(w http.ResponseWriter, r *http.Request) {
		sent, _ = io.ReadAll(r.Body)
		writeJob(w)
	})
	c := newTestClient(t, srv)
	var job TenantRestore
	if err := decodeKeeping([]byte(`{"snapshotId":"s1","targetDeploymentItemName":"c1","fleet":"blue","links":[{"rel":"self","weight":1}]}`), &job); err != nil {
		t.Fatal(err)
	}
	if job.ExtraFields() == nil || job.Links[0].ExtraFields() == nil {
		t.Fatal("extra fields not kept")
	}
	create := func() map[string]json.RawMessage {
		t.Helper()
		if _, _, err := c.SharedTierRestoreJobsApi.CreateSharedClusterBackupRestoreJob(t.Context(), tGroup, tCluster, &job).Execute(); err != nil {
			t.Fatal(err)
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(sent, &m); err != nil {
			t.Fatalf("%s: %v", sent, err)
		}
		return m
	}
	if m := create(); m["fleet"] != nil || len(m) != 2 {
		t.Errorf("decoded extra fields were sent back: %s", sent)
	}
	job.SetExtraFields(map[string]json.RawMessage{"fleet": json.RawMessage(`"red"`), "snapshotId": json.RawMessage(`"other"`)})
	if m := create(); string(m["fleet"]) != `"red"` || string(m["snapshotId"]) != `"s1"` || len(m) != 3 {
		t.Errorf("SetExtraFields: sent %s, want fleet red beside snapshotId s1 and targetDeploymentItemName", sent)
	}
	if string(job.ExtraFields()["fleet"]) != `"red"` {
		t.Errorf("ExtraFields after SetExtraFields: %s", job.ExtraFields()["fleet"])
	}
	if out, _ := json.Marshal(&job); strings.Contains(string(out), "fleet") {
		t.Errorf("json.Marshal wrote extra fields: %s", out)
	}
}

// A page long enough for the decoder to grow its buffer several times, with
// the unknown key at its end: the bytes the extra fields are read from are
// the body as it came.
func TestExtraFieldsOfALongBody(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"results":[`)
	for i := range 3000 {
		fmt.Fprintf(&b, `{"snapshotId":"s%d","targetDeploymentItemName":"c%d"},`, i, i)
	}
	b.WriteString(`{"snapshotId":"last","targetDeploymentItemName":"c","late":"x"}]}`)
	srv := testServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", tMediaType)
		_, _ = io.WriteString(w, b.String())
	})
	page, _, err := newTestClient(t, srv).SharedTierRestoreJobsApi.ListSharedClusterBackupRestoreJobs(t.Context(), tGroup, tCluster).Execute()
	if err != nil {
		t.Fatal(err)
	}
	last := page.Results[len(page.Results)-1]
	if len(page.Results) != 3001 || page.Results[1234].SnapshotID != "s1234" || string(last.ExtraFields()["late"]) != `"x"` || page.Results[0].ExtraFields() != nil {
		t.Fatalf("%d results, extra fields of the last %v", len(page.Results), last.ExtraFields())
	}
}

// Bodies that are not JSON, or not the model's shape, are still a
// *DecodeError, also when a key the model does not declare comes first,
// and when a valid value is followed by more than JSON's white space.
func TestBadBodiesAreDecodeErrors(t *testing.T) {
	for _, body := range []string{
		`<html>maintenance</html>`,
		`{"snapshotId":"s1"`,
		`{"fleet":"blue","snapshotId":5}`,
		`{"links":[{"weight":1,"rel":7}]}`,
		`{"snapshotId":"s1"} <html>`,
		`{"snapshotId":"s1","fleet":"blue"}{"snapshotId":"s2"}`,
		`{"snapshotId":"s1"}}`,
	} {
		srv := testServer(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", tMediaType)
			_, _ = io.WriteString(w, body)
		})
		_, _, err := getJob(t.Context(), newTestClient(t, srv))
		var de *DecodeError
		if !errors.As(err, &de) {
			t.Errorf("%s: err %v, want a *DecodeError", body, err)
		}
	}
}

// What follows a response's JSON value is checked on exactly the bytes the
// decoder read past it (its Buffered bytes), which may lie in any of the
// parts the body arrived in. Chunk sizes from 1 to 600 bytes split the
// value from what follows at every place; a body read whole must refuse
// the text after it.
func TestTrailingBytesInEveryPart(t *testing.T) {
	value := `{"snapshotId":"s1","links":[` + strings.Repeat(`{"rel":"r"},`, 40) + `{"rel":"r"}]}`
	for _, tail := range []string{"", " \n\t\r ", " x", "}", "\n\n<html>"} {
		body := value + tail
		for size := 1; size <= 600; size++ {
			d := json.NewDecoder(&chunks{s: body, size: size})
			var want map[string]any
			if err := d.Decode(&want); err != nil {
				t.Fatal(err)
			}
			rest, _ := io.ReadAll(d.Buffered())
			wantOK := strings.TrimLeft(string(rest), " \t\r\n") == ""
			var job TenantRestore
			err := decodeResponse(&chunks{s: body, size: size}, &job)
			if (err == nil) != wantOK || job.SnapshotID != "s1" {
				t.Fatalf("chunks of %d, tail %q (read past the value: %q): err %v, snapshot %q", size, tail, rest, err, job.SnapshotID)
			}
		}
		var job TenantRestore
		if err := decodeResponse(strings.NewReader(body), &job); (err == nil) != (strings.TrimSpace(tail) == "") {
			t.Errorf("whole, tail %q: err %v", tail, err)
		}
	}
}

// chunks reads s at most size bytes at a time.
type chunks struct {
	s    string
	size int
}

func (c *chunks) Read(p []byte) (int, error) {
	if c.s == "" {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), c.size)], c.s)
	c.s = c.s[n:]
	return n, nil
}

// The pooled decoders that unions and nullable values use: many goroutines
// at once, and payloads that fail in each way a decoder can, none of which
// may leave a decoder that garbles the next payload.
func TestPooledDecoders(t *testing.T) {
	for _, tc := range []struct{ body, err string }{
		{`{"snapshotId":`, "unexpected EOF"},
		{`{"snapshotId":5}`, "cannot unmarshal number"},
		{`{"snapshotId":"a"} {"snapshotId":"b"}`, "after top-level value"},
		{`{"snapshotId":"a"}x`, "after top-level value"},
		{``, "EOF"},
		{`nul`, "unexpected EOF"},
		{`{"a":}`, "invalid character"},
	} {
		var job TenantRestore
		if err := decodeKeeping([]byte(tc.body), &job); err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%q: err %v, want %q", tc.body, err, tc.err)
		}
		var ok TenantRestore
		if err := decodeKeeping([]byte(` {"snapshotId":"ok","targetDeploymentItemName":"c"} `), &ok); err != nil || ok.SnapshotID != "ok" || ok.ExtraFields() != nil {
			t.Errorf("after %q: %+v, %v", tc.body, ok, err)
		}
	}
	concurrently(t, 32, func(i int) error {
		for j := range 100 {
			var n Nullable[*TenantRestore]
			body := fmt.Sprintf(`{"snapshotId":"s%d-%d","targetDeploymentItemName":"c","x%d":%d,"links":[{"rel":"r%d","y":%d}]}`, i, j, i, j, j, j)
			if err := json.Unmarshal([]byte(body), &n); err != nil {
				return err
			}
			job, _ := n.Get()
			if job.SnapshotID != fmt.Sprintf("s%d-%d", i, j) || string(job.ExtraFields()[fmt.Sprintf("x%d", i)]) != fmt.Sprint(j) ||
				job.Links[0].GetRel() != fmt.Sprintf("r%d", j) || string(job.Links[0].ExtraFields()["y"]) != fmt.Sprint(j) {
				return fmt.Errorf("%s decoded as %+v", body, job)
			}
		}
		return nil
	})
}

// FuzzDecodeKeeping: whatever the bytes, decodeKeeping agrees with
// json.Unmarshal on whether they decode and on every declared field, and
// keeps as extra fields exactly the keys json.Unmarshal would drop.
func FuzzDecodeKeeping(f *testing.F) {
	for _, s := range []string{listBody, tJobBody, `{"links":[{"rel":"a","x":null}],"a":1,"a":2}`, `{"SnapshotID":"s"}`, `[]`, `null`, `{"snapshotId":5}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var want, got PaginatedTenantRestoreView
		werr := json.Unmarshal(data, &want)
		gerr := decodeKeeping(data, &got)
		if (werr == nil) != (gerr == nil) {
			t.Fatalf("%q: json.Unmarshal: %v; decodeKeeping: %v", data, werr, gerr)
		}
		if werr != nil {
			return
		}
		a, _ := json.Marshal(want)
		b, _ := json.Marshal(got)
		if string(a) != string(b) {
			t.Fatalf("%q: declared fields %s, want %s", data, b, a)
		}
		var keys map[string]json.RawMessage
		if json.Unmarshal(data, &keys) == nil {
			for k := range got.ExtraFields() {
				if _, ok := jsonField(reflect.TypeFor[PaginatedTenantRestoreView](), k); ok {
					t.Fatalf("%q: declared key %q kept as extra", data, k)
				}
			}
			for k := range keys {
				if _, ok := jsonField(reflect.TypeFor[PaginatedTenantRestoreView](), k); !ok && got.ExtraFields()[k] == nil {
					t.Fatalf("%q: undeclared key %q lost", data, k)
				}
			}
		}
	})
}
