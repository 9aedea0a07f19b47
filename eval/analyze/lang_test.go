package analyze

import (
	"strings"
	"testing"

	"github.com/rampolicy/ram/internal/wildcard"
)

// checkCells checks explore against the wildcard matcher: every cell's witness matches
// exactly the cell's patterns, and the probe string's set of patterns is some cell.
func checkCells(t *testing.T, srcs []string, probe string) {
	t.Helper()
	var pats []pat
	var ws []wildcard.Pattern
	for _, s := range srcs {
		p, err := wildcardPat(s, foldNone)
		if err != nil {
			return
		}
		pats = append(pats, p)
		ws = append(ws, wildcard.Compile(s, false))
	}
	cells, err := explore(pats, anyString{}, langLimits{maxBytes: 64, maxStates: 20000})
	if err != nil {
		return // a limit: no claim
	}
	bitsOf := func(s string) string {
		b := newBitset(len(ws))
		for i := range ws {
			if ws[i].Match(s) {
				b.set(i)
			}
		}
		return string(b.key())
	}
	have := map[string]bool{}
	for _, c := range cells {
		if got := bitsOf(c.witness); got != string(c.bits.key()) {
			t.Fatalf("patterns %q: witness %q is not in its cell", srcs, c.witness)
		}
		have[string(c.bits.key())] = true
	}
	if len(probe) <= 64 && !have[bitsOf(probe)] {
		t.Fatalf("patterns %q: %q matches a set of patterns no cell has", srcs, probe)
	}
}

func TestExploreCells(t *testing.T) {
	cases := []struct {
		pats  []string
		probe string
	}{
		{[]string{"a*", "*b", "ab"}, "axb"},
		{[]string{"*a*b*", "*b*a*"}, "ba"},
		{[]string{"??", "a?", "*a"}, "ba"},
		{[]string{"acs:oss:*:*:b/*", "acs:oss:*:1:b/x*"}, "acs:oss::1:b/xy"},
		{[]string{"é?", "?é", "é*é"}, "éé"},
		{[]string{"[a]*", "{x,y}?"}, "{x,y}z"},
	}
	for _, c := range cases {
		checkCells(t, c.pats, c.probe)
	}
}

func FuzzExplore(f *testing.F) {
	f.Add("a*|*b|ab", "axb")
	f.Add("*a*b*|*b*a*|??", "ba")
	f.Add("x?y*|*?|", "xxy")
	f.Fuzz(func(t *testing.T, patterns, probe string) {
		srcs := strings.Split(patterns, "|")
		if len(srcs) > 6 || len(patterns) > 40 {
			return
		}
		checkCells(t, srcs, probe)
	})
}

func TestPatMatches(t *testing.T) {
	p, _ := wildcardPat("a*b?c", foldNone)
	for s, want := range map[string]bool{"abxc": true, "axxbyc": true, "abc": false, "ab": false} {
		if p.matches(s) != want {
			t.Errorf("%q: want %v", s, want)
		}
	}
	// Simple folding, as strings.EqualFold: ß is ẞ, never "SS".
	q, _ := literalPat("Straße", foldUnicode)
	for s, want := range map[string]bool{"straße": true, "STRAẞE": true, "STRASSE": false} {
		if q.matches(s) != want || strings.EqualFold("Straße", s) != want {
			t.Errorf("%q: want %v", s, want)
		}
	}
}
