package contractserver

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

const (
	v20241023   = "application/vnd.atlas.2024-10-23+json"
	v20240805   = "application/vnd.atlas.2024-08-05+json"
	v20230201   = "application/vnd.atlas.2023-02-01+json"
	clusterJSON = `{"name":"Cluster0","clusterType":"REPLICASET","replicationSpecs":[{"regionConfigs":[{"providerName":"AWS","regionName":"US_EAST_1","priority":7,"electableSpecs":{"instanceSize":"M10","nodeCount":3}}]}]}`
)

func clustersURL(ts string) string { return ts + "/api/atlas/v2/groups/" + groupID + "/clusters" }

func stateOf(t *testing.T, a answer) string {
	t.Helper()
	var v struct {
		StateName string `json:"stateName"`
	}
	if err := json.Unmarshal(a.body, &v); err != nil {
		t.Fatalf("HTTP %d %s: %v", a.status, a.body, err)
	}
	return v.StateName
}

func TestLifecycleStatesMove(t *testing.T) {
	s, ts := StartLifecycle(t, Options{}, Lifecycle{ThrottleAt: []int{2}, RetryAfter: "3"})
	created := call(t, nil, http.MethodPost, clustersURL(ts.URL), map[string]string{"Accept": v20241023, "Content-Type": v20241023}, clusterJSON)
	if created.status != http.StatusCreated || created.contentType != v20241023 || stateOf(t, created) != "CREATING" {
		t.Fatalf("create: HTTP %d %s %s", created.status, created.contentType, created.body)
	}
	if !strings.Contains(string(created.body), `"groupId":"`+groupID+`"`) {
		t.Errorf("the created cluster does not name its project: %s", created.body)
	}
	u := clustersURL(ts.URL) + "/Cluster0"
	var seen []string
	for range 5 {
		a := get(t, u, map[string]string{"Accept": v20240805})
		if a.status == http.StatusTooManyRequests {
			if a.header.Get("Retry-After") != "3" {
				t.Errorf("429 without Retry-After: 3")
			}
			seen = append(seen, "429")
			continue
		}
		seen = append(seen, stateOf(t, a))
	}
	if got := strings.Join(seen, " "); got != "CREATING 429 CREATING IDLE IDLE" {
		t.Errorf("GETs answered %s", got)
	}
	if s.Polls(groupID, "Cluster0") != 4 || s.Gets(groupID, "Cluster0") != 5 {
		t.Errorf("polls %d, gets %d; want 4 and 5", s.Polls(groupID, "Cluster0"), s.Gets(groupID, "Cluster0"))
	}
	if d := call(t, nil, http.MethodDelete, u, map[string]string{"Accept": v20230201}, ""); d.status != http.StatusAccepted {
		t.Fatalf("delete: HTTP %d %s", d.status, d.body)
	}
	seen = nil
	for range 3 {
		a := get(t, u, map[string]string{"Accept": v20240805})
		if a.status == http.StatusNotFound {
			seen = append(seen, "404")
			continue
		}
		seen = append(seen, stateOf(t, a))
	}
	if got := strings.Join(seen, " "); got != "DELETING DELETING 404" {
		t.Errorf("GETs after the delete answered %s", got)
	}
}

func TestLifecycleChecksTheContract(t *testing.T) {
	s, ts := StartLifecycle(t, Options{}, Lifecycle{})
	bad := call(t, nil, http.MethodPost, clustersURL(ts.URL), map[string]string{"Accept": v20241023, "Content-Type": v20241023}, `{"name":"C","clusterTypo":"REPLICASET"}`)
	wrongAccept := get(t, clustersURL(ts.URL)+"/C", map[string]string{"Accept": "application/json"})
	if bad.status != http.StatusBadRequest || wrongAccept.status != http.StatusNotAcceptable {
		t.Fatalf("got HTTP %d and %d, want 400 and 406", bad.status, wrongAccept.status)
	}
	if v := s.Violations(); len(v) != 2 || !strings.Contains(v[0], "clusterTypo") {
		t.Fatalf("violations %q", v)
	}
	s.mu.Lock()
	s.violations = nil // seen: Start's cleanup would fail the test on them
	s.mu.Unlock()
	if a := get(t, clustersURL(ts.URL)+"/Nope", map[string]string{"Accept": v20240805}); a.status != http.StatusNotFound {
		t.Errorf("an unknown cluster: HTTP %d", a.status)
	}
}
