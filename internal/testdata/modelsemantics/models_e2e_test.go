// This test is copied next to the package generated from the 2026-03-03
// spec with -include-operations getGroupAlert,getGroupAlertConfig,
// updateGroupAlertConfig,updateGroupClusterProcessArgs (see
// TestModelSemantics in generator/). It lives under testdata so the go tool
// does not build it here.
package admin

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

const (
	group    = "32b6e34b3d91647abb20e7b8"
	configID = "e00000000000000000000005"
)

// atlas answers each path with its canned body and records each request
// body it gets.
func atlas(t *testing.T, answers map[string]string, got map[string][]byte) *APIClient {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		got[r.Method+" "+r.URL.Path] = body
		answer, ok := answers[r.URL.Path]
		if !ok {
			http.Error(w, "no answer for "+r.URL.Path, http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", r.Header.Get("Accept"))
		_, _ = io.WriteString(w, answer)
	}))
	t.Cleanup(srv.Close)
	c, err := NewClient(UseBaseURL(srv.URL), UseAccessToken("t"), UseRetryPolicy(RetryPolicy{}))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestAlertVariants: the two wrong choices. A billing alert used to
// decode as an App Services alert (same properties, enum values unchecked),
// and a replica-set NO_PRIMARY alert as a host alert.
func TestAlertVariants(t *testing.T) {
	base := "/api/atlas/v2/groups/" + group + "/alerts/"
	c := atlas(t, map[string]string{
		base + "b00000000000000000000001": `{"id":"a1","eventTypeName":"CREDIT_CARD_ABOUT_TO_EXPIRE","status":"OPEN","groupId":"` + group + `"}`,
		base + "a00000000000000000000002": `{"id":"a2","eventTypeName":"URL_CONFIRMATION","status":"OPEN"}`,
		base + "c00000000000000000000003": `{"id":"a3","eventTypeName":"NO_PRIMARY","status":"OPEN","replicaSetName":"rs0","clusterName":"Cluster0"}`,
		base + "d00000000000000000000004": `{"id":"a4","eventTypeName":"HOST_DOWN","status":"OPEN","hostnameAndPort":"h:27017","replicaSetName":"rs0"}`,
	}, map[string][]byte{})
	for id, want := range map[string]string{
		"b00000000000000000000001": "DefaultAlertViewForNdsGroup", "a00000000000000000000002": "AppServiceAlertView",
		"c00000000000000000000003": "ReplicaSetAlertViewForNdsGroup", "d00000000000000000000004": "HostAlertViewForNdsGroup",
	} {
		alert, _, err := c.AlertsApi.GetAlert(context.Background(), group, id).Execute()
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		var set []string
		for name, ok := range map[string]bool{
			"AppServiceAlertView":                 alert.AppServiceAlertView != nil,
			"ClusterAlertViewForNdsGroup":         alert.ClusterAlertViewForNdsGroup != nil,
			"HostAlertViewForNdsGroup":            alert.HostAlertViewForNdsGroup != nil,
			"HostMetricAlert":                     alert.HostMetricAlert != nil,
			"ReplicaSetAlertViewForNdsGroup":      alert.ReplicaSetAlertViewForNdsGroup != nil,
			"StreamProcessorAlertViewForNdsGroup": alert.StreamProcessorAlertViewForNdsGroup != nil,
			"DefaultAlertViewForNdsGroup":         alert.DefaultAlertViewForNdsGroup != nil,
			"Raw":                                 len(alert.Raw) > 0,
		} {
			if ok {
				set = append(set, name)
			}
		}
		if len(set) != 1 || set[0] != want {
			t.Errorf("alert %s decoded as %v, want %s", id, set, want)
		}
	}
}

