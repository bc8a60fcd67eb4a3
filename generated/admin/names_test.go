package admin_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/atlasgen/atlasgen/generated/admin"
)

// TestRawAcceptsBothNames: Raw, CheckRaw and LookupOperation take Atlas's
// name of an operation and its operationId alike, and send the same
// request the typed method sends; a name that is neither is refused
// unsent.
func TestRawAcceptsBothNames(t *testing.T) {
	var sent []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent = append(sent, r.Method+" "+r.URL.Path+" "+r.Header.Get("Accept"))
		w.Header().Set("Content-Type", r.Header.Get("Accept"))
		_, _ = w.Write([]byte(`{"name":"Cluster0"}`))
	}))
	defer srv.Close()
	c, err := admin.NewClient(admin.UseAccessToken("t"), admin.UseBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	params := map[string][]string{"groupId": {groupID}, "clusterName": {"Cluster0"}}
	for _, name := range []string{"getCluster", "getGroupCluster"} {
		v, err := admin.CheckRaw(admin.RawRequest{OperationID: name, Params: params})
		if err != nil || v.Version != "2024-08-05" {
			t.Fatalf("CheckRaw(%s): %+v, %v", name, v, err)
		}
		if body, _, err := c.Raw(ctx, admin.RawRequest{OperationID: name, Params: params}); err != nil || string(body) != `{"name":"Cluster0"}` {
			t.Fatalf("Raw(%s): %s, %v", name, body, err)
		}
		info, ok := admin.LookupOperation(name)
		if !ok || info.OperationID != "getGroupCluster" || info.Name != "getCluster" {
			t.Fatalf("LookupOperation(%s): %+v, %v", name, info, ok)
		}
	}
	if _, _, err := c.ClustersApi.GetCluster(ctx, groupID, "Cluster0").Execute(); err != nil {
		t.Fatal(err)
	}
	want := "GET /api/atlas/v2/groups/" + groupID + "/clusters/Cluster0 application/vnd.atlas.2024-08-05+json"
	if len(sent) != 3 || sent[0] != want || sent[1] != want || sent[2] != want {
		t.Fatalf("sent %q, want three times %q", sent, want)
	}
	// Neither name: refused before sending.
	_, _, err = c.Raw(ctx, admin.RawRequest{OperationID: "getClusters", Params: params})
	var pe *admin.ParamError
	if !errors.As(err, &pe) || pe.Param != "operationId" || len(sent) != 3 {
		t.Fatalf("unknown name: %v, %d sent", err, len(sent))
	}
	if _, ok := admin.LookupOperation("getClusters"); ok {
		t.Fatal("LookupOperation found getClusters")
	}
	// The watcher a Raw call waits with is found by either name too.
	a, okA := admin.LookupWatcher("createCluster")
	b, okB := admin.LookupWatcher("createGroupCluster")
	if !okA || !okB || a.OperationID != "createGroupCluster" || a.Poll != b.Poll {
		t.Fatalf("LookupWatcher: %+v %v, %+v %v", a, okA, b, okB)
	}
}

// TestRawRefusalNamesTheCallersName: a request CheckRaw and Raw refuse
// names the operation as the caller did, Atlas's name or the operationId,
// for a version it lacks and for each kind of parameter refusal.
func TestRawRefusalNamesTheCallersName(t *testing.T) {
	c, err := admin.NewClient(admin.UseAccessToken("t"), admin.UseBaseURL("http://127.0.0.1:1"))
	if err != nil {
		t.Fatal(err)
	}
	ok := map[string][]string{"groupId": {groupID}, "clusterName": {"Cluster0"}}
	for _, name := range []string{"getCluster", "getGroupCluster"} {
		for what, r := range map[string]admin.RawRequest{
			"version":   {OperationID: name, Params: ok, Version: "2001-01-01"},
			"unknown":   {OperationID: name, Params: map[string][]string{"groupId": {groupID}, "clusterName": {"c"}, "nope": {"x"}}},
			"missing":   {OperationID: name, Params: map[string][]string{"groupId": {groupID}}},
			"malformed": {OperationID: name, Params: map[string][]string{"groupId": {"not-hex"}, "clusterName": {"c"}}},
		} {
			_, cerr := admin.CheckRaw(r)
			_, _, rerr := c.Raw(context.Background(), r)
			for _, err := range []error{cerr, rerr} {
				var ve *admin.VersionError
				var pe *admin.ParamError
				switch {
				case errors.As(err, &ve):
					if what != "version" || ve.OperationID != name {
						t.Errorf("%s %s: %v names %q", name, what, err, ve.OperationID)
					}
				case errors.As(err, &pe):
					if what == "version" || pe.OperationID != name {
						t.Errorf("%s %s: %v names %q", name, what, err, pe.OperationID)
					}
				default:
					t.Errorf("%s %s: %v, want a refusal", name, what, err)
				}
			}
		}
	}
}

// TestRawUnknownParamsNamedInOrder: a request with several parameters the
// operation lacks is refused by the first of them in sorted order, every
// time: the same request gets the same error, whatever order the map
// iterates in.
func TestRawUnknownParamsNamedInOrder(t *testing.T) {
	r := admin.RawRequest{OperationID: "getCluster", Params: map[string][]string{
		"groupId": {groupID}, "clusterName": {"Cluster0"},
		"zeta": {"1"}, "alpha": {"1"}, "mu": {"1"}, "beta": {"1"},
	}}
	for range 50 {
		_, err := admin.CheckRaw(r)
		var pe *admin.ParamError
		if !errors.As(err, &pe) || pe.Param != "alpha" || pe.Reason != "is not a parameter of this operation" {
			t.Fatalf("CheckRaw: %v; want the refusal of alpha", err)
		}
	}
}
