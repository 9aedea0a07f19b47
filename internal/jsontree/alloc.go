package jsontree

// Allocation. A policy of a few kilobytes has hundreds of values; allocating each node,
// each string, each member list and each path element on its own made reading the
// largest share of the allocations of loading policies. The parser instead carves them
// from chunks that grow with the document, copies the source text once and slices every
// string without escapes out of that copy, and collects a container's members on a stack
// that is copied into a right-sized slice when the container closes. A tree is read,
// checked and dropped as a whole, so its parts may share chunks.
//
// A Reader goes one step further for a caller that drops each tree before reading the
// next document (policy.Parse): it keeps its chunks and carves the next tree from them,
// so that reading many documents allocates for the largest, not for each.

// arena hands out elements of T carved from chunks: 8 elements at first, doubling up to
// 1,024, so that a small document takes small chunks and a large one few allocations.
// A kept arena (a Reader's) remembers its chunks and reuses them after reset.
type arena[T any] struct {
	keep   bool
	chunks [][]T // every chunk, when kept
	next   int   // chunks[next] is the next kept chunk to carve from
	free   []T   // what is left of the chunk being carved
	size   int   // the size of the last chunk allocated
}

// one returns a zero element.
func (a *arena[T]) one() *T {
	if len(a.free) == 0 {
		a.refill(1)
	}
	e := &a.free[0]
	a.free = a.free[1:]
	return e
}

// take returns n zero elements in a row, as a slice of capacity n.
func (a *arena[T]) take(n int) []T {
	if n > len(a.free) {
		a.refill(n)
	}
	s := a.free[:n:n]
	a.free = a.free[n:]
	return s
}

// refill starts carving a chunk of at least n elements: the next kept one large enough,
// or a new one.
func (a *arena[T]) refill(n int) {
	for a.next < len(a.chunks) {
		c := a.chunks[a.next]
		a.next++
		if len(c) >= n {
			a.free = c
			return
		}
	}
	a.size = min(max(2*a.size, 8), 1024)
	c := make([]T, max(n, a.size))
	if a.keep {
		a.chunks = append(a.chunks, c)
		a.next = len(a.chunks)
	}
	a.free = c
}

// reset makes a kept arena's chunks available again, zeroed: elements are handed out
// zero, and a pooled Reader must not keep the last document's strings alive.
func (a *arena[T]) reset() {
	for _, c := range a.chunks[:a.next] {
		clear(c)
	}
	a.next, a.free = 0, nil
}

// cap is the number of elements of a kept arena's chunks.
func (a *arena[T]) cap() (n int) {
	for _, c := range a.chunks {
		n += len(c)
	}
	return n
}

func (p *parser) newNode(k Kind, off int, text string) *Node {
	n := p.nodes.one()
	n.Kind, n.Offset, n.Text = k, off, text
	return n
}

func (p *parser) newPath(parent *path, index int) *path {
	e := p.paths.one()
	e.parent, e.index = parent, index
	return e
}

// elems copies a container's elements out of the stack into a slice of exactly their
// number, carved from a chunk.
func (p *parser) elems(s []*Node) []*Node {
	out := p.ptrs.take(len(s))
	copy(out, s)
	return out
}

// fields is elems for object members.
func (p *parser) fields(s []Field) []Field {
	out := p.fieldChunk.take(len(s))
	copy(out, s)
	return out
}

// text returns src[from:to] as a string that shares one copy of the whole source.
func (p *parser) text(from, to int) string {
	if p.textCopy == "" {
		p.textCopy = string(p.src)
	}
	return p.textCopy[from:to]
}

// Reader parses documents one after another into memory it reuses: the tree of one
// Parse is valid until the next Parse, which overwrites its nodes, member and element
// lists. Strings are not reused (they slice a fresh copy of each document), so a caller
// may keep those. A Reader is not safe for concurrent use; its zero value is ready.
type Reader struct {
	p parser
}

// Parse is the package's Parse, into the Reader's memory.
func (r *Reader) Parse(src []byte, maxDepth int) Result {
	p := &r.p
	p.nodes.keep, p.paths.keep, p.ptrs.keep, p.fieldChunk.keep = true, true, true, true
	p.nodes.reset()
	p.paths.reset()
	p.ptrs.reset()
	p.fieldChunk.reset()
	clear(p.elemStack[:cap(p.elemStack)])
	clear(p.fieldStack[:cap(p.fieldStack)])
	p.src, p.i, p.maxDepth, p.chars = src, 0, maxDepth, 0
	p.errs, p.failed, p.scan, p.dups, p.moreDups = nil, false, false, 0, 0
	p.elemStack, p.fieldStack, p.textCopy = p.elemStack[:0], p.fieldStack[:0], ""
	res := p.run()
	p.src = nil
	return res
}

// Footprint is the number of nodes, paths, elements and members the Reader keeps for
// the next document: a pool of Readers drops one that read a huge document.
func (r *Reader) Footprint() int {
	p := &r.p
	return p.nodes.cap() + p.paths.cap() + p.ptrs.cap() + p.fieldChunk.cap() + cap(p.elemStack) + cap(p.fieldStack)
}