// TestFetchedConfigSentBack: an alert configuration read with GET and sent
// back as the PUT body carries none of the properties the spec marks
// readOnly, and keeps every writable one, inside the notifications too.
func TestFetchedConfigSentBack(t *testing.T) {
	path := "/api/atlas/v2/groups/" + group + "/alertConfigs/" + configID
	fetched := `{"id":"` + configID + `","groupId":"` + group + `","created":"2024-01-02T03:04:05Z","updated":"2024-01-02T03:04:05Z",` +
		`"links":[{"href":"https://cloud.mongodb.com/x","rel":"self"}],"enabled":true,"eventTypeName":"HOST_DOWN",` +
		`"matchers":[{"fieldName":"HOSTNAME","operator":"EQUALS","value":"h"}],` +
		`"notifications":[{"typeName":"EMAIL","emailAddress":"a@b.c","intervalMin":5,"delayMin":0}]}`
	got := map[string][]byte{}
	c := atlas(t, map[string]string{path: fetched}, got)
	cfg, _, err := c.AlertConfigurationsApi.GetAlertConfig(context.Background(), group, configID).Execute()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.HostAlertConfigViewForNdsGroup == nil || cfg.HostAlertConfigViewForNdsGroup.GetID() != configID {
		t.Fatalf("fetched config decoded as %+v", cfg)
	}
	if _, _, err := c.AlertConfigurationsApi.UpdateAlertConfig(context.Background(), group, configID, cfg).Execute(); err != nil {
		t.Fatal(err)
	}
	var sent map[string]json.RawMessage
	if err := json.Unmarshal(got["PUT "+path], &sent); err != nil {
		t.Fatalf("PUT body %s: %v", got["PUT "+path], err)
	}
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range sent {
			if !yield(k) {
				return
			}
		}
	})
	if want := []string{"enabled", "eventTypeName", "matchers", "notifications"}; !slices.Equal(keys, want) {
		t.Errorf("PUT body keys %v, want %v (body %s)", keys, want, got["PUT "+path])
	}
	if !strings.Contains(string(sent["notifications"]), `"emailAddress":"a@b.c"`) {
		t.Errorf("notifications lost a writable property: %s", sent["notifications"])
	}
	// The value the caller holds keeps what Atlas sent.
	if cfg.HostAlertConfigViewForNdsGroup.GetID() != configID || len(cfg.HostAlertConfigViewForNdsGroup.Links) != 1 {
		t.Errorf("sending changed the caller's value: %+v", cfg.HostAlertConfigViewForNdsGroup)
	}
}

// TestPatchNull: updateGroupClusterProcessArgs documents oplogSizeMB: null
// as "use the default"; the PATCH sends it, a left-out property stays out,
// and a null in the answer decodes as null, not as absent.
func TestPatchNull(t *testing.T) {
	path := "/api/atlas/v2/groups/" + group + "/clusters/Cluster0/processArgs"
	got := map[string][]byte{}
	c := atlas(t, map[string]string{path: `{"oplogSizeMB":null,"oplogMinRetentionHours":24}`}, got)
	body := &ClusterDescriptionProcessArgs20240805{OplogSizeMB: Null[int32](), OplogMinRetentionHours: NewNullable(24.0)}
	out, _, err := c.ClustersApi.UpdateProcessArgs(context.Background(), group, "Cluster0", body).Execute()
	if err != nil {
		t.Fatal(err)
	}
	var sent map[string]json.RawMessage
	if err := json.Unmarshal(got["PATCH "+path], &sent); err != nil {
		t.Fatal(err)
	}
	if string(sent["oplogSizeMB"]) != "null" || string(sent["oplogMinRetentionHours"]) != "24" || len(sent) != 2 {
		t.Errorf("PATCH body %s, want oplogSizeMB null, oplogMinRetentionHours 24 and nothing else", got["PATCH "+path])
	}
	if !out.OplogSizeMB.IsNull() || out.OplogSizeMB.IsZero() {
		t.Errorf("answered null decoded as %+v", out.OplogSizeMB)
	}
	if v, ok := out.OplogMinRetentionHours.Get(); !ok || v != 24 {
		t.Errorf("answered 24 decoded as %v, %v", v, ok)
	}
	var absent ClusterDescriptionProcessArgs20240805
	if err := json.Unmarshal([]byte(`{}`), &absent); err != nil || absent.OplogSizeMB.IsSet() {
		t.Errorf("a property Atlas left out decoded as set (%v)", err)
	}
}

