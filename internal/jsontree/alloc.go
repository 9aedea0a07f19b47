package jsontree

// Allocation. A policy of a few kilobytes has hundreds of values; allocating each node,
// each string, each member list and each path element on its own made reading the
// largest share of the allocations of loading policies. The parser instead carves them
// from chunks that grow with the document, copies the source text once and slices every
// string without escapes out of that copy, and collects a container's members on a stack
// that is copied into a right-sized slice when the container closes. A tree is read,
// checked and dropped as a whole, so its parts may share chunks.

// chunk returns the size of the next chunk of a kind whose last chunk had *size
// elements: 8 at first, doubling up to 1,024, so that a small document takes small chunks
// and a large one few allocations.
func chunk(size *int) int {
	*size = min(max(2**size, 8), 1024)
	return *size
}

func (p *parser) newNode(k Kind, off int, text string) *Node {
	if len(p.nodes) == 0 {
		p.nodes = make([]Node, chunk(&p.chunks[0]))
	}
	n := &p.nodes[0]
	p.nodes = p.nodes[1:]
	n.Kind, n.Offset, n.Text = k, off, text
	return n
}

func (p *parser) newPath(parent *path, index int) *path {
	if len(p.paths) == 0 {
		p.paths = make([]path, chunk(&p.chunks[1]))
	}
	e := &p.paths[0]
	p.paths = p.paths[1:]
	e.parent, e.index = parent, index
	return e
}

// elems copies a container's elements out of the stack into a slice of exactly their
// number, carved from a chunk.
func (p *parser) elems(s []*Node) []*Node {
	if len(s) > cap(p.ptrs)-len(p.ptrs) {
		p.ptrs = make([]*Node, 0, max(len(s), chunk(&p.chunks[2])))
	}
	i := len(p.ptrs)
	p.ptrs = append(p.ptrs, s...)
	return p.ptrs[i:len(p.ptrs):len(p.ptrs)]
}

// fields is elems for object members.
func (p *parser) fields(s []Field) []Field {
	if len(s) > cap(p.fieldChunk)-len(p.fieldChunk) {
		p.fieldChunk = make([]Field, 0, max(len(s), chunk(&p.chunks[3])))
	}
	i := len(p.fieldChunk)
	p.fieldChunk = append(p.fieldChunk, s...)
	return p.fieldChunk[i:len(p.fieldChunk):len(p.fieldChunk)]
}

// text returns src[from:to] as a string that shares one copy of the whole source.
func (p *parser) text(from, to int) string {
	if p.textCopy == "" {
		p.textCopy = string(p.src)
	}
	return p.textCopy[from:to]
}
