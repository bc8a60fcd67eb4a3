package admin_test

// The typed waiters of the shipped package, end to end: each call goes on
// loopback to internal/contractserver's Lifecycle, a stand-in whose
// clusters move from CREATING to IDLE, and to 404 after a delete, as they
// are polled. Time is counted in polls there, so the counts below are
// exact; the delays between polls are a millisecond, and no test measures
// time.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/atlasgen/atlasgen/generated/admin"
	"github.com/atlasgen/atlasgen/internal/contractserver"
)

func TestMain(m *testing.M) {
	os.Unsetenv(admin.BaseURLEnv)
	goleak.VerifyTestMain(m)
}

const clusterJSON = `{"name":"Cluster0","clusterType":"REPLICASET","replicationSpecs":[{"regionConfigs":[{"providerName":"AWS","regionName":"US_EAST_1","priority":7,"electableSpecs":{"instanceSize":"M10","nodeCount":3}}]}]}`

// quick polls a millisecond apart.
var quick = &admin.WaitOptions{MinDelay: time.Millisecond, MaxDelay: time.Millisecond}

func lifecycle(t *testing.T, lc contractserver.Lifecycle) (*contractserver.Server, *admin.APIClient) {
	t.Helper()
	cs, srv := contractserver.StartLifecycle(t, contractserver.Options{Bearer: "test-token"}, lc)
	return cs, client(t, srv)
}

