package selection

import (
	"strings"
	"testing"
)

// TestUnmatchedSuggests: an include filter that matches nothing names the
// nearest valid names, case-insensitively and by the CLI's group name.
func TestUnmatchedSuggests(t *testing.T) {
	tags := map[string]bool{"Clusters": true, "Flex Clusters": true, "Shared-Tier Restore Jobs": true, "Teams": true, "Root": true}
	ops := map[string]bool{"getGroupCluster": true, "listGroupClusters": true, "getUser": true}
	for _, tc := range []struct {
		sel  Selection
		want string
	}{
		{Selection{IncludeTags: []string{"Cluster"}}, `tag "Cluster" (nearest: "Clusters"`},
		{Selection{IncludeTags: []string{"clusters"}}, `tag "clusters" (did you mean "Clusters"?`},
		{Selection{IncludeTags: []string{"sharedTierRestoreJobs"}}, `tag "sharedTierRestoreJobs" (did you mean "Shared-Tier Restore Jobs"?`},
		{Selection{IncludeTags: []string{"Xyzzy"}}, `tag "Xyzzy" (nearest: `},
		{Selection{IncludeOperations: []string{"getgroupcluster"}}, `operation "getgroupcluster" (did you mean "getGroupCluster"?`},
		{Selection{IncludeOperations: []string{"getClster"}}, `operation "getClster" (nearest: "getGroupCluster"`},
	} {
		got := strings.Join(tc.sel.Unmatched(ops, tags), "; ")
		if !strings.HasPrefix(got, tc.want) {
			t.Errorf("%+v:\n got %s\nwant %s...", tc.sel, got, tc.want)
		}
	}
	if got := (Selection{IncludeTags: []string{"Clusters"}, IncludeOperations: []string{"getUser"}}).Unmatched(ops, tags); len(got) != 0 {
		t.Errorf("valid names reported: %v", got)
	}
	if got := (Selection{IncludeTags: []string{"x"}}).Unmatched(ops, map[string]bool{}); len(got) != 1 || !strings.Contains(got[0], "the spec has none") {
		t.Errorf("no tags at all: %v", got)
	}
}

// TestMatchEitherName: an operation is selected by its operationId or by
// Atlas's name for it, and excluded by either.
func TestMatchEitherName(t *testing.T) {
	for _, tc := range []struct {
		sel  Selection
		want bool
	}{
		{Selection{IncludeOperations: []string{"getCluster"}}, true},
		{Selection{IncludeOperations: []string{"getGroupCluster"}}, true},
		{Selection{IncludeOperations: []string{"listClusters"}}, false},
		{Selection{IncludeTags: []string{"Clusters"}, ExcludeOperations: []string{"getCluster"}}, false},
		{Selection{ExcludeOperations: []string{"getGroupCluster"}}, false},
		{Selection{ExcludeOperations: []string{""}}, true}, // no name is not a name
	} {
		if got := tc.sel.Match([]string{"Clusters"}, "getGroupCluster", "getCluster"); got != tc.want {
			t.Errorf("%+v: %v, want %v", tc.sel, got, tc.want)
		}
	}
}
