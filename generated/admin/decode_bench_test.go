//go:build unix

package admin

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"syscall"
	"testing"
)

// clustersPage is a listGroupClusters answer with n clusters shaped as
// Atlas sends them at 2024-08-05: two zones of two AWS regions each, with
// electable, read-only and analytics specs, autoscaling, connection
// strings, labels, tags and links. Every key is one the spec declares.
func clustersPage(n int) []byte {
	spec := func(size string, nodes int) string {
		return fmt.Sprintf(`{"diskIOPS":3000,"diskSizeGB":10.5,"ebsVolumeType":"STANDARD","instanceSize":%q,"nodeCount":%d}`, size, nodes)
	}
	auto := `{"compute":{"enabled":true,"scaleDownEnabled":true,"minInstanceSize":"M10","maxInstanceSize":"M40"},"diskGB":{"enabled":true}}`
	region := func(name string, priority int) string {
		return fmt.Sprintf(`{"providerName":"AWS","regionName":%q,"priority":%d,"electableSpecs":%s,"readOnlySpecs":%s,"analyticsSpecs":%s,`+
			`"effectiveElectableSpecs":%s,"effectiveReadOnlySpecs":%s,"effectiveAnalyticsSpecs":%s,"autoScaling":%s,"analyticsAutoScaling":%s}`,
			name, priority, spec("M10", 3), spec("M10", 1), spec("M10", 1), spec("M20", 3), spec("M20", 1), spec("M20", 1), auto, auto)
	}
	var b strings.Builder
	b.WriteString(`{"links":[{"href":"https://cloud.mongodb.com/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/clusters?pageNum=1&itemsPerPage=500","rel":"self"}],"results":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		id := fmt.Sprintf("%024x", 0x6c0000000000+i)
		fmt.Fprintf(&b, `{"id":%q,"groupId":"32b6e34b3d91647abb20e7b8","name":"Cluster%d","clusterType":"SHARDED","stateName":"IDLE",`+
			`"mongoDBMajorVersion":"7.0","mongoDBVersion":"7.0.14","featureCompatibilityVersion":"7.0","versionReleaseSystem":"LTS",`+
			`"createDate":"2024-05-01T10:00:00Z","backupEnabled":true,"pitEnabled":false,"paused":false,"terminationProtectionEnabled":false,`+
			`"redactClientLogData":false,"globalClusterSelfManagedSharding":false,"rootCertType":"ISRGROOTX1","diskWarmingMode":"FULLY_WARMED",`+
			`"encryptionAtRestProvider":"NONE","configServerManagementMode":"ATLAS_MANAGED","configServerType":"EMBEDDED","replicaSetScalingStrategy":"WORKLOAD_TYPE",`+
			`"biConnector":{"enabled":false,"readPreference":"secondary"},`+
			`"connectionStrings":{"standard":"mongodb://cluster%d-shard-00-00.abcde.mongodb.net:27017","standardSrv":"mongodb+srv://cluster%d.abcde.mongodb.net"},`+
			`"labels":[{"key":"team","value":"payments"}],"tags":[{"key":"env","value":"prod"},{"key":"owner","value":"ops"}],`+
			`"links":[{"href":"https://cloud.mongodb.com/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/clusters/Cluster%d","rel":"self"}],`+
			`"replicationSpecs":[{"id":"%s","zoneId":"%s","zoneName":"Zone 1","regionConfigs":[%s,%s]},{"id":"%s","zoneId":"%s","zoneName":"Zone 2","regionConfigs":[%s,%s]}]}`,
			id, i, i, i, i, id, id, region("US_EAST_1", 7), region("US_WEST_2", 6), id, id, region("EU_WEST_1", 7), region("EU_CENTRAL_1", 6))
	}
	fmt.Fprintf(&b, `],"totalCount":%d}`, n)
	return []byte(b.String())
}

// BenchmarkDecodeClusters decodes a page of 500 clusters (2.8 MB) through
// the client's own response path (finish), as a list call does.
func BenchmarkDecodeClusters(b *testing.B) {
	benchmarkDecode(b, clustersPage(500), 0)
}

// BenchmarkDecodeClustersWithExtraFields is the same page with one key the
// spec does not declare in each cluster: the path that keeps them.
func BenchmarkDecodeClustersWithExtraFields(b *testing.B) {
	body := bytes.ReplaceAll(clustersPage(500), []byte(`"stateName":"IDLE",`), []byte(`"stateName":"IDLE","newKey":[1,2],`))
	benchmarkDecode(b, body, 500)
}

func benchmarkDecode(b *testing.B, body []byte, extras int) {
	c, err := NewClient(UseAccessToken("t"))
	if err != nil {
		b.Fatal(err)
	}
	ep := &endpointListClusters
	v := &ep.versions[0]
	var page PaginatedClusterDescription20240805
	if err := decodeResponse(bytes.NewReader(body), &page); err != nil {
		b.Fatal(err)
	}
	if n := countExtras(reflect.ValueOf(&page)); n != extras {
		b.Fatalf("the page has %d objects with keys the models do not declare, want %d", n, extras)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	// CPU time, beside wall time: on a shared machine it varies less.
	start := cpuTime()
	for b.Loop() {
		out := new(PaginatedClusterDescription20240805)
		resp := &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: io.NopCloser(bytes.NewReader(body))}
		if err := c.finish(&request{ep: ep, out: out}, v, resp); err != nil {
			b.Fatal(err)
		}
		if len(out.Results) != 500 {
			b.Fatalf("%d results", len(out.Results))
		}
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

// cpuTime is the process's user and system CPU time so far, in ns.
func cpuTime() int64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// countExtras counts the structs in v that kept undeclared keys.
func countExtras(v reflect.Value) int {
	n := 0
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			n += countExtras(v.Elem())
		}
	case reflect.Struct:
		if v.CanAddr() {
			if e, ok := v.Addr().Interface().(interface {
				ExtraFields() map[string]json.RawMessage
			}); ok && e.ExtraFields() != nil {
				n++
			}
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				n += countExtras(v.Field(i))
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			n += countExtras(v.Index(i))
		}
	}
	return n
}