// sentKeys decodes a request body the fake Atlas got.
func sentKeys(t *testing.T, body []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("request body %s: %v", body, err)
	}
	return m
}

// at follows a path of object keys and array indexes through decoded JSON.
func at(v any, path ...any) (any, bool) {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil, false
			}
			if v, ok = m[k]; !ok {
				return nil, false
			}
		case int:
			l, ok := v.([]any)
			if !ok || k >= len(l) {
				return nil, false
			}
			v = l[k]
		}
	}
	return v, true
}

// TestCreateClusterSendsWhatTheExampleSets: the spec marks
// DedicatedHardwareSpec20240805 and BaseCloudProviderInstanceSize readOnly
// as whole components, yet its own createGroupCluster example sends them as
// analyticsSpecs, readOnlySpecs and the autoscaling bounds. Both versions
// that take ClusterDescription20240805 send them; the effective* specs,
// which Atlas computes, and the properties readOnly on their own (id,
// stateName) are still dropped.
func TestCreateClusterSendsWhatTheExampleSets(t *testing.T) {
	const cluster = `{"name":"c1","clusterType":"REPLICASET","id":"e00000000000000000000009","stateName":"IDLE",
		"replicationSpecs":[{"zoneName":"Zone 1","regionConfigs":[{"providerName":"AWS","regionName":"US_EAST_1","priority":7,
		"electableSpecs":{"instanceSize":"M10","nodeCount":3},
		"readOnlySpecs":{"instanceSize":"M10","nodeCount":1},
		"analyticsSpecs":{"instanceSize":"M10","nodeCount":1},
		"effectiveAnalyticsSpecs":{"instanceSize":"M20","nodeCount":1},
		"effectiveReadOnlySpecs":{"instanceSize":"M20","nodeCount":1},
		"autoScaling":{"compute":{"enabled":true,"minInstanceSize":"M10","maxInstanceSize":"M40"}}}]}]}`
	path := "/api/atlas/v2/groups/" + group + "/clusters"
	type create func(*ClusterDescription20240805) CreateClusterApiRequest
	for version, call := range map[string]func(*APIClient) create{
		"2024-08-05": func(c *APIClient) create {
			return func(b *ClusterDescription20240805) CreateClusterApiRequest {
				return c.ClustersApi.CreateClusterV20240805(context.Background(), group, b)
			}
		},
		"2024-10-23": func(c *APIClient) create {
			return func(b *ClusterDescription20240805) CreateClusterApiRequest {
				return c.ClustersApi.CreateClusterV20241023(context.Background(), group, b)
			}
		},
	} {
		t.Run(version, func(t *testing.T) {
			got := map[string][]byte{}
			c := atlas(t, map[string]string{path: `{"name":"c1"}`}, got)
			var body ClusterDescription20240805
			if err := json.Unmarshal([]byte(cluster), &body); err != nil {
				t.Fatal(err)
			}
			if _, _, err := call(c)(&body).Execute(); err != nil {
				t.Fatal(err)
			}
			sent := sentKeys(t, got["POST "+path])
			region := []any{"replicationSpecs", 0, "regionConfigs", 0}
			for _, want := range [][]any{
				{"readOnlySpecs", "nodeCount"}, {"analyticsSpecs", "instanceSize"},
				{"autoScaling", "compute", "minInstanceSize"}, {"autoScaling", "compute", "maxInstanceSize"},
				{"electableSpecs", "nodeCount"},
			} {
				if _, ok := at(sent, append(region, want...)...); !ok {
					t.Errorf("%v not sent: %s", want, got["POST "+path])
				}
			}
			for _, drop := range [][]any{append(region, "effectiveAnalyticsSpecs"), append(region, "effectiveReadOnlySpecs"), {"id"}, {"stateName"}} {
				if _, ok := at(sent, drop...); ok {
					t.Errorf("read-only %v sent: %s", drop, got["POST "+path])
				}
			}
		})
	}
}

