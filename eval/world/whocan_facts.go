package world

import (
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
// and roles, once per document however many principals share it, and which documents
// make up each identity set; captured by New as it compiles them, indexed on the first
// WhoCan.
type allowFacts struct {
	docs  [][]allowSource             // by document number
	bySet map[*eval.PolicySet][]int32 // the set's documents; a missing set is unknown

	once sync.Once
	idx  *allowIndex
}

// capturer copies the Allow statements of the identity policies of every user and role
// as New compiles them (compileCache.identitySet): once per document however many sets
// hold it, and each distinct identity set's document numbers once. The copies are
// carved from arenas of fixed-size chunks: a large directory has thousands of sets and
// documents, and New should pay neither an allocation per list nor the copies of a
// growing slice.
type capturer struct {
	f    *allowFacts
	nums []int32       // arena of the sets' document numbers
	srcs []allowSource // arena of the documents' Allow statements
	strs []string      // arena of their Action and Resource values
}

// document captures a document's Allow statements and returns its number.
func (c *capturer) document(d *policy.Document) int32 {
	c.f.docs = append(c.f.docs, c.allowSources(d))
	return int32(len(c.f.docs) - 1)
}

// set records that ps was compiled from the documents numbered docs, in order, unless
// it already was.
func (c *capturer) set(ps *eval.PolicySet, docs []int32) {
	if _, done := c.f.bySet[ps]; done {
		return
	}
	c.nums = room(c.nums, len(docs))
	start := len(c.nums)
	c.nums = append(c.nums, docs...)
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
