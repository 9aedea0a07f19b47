package world

import (
	"slices"
	"strings"
	"sync"

	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
)

// allowSource is one Allow statement of an identity policy, its strings copied when the
// world was built: the world does not read its documents again (see Accounts).
type allowSource struct {
	notAction bool
	actions   []string
	resources []string // nil when the statement has no Resource element
}

// allowFacts holds the Allow statements of every identity policy of the world's users
// and roles, once per document however many principals share it, and which policies
// make up each identity set; captured by New, indexed on the first WhoCan.
type allowFacts struct {
	docs  [][]allowSource             // by document number
	bySet map[*eval.PolicySet][]int32 // the set's documents; a missing set is unknown

	once sync.Once
	idx  *allowIndex
}

// captureAllow copies the Allow statements of the identity policies of every user and
// role, once per distinct identity set. New calls it while it still holds the documents
// it compiled. A set whose policy names or statement count do not agree with the
// documents found for it is left out: unknown, never pruned.
func captureAllow(d *World) *allowFacts {
	c := &capturer{f: &allowFacts{bySet: map[*eval.PolicySet][]int32{}},
		bad: map[*eval.PolicySet]bool{}, docNum: map[*policy.Document]int32{}}
	for _, a := range d.defs {
		acct := d.accounts[a.ID]
		if acct == nil {
			continue
		}
		for _, u := range a.Users {
			usr := acct.users[strings.ToLower(u.Name)]
			if usr == nil {
				continue
			}
			ps := usr.ev.Config().IdentityPolicies
			if !c.needs(ps) {
				continue // most users share their set with others
			}
			policies := append(c.policies[:0], u.Policies...)
			for _, gn := range u.Groups {
				for _, g := range a.Groups {
					if strings.EqualFold(g.Name, gn) {
						policies = append(policies, g.Policies...)
					}
				}
			}
			c.policies = policies
			c.record(ps, policies)
		}
		for _, r := range a.Roles {
			if rl := acct.roles[strings.ToLower(r.Name)]; rl != nil && c.needs(rl.policies) {
				c.record(rl.policies, r.Policies)
			}
		}
	}
	return c.f
}

// capturer is captureAllow's state. Its scratch lists are reused from one set to the
// next, and the copies it keeps are carved from arenas of fixed-size chunks: a large
// directory has thousands of sets and documents, and New should pay neither an
// allocation per list nor the copies of a growing slice.
type capturer struct {
	f        *allowFacts
	bad      map[*eval.PolicySet]bool
	docNum   map[*policy.Document]int32
	policies []eval.Policy
	names    []string
	docs     []*policy.Document
	nums     []int32       // arena of the sets' document numbers
	srcs     []allowSource // arena of the documents' Allow statements
	strs     []string      // arena of their Action and Resource values
}

func (c *capturer) needs(ps *eval.PolicySet) bool {
	_, done := c.f.bySet[ps]
	return !done && !c.bad[ps]
}

// record captures the set ps compiled from policies: the first document of each name
// (New rejects two different documents of one name), when they are what ps was
// compiled from (the same names and as many statements); otherwise ps stays unknown.
func (c *capturer) record(ps *eval.PolicySet, policies []eval.Policy) {
	c.names, c.docs = c.names[:0], c.docs[:0]
	n := 0
	for _, p := range policies {
		if p.Doc == nil || slices.Contains(c.names, p.Name) {
			continue
		}
		c.names = append(c.names, p.Name)
		c.docs = append(c.docs, p.Doc)
		n += len(p.Doc.Statements)
	}
	have := ps.Names()
	slices.Sort(c.names)
	slices.Sort(have)
	if !slices.Equal(c.names, have) || n != ps.Len() {
		c.bad[ps] = true
		return
	}
	c.nums = room(c.nums, len(c.docs))
	start := len(c.nums)
	for _, d := range c.docs {
		num, seen := c.docNum[d]
		if !seen {
			num = int32(len(c.f.docs))
			c.docNum[d] = num
			c.f.docs = append(c.f.docs, c.allowSources(d))
		}
		c.nums = append(c.nums, num)
	}
	c.f.bySet[ps] = c.nums[start:len(c.nums):len(c.nums)]
}

// room returns the arena, or a new chunk when it has no room for n more.
func room[T any](arena []T, n int) []T {
	if cap(arena)-len(arena) < n {
		return make([]T, 0, max(n, 1024))
	}
	return arena
}

// allowSources copies a document's Allow statements into the arenas.
func (c *capturer) allowSources(d *policy.Document) []allowSource {
	n := 0
	for _, s := range d.Statements {
		if s.Effect == policy.EffectAllow {
			n++
		}
	}
	c.srcs = room(c.srcs, n)
	start := len(c.srcs)
	for _, s := range d.Statements {
		if s.Effect != policy.EffectAllow {
			continue
		}
		src := allowSource{notAction: s.NotAction}
		src.actions = c.strings(s.Actions)
		if s.Resources != nil {
			src.resources = c.strings(s.Resources)
		}
		c.srcs = append(c.srcs, src)
	}
	return c.srcs[start:len(c.srcs):len(c.srcs)]
}

// strings copies a list into the arena; never nil.
func (c *capturer) strings(list []string) []string {
	c.strs = room(c.strs, len(list))
	start := len(c.strs)
	c.strs = append(c.strs, list...)
	return c.strs[start:len(c.strs):len(c.strs)]
}
