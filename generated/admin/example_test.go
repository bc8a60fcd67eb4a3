package admin_test

// Runnable examples of the package's main flows: create a client, call an
// operation, page through a list, handle errors, pick API versions. Each
// runs against atlasStandIn, a loopback server that answers the few
// cluster requests they make the way Atlas does (versioned media types,
// paged lists, Atlas error bodies).

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/atlasgen/atlasgen/generated/admin"
)

const groupID = "32b6e34b3d91647abb20e7b8"

// Create a client, call an operation, read the typed answer.
func Example() {
	srv := atlasStandIn()
	defer srv.Close()
	ctx := context.Background()

	// In a real program: admin.NewClient(admin.UseOAuthAuth(clientID, clientSecret))
	// and no UseBaseURL (the default is https://cloud.mongodb.com).
	client, err := admin.NewClient(admin.UseAccessToken("example-token"), admin.UseBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close(ctx)

	cluster, httpResp, err := client.ClustersApi.GetCluster(ctx, groupID, "Cluster0").Execute()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(cluster.GetName(), cluster.GetStateName(), cluster.GetMongoDBVersion())
	fmt.Println(httpResp.Request.Header.Get("Accept"))
	// Output:
	// Cluster0 IDLE 8.0.4
	// application/vnd.atlas.2024-08-05+json
}

// All walks every page of a list operation; the loop asks for the next
// page only when it needs it.
func Example_paging() {
	srv := atlasStandIn()
	defer srv.Close()
	client, err := admin.NewClient(admin.UseAccessToken("example-token"), admin.UseBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}

	for cluster, err := range client.ClustersApi.ListClusters(context.Background(), groupID).ItemsPerPage(2).All() {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(cluster.GetName())
	}
	fmt.Println("requests:", srv.requests.Load())
	// Output:
	// Cluster0
	// Cluster1
	// Cluster2
	// Cluster3
	// Cluster4
	// requests: 3
}

// A non-2xx answer is a *ResponseError: test Atlas's errorCode, or read
// the status and the decoded body.
func Example_errors() {
	srv := atlasStandIn()
	defer srv.Close()
	client, err := admin.NewClient(admin.UseAccessToken("example-token"), admin.UseBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}

	_, _, err = client.ClustersApi.GetCluster(context.Background(), groupID, "NoSuchCluster").Execute()
	fmt.Println(admin.IsErrorCode(err, "CLUSTER_NOT_FOUND"))
	var re *admin.ResponseError
	if errors.As(err, &re) {
		fmt.Println(re.StatusCode, re.ErrorCode)
	}
	if apiErr, ok := admin.AsError(err); ok {
		fmt.Println(apiErr.GetDetail())
	}
	// Output:
	// true
	// 404 CLUSTER_NOT_FOUND
	// No cluster named NoSuchCluster exists in group 32b6e34b3d91647abb20e7b8.
}

// The plain method sends the default version; a method named by a date sends
// that version, with its own types. A version the operation does not have
// fails before anything is sent. The versions table lists them all.
func Example_versions() {
	srv := atlasStandIn()
	defer srv.Close()
	ctx := context.Background()
	client, err := admin.NewClient(admin.UseAccessToken("example-token"), admin.UseBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}

	// 2023-02-01 answers with another type, AdvancedClusterDescription.
	old, httpResp, err := client.ClustersApi.GetClusterV20230201(ctx, groupID, "Cluster0").Execute()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%T %s %s\n", old, old.GetName(), httpResp.Request.Header.Get("Accept"))

	_, _, err = client.ClustersApi.GetCluster(ctx, groupID, "Cluster0").Version("2019-01-01").Execute()
	var ve *admin.VersionError
	fmt.Println(errors.As(err, &ve), ve.Supported, "requests:", srv.requests.Load())

	// Atlas's name or the spec's operationId: the same row.
	info, _ := admin.LookupOperation("getCluster")
	fmt.Println(info.Name, info.OperationID)
	for _, v := range info.Versions {
		fmt.Println(v.Version, v.Default, v.Sunset)
	}
	// Output:
	// *admin.AdvancedClusterDescription Cluster0 application/vnd.atlas.2023-02-01+json
	// true [2024-08-05] requests: 1
	// getCluster getGroupCluster
	// 2023-01-01 false 2027-07-01
	// 2023-02-01 false 2027-07-01
	// 2024-08-05 true
}

// The versions table also lists each operation's parameters, with the
// facts the client checks a call against: a tool that builds calls from
// text (a command line, a form) can ask for what is required and offer
// what is allowed, and CheckRaw refuses what the typed methods refuse.
func Example_parameters() {
	info, _ := admin.LookupOperation("listClusters")
	for _, p := range info.Parameters {
		fmt.Printf("%s (%s, %s) required=%t default=%q\n", p.Name, p.In, p.Kind, p.Required, p.Default)
	}
	_, err := admin.CheckRaw(admin.RawRequest{OperationID: "listClusters", Params: map[string][]string{"itemsPerPage": {"10"}}})
	fmt.Println(err)
	// Output:
	// envelope (query, boolean) required=false default="false"
	// groupId (path, string) required=true default=""
	// includeCount (query, boolean) required=false default="true"
	// itemsPerPage (query, integer) required=false default="100"
	// pageNum (query, integer) required=false default="1"
	// pretty (query, boolean) required=false default="false"
	// includeDeletedWithRetainedBackups (query, boolean) required=false default="false"
	// Use-Effective-Instance-Fields (header, boolean) required=false default="false"
	// atlas: listClusters: parameter groupId is required
}

// standIn is a loopback server that counts the requests it answers.
type standIn struct {
	*httptest.Server
	requests atomic.Int32
}

// atlasStandIn answers GET .../groups/{groupId}/clusters (paged, five
// clusters) and GET .../clusters/{name} (Cluster0 to Cluster4, else
// Atlas's 404), in the version the request's Accept header asks for.
func atlasStandIn() *standIn {
	s := &standIn{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		if r.Header.Get("Authorization") != "Bearer example-token" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		accept := r.Header.Get("Accept")
		if !strings.HasPrefix(accept, "application/vnd.atlas.") {
			w.WriteHeader(http.StatusNotAcceptable)
			return
		}
		prefix := "/api/atlas/v2/groups/" + groupID + "/clusters"
		cluster := func(name string) map[string]any {
			return map[string]any{"groupId": groupID, "name": name, "stateName": "IDLE", "mongoDBVersion": "8.0.4", "clusterType": "REPLICASET"}
		}
		var body any
		status := http.StatusOK
		switch name, found := strings.CutPrefix(r.URL.Path, prefix+"/"); {
		case r.URL.Path == prefix:
			page, _ := strconv.Atoi(r.URL.Query().Get("pageNum"))
			size, _ := strconv.Atoi(r.URL.Query().Get("itemsPerPage"))
			page, size = max(page, 1), max(size, 1)
			var results []any
			for i := (page - 1) * size; i < min(page*size, 5); i++ {
				results = append(results, cluster(fmt.Sprintf("Cluster%d", i)))
			}
			body = map[string]any{"results": results, "totalCount": 5}
		case found && len(name) == len("Cluster0") && strings.HasPrefix(name, "Cluster") && name[7] >= '0' && name[7] <= '4':
			body = cluster(name)
		case found:
			status = http.StatusNotFound
			body = map[string]any{"error": 404, "errorCode": "CLUSTER_NOT_FOUND", "reason": "Not Found",
				"detail": "No cluster named " + name + " exists in group " + groupID + "."}
			accept = "application/json"
		default:
			status = http.StatusNotFound
		}
		w.Header().Set("Content-Type", accept)
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(body)
	}))
	return s
}
