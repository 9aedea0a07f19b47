package wildcard

// Matcher benchmarks: this package's Pattern next to github.com/gobwas/glob v1.1.0 on the
// pattern shapes of real policies and on adversarial ones, to show where each matcher is
// linear in the input. Run with
//
//	go test -run '^$' -bench . -benchmem ./internal/wildcard
//
// Names are BenchmarkMatch/<shape>/n=<input bytes>/<matcher>; eval/BENCHMARKS.md holds
// the figures.

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/gobwas/glob"
)

// matchShape is one pattern with the inputs it is measured on. Inputs are built to pass
// every cheap precondition (length, literal prefix and suffix) of both matchers and to
// fail, or match, only at the very end: the matcher must read all of them.
type matchShape struct {
	name    string
	pattern string
	input   func(n int) string // an input of n bytes; nil: the one input below
	fixed   string
	want    bool
}

const benchHead = "acs:cr:cn-hangzhou:1234567890:repository/"

// fill returns benchHead followed by c repeated to n bytes, then tail.
func fill(n int, c string, tail string) string {
	k := n - len(benchHead) - len(tail)
	return benchHead + strings.Repeat(c, k/len(c)) + strings.Repeat("x", k%len(c)) + tail
}

var matchShapes = []matchShape{
	// The shapes of W1–W4 and of Alibaba's system policies, on their natural resources.
	{name: "common/exact", pattern: benchHead + "dev/app", fixed: benchHead + "dev/app", want: true},
	{name: "common/prefix", pattern: "acs:cr:*", fixed: benchHead + "dev/app", want: true},
	{name: "common/segments", pattern: "acs:cr:*:*:repository/prod/*", fixed: benchHead + "dev/app", want: false},
	{name: "common/namespace", pattern: "acs:cr:*:1234567890:repository/ns500/*", fixed: benchHead + "ns500/app", want: true},
	{name: "common/question", pattern: "acs:cr:*:1234567890:repository/ns?/*", fixed: benchHead + "ns5/app", want: true},
	// Adversarial shapes, at growing input lengths.
	//
	// q-run: a star, then a run of '?' and a literal that never comes. A backtracking
	// matcher restarts the run at every position: time ~ input x run length.
	{name: "adversarial/q-run", pattern: "acs:cr:*" + strings.Repeat("?", 200) + "b*z",
		input: func(n int) string { return fill(n, "a", "z") }, want: false},
	// a?-segment: a star, then a segment alternating a literal and '?'.
	{name: "adversarial/a?-segment", pattern: "acs:cr:*" + strings.Repeat("a?", 100) + "b*z",
		input: func(n int) string { return fill(n, "a", "z") }, want: false},
	// many-stars: '*a' repeated, every literal found everywhere; matches at the end.
	{name: "adversarial/many-stars", pattern: "acs:cr:*" + strings.Repeat("*a", 200) + "*b",
		input: func(n int) string { return fill(n, "a", "b") }, want: true},
	// star-pairs: the wildcard budget spent on '*ab' pairs, then a literal that never comes.
	{name: "adversarial/star-pairs", pattern: "acs:cr:*" + strings.Repeat("*ab", 120) + "*c*z",
		input: func(n int) string { return fill(n, "ab", "z") }, want: false},
	// wide-automaton: one '?' per eight characters, all live on an input of 'a's: the
	// worst case of this package's automaton (every state word live at every character).
	{name: "adversarial/wide-automaton", pattern: adversarialWide,
		input: func(n int) string { return fill(n, "a", "") }, want: false},
}

// adversarialWide is the widest automaton an input of 256 bytes still has to run: 244
// tokens, all 'a' or '?', ending in "c?" that no input of 'a's completes.
var adversarialWide = "acs:cr:*:*:*" + strings.Repeat("aaaaaaa?", 29) + "c?"

var benchSizes = []int{256, 512, 1024, 2048}

