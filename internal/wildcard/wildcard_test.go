package wildcard

import (
	"strings"
	"testing"

	"github.com/gobwas/glob"
	"github.com/stretchr/testify/assert"
)

var matchCases = []struct {
	pattern, input string
	fold, want     bool
}{
	{"*", "", false, true},
	{"*", "anything:at/all", false, true},
	{"", "", false, true},
	{"", "a", false, false},
	{"abc", "abc", false, true},
	{"abc", "ABC", false, false},
	{"abc", "ABC", true, true},
	{"cr:Get*", "cr:GetRepository", false, true},
	{"cr:get*", "CR:GETREPOSITORY", true, true},
	{"cr:Get*", "cr:getRepository", false, false},
	{"*Repository", "cr:PullRepository", false, true},
	{"*Security*", "ecs:AuthorizeSecurityGroup", false, true},
	{"ecs:*SecurityGroup*", "ecs:DescribeSecurityGroups", false, true},
	{"ecs:*SecurityGroup*", "ecs:DescribeInstances", false, false},
	{"acs:ram:*:*:user/alice", "acs:ram::1:user/alice", false, true},                // '*' matches an empty field
	{"acs:cr:*:*:repository/ns/*", "acs:cr:a:b:c:1:repository/ns/x/y", false, true}, // crosses ':' and '/'
	{"a?c", "abc", false, true},
	{"a?c", "ac", false, false},
	{"a?c", "aéc", false, true}, // '?' is one code point, not one byte
	{"a??c", "aéc", false, false},
	{"[a]", "[a]", false, true}, // glob syntax is literal
	{"[a]", "a", false, false},
	{"{a,b}", "{a,b}", false, true},
	{"{a,b}", "a", false, false},
	{`a\*`, `a\bc`, false, true},
	{`a\*`, `a*`, false, false},
	{"a*b*c", "abc", false, true},
	{"a*b*c", "aXbYc", false, true},
	{"a*b*c", "acb", false, false},
	{"ab*ba", "aba", false, false}, // anchors may not overlap
	{"a*?b", "ab", false, false},
	{"a*?b", "axb", false, true},
	{"**a**", "xa", false, true},
	{"?", "", false, false},
	{"*?*", "x", false, true},
	{"A?c", "aXC", true, true},
}

func TestMatch(t *testing.T) {
	t.Parallel()
	for _, tc := range matchCases {
		p := Compile(tc.pattern, tc.fold)
		assert.Equal(t, tc.want, p.Match(tc.input), "Compile(%q, %v).Match(%q)", tc.pattern, tc.fold, tc.input)
		assert.Equal(t, tc.want, refMatch(tc.pattern, tc.input, tc.fold), "reference disagrees on %q %q", tc.pattern, tc.input)
	}
}

// quoteForGobwas turns a RAM pattern into gobwas/glob syntax: every character quoted but
// '*' and '?'. gobwas is an independent implementation, so agreeing with it is evidence.
func quoteForGobwas(p string) string {
	var b strings.Builder
	for _, r := range p {
		switch r {
		case '*', '?':
			b.WriteRune(r)
		default:
			b.WriteString(glob.QuoteMeta(string(r)))
		}
	}
	return b.String()
}

func TestAgreesWithGobwas(t *testing.T) {
	t.Parallel()
	for _, tc := range matchCases {
		if tc.fold {
			continue
		}
		g, err := glob.Compile(quoteForGobwas(tc.pattern))
		if err != nil {
			t.Fatalf("gobwas cannot compile %q: %v", tc.pattern, err)
		}
		p := Compile(tc.pattern, false)
		assert.Equal(t, g.Match(tc.input), p.Match(tc.input), "pattern %q input %q", tc.pattern, tc.input)
	}
}

func TestLongPatternsUseHeapState(t *testing.T) {
	t.Parallel()
	pat := strings.Repeat("a?", 700) + "*"
	in := strings.Repeat("ab", 700) + "tail"
	p := Compile(pat, false)
	assert.True(t, p.Match(in))
	assert.False(t, p.Match(in[:len(in)-5]))
}

func TestSegmentsAndPrefix(t *testing.T) {
	t.Parallel()
	p := Compile("acs:cr:*:123:repository/ns?/*", false)
	runs, s, e := p.Segments()
	assert.Equal(t, []string{"acs:cr:", ":123:repository/ns", "/"}, runs)
	assert.True(t, s)
	assert.False(t, e)
	assert.Equal(t, "acs:cr:", p.LiteralPrefix())
	assert.Equal(t, 3, p.Wildcards())
	assert.Equal(t, "cr:get", Compile("CR:Get*", true).LiteralPrefix())
}

func FuzzMatch(f *testing.F) {
	for _, tc := range matchCases {
		f.Add(tc.pattern, tc.input, tc.fold)
	}
	f.Add("*a*a*a*a*b", strings.Repeat("a", 200), false)
	f.Fuzz(func(t *testing.T, pattern, input string, fold bool) {
		if len(pattern) > 768 || len(input) > 768 { // over 255 distinct characters fit
			t.Skip()
		}
		p := Compile(pattern, fold)
		if got, want := p.Match(input), refMatch(pattern, input, fold); got != want {
			t.Fatalf("Compile(%q, %v).Match(%q) = %v, reference says %v", pattern, fold, input, got, want)
		}
	})
}

// TestManyDistinctCharacters: a pattern may name more than 255 distinct characters; each
// keeps its own advance mask.
func TestManyDistinctCharacters(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	for r := rune(0x100); r < 0x100+300; r++ {
		b.WriteRune(r)
	}
	mid := b.String()
	p := Compile("?b"+mid+"a?", false)
	assert.True(t, p.Match("xb"+mid+"ay"))
	assert.False(t, p.Match("xa"+mid+"ay"))
	assert.False(t, p.Match("xb"+mid+"by"))
	q := Compile("*?"+mid+"a?", false)
	assert.True(t, q.Match("zz"+mid+"ab"))
}
