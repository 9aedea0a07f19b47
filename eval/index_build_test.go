package eval

import (
	"fmt"
	"hash/maphash"
	"math/bits"
	"slices"
	"strings"
	"testing"

	"github.com/rampolicy/ram/internal/wildcard"
	"github.com/rampolicy/ram/policy"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// The index build (indexbuild.go) interns keys and fills its tables from flat slices.
// What follows is the build it replaced, a direct transcription of the filing rules at
// the top of index.go with a slice or map per candidate: both must file every statement
// alike.

// refCompleteTokens returns the tokens of a pattern that every matching text holds whole:
// the fields of the pattern's text between ':' and '/' (and its ends) that are not empty
// and hold no wildcard. Such a field is literal text with a delimiter or an anchored end
// on both sides, so a match spells it out between delimiters or ends of its own.
func refCompleteTokens(p *wildcard.Pattern) []string {
	src := p.String()
	var out []string
	start := 0
	for i := 0; i <= len(src); i++ {
		if i < len(src) && !isDelim(src[i]) {
			continue
		}
		if f := src[start:i]; f != "" && !strings.ContainsAny(f, "*?") {
			out = append(out, f)
		}
		start = i + 1
	}
	return out
}

// refActionKeys returns the keys a statement can be filed under in the actions table: the
// lower-cased literal prefix of every action, without those that extend another one (a
// statement with cr:Get* and cr:GetRepo* is filed under "cr:get" only). It returns nil
// when some action has an empty prefix ('*', '?…') or the statement uses NotAction.
//
// Dropping the extensions is what makes a statement found at most once per request: a
// request looks up each prefix of its action at most once, and two keys that are both
// prefixes of one action are prefixes of each other.
func refActionKeys(s *statement) []string {
	if s.notAction {
		return nil
	}
	keys := make([]string, 0, len(s.actions))
	for i := range s.actions {
		p := s.actions[i].LiteralPrefix() // lower-cased: actions fold case
		if p == "" {
			return nil
		}
		keys = append(keys, p)
	}
	if len(keys) == 1 {
		return keys
	}
	slices.SortFunc(keys, func(a, b string) int { return len(a) - len(b) })
	out := keys[:0]
	for _, k := range keys {
		redundant := false
		for _, kept := range out {
			if strings.HasPrefix(k, kept) {
				redundant = true
				break
			}
		}
		if !redundant {
			out = append(out, k)
		}
	}
	return out
}

// refTokenKeys returns, for every resource pattern of a statement, the candidate keys it
// can be filed under: for each of its complete tokens, the token itself when the pattern
// can match a resource other than a ram one (those look their tokens up as written), and
// the token lower-cased when it can match a ram resource (those look their tokens up
// lower-cased, since ram resources match ignoring case; see entitycase.go). It returns
// nil when some pattern has no complete token or the statement matches any resource.
func refTokenKeys(s *statement) [][][]string {
	if s.anyRes {
		return nil
	}
	out := make([][][]string, 0, s.nres)
	for i := range s.resources[:s.nres] {
		p := &s.resources[i]
		toks := refCompleteTokens(p)
		if len(toks) == 0 {
			return nil
		}
		reach := reachOf(p)
		cands := make([][]string, 0, len(toks))
		for _, t := range toks {
			var keys []string
			if reach.other {
				keys = append(keys, t)
			}
			if lt := strings.ToLower(t); reach.ram && (!reach.other || lt != t) {
				keys = append(keys, lt)
			}
			cands = append(cands, keys)
		}
		out = append(out, cands)
	}
	return out
}

func refBuildIndex(src *PolicySet) *PolicySet {
	ps := &PolicySet{stmts: src.stmts}
	n := len(ps.stmts)
	akeys := make([][]string, n)
	tkeys := make([][][][]string, n)
	freqA, freqT := map[string]int{}, map[string]int{}
	for i := range ps.stmts {
		akeys[i] = refActionKeys(&ps.stmts[i])
		for _, k := range akeys[i] {
			freqA[k]++
		}
		tkeys[i] = refTokenKeys(&ps.stmts[i])
		for _, cands := range tkeys[i] {
			for _, keys := range cands {
				for _, k := range keys {
					freqT[k]++
				}
			}
		}
	}
	var actions, tokens refTableBuilder
	ps.always = nil
	ps.multi = make([]bool, n)
	for i := range ps.stmts {
		// The cost of a filing: how many statements share the buckets it would be found in.
		const none = int(^uint(0) >> 1)
		costA, costT := none, none
		if akeys[i] != nil {
			costA = 0
			for _, k := range akeys[i] {
				costA += freqA[k]
			}
		}
		var toks []string // the keys of the least shared token of each resource pattern
		if tkeys[i] != nil {
			costT = 0
			cost := func(keys []string) (c int) {
				for _, k := range keys {
					c += freqT[k]
				}
				return c
			}
			for _, cands := range tkeys[i] {
				best := cands[0]
				for _, keys := range cands[1:] {
					if cost(keys) < cost(best) {
						best = keys
					}
				}
				for _, k := range best {
					if !slices.Contains(toks, k) {
						toks = append(toks, k)
						costT += freqT[k]
					}
				}
			}
		}
		id := int32(i)
		switch {
		case costA == none && costT == none:
			ps.always = append(ps.always, id)
		case costA <= costT:
			for _, k := range akeys[i] {
				actions.add(k, id)
			}
		default:
			for _, t := range toks {
				tokens.add(t, id)
			}
			ps.multi[i] = len(toks) > 1
		}
	}
	ps.actions = actions.build(maxListed)
	ps.tokens = tokens.build(0)
	return ps
}

// refTableBuilder collects the ids of each key in the order they are added.
type refTableBuilder struct {
	order []string
	ids   map[string][]int32
}

func (b *refTableBuilder) add(key string, id int32) {
	if b.ids == nil {
		b.ids = map[string][]int32{}
	}
	list, ok := b.ids[key]
	if !ok {
		b.order = append(b.order, key)
	}
	if n := len(list); n == 0 || list[n-1] != id {
		b.ids[key] = append(list, id)
	}
}

func (b *refTableBuilder) build(maxListed int) keyTable {
	var t keyTable
	if len(b.order) == 0 {
		return t
	}
	size := 1 << bits.Len(uint(2*len(b.order)-1)) // at least twice the keys
	if t.listed = len(b.order) <= maxListed; t.listed {
		size = len(b.order)
	}
	t.seed = maphash.MakeSeed()
	t.slots = make([]keySlot, size)
	total := 0
	for _, k := range b.order {
		total += len(b.ids[k])
	}
	t.ids = make([]int32, 0, total)
	for n, k := range b.order {
		off := int32(len(t.ids))
		t.ids = append(t.ids, b.ids[k]...)
		h := maphash.String(t.seed, k)
		i := n
		if !t.listed {
			i = int(h) & (size - 1)
			for t.slots[i].end != 0 {
				i = (i + 1) & (size - 1)
			}
		}
		t.slots[i] = keySlot{key: k, hash: h, off: off, end: int32(len(t.ids))}
		b := filterBit(len(k), k[0], k[len(k)-1])
		t.filter[b>>6] |= 1 << (b & 63)
		if !slices.Contains(t.lens, len(k)) {
			t.lens = append(t.lens, len(k))
		}
	}
	slices.Sort(t.lens)
	return t
}

// tableContents lists a table's buckets by key.
func tableContents(t *keyTable) map[string][]int32 {
	out := map[string][]int32{}
	for i := range t.slots {
		if t.slots[i].end != 0 {
			out[t.slots[i].key] = t.bucket(i)
		}
	}
	return out
}

// requireSameIndex checks that two sets over the same statements file them alike.
func requireSameIndex(t require.TestingT, want, got *PolicySet) {
	require.Equal(t, tableContents(&want.actions), tableContents(&got.actions), "actions")
	require.Equal(t, tableContents(&want.tokens), tableContents(&got.tokens), "tokens")
	require.Equal(t, want.actions.listed, got.actions.listed, "actions listed")
	require.Equal(t, want.tokens.listed, got.tokens.listed, "tokens listed")
	require.Equal(t, want.actions.lens, got.actions.lens, "actions lens")
	require.Equal(t, want.tokens.lens, got.tokens.lens, "tokens lens")
	require.Equal(t, want.actions.filter, got.actions.filter, "actions filter")
	require.Equal(t, want.tokens.filter, got.tokens.filter, "tokens filter")
	require.Equal(t, want.always, got.always, "always")
	require.Equal(t, want.multi, got.multi, "multi")
}

var (
	buildActionPieces   = []string{"*", "cr:*", "cr:Get*", "cr:GetRepo*", "CR:get?epo", "cr:PullRepository", "cr:pullrepository", "ram:*", "RAM:GetRole", "ecs:Describe*", "?r:x", "sts:AssumeRole", "cr:Get*"}
	buildResourcePieces = []string{"acs", "ACS", "ram", "RAM", "cr", "CR", "", "*", "?", "1", "123", "role", "Role", "ns7", "NS7", "a*", "A?b", "repository", "user", "Admin", "cn-hangzhou"}
)

func buildResource(t *rapid.T) string {
	if rapid.IntRange(0, 7).Draw(t, "any") == 0 {
		return "*"
	}
	var b strings.Builder
	b.WriteString("acs:" + rapid.SampledFrom([]string{"ram", "RAM", "Ram", "cr", "CR", "*", "r*", "?am"}).Draw(t, "service"))
	b.WriteString(":" + rapid.SampledFrom([]string{"", "*", "cn-hangzhou"}).Draw(t, "region"))
	b.WriteString(":" + rapid.SampledFrom([]string{"", "*", "123", "1"}).Draw(t, "account") + ":")
	for i := range rapid.IntRange(1, 4).Draw(t, "fields") {
		if i > 0 {
			b.WriteString(rapid.SampledFrom([]string{":", "/", "/", "::"}).Draw(t, "delim"))
		}
		b.WriteString(rapid.SampledFrom(buildResourcePieces).Draw(t, "field"))
	}
	return b.String()
}

// TestIndexBuildAgreesWithReference: on generated sets (shared and unshared keys, any
// letter case, wildcards, ram and other resources, NotAction, several actions and
// resources), the interning build files every statement as the reference build does.
func TestIndexBuildAgreesWithReference(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		var pols []Policy
		for p := range rapid.IntRange(1, 4).Draw(t, "policies") {
			doc := &policy.Document{Version: "1", Kind: policy.IdentityPolicy}
			for range rapid.IntRange(1, 6).Draw(t, "stmts") {
				s := policy.Statement{Effect: rapid.SampledFrom([]policy.Effect{policy.EffectAllow, policy.EffectDeny}).Draw(t, "effect")}
				s.NotAction = rapid.IntRange(0, 5).Draw(t, "not") == 0
				for range rapid.IntRange(1, 3).Draw(t, "actions") {
					s.Actions = append(s.Actions, rapid.SampledFrom(buildActionPieces).Draw(t, "action"))
				}
				for range rapid.IntRange(1, 3).Draw(t, "resources") {
					s.Resources = append(s.Resources, buildResource(t))
				}
				doc.Statements = append(doc.Statements, s)
			}
			pols = append(pols, Policy{Name: fmt.Sprintf("p%d", p), Doc: doc})
		}
		ps, err := Compile(pols...)
		if err != nil {
			t.Fatal(err)
		}
		requireSameIndex(t, refBuildIndex(ps), ps)
	})
}