// quoteGlob is quoteForGobwas without its per-rune allocation, for long patterns.
func quoteGlob(p string) string {
	var b strings.Builder
	for _, r := range p {
		if r != '*' && r != '?' && strings.ContainsRune(`\[]{}!-,^`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

var sinkBool bool

// BenchmarkMatch runs every shape with this package ("ram") and with gobwas/glob
// ("gobwas"), checking both answers first.
func BenchmarkMatch(b *testing.B) {
	for _, sh := range matchShapes {
		b.Run(sh.name, func(b *testing.B) {
			p := Compile(sh.pattern, false)
			g, err := glob.Compile(quoteGlob(sh.pattern))
			if err != nil {
				b.Fatal(err)
			}
			run := func(b *testing.B, in string) {
				for _, m := range []struct {
					name  string
					match func(string) bool
				}{{"ram", p.Match}, {"gobwas", g.Match}} {
					b.Run(m.name, func(b *testing.B) {
						if got := m.match(in); got != sh.want {
							b.Fatalf("%s says %v for %q", m.name, got, in)
						}
						b.ReportAllocs()
						b.SetBytes(int64(len(in)))
						for b.Loop() {
							sinkBool = m.match(in)
						}
					})
				}
			}
			if sh.input == nil {
				run(b, sh.fixed)
				return
			}
			for _, n := range benchSizes {
				b.Run("n="+strconv.Itoa(n), func(b *testing.B) { run(b, sh.input(n)) })
			}
		})
	}
}

// BenchmarkCompile is the cost of compiling the shapes' patterns.
func BenchmarkCompile(b *testing.B) {
	for _, sh := range matchShapes {
		b.Run(sh.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				p := Compile(sh.pattern, false)
				sinkBool = p.IsAny()
			}
		})
	}
}

// TestBenchShapesAgree checks every benchmark shape against the reference matcher, and
// that inputs one byte longer or shorter do not trip either matcher.
func TestBenchShapesAgree(t *testing.T) {
	t.Parallel()
	for _, sh := range matchShapes {
		p := Compile(sh.pattern, false)
		g := glob.MustCompile(quoteGlob(sh.pattern))
		inputs := []string{sh.fixed}
		if sh.input != nil {
			inputs = []string{sh.input(256), sh.input(257), sh.input(300)}
		}
		for _, in := range inputs {
			want := refMatch(sh.pattern, in, false)
			if got := p.Match(in); got != want {
				t.Errorf("%s: Match(%d bytes) = %v, reference %v", sh.name, len(in), got, want)
			}
			if got := g.Match(in); got != want {
				t.Errorf("%s: gobwas(%d bytes) = %v, reference %v", sh.name, len(in), got, want)
			}
		}
	}
}

// TestLongPatternsAgreeWithReference drives the multi-word automaton, its skipping of
// dead words, the literal prefix and suffix it strips, and the folding searches with
// long literals: random patterns of up to 400 characters over a small alphabet (so that
// partial matches abound), with and without case folding, some with non-ASCII and
// invalid UTF-8, against the reference matcher.
func TestLongPatternsAgreeWithReference(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "a", "a", "b", "A", "é", "\xff", "?", "?", "*"}
	gen := func(n int, alpha []string) string {
		var b strings.Builder
		for range n {
			b.WriteString(alpha[r.IntN(len(alpha))])
		}
		return b.String()
	}
	noQ := []string{"a", "a", "a", "a", "a", "a", "b", "A", "*"}
	for i := range 1200 {
		alpha := alphabet
		switch i % 4 {
		case 0:
			alpha = alphabet[:5] // ASCII only
		case 1:
			alpha = noQ // segments with long literals: the folding searches
		}
		pat := gen(1+r.IntN(400), alpha)
		fold := i%2 == 0
		p := Compile(pat, fold)
		for range 4 {
			// Inputs around the pattern's length, mostly of the pattern's own letters.
			n := max(0, int(p.minLen)+r.IntN(80)-20)
			in := gen(n, []string{"a", "a", "a", "a", "b", "A", "é", "\xff"})
			if r.IntN(3) == 0 {
				// A near copy of the pattern, wildcards replaced by letters.
				in = strings.NewReplacer("*", "aa", "?", "b").Replace(pat)
			}
			if got, want := p.Match(in), refMatch(pat, in, fold); got != want {
				t.Fatalf("Compile(%q, %v).Match(%q) = %v, reference %v", pat, fold, in, got, want)
			}
		}
	}
}

// TestAutomatonForgetsDeadStates kills the states of a wide automaton with a 'b' and lets
// them grow back: words that held live states before the 'b' must not come back to life
// when the live part grows into them again.
func TestAutomatonForgetsDeadStates(t *testing.T) {
	t.Parallel()
	for _, fold := range []bool{false, true} {
		for _, pat := range []string{"*" + strings.Repeat("a", 200) + "?", "*" + strings.Repeat("a", 130) + "?*", "?*" + strings.Repeat("a?", 100)} {
			p := Compile(pat, fold)
			// One or two dead characters: the states grow back in step with either of the
			// two state buffers.
			for _, dead := range []string{"b", "bb"} {
				for k := 0; k < 300; k += 11 {
					in := strings.Repeat("a", 199) + dead + strings.Repeat("a", k) + "Y"
					if got, want := p.Match(in), refMatch(pat, in, fold); got != want {
						t.Fatalf("Compile(%q, %v).Match(%q) = %v, reference %v", pat, fold, in, got, want)
					}
				}
			}
		}
	}
}

// TestFoldingSearchOfLongLiterals drives Knuth-Morris-Pratt: folding patterns whose
// middle literals are longer than naiveFoldMax, on inputs full of near occurrences.
func TestFoldingSearchOfLongLiterals(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		lit := func() string {
			var b strings.Builder
			for range naiveFoldMax + 1 + r.IntN(30) {
				b.WriteByte("aAb"[r.IntN(3)])
			}
			return b.String()
		}
		var pat string
		if r.IntN(2) == 0 {
			pat = "*" + lit() + "*"
		} else {
			pat = "x" + "*" + lit() + "*" + lit() + "*y"
		}
		p := Compile(pat, true)
		for range 5 {
			var b strings.Builder
			b.WriteByte("xX"[r.IntN(2)])
			for range r.IntN(200) {
				b.WriteByte("aAbB"[r.IntN(4)])
			}
			if r.IntN(2) == 0 {
				b.WriteString(strings.ToUpper(strings.Trim(pat, "*xy")))
			}
			b.WriteByte("yY"[r.IntN(2)])
			in := b.String()
			if got, want := p.Match(in), refMatch(pat, in, true); got != want {
				t.Fatalf("Compile(%q, true).Match(%q) = %v, reference %v", pat, in, got, want)
			}
		}
	}
}

func TestZeroPatternMatchesOnlyEmpty(t *testing.T) {
	t.Parallel()
	var p Pattern
	if !p.Match("") || p.Match("a") || p.Match("*") {
		t.Fatal("the zero Pattern must match the empty string only")
	}
}
