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
		f := rapid.SampledFrom(buildResourcePieces).Draw(t, "field")
		if rapid.IntRange(0, 3).Draw(t, "numbered") == 0 {
			f = fmt.Sprintf("Ns%d", rapid.IntRange(0, 40).Draw(t, "ns"))
		}
		b.WriteString(f)
	}
	return b.String()
}

// genPolicies draws up to max policies of generated statements, named from "p0".
func genPolicies(t *rapid.T, max int) []Policy {
	var pols []Policy
	for p := range rapid.IntRange(1, max).Draw(t, "policies") {
		doc := &policy.Document{Version: "1", Kind: policy.IdentityPolicy}
		for range rapid.IntRange(1, 12).Draw(t, "stmts") {
			s := policy.Statement{Effect: rapid.SampledFrom([]policy.Effect{policy.EffectAllow, policy.EffectDeny}).Draw(t, "effect")}
			s.NotAction = rapid.IntRange(0, 5).Draw(t, "not") == 0
			for range rapid.IntRange(1, 3).Draw(t, "actions") {
				a := rapid.SampledFrom(buildActionPieces).Draw(t, "action")
				if rapid.IntRange(0, 3).Draw(t, "numbered") == 0 {
					// Many distinct keys: a table past linearKeys looks them up in a map.
					a = fmt.Sprintf("cr:Op%d*", rapid.IntRange(0, 40).Draw(t, "op"))
				}
				s.Actions = append(s.Actions, a)
			}
			if n := len(doc.Statements); n > 0 && rapid.Bool().Draw(t, "same resources") {
				s.Resources = doc.Statements[n-1].Resources // as a policy's statements often do
			} else {
				for range rapid.IntRange(1, 3).Draw(t, "resources") {
					s.Resources = append(s.Resources, buildResource(t))
				}
			}
			doc.Statements = append(doc.Statements, s)
		}
		pols = append(pols, Policy{Name: fmt.Sprintf("p%d", p), Doc: doc})
	}
	return pols
}

// TestIndexBuildAgreesWithReference: on generated sets (shared and unshared keys, any
// letter case, wildcards, ram and other resources, NotAction, several actions and
// resources), the interning build files every statement as the reference build does.
func TestIndexBuildAgreesWithReference(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		ps, err := Compile(genPolicies(t, 4)...)
		if err != nil {
			t.Fatal(err)
		}
		requireSameIndex(t, refBuildIndex(ps), ps)
	})
}

// filings lists, for each statement of a set, where it is filed: "a:key" and "t:key"
// for buckets of the actions and tokens tables, "always" for the always list.
func filings(ps *PolicySet) [][]string {
	out := make([][]string, len(ps.stmts))
	for _, tab := range []struct {
		prefix string
		t      *keyTable
	}{{"a:", &ps.actions}, {"t:", &ps.tokens}} {
		for i := range tab.t.slots {
			if tab.t.slots[i].end != 0 {
				for _, id := range tab.t.bucket(i) {
					out[id] = append(out[id], tab.prefix+tab.t.slots[i].key)
				}
			}
		}
	}
	for _, id := range ps.always {
		out[id] = append(out[id], "always")
	}
	for _, f := range out {
		slices.Sort(f)
	}
	return out
}

// TestUnionAgreesWithCompile: a union of sets sharing some policies (the same
// documents, as world.New attaches them) holds the policies Compile of the distinct
// ones holds, in order, and decides every generated request as that set does. Its
// index, merged from the parts', files every statement: once, or under several tokens
// only when marked multi.
func TestUnionAgreesWithCompile(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		pols := genPolicies(t, 6)
		var sets []*PolicySet
		var distinct []Policy
		seen := map[string]bool{}
		for range rapid.IntRange(1, 4).Draw(t, "sets") {
			var picked []Policy
			for _, p := range pols {
				if rapid.Bool().Draw(t, "pick") {
					picked = append(picked, p)
				}
			}
			if len(picked) == 0 && rapid.Bool().Draw(t, "nil") {
				sets = append(sets, nil)
				continue
			}
			for _, p := range picked {
				if !seen[p.Name] {
					seen[p.Name] = true
					distinct = append(distinct, p)
				}
			}
			sets = append(sets, MustCompile(picked...))
			if rapid.IntRange(0, 4).Draw(t, "twice") == 0 {
				sets = append(sets, sets[len(sets)-1])
			}
		}
		u, err := Union(sets...)
		if err != nil {
			t.Fatal(err)
		}
		want := MustCompile(distinct...)
		require.Equal(t, want.Names(), u.Names())
		require.Equal(t, want.Len(), u.Len())
		// Each statement is filed where the first set holding its policy filed it.
		got := filings(u)
		for i := range u.stmts {
			ref := u.stmts[i].ref
			var part *PolicySet
			for _, s := range sets {
				if s != nil && slices.Contains(s.names, ref.Policy) {
					part = s
					break
				}
			}
			for id := range part.stmts {
				if part.stmts[id].ref == ref {
					require.Equal(t, filings(part)[id], got[i], "statement %s", ref)
					require.Equal(t, part.multi[id], u.multi[i], "statement %s multi", ref)
				}
			}
		}
		for range 20 {
			req := &Request{Action: rapid.SampledFrom([]string{"cr:GetRepository", "CR:GETREPO", "cr:PullRepository", "ram:GetRole", "RAM:getrole", "ecs:DescribeInstances", "sts:AssumeRole", "xr:x"}).Draw(t, "req action"),
				Resource: strings.NewReplacer("*", "x", "?", "y").Replace(buildResource(t))}
			a, b := want.Evaluate(req), u.Evaluate(req)
			require.Equal(t, a.Err, b.Err)
			require.Equal(t, a.Decision, b.Decision, "%s on %s", req.Action, req.Resource)
			require.Equal(t, a.DecidedBy(), b.DecidedBy(), "%s on %s", req.Action, req.Resource)
		}
	})
}

// TestUnionGivenOneSetReturnsIt: a union that one set holds whole is that set, shared
// as it is immutable; a set given twice is kept once.
func TestUnionGivenOneSetReturnsIt(t *testing.T) {
	t.Parallel()
	doc := &policy.Document{Version: "1", Kind: policy.IdentityPolicy,
		Statements: []policy.Statement{{Effect: policy.EffectAllow, Actions: []string{"cr:*"}, Resources: []string{"*"}}}}
	a := MustCompile(Policy{Name: "p", Doc: doc})
	for _, sets := range [][]*PolicySet{{a}, {a, a}, {nil, a, nil}, {a, MustCompile(Policy{Name: "p", Doc: doc})}} {
		u, err := Union(sets...)
		require.NoError(t, err)
		require.Equal(t, []string{"p"}, u.Names())
		require.Equal(t, 1, u.Len())
	}
	u, err := Union(a, a)
	require.NoError(t, err)
	require.Same(t, a, u)
	e, err := Union()
	require.NoError(t, err)
	require.Equal(t, 0, e.Len())
}
