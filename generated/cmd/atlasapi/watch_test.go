package main

// --watch end to end, in this process: run, the command's one entry point,
// against internal/contractserver's Lifecycle on loopback, whose clusters
// move from CREATING to IDLE, and to 404 after a delete, as they are
// polled. Counts are exact (time is counted in polls there); no test
// measures time.

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"
	"go.uber.org/goleak"

	"github.com/atlasgen/atlasgen/internal/contractserver"
)

func TestMain(m *testing.M) {
	// No test here reaches the OS keyring: the credentials come from the
	// environment, and the mock backend is there in case one did.
	keyring.MockInit()
	goleak.VerifyTestMain(m)
}

const (
	groupID     = "32b6e34b3d91647abb20e7b8"
	clusterJSON = `{"name":"Cluster0","clusterType":"REPLICASET","replicationSpecs":[{"regionConfigs":[{"providerName":"AWS","regionName":"US_EAST_1","priority":7,"electableSpecs":{"instanceSize":"M10","nodeCount":3}}]}]}`
	secret      = "s3cr3t-never-printed"
)

type result struct {
	stdout, stderr string
	code           int
}

// server starts a Lifecycle server that asks for service account
// credentials, and returns a function that runs the command against it
// with those credentials and no Atlas CLI config.
func server(t *testing.T, lc contractserver.Lifecycle) (func(args ...string) result, *contractserver.Server) {
	t.Helper()
	cs, srv := contractserver.StartLifecycle(t, contractserver.Options{OAuth: &contractserver.OAuth{ClientID: "mdb_sa_id_watch", ClientSecret: secret}}, lc)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	t.Setenv("MONGODB_ATLAS_BASE_URL", srv.URL) // the client reads it from the process
	env := map[string]string{
		"MONGODB_ATLAS_CLIENT_ID":     "mdb_sa_id_watch",
		"MONGODB_ATLAS_CLIENT_SECRET": secret,
	}
	return func(args ...string) result {
		var stdout, stderr bytes.Buffer
		code := run(args, strings.NewReader(""), &stdout, &stderr, func(k string) string { return env[k] })
		r := result{stdout.String(), stderr.String(), code}
		if strings.Contains(r.stdout+r.stderr, secret) {
			t.Errorf("the secret reached the output")
		}
		return r
	}, cs
}

// atlasapi runs the command once against a new Lifecycle server.
func atlasapi(t *testing.T, lc contractserver.Lifecycle, args ...string) (result, *contractserver.Server) {
	t.Helper()
	run, cs := server(t, lc)
	return run(args...), cs
}

func bodyFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "c.json")
	if err := os.WriteFile(path, []byte(clusterJSON), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// The line, by Atlas's name and by the operationId alias.
func TestWatchCreateCluster(t *testing.T) {
	for _, name := range []string{"createCluster", "createGroupCluster"} {
		t.Run(name, func(t *testing.T) {
			r, cs := atlasapi(t, contractserver.Lifecycle{}, "clusters", name, "--groupId", groupID, "--file", bodyFile(t), "--watch", "--watchInterval", "1ms")
			if r.code != 0 {
				t.Fatalf("exit %d, stderr %s", r.code, r.stderr)
			}
			// The first answer is printed, as without --watch; the wait adds nothing.
			if !strings.Contains(r.stdout, `"stateName":"CREATING"`) || strings.Count(r.stdout, "\n") != 1 || r.stderr != "" {
				t.Errorf("stdout %q, stderr %q; want the create's answer alone", r.stdout, r.stderr)
			}
			if n := cs.Polls(groupID, "Cluster0"); n != 3 {
				t.Errorf("%d polls, want 3 (CREATING, CREATING, IDLE)", n)
			}
		})
	}
}

// --watchTimeout 1: the first delay (5s or more) would end past it, so the
// command gives up after one poll, exit 4, with the last state on stderr.
func TestWatchTimeout(t *testing.T) {
	r, cs := atlasapi(t, contractserver.Lifecycle{States: []string{"CREATING"}}, "clusters", "createCluster", "--groupId", groupID, "--file", bodyFile(t), "--watch", "--watchTimeout", "1", "--watchInterval", "10s")
	if r.code != exitWatch {
		t.Fatalf("exit %d, want %d; stderr %s", r.code, exitWatch, r.stderr)
	}
	for _, want := range []string{"getCluster did not answer $.stateName is IDLE", "--watchTimeout 1s", "last state: CREATING", "(1 polls)"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr %q does not say %q", r.stderr, want)
		}
	}
	if !strings.Contains(r.stdout, `"stateName":"CREATING"`) {
		t.Errorf("stdout %q, want the create's answer", r.stdout)
	}
	if n := cs.Polls(groupID, "Cluster0"); n != 1 {
		t.Errorf("%d polls, want 1", n)
	}
}

