// Package jsontree is a strict JSON reader that keeps positions. It exists because the
// usual decoders lose what a policy checker needs: encoding/json keeps the last of two
// duplicate keys and gjson the first, so a document with duplicates means different things
// to different readers. This reader rejects duplicates at any depth before anything else
// sees the document, records the byte offset of every value and key, bounds nesting, and
// counts the characters that RAM's size limits count.
package jsontree

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

var newline = []byte{'\n'}

// Kind is the JSON type of a node.
type Kind uint8

// The JSON types.
const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
)

var kindNames = [...]string{"null", "boolean", "number", "string", "array", "object"}

// String names the kind as JSON Schema does.
func (k Kind) String() string { return kindNames[k] }

// Node is one JSON value.
type Node struct {
	Kind   Kind
	Offset int     // byte offset of the value's first character
	Text   string  // String: decoded value; Number: as written; Bool: "true" or "false"
	Elems  []*Node // Array elements
	Fields []Field // Object members in document order, without duplicates

	// index finds Fields by key once an object has more than indexFrom members, so that
	// reading an object and looking its keys up cost linear time however many it has.
	index map[string]int
}

// indexFrom is the number of members above which an object gets an index.
const indexFrom = 16

// Field is one object member.
type Field struct {
	Key       string
	KeyOffset int
	Value     *Node
}

// Get returns the member value with exactly the key, or nil.
func (n *Node) Get(key string) *Node {
	if f := n.Field(key); f != nil {
		return f.Value
	}
	return nil
}

// Field returns the member with exactly the key, or nil.
func (n *Node) Field(key string) *Field {
	if n.index != nil {
		if i, ok := n.index[key]; ok {
			return &n.Fields[i]
		}
		return nil
	}
	for i := range n.Fields {
		if n.Fields[i].Key == key {
			return &n.Fields[i]
		}
	}
	return nil
}

// Pointer appends a reference token to a JSON Pointer, escaping '~' and '/' (RFC 6901).
func Pointer(base, token string) string {
	if strings.ContainsAny(token, "~/") {
		token = strings.ReplaceAll(strings.ReplaceAll(token, "~", "~0"), "/", "~1")
	}
	return base + "/" + token
}

// Position converts a byte offset in src to a 1-based line and a 1-based column counted
// in characters. It reads src up to offset; to convert many offsets use a Positions.
func Position(src []byte, offset int) (line, col int) {
	ps := NewPositions(src)
	return ps.At(offset)
}

// Positions converts byte offsets of one text to lines and columns as Position does. It
// remembers where the last conversion ended, so converting offsets in increasing order
// reads the text once in all; an offset before the last one starts again from the top.
type Positions struct {
	src            []byte
	off, line, col int
}

// NewPositions returns a converter for src.
func NewPositions(src []byte) *Positions { return &Positions{src: src, line: 1, col: 1} }

// At returns the 1-based line and column of the byte offset; an offset past the end is
// the end, a negative one the start.
func (p *Positions) At(offset int) (line, col int) {
	offset = min(max(offset, 0), len(p.src))
	if offset < p.off {
		p.off, p.line, p.col = 0, 1, 1
	}
	seg := p.src[p.off:offset]
	if nl := bytes.Count(seg, newline); nl > 0 {
		last := bytes.LastIndexByte(seg, '\n')
		p.line += nl
		p.col = 1 + utf8.RuneCount(seg[last+1:])
	} else {
		p.col += utf8.RuneCount(seg)
	}
	p.off = offset
	return p.line, p.col
}
