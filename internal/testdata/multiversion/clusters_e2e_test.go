// This test is copied next to the package generated from the 2026-03-03
// spec with -include-operations getGroupCluster (see TestMultiVersion in
// generator/). It lives under testdata so the go tool does not build it here.
package admin

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

const (
	group   = "32b6e34b3d91647abb20e7b8"
	cluster = "Cluster0"
)

// server answers GET cluster in the version the Accept header asks for,
// with a body whose shape only that version has, unless wrong is set.
func server(t *testing.T, wrong string, calls *atomic.Int32) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if r.URL.Path != "/api/atlas/v2/groups/"+group+"/clusters/"+cluster {
			http.Error(w, "bad path "+r.URL.Path, http.StatusNotFound)
			return
		}
		accept := r.Header["Accept"]
		if len(accept) != 1 {
			http.Error(w, "want exactly one Accept header", http.StatusNotAcceptable)
			return
		}
		ct := accept[0]
		if wrong != "" {
			ct = wrong
		}
		w.Header().Set("Content-Type", ct)
		switch accept[0] {
		case "application/vnd.atlas.2024-08-05+json":
			w.Write([]byte(`{"name":"Cluster0","replicationSpecs":[{"zoneName":"Zone 1","regionConfigs":[{"providerName":"AWS","regionName":"US_EAST_1","priority":7,"electableSpecs":{"instanceSize":"M10","nodeCount":3}}]}]}`))
		case "application/vnd.atlas.2023-02-01+json":
			w.Write([]byte(`{"name":"Cluster0","replicationSpecs":[{"numShards":2,"zoneName":"Zone 1"}]}`))
		case "application/vnd.atlas.2023-01-01+json":
			w.Write([]byte(`{"name":"Cluster0","numShards":3,"providerSettings":{"providerName":"AWS","instanceSizeName":"M10","regionName":"US_EAST_1"}}`))
		default:
			http.Error(w, "unsupported version "+accept[0], http.StatusNotAcceptable)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func client(t *testing.T, srv *httptest.Server) *APIClient {
	c, err := NewClient(UseBaseURL(srv.URL), UseAccessToken("token"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestEveryVersionOfGetCluster(t *testing.T) {
	var calls atomic.Int32
	c := client(t, server(t, "", &calls))
	ctx := context.Background()

	latest, resp, err := c.ClustersApi.GetCluster(ctx, group, cluster).Execute()
	if err != nil {
		t.Fatal(err)
	}
	if got := resp.Request.Header["Accept"]; len(got) != 1 || got[0] != "application/vnd.atlas.2024-08-05+json" {
		t.Fatalf("default version sent Accept %v", got)
	}
	rc := latest.GetReplicationSpecs()[0].GetRegionConfigs()
	if len(rc) != 1 || rc[0].AWSRegionConfig20240805 == nil {
		t.Fatalf("2024-08-05 region config not decoded into its AWS variant: %+v", rc)
	}
	// electableSpecs is a oneOf without a discriminator: the first variant
	// that takes every key wins.
	if aws := rc[0].AWSRegionConfig20240805.GetElectableSpecs().AWSHardwareSpec20240805; aws == nil || aws.GetInstanceSize() != "M10" || aws.GetNodeCount() != 3 {
		t.Fatalf("electable specs not decoded: %+v", rc[0].AWSRegionConfig20240805.GetElectableSpecs())
	}

	// The default date has a method of its own too, which keeps sending
	// that date when a later default is chosen.
	dated, resp, err := c.ClustersApi.GetClusterV20240805(ctx, group, cluster).Execute()
	if err != nil {
		t.Fatal(err)
	}
	if got := resp.Request.Header["Accept"]; len(got) != 1 || got[0] != "application/vnd.atlas.2024-08-05+json" || len(dated.GetReplicationSpecs()) != 1 {
		t.Fatalf("GetClusterV20240805 sent Accept %v", got)
	}

	v2023, resp, err := c.ClustersApi.GetClusterV20230201(ctx, group, cluster).Execute()
	if err != nil {
		t.Fatal(err)
	}
	if got := resp.Request.Header.Get("Accept"); got != "application/vnd.atlas.2023-02-01+json" {
		t.Fatalf("2023-02-01 method sent Accept %q", got)
	}
	if got := v2023.GetReplicationSpecs()[0].GetNumShards(); got != 2 {
		t.Fatalf("2023-02-01 numShards = %d", got)
	}

	legacy, _, err := c.ClustersApi.GetClusterV20230101(ctx, group, cluster).Execute()
	if err != nil {
		t.Fatal(err)
	}
	// providerSettings is discriminated by providerName.
	if aws := legacy.GetProviderSettings().AWSCloudProviderSettings; legacy.GetNumShards() != 3 || aws == nil || aws.GetInstanceSizeName() != "M10" {
		t.Fatalf("2023-01-01 decoded as %+v", legacy)
	}
	if n := calls.Load(); n != 4 {
		t.Fatalf("server saw %d calls, want 4", n)
	}
}

func TestVersionTheOperationLacksFailsBeforeSending(t *testing.T) {
	var calls atomic.Int32
	c := client(t, server(t, "", &calls))
	// 2023-02-01 exists for the operation, but returns another type: the
	// default method may not send it.
	_, _, err := c.ClustersApi.GetCluster(context.Background(), group, cluster).Version("2023-02-01").Execute()
	var ve *VersionError
	if !errors.As(err, &ve) || ve.Requested != "2023-02-01" {
		t.Fatalf("err = %v, want a *VersionError", err)
	}
	if calls.Load() != 0 {
		t.Fatal("the request reached the server")
	}
}

func TestMismatchedResponseVersionIsAnError(t *testing.T) {
	var calls atomic.Int32
	c := client(t, server(t, "application/vnd.atlas.2023-02-01+json", &calls))
	out, _, err := c.ClustersApi.GetCluster(context.Background(), group, cluster).Execute()
	var ve *VersionError
	if !errors.As(err, &ve) || ve.Received != "application/vnd.atlas.2023-02-01+json" || out != nil {
		t.Fatalf("out %v, err %v: want a *VersionError naming the received version", out, err)
	}
}

func TestVersionsTable(t *testing.T) {
	op, ok := LookupOperation("getGroupCluster")
	if !ok {
		t.Fatal("getGroupCluster missing from the versions table")
	}
	// Atlas's name finds the same row, which names both.
	if byName, ok := LookupOperation("getCluster"); !ok || byName.OperationID != "getGroupCluster" || byName.Name != "getCluster" || op.Name != "getCluster" {
		t.Fatalf("LookupOperation(getCluster) = %+v, %v; by operationId Name %q", byName, ok, op.Name)
	}
	want := map[string]string{"2023-01-01": "2027-07-01", "2023-02-01": "2027-07-01", "2024-08-05": ""}
	if len(op.Versions) != len(want) {
		t.Fatalf("versions %+v", op.Versions)
	}
	for _, v := range op.Versions {
		sunset, ok := want[v.Version]
		if !ok || v.Sunset != sunset {
			t.Errorf("version %+v: want sunset %q", v, sunset)
		}
		if v.Default != (v.Version == "2024-08-05") {
			t.Errorf("version %s default=%v", v.Version, v.Default)
		}
	}
}