// TestPatchSendsEmptyList: an empty, non-nil list is sent as [] (the PATCH
// clears the user's scopes); a nil one is left out.
func TestPatchSendsEmptyList(t *testing.T) {
	path := "/api/atlas/v2/groups/" + group + "/databaseUsers/admin/u1"
	for _, tc := range []struct {
		scopes []UserScope
		want   string // the "scopes" value sent, "" for absent
	}{{[]UserScope{}, "[]"}, {nil, ""}} {
		got := map[string][]byte{}
		c := atlas(t, map[string]string{path: `{"username":"u1","databaseName":"admin","groupId":"` + group + `"}`}, got)
		body := &CloudDatabaseUser{Username: "u1", DatabaseName: "admin", GroupID: group, Scopes: tc.scopes}
		if _, _, err := c.DatabaseUsersApi.UpdateDatabaseUser(context.Background(), group, "admin", "u1", body).Execute(); err != nil {
			t.Fatal(err)
		}
		var sent map[string]json.RawMessage
		if err := json.Unmarshal(got["PATCH "+path], &sent); err != nil {
			t.Fatal(err)
		}
		if s, ok := sent["scopes"]; string(s) != tc.want || ok != (tc.want != "") {
			t.Errorf("scopes %#v sent as %q (present %v), want %q: %s", tc.scopes, s, ok, tc.want, got["PATCH "+path])
		}
	}
}

// TestPipelineNumbers: a stream processor's pipeline is free-form; an
// integer above 2^53 and a long decimal in it come back from a GET as
// json.Number and go out in a POST byte for byte.
func TestPipelineNumbers(t *testing.T) {
	base := "/api/atlas/v2/groups/" + group + "/streams/t1/processor"
	answer := `{"name":"p1","state":"STARTED","pipeline":[{"$match":{"n":9007199254740993}},{"$set":{"ratio":0.10000000000000000555}}]}`
	got := map[string][]byte{}
	c := atlas(t, map[string]string{base + "/p1": answer, base: `{"name":"p1"}`}, got)
	p, _, err := c.StreamsApi.GetStreamProcessor(context.Background(), group, "t1", "p1").Execute()
	if err != nil {
		t.Fatal(err)
	}
	n, ok := p.Pipeline[0]["$match"]["n"].(json.Number)
	if !ok || n.String() != "9007199254740993" {
		t.Fatalf("pipeline number decoded as %T %v", p.Pipeline[0]["$match"]["n"], p.Pipeline[0]["$match"]["n"])
	}
	name := "p1"
	if _, _, err := c.StreamsApi.CreateStreamProcessor(context.Background(), group, "t1", &StreamsProcessor{Name: &name, Pipeline: p.Pipeline}).Execute(); err != nil {
		t.Fatal(err)
	}
	sent := string(got["POST "+base])
	for _, want := range []string{`"n":9007199254740993`, `"ratio":0.10000000000000000555`} {
		if !strings.Contains(sent, want) {
			t.Errorf("POST body lacks %s: %s", want, sent)
		}
	}
}

// TestRawUnionSentWithoutReadOnly: a limit whose name the spec does not
// list stays in Raw; sent back (setGroupLimit), it loses the keys the
// variants mark readOnly, and keeps the rest.
func TestRawUnionSentWithoutReadOnly(t *testing.T) {
	path := "/api/atlas/v2/groups/" + group + "/limits/atlas.project.deployment.clusters"
	got := map[string][]byte{}
	c := atlas(t, map[string]string{path: `{"name":"atlas.project.deployment.clusters","value":5}`}, got)
	var limit DataFederationLimit
	if err := json.Unmarshal([]byte(`{"name":"atlas.project.new.limit","value":5,"currentUsage":3,"defaultLimit":10,"maximumLimit":50,"note":"kept"}`), &limit); err != nil {
		t.Fatal(err)
	}
	if len(limit.Raw) == 0 {
		t.Fatalf("an unknown limit name decoded as a variant: %+v", limit)
	}
	if _, _, err := c.ProjectsApi.SetGroupLimit(context.Background(), "atlas.project.deployment.clusters", group, &limit).Execute(); err != nil {
		t.Fatal(err)
	}
	sent := sentKeys(t, got["PATCH "+path])
	for _, k := range []string{"currentUsage", "defaultLimit", "maximumLimit", "name"} {
		if _, ok := sent[k]; ok {
			t.Errorf("read-only %s sent: %s", k, got["PATCH "+path])
		}
	}
	if sent["value"] != 5.0 || sent["note"] != "kept" {
		t.Errorf("writable keys lost: %s", got["PATCH "+path])
	}
}

