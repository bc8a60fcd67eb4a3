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