// A delete is done when the GET answers 404; a 429 on the way is retried
// after its Retry-After (one second) and is not a poll.
func TestWatchDeleteCluster(t *testing.T) {
	atlasapi, cs := server(t, contractserver.Lifecycle{States: []string{"IDLE"}, ThrottleAt: []int{2}})
	if r := atlasapi("clusters", "createCluster", "--groupId", groupID, "--file", bodyFile(t)); r.code != 0 {
		t.Fatalf("create: exit %d, %s", r.code, r.stderr)
	}
	r := atlasapi("clusters", "deleteCluster", "--groupId", groupID, "--clusterName", "Cluster0", "--watch", "--watchInterval", "1ms")
	if r.code != 0 {
		t.Fatalf("delete: exit %d, %s", r.code, r.stderr)
	}
	if n, gets := cs.Polls(groupID, "Cluster0"), cs.Gets(groupID, "Cluster0"); n != 3 || gets != 4 {
		t.Errorf("%d polls and %d GETs, want 3 (DELETING, DELETING, 404) and 4", n, gets)
	}
}

func TestWatchHelp(t *testing.T) {
	r, _ := atlasapi(t, contractserver.Lifecycle{}, "clusters", "createCluster", "--help")
	for _, want := range []string{
		"Watch (--watch): after the call, polls getCluster until it answers $.stateName is IDLE.",
		"--watch ", "--watchTimeout int", "--watchInterval duration",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("--help does not say %q:\n%s", want, r.stdout)
		}
	}
	r, _ = atlasapi(t, contractserver.Lifecycle{}, "clusters", "getCluster", "--help")
	if strings.Contains(r.stdout, "--watch") {
		t.Error("an operation without a watcher offers --watch")
	}
}

func TestWatchUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"--watchTimeout", "5"},
		{"--watchInterval", "1s"},
		{"--watch", "--watchTimeout", "-1"},
		{"--watch", "--watchInterval", "0s"},
	} {
		atlasapi, cs := server(t, contractserver.Lifecycle{})
		r := atlasapi(append([]string{"clusters", "createCluster", "--groupId", groupID, "--file", bodyFile(t)}, args...)...)
		if r.code != exitUsage || len(cs.Requests()) != 0 {
			t.Errorf("%v: exit %d after %d requests, want %d before any; stderr %s", args, r.code, len(cs.Requests()), exitUsage, r.stderr)
		}
	}
}

// --debug shows each poll of the wait on stderr, and no credential: not
// the client secret (server checks every run), not the access token the
// server issued for it.
func TestWatchDebug(t *testing.T) {
	r, cs := atlasapi(t, contractserver.Lifecycle{}, "clusters", "createCluster", "--groupId", groupID, "--file", bodyFile(t), "--watch", "--watchInterval", "1ms", "--debug")
	if r.code != 0 {
		t.Fatalf("exit %d, stderr %s", r.code, r.stderr)
	}
	for _, want := range []string{`msg="atlas wait" for="getCluster answers $.stateName is IDLE" poll=2 state=CREATING`, "operation=getGroupCluster"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("--debug does not show %q:\n%s", want, r.stderr)
		}
	}
	auth := cs.LastAuthorization()
	token, ok := strings.CutPrefix(auth, "Bearer ")
	if !ok || token == "" {
		t.Fatalf("the last poll's Authorization is %q, want a bearer token", auth)
	}
	if strings.Contains(r.stderr+r.stdout, token) {
		t.Error("--debug printed the access token")
	}
}
