package policy

import (
	"strconv"
	"strings"

	"github.com/rampolicy/ram/internal/jsontree"
)

// ptr is where a value sits: its parent's place and its key or index. The checkers pass
// places down as values on the stack and render one as a JSON Pointer only when a problem
// is recorded there, so checking costs the same however long the keys above a value are,
// and a document with one long key and many problems under it does not repeat that key
// in memory once per value.
type ptr struct {
	parent *ptr
	key    string
	index  int // array index; -1 for an object member
}

// member returns the place of an object member under p.
func (p *ptr) member(key string) ptr { return ptr{parent: p, key: key, index: -1} }

// elem returns the place of an array element under p.
func (p *ptr) elem(i int) ptr { return ptr{parent: p, index: i} }

// String renders the JSON Pointer ("" for the root, a nil *ptr), each token shortened by
// jsontree.ElideToken: exact for any token up to 64 bytes.
func (p *ptr) String() string {
	if p == nil {
		return ""
	}
	var toks [40]*ptr // deeper paths take the slow path below
	n := 0
	for e := p; e != nil; e = e.parent {
		if n == len(toks) {
			return p.parent.String() + p.token()
		}
		toks[n] = e
		n++
	}
	var b strings.Builder
	for i := n - 1; i >= 0; i-- {
		b.WriteString(toks[i].token())
	}
	return b.String()
}

func (p *ptr) token() string {
	if p.index >= 0 {
		return "/" + strconv.Itoa(p.index)
	}
	return "/" + jsontree.ElideToken(p.key)
}
