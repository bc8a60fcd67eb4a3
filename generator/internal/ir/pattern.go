package ir

import (
	"regexp/syntax"
	"strings"
)

// Run is one step of a simple pattern: Min to Max (-1: unbounded) bytes,
// each within one of Ranges, given as lo,hi byte pairs.
type Run struct {
	Ranges string
	Min    int
	Max    int
}

// simpleRuns reports whether expr is an anchored sequence of ASCII
// character classes that a greedy left-to-right scan decides exactly as
// regexp does, and returns the steps. Such patterns (nearly all of
// Atlas's: ids, names) are then checked without the regexp engine, which
// is most of a call's client-side cost. Anything else returns nil and keeps
// regexp.
func simpleRuns(expr string) []Run {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil || re.Op != syntax.OpConcat || len(re.Sub) < 2 {
		return nil
	}
	subs := re.Sub
	if subs[0].Op != syntax.OpBeginText || subs[len(subs)-1].Op != syntax.OpEndText {
		return nil
	}
	var runs []Run
	if !flatten(subs[1:len(subs)-1], &runs) {
		return nil
	}
	// Greedy is exact when a run of variable length is last, or is followed
	// by a run that needs at least one byte none of whose bytes the
	// variable run could also take.
	for i, r := range runs {
		if r.Min == r.Max || i == len(runs)-1 {
			continue
		}
		next := runs[i+1]
		if next.Min < 1 || overlaps(r.Ranges, next.Ranges) {
			return nil
		}
	}
	return runs
}

func flatten(subs []*syntax.Regexp, runs *[]Run) bool {
	for _, s := range subs {
		switch s.Op {
		case syntax.OpCapture, syntax.OpConcat:
			if !flatten(s.Sub, runs) {
				return false
			}
		case syntax.OpLiteral, syntax.OpCharClass:
			rs, ok := ranges(s)
			if !ok {
				return false
			}
			if s.Op == syntax.OpLiteral {
				for i := 0; i < len(rs); i += 2 {
					*runs = append(*runs, Run{Ranges: rs[i : i+2], Min: 1, Max: 1})
				}
				continue
			}
			*runs = append(*runs, Run{Ranges: rs, Min: 1, Max: 1})
		case syntax.OpRepeat, syntax.OpStar, syntax.OpPlus, syntax.OpQuest:
			if s.Flags&syntax.NonGreedy != 0 {
				return false
			}
			inner := s.Sub[0]
			if inner.Op == syntax.OpCapture && len(inner.Sub) == 1 {
				inner = inner.Sub[0]
			}
			if inner.Op != syntax.OpCharClass && !(inner.Op == syntax.OpLiteral && len(inner.Rune) == 1) {
				return false
			}
			rs, ok := ranges(inner)
			if !ok {
				return false
			}
			min, max := s.Min, s.Max
			switch s.Op {
			case syntax.OpStar:
				min, max = 0, -1
			case syntax.OpPlus:
				min, max = 1, -1
			case syntax.OpQuest:
				min, max = 0, 1
			}
			*runs = append(*runs, Run{Ranges: rs, Min: min, Max: max})
		default:
			return false
		}
	}
	return true
}

// ranges returns a literal's or class's ranges as byte pairs, when all are
// ASCII and the node is case-sensitive.
func ranges(s *syntax.Regexp) (string, bool) {
	if s.Flags&syntax.FoldCase != 0 && s.Op == syntax.OpLiteral {
		return "", false
	}
	var b strings.Builder
	switch s.Op {
	case syntax.OpLiteral:
		for _, r := range s.Rune {
			if r >= 0x80 {
				return "", false
			}
			b.WriteByte(byte(r))
			b.WriteByte(byte(r))
		}
	case syntax.OpCharClass:
		if len(s.Rune) == 0 {
			return "", false
		}
		for i := 0; i+1 < len(s.Rune); i += 2 {
			if s.Rune[i+1] >= 0x80 {
				return "", false
			}
			b.WriteByte(byte(s.Rune[i]))
			b.WriteByte(byte(s.Rune[i+1]))
		}
	default:
		return "", false
	}
	return b.String(), true
}

func overlaps(a, b string) bool {
	for i := 0; i < len(a); i += 2 {
		for j := 0; j < len(b); j += 2 {
			if a[i] <= b[j+1] && b[j] <= a[i+1] {
				return true
			}
		}
	}
	return false
}
