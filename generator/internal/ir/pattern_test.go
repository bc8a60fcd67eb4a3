package ir

import (
	"math/rand/v2"
	"regexp"
	"testing"
)

// match is the scan the runtime template performs for simple patterns.
func match(runs []Run, s string) bool {
	i := 0
	for _, r := range runs {
		n := 0
		for (r.Max < 0 || n < r.Max) && i < len(s) && in(r.Ranges, s[i]) {
			i++
			n++
		}
		if n < r.Min {
			return false
		}
	}
	return i == len(s)
}

func in(ranges string, c byte) bool {
	for j := 0; j+1 < len(ranges); j += 2 {
		if ranges[j] <= c && c <= ranges[j+1] {
			return true
		}
	}
	return false
}

// TestSimpleRunsAgreeWithRegexp checks the greedy scan against regexp on
// random strings, for Atlas's patterns and for ones built to trip it.
func TestSimpleRunsAgreeWithRegexp(t *testing.T) {
	simple := []string{
		`^([a-f0-9]{24})$`, `^[a-zA-Z0-9][a-zA-Z0-9-]*$`, `^[0-9a-f]{24}$`, `^ab?c$`,
		`^[a-z]{2,5}-[0-9]+$`, `^x*$`, `^(?:[A-Z][a-z]+)$`,
	}
	rejected := []string{
		`^[a-z]*[a-z]$`, `[a-z]+`, `^a|b$`, `^(?i)abc$`, `^.{3}$`, `^[a-z]*?x$`, `^é+$`,
	}
	for _, expr := range rejected {
		if simpleRuns(expr) != nil {
			t.Errorf("%s: taken as simple, but a greedy scan cannot decide it", expr)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := "abcfxyzAZ059-_ .é"
	for _, expr := range simple {
		runs := simpleRuns(expr)
		if runs == nil {
			t.Errorf("%s: not taken as simple", expr)
			continue
		}
		re := regexp.MustCompile(expr)
		probe := func(s string) {
			if got, want := match(runs, s), re.MatchString(s); got != want {
				t.Errorf("%s on %q: scan says %v, regexp %v", expr, s, got, want)
			}
		}
		probe("")
		probe("32b6e34b3d91647abb20e7b8")
		probe("Cluster0")
		for range 20000 {
			n := rng.IntN(30)
			b := make([]rune, n)
			for i := range b {
				b[i] = []rune(alphabet)[rng.IntN(len([]rune(alphabet)))]
			}
			probe(string(b))
			// And strings made of the pattern's own bytes, which match often.
			var own []byte
			for _, r := range runs {
				for k := rng.IntN(max(r.Min, 1) + 2); k > 0; k-- {
					j := 2 * rng.IntN(len(r.Ranges)/2)
					own = append(own, r.Ranges[j]+byte(rng.IntN(int(r.Ranges[j+1]-r.Ranges[j])+1)))
				}
			}
			probe(string(own))
		}
	}
}
