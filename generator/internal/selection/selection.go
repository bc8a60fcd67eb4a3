// Package selection decides which operations of a spec the generator keeps.
// The same rule drives Go generation (the IR keeps only selected operations
// and the schemas they reach) and the spec cutter (-write-spec), so a
// fragment and the code generated from the full spec with the same flags
// describe the same operations.
package selection

import (
	"slices"
	"strings"
)

// Selection is the set of include/exclude filters given on the command line.
// The zero value selects every operation.
type Selection struct {
	IncludeTags       []string
	ExcludeTags       []string
	IncludeOperations []string
	ExcludeOperations []string
}

// Empty reports whether the selection keeps everything.
func (s Selection) Empty() bool {
	return len(s.IncludeTags)+len(s.ExcludeTags)+len(s.IncludeOperations)+len(s.ExcludeOperations) == 0
}

// Match reports whether the operation with this operationId and these tags is
// kept. Excludes win over includes. With no include filter every operation is
// included; with include filters an operation is kept when it matches any of
// them (a tag or its operationId).
func (s Selection) Match(operationID string, tags []string) bool {
	if slices.Contains(s.ExcludeOperations, operationID) {
		return false
	}
	for _, t := range tags {
		if slices.Contains(s.ExcludeTags, t) {
			return false
		}
	}
	if len(s.IncludeTags) == 0 && len(s.IncludeOperations) == 0 {
		return true
	}
	if slices.Contains(s.IncludeOperations, operationID) {
		return true
	}
	for _, t := range tags {
		if slices.Contains(s.IncludeTags, t) {
			return true
		}
	}
	return false
}

// Unmatched returns the include filters that matched no operation, so a typo
// in a flag becomes an error instead of an empty package.
func (s Selection) Unmatched(seenOps map[string]bool, seenTags map[string]bool) []string {
	var out []string
	for _, op := range s.IncludeOperations {
		if !seenOps[op] {
			out = append(out, "operation "+op)
		}
	}
	for _, t := range s.IncludeTags {
		if !seenTags[t] {
			out = append(out, "tag "+t)
		}
	}
	return out
}

// SplitList parses a comma-separated flag value, trimming blanks.
func SplitList(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
