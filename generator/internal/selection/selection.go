// Package selection decides which operations of a spec the generator keeps.
// The same rule drives Go generation (the IR keeps only selected operations
// and the schemas they reach) and the spec cutter (-write-spec), so a
// fragment and the code generated from the full spec with the same flags
// describe the same operations.
package selection

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
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

// Match reports whether the operation with these tags and names (its
// operationId, and Atlas's name for it when the spec gives one) is kept.
// Excludes win over includes: an operation is left out when either name
// is. With no include filter every operation is included; with include
// filters an operation is kept when it matches any of them (a tag or a
// name).
func (s Selection) Match(tags []string, names ...string) bool {
	for _, n := range names {
		if n != "" && slices.Contains(s.ExcludeOperations, n) {
			return false
		}
	}
	for _, t := range tags {
		if slices.Contains(s.ExcludeTags, t) {
			return false
		}
	}
	if len(s.IncludeTags) == 0 && len(s.IncludeOperations) == 0 {
		return true
	}
	for _, n := range names {
		if n != "" && slices.Contains(s.IncludeOperations, n) {
			return true
		}
	}
	for _, t := range tags {
		if slices.Contains(s.IncludeTags, t) {
			return true
		}
	}
	return false
}

// Unmatched returns the include filters that matched no operation, so a typo
// in a flag becomes an error instead of an empty package. Each names the
// nearest valid tags or operationIds, compared case-insensitively and
// ignoring spaces and punctuation, so the CLI's group name
// (sharedTierRestoreJobs, clusters) finds its tag too.
func (s Selection) Unmatched(seenOps map[string]bool, seenTags map[string]bool) []string {
	var out []string
	for _, op := range s.IncludeOperations {
		if !seenOps[op] {
			out = append(out, fmt.Sprintf("operation %q%s", op, nearest(op, seenOps)))
		}
	}
	for _, t := range s.IncludeTags {
		if !seenTags[t] {
			out = append(out, fmt.Sprintf("tag %q%s", t, nearest(t, seenTags)))
		}
	}
	return out
}

// nearest lists the valid names closest to name: the ones within a few
// edits of it, or the three closest when none is.
func nearest(name string, valid map[string]bool) string {
	if len(valid) == 0 {
		return " (the spec has none)"
	}
	key := fold(name)
	type cand struct {
		name string
		dist int
	}
	var cands []cand
	for v := range valid {
		fv := fold(v)
		d := distance(key, fv)
		// A name with letters left out ("getClster" in getGroupCluster) is
		// nearer than its edit distance says.
		if fv != "" && key != "" && (subsequence(key, fv) || subsequence(fv, key)) {
			d = min(d, 1+abs(len(fv)-len(key))/3)
		}
		cands = append(cands, cand{v, d})
	}
	slices.SortFunc(cands, func(a, b cand) int {
		if a.dist != b.dist {
			return a.dist - b.dist
		}
		return strings.Compare(a.name, b.name)
	})
	limit := max(2, len(key)/3)
	var names []string
	for i, c := range cands {
		if i == 5 || (c.dist > limit && (i >= 3 || cands[0].dist <= limit)) {
			break
		}
		names = append(names, fmt.Sprintf("%q", c.name))
	}
	if cands[0].dist == 0 {
		return " (did you mean " + names[0] + "? names match as the spec writes them)"
	}
	return " (nearest: " + strings.Join(names, ", ") + ")"
}

// fold is a name as a person might type it: lower case, letters and digits
// only ("Shared-Tier Restore Jobs" and sharedTierRestoreJobs agree).
func fold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// distance is the Levenshtein distance between a and b, over bytes.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// subsequence reports whether a's bytes appear in b in order.
func subsequence(a, b string) bool {
	i := 0
	for j := 0; i < len(a) && j < len(b); j++ {
		if a[i] == b[j] {
			i++
		}
	}
	return i == len(a)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
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