func client(t *testing.T, srv *httptest.Server) *admin.APIClient {
	t.Helper()
	c, err := admin.NewClient(admin.UseAccessToken("test-token"), admin.UseBaseURL(srv.URL), admin.UseHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func newCluster(t *testing.T) *admin.ClusterDescription20240805 {
	t.Helper()
	body := new(admin.ClusterDescription20240805)
	if err := json.Unmarshal([]byte(clusterJSON), body); err != nil {
		t.Fatal(err)
	}
	return body
}

func TestCreateClusterAndWait(t *testing.T) {
	cs, c := lifecycle(t, contractserver.Lifecycle{})
	cluster, resp, err := c.ClustersApi.CreateCluster(context.Background(), groupID, newCluster(t)).ExecuteAndWait(quick)
	if err != nil {
		t.Fatal(err)
	}
	if cluster.GetStateName() != "IDLE" || cluster.GetName() != "Cluster0" || resp.StatusCode != 200 {
		t.Fatalf("got %s %s, HTTP %d", cluster.GetName(), cluster.GetStateName(), resp.StatusCode)
	}
	if n := cs.Polls(groupID, "Cluster0"); n != 3 {
		t.Errorf("%d polls, want 3 (CREATING, CREATING, IDLE)", n)
	}
}

// Wait after Execute: what ExecuteAndWait does in two steps.
func TestWaitAfterExecute(t *testing.T) {
	cs, c := lifecycle(t, contractserver.Lifecycle{States: []string{"CREATING", "IDLE"}})
	req := c.ClustersApi.CreateCluster(context.Background(), groupID, newCluster(t))
	created, _, err := req.Execute()
	if err != nil {
		t.Fatal(err)
	}
	if created.GetStateName() != "CREATING" || cs.Polls(groupID, "Cluster0") != 0 {
		t.Fatalf("created %s after %d polls", created.GetStateName(), cs.Polls(groupID, "Cluster0"))
	}
	cluster, _, err := req.Wait(created, quick)
	if err != nil || cluster.GetStateName() != "IDLE" || cs.Polls(groupID, "Cluster0") != 2 {
		t.Fatalf("got %s, %v after %d polls; want IDLE after 2", cluster.GetStateName(), err, cs.Polls(groupID, "Cluster0"))
	}
}

func TestDeleteClusterAndWait(t *testing.T) {
	cs, c := lifecycle(t, contractserver.Lifecycle{States: []string{"IDLE"}})
	ctx := context.Background()
	if _, _, err := c.ClustersApi.CreateCluster(ctx, groupID, newCluster(t)).Execute(); err != nil {
		t.Fatal(err)
	}
	resp, err := c.ClustersApi.DeleteCluster(ctx, groupID, "Cluster0").ExecuteAndWait(quick)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 404 {
		t.Errorf("the last poll answered HTTP %d, want 404", resp.StatusCode)
	}
	if n := cs.Polls(groupID, "Cluster0"); n != 3 {
		t.Errorf("%d polls, want 3 (DELETING, DELETING, 404)", n)
	}
}

// A 429 while polling is retried by the runtime after its Retry-After (one
// second here): the wait sees three polls, the server four GETs.
func TestWaitRetriesThrottledPoll(t *testing.T) {
	cs, c := lifecycle(t, contractserver.Lifecycle{ThrottleAt: []int{2}})
	cluster, _, err := c.ClustersApi.CreateCluster(context.Background(), groupID, newCluster(t)).ExecuteAndWait(quick)
	if err != nil {
		t.Fatal(err)
	}
	if cluster.GetStateName() != "IDLE" || cs.Polls(groupID, "Cluster0") != 3 || cs.Gets(groupID, "Cluster0") != 4 {
		t.Fatalf("%s after %d polls and %d GETs; want IDLE after 3 and 4", cluster.GetStateName(), cs.Polls(groupID, "Cluster0"), cs.Gets(groupID, "Cluster0"))
	}
}

// The first delay (at least 30 minutes) would end past MaxDuration or the
// context's deadline, so the wait gives up after one poll, at once, naming
// the state it saw.
func TestWaitGivesUpAtTheDeadline(t *testing.T) {
	never := contractserver.Lifecycle{States: []string{"CREATING"}}
	slow := &admin.WaitOptions{MinDelay: time.Hour}
	deadline, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for name, tc := range map[string]struct {
		ctx  context.Context
		opts *admin.WaitOptions
	}{
		"MaxDuration": {context.Background(), &admin.WaitOptions{MinDelay: time.Hour, MaxDuration: time.Minute}},
		"context":     {deadline, slow},
	} {
		t.Run(name, func(t *testing.T) {
			cs, c := lifecycle(t, never)
			_, _, err := c.ClustersApi.CreateCluster(tc.ctx, groupID, newCluster(t)).ExecuteAndWait(tc.opts)
			var te *admin.WaitTimeoutError
			if !errors.As(err, &te) || !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("err = %v, want a *admin.WaitTimeoutError", err)
			}
			if te.LastState != "CREATING" || te.Polls != 1 || cs.Polls(groupID, "Cluster0") != 1 {
				t.Fatalf("last state %q after %d polls (server: %d); want CREATING after 1", te.LastState, te.Polls, cs.Polls(groupID, "Cluster0"))
			}
			if want := "getCluster answers $.stateName is IDLE"; te.What != want {
				t.Errorf("What = %q, want %q", te.What, want)
			}
		})
	}
}

// A cancelled context ends the wait at once, even in the middle of an
// hour's delay, with an error that wraps context.Canceled (not a timeout)
// and names the last state seen. The poll cancels after the first GET, so
// the wait is cancelled during its first delay; a wait that missed the
// cancellation would sleep for the hour and the test would time out.
func TestWaitEndsWhenCancelled(t *testing.T) {
	cs, c := lifecycle(t, contractserver.Lifecycle{States: []string{"CREATING"}})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if _, _, err := c.ClustersApi.CreateCluster(ctx, groupID, newCluster(t)).Execute(); err != nil {
		t.Fatal(err)
	}
	_, _, err := admin.WaitUntil(ctx, c,
		func(ctx context.Context) (*admin.ClusterDescription20240805, *http.Response, error) {
			defer cancel()
			return c.ClustersApi.GetCluster(ctx, groupID, "Cluster0").Execute()
		},
		admin.StateIn((*admin.ClusterDescription20240805).GetStateName, "IDLE"),
		&admin.WaitOptions{MinDelay: time.Hour})
	var te *admin.WaitTimeoutError
	if !errors.Is(err, context.Canceled) || errors.As(err, &te) {
		t.Fatalf("err = %v, want one that wraps context.Canceled", err)
	}
	if !strings.Contains(err.Error(), "last state: CREATING") || cs.Polls(groupID, "Cluster0") != 1 {
		t.Errorf("err = %v after %d polls, want the last state CREATING after 1", err, cs.Polls(groupID, "Cluster0"))
	}
}

// A 429 whose Retry-After would end past MaxDuration is the wait's
// deadline passing while Atlas is busy: a *WaitTimeoutError naming the
// last state seen, as for a delay of the wait's own.
func TestWaitThrottledPastTheDeadline(t *testing.T) {
	cs, c := lifecycle(t, contractserver.Lifecycle{ThrottleAt: []int{2}, RetryAfter: "60"})
	_, _, err := c.ClustersApi.CreateCluster(context.Background(), groupID, newCluster(t)).
		ExecuteAndWait(&admin.WaitOptions{MinDelay: time.Millisecond, MaxDuration: 30 * time.Second})
	var te *admin.WaitTimeoutError
	if !errors.As(err, &te) {
		t.Fatalf("err = %v, want a *admin.WaitTimeoutError", err)
	}
	if te.LastState != "CREATING" || te.Polls != 2 || cs.Gets(groupID, "Cluster0") != 2 {
		t.Errorf("last state %q after %d polls (server: %d GETs); want CREATING after 2", te.LastState, te.Polls, cs.Gets(groupID, "Cluster0"))
	}
}

// A cluster Atlas does not list yet (404) is waited for, not an error.
func TestWaitForAClusterNotListedYet(t *testing.T) {
	cs, c := lifecycle(t, contractserver.Lifecycle{})
	// The answer of a create this server never saw: every poll is a 404
	// until the cluster is created.
	answer := newCluster(t)
	answer.GroupID = admin.Ptr(groupID)
	req := c.ClustersApi.CreateCluster(context.Background(), groupID, newCluster(t))
	_, _, err := req.Wait(answer, &admin.WaitOptions{MinDelay: time.Hour, MaxDuration: time.Minute})
	var te *admin.WaitTimeoutError
	if !errors.As(err, &te) || te.LastState != "HTTP 404" || cs.Polls(groupID, "Cluster0") != 0 {
		t.Fatalf("err = %v, want a timeout whose last state is HTTP 404", err)
	}
}

// The CLI's way: Raw, then WaitRaw with the answer's bytes.
func TestWaitRaw(t *testing.T) {
	cs, c := lifecycle(t, contractserver.Lifecycle{})
	ctx := context.Background()
	req := admin.RawRequest{OperationID: "createGroupCluster", Params: map[string][]string{"groupId": {groupID}}, Body: []byte(clusterJSON)}
	data, _, err := c.Raw(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	last, _, err := c.WaitRaw(ctx, req, data, quick)
	if err != nil {
		t.Fatal(err)
	}
	var got struct{ StateName string }
	if err := json.Unmarshal(last, &got); err != nil || got.StateName != "IDLE" || cs.Polls(groupID, "Cluster0") != 3 {
		t.Fatalf("last answer %s (%v) after %d polls", last, err, cs.Polls(groupID, "Cluster0"))
	}
	w, ok := admin.LookupWatcher("createGroupCluster")
	if !ok || w.Poll != "getCluster" || w.Expect != "$.stateName is IDLE" || w.Version != "2024-08-05" {
		t.Errorf("LookupWatcher = %+v, %v", w, ok)
	}
	if _, _, err := c.WaitRaw(ctx, admin.RawRequest{OperationID: "getGroupCluster"}, nil, nil); err == nil {
		t.Error("WaitRaw waited for an operation without a watcher")
	}
}

// TestWaitRawRefusalNames: a WaitRaw that cannot build its poll (a
// parameter the watcher reads is missing from the request or the answer)
// sends nothing, names the operation as the request did, as Raw's refusals
// do, and the polled GET by Atlas's name, as the waiters' other messages do.
func TestWaitRawRefusalNames(t *testing.T) {
	cs, c := lifecycle(t, contractserver.Lifecycle{})
	ctx := context.Background()
	for _, id := range []string{"createCluster", "createGroupCluster"} {
		_, _, err := c.WaitRaw(ctx, admin.RawRequest{OperationID: id}, []byte(`{"name":"Cluster0"}`), quick)
		var pe *admin.ParamError
		if !errors.As(err, &pe) || pe.OperationID != id || pe.Param != "groupId" || pe.Reason != "is needed to wait with getCluster" {
			t.Errorf("%s without groupId: %#v", id, err)
		}
		_, _, err = c.WaitRaw(ctx, admin.RawRequest{OperationID: id, Params: map[string][]string{"groupId": {groupID}}}, []byte(`{}`), quick)
		if want := "atlas: " + id + ": the answer has no $.name to wait with getCluster"; err == nil || err.Error() != want {
			t.Errorf("%s, an answer without a name: %v; want %s", id, err, want)
		}
	}
	if n := cs.Gets(groupID, "Cluster0"); n != 0 {
		t.Errorf("%d GETs sent", n)
	}
}

// Create a cluster and wait until Atlas says it is IDLE, in one call. The
// server here is a loopback stand-in whose clusters are IDLE on the third
// poll.
func ExampleCreateClusterApiRequest_ExecuteAndWait() {
	srv, err := lifecycleStandIn()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	ctx := context.Background()
	client, err := admin.NewClient(admin.UseAccessToken("example-token"), admin.UseBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	var body admin.ClusterDescription20240805 // the new cluster, as the Atlas docs write it
	if err := json.Unmarshal([]byte(clusterJSON), &body); err != nil {
		log.Fatal(err)
	}

	cluster, _, err := client.ClustersApi.CreateCluster(ctx, groupID, &body).
		ExecuteAndWait(&admin.WaitOptions{
			MaxDuration: 30 * time.Minute,
			MinDelay:    time.Millisecond, // the stand-in is quick; against Atlas, leave the default (2s)
		})
	var timeout *admin.WaitTimeoutError
	switch {
	case errors.As(err, &timeout):
		log.Fatalf("not IDLE after %v: %s", timeout.Waited, timeout.LastState)
	case err != nil:
		log.Fatal(err)
	}
	fmt.Println(cluster.GetName(), cluster.GetStateName())
	// Output: Cluster0 IDLE
}

// lifecycleStandIn serves clusters that move from CREATING to IDLE as they
// are polled (internal/contractserver's Lifecycle).
func lifecycleStandIn() (*httptest.Server, error) {
	fragment, err := contractserver.LoadFragment()
	if err != nil {
		return nil, err
	}
	api, err := contractserver.LoadAPI()
	if err != nil {
		return nil, err
	}
	cs := contractserver.New(contractserver.Options{Spec: fragment, Bearer: "example-token", Lifecycle: &contractserver.Lifecycle{API: api}})
	return httptest.NewServer(cs), nil
}
