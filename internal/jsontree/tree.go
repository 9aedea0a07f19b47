// Package jsontree is a strict JSON reader that keeps positions. It exists because the
// usual decoders lose what a policy checker needs: encoding/json keeps the last of two
// duplicate keys and gjson the first, so a document with duplicates means different things
// to different readers. This reader rejects duplicates at any depth before anything else
// sees the document, records the byte offset of every value and key, bounds nesting, and
// counts the characters that RAM's size limits count.
package jsontree

import "strings"

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
	Raw    string  // String: the text between the quotes as written (escapes kept)
	Elems  []*Node // Array elements
	Fields []Field // Object members in document order, without duplicates
}

// Field is one object member.
type Field struct {
	Key       string
	KeyOffset int
	Value     *Node
}

// Get returns the member value with exactly the key, or nil.
func (n *Node) Get(key string) *Node {
	for i := range n.Fields {
		if n.Fields[i].Key == key {
			return n.Fields[i].Value
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
// in characters.
func Position(src []byte, offset int) (line, col int) {
	if offset > len(src) {
		offset = len(src)
	}
	line, col = 1, 1
	for i := 0; i < offset; {
		c := src[i]
		switch {
		case c == '\n':
			line, col = line+1, 1
			i++
		case c < 0x80 || c >= 0xC0 && c < 0xF8:
			col++
			i++
		default: // continuation byte: part of the previous character
			i++
		}
	}
	return line, col
}