// TestClusterExtraFields: a cluster as getGroupCluster answers it, with keys
// the spec does not declare at the top, in a replication spec, in a region
// config (a variant its providerName picks), in its electable specs (a
// variant found by trying) and in its autoscaling: each is readable where
// it was, none goes back in an update, and one set with SetExtraFields
// does.
func TestClusterExtraFields(t *testing.T) {
	path := "/api/atlas/v2/groups/" + group + "/clusters/c1"
	answer := `{"name":"c1","clusterType":"REPLICASET","stateName":"IDLE","newTop":1,"replicationSpecs":[{"zoneName":"Zone 1","newZone":2,
		"regionConfigs":[{"providerName":"AWS","regionName":"US_EAST_1","priority":7,"newRegion":3,
		"electableSpecs":{"instanceSize":"M10","nodeCount":3,"diskIOPS":3000,"ebsVolumeType":"STANDARD","newSpec":4},
		"autoScaling":{"compute":{"enabled":true,"maxInstanceSize":"M40","newCompute":5}}}]}]}`
	got := map[string][]byte{}
	c := atlas(t, map[string]string{path: answer}, got)
	cl, _, err := c.ClustersApi.GetCluster(context.Background(), group, "c1").Execute()
	if err != nil {
		t.Fatal(err)
	}
	rc := cl.ReplicationSpecs[0].RegionConfigs[0].AWSRegionConfig20240805
	if rc == nil || rc.ElectableSpecs == nil || rc.ElectableSpecs.AWSHardwareSpec20240805 == nil {
		t.Fatalf("region config decoded as %+v", cl.ReplicationSpecs[0].RegionConfigs[0])
	}
	for key, extra := range map[string]map[string]json.RawMessage{
		"newTop":     cl.ExtraFields(),
		"newZone":    cl.ReplicationSpecs[0].ExtraFields(),
		"newRegion":  rc.ExtraFields(),
		"newSpec":    rc.ElectableSpecs.AWSHardwareSpec20240805.ExtraFields(),
		"newCompute": rc.AutoScaling.Compute.ExtraFields(),
	} {
		if len(extra) != 1 || extra[key] == nil {
			t.Errorf("extra fields %v, want just %s", extra, key)
		}
	}
	if _, _, err := c.ClustersApi.UpdateCluster(context.Background(), group, "c1", cl).Execute(); err != nil {
		t.Fatal(err)
	}
	if sent := string(got["PATCH "+path]); strings.Contains(sent, `"new`) || !strings.Contains(sent, `"maxInstanceSize":"M40"`) {
		t.Errorf("update sent %s: extra fields back, or lost a declared one", sent)
	}
	rc.SetExtraFields(map[string]json.RawMessage{"newRegion": json.RawMessage(`"asked"`)})
	if _, _, err := c.ClustersApi.UpdateCluster(context.Background(), group, "c1", cl).Execute(); err != nil {
		t.Fatal(err)
	}
	sent := sentKeys(t, got["PATCH "+path])
	if v, _ := at(sent, "replicationSpecs", 0, "regionConfigs", 0, "newRegion"); v != "asked" {
		t.Errorf("SetExtraFields on a region config: sent %s", got["PATCH "+path])
	}
}
