package jsontree

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/rampolicy/ram/internal/elide"
)

// ErrorKind classifies a reader error.
type ErrorKind uint8

// The reader's error kinds.
const (
	Syntax       ErrorKind = iota // not JSON; reading stopped
	DuplicateKey                  // an object repeats a key; reading went on
	TooDeep                       // nesting over the limit; reading stopped
)

// Error is a reader error at a byte offset. Pointer is the JSON Pointer of the value (for
// DuplicateKey, of the repeated member; for Syntax, empty).
type Error struct {
	Kind    ErrorKind
	Offset  int
	Pointer string
	Msg     string
}

// Error returns the message.
func (e *Error) Error() string { return e.Msg }

// Result is what Parse read.
type Result struct {
	Root *Node
	// Chars counts the characters outside insignificant white space: every character of
	// every token, escapes counted as written.
	Chars  int
	Errors []*Error // DuplicateKey errors; a Syntax or TooDeep error ends the list
	// MoreDuplicates counts the DuplicateKey errors past MaxDuplicates, found and not
	// listed: a hostile document can repeat a key thousands of times.
	MoreDuplicates int
}

// MaxDuplicates bounds the DuplicateKey errors a Result lists.
const MaxDuplicates = 100

// Parse reads one JSON value that must span all of src (white space around it allowed).
// maxDepth bounds the nesting of arrays and objects. On a Syntax or TooDeep error Root
// is nil and that error is the last in Errors.
func Parse(src []byte, maxDepth int) Result {
	return parse(src, maxDepth, false)
}

// Scan reads src as Parse does but builds nothing: it returns the character count and
// the Syntax or TooDeep error, if any (duplicate keys are not looked for; a TooDeep error
// has no Pointer). It lets a
// caller reject a document that is too large in constant memory, however large it is.
func Scan(src []byte, maxDepth int) (chars int, err *Error) {
	res := parse(src, maxDepth, true)
	if len(res.Errors) > 0 {
		err = res.Errors[len(res.Errors)-1]
	}
	return res.Chars, err
}

func parse(src []byte, maxDepth int, scan bool) Result {
	p := &parser{src: src, maxDepth: maxDepth, scan: scan}
	return p.run()
}

func (p *parser) run() Result {
	src := p.src
	var res Result
	func() {
		defer func() {
			if r := recover(); r != nil {
				e, ok := r.(*Error)
				if !ok {
					panic(r)
				}
				p.errs = append(p.errs, e)
				p.failed = true
			}
		}()
		if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
			p.fail(0, "a byte order mark is not allowed")
		}
		p.ws()
		if p.i == len(src) {
			p.fail(p.i, "empty document")
		}
		res.Root = p.value(nil, 0)
		p.ws()
		if p.i < len(src) {
			p.fail(p.i, "data after the end of the JSON value")
		}
	}()
	if p.failed {
		res.Root = nil
	}
	res.Chars, res.Errors, res.MoreDuplicates = p.chars, p.errs, p.moreDups
	return res
}

type parser struct {
	src      []byte
	i        int
	maxDepth int
	chars    int
	errs     []*Error
	failed   bool
	scan     bool // build no nodes and no strings (Scan)
	dups     int  // DuplicateKey errors listed
	moreDups int  // DuplicateKey errors past MaxDuplicates

	// See alloc.go.
	nodes      arena[Node]
	paths      arena[path]
	ptrs       arena[*Node]
	fieldChunk arena[Field]
	elemStack  []*Node
	fieldStack []Field
	textCopy   string
}

func (p *parser) fail(off int, format string, args ...any) {
	panic(&Error{Kind: Syntax, Offset: off, Msg: fmt.Sprintf(format, args...)})
}

func (p *parser) ws() {
	for p.i < len(p.src) {
		switch p.src[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *parser) describe() string {
	if p.i >= len(p.src) {
		return "end of input"
	}
	r, _ := utf8.DecodeRune(p.src[p.i:])
	if r == utf8.RuneError {
		return fmt.Sprintf("byte %#x", p.src[p.i])
	}
	return fmt.Sprintf("%q", r)
}

// path is where a value sits: its container's path and its key or index. The parser
// keeps one path element per open container and turns it into a JSON Pointer only when
// an error needs one, so reading costs the same however long the keys above a value are.
type path struct {
	parent *path
	key    string
	index  int // array index; -1 for an object member
}

// maxToken bounds a reference token as pointer renders it; see ElideToken.
const maxToken = 64

// ElideToken returns an escaped reference token, with its middle elided when it is longer
// than 64 bytes: a pointer into a document with a key of 200 KB must not be 200 KB long in
// every error under that key. Short tokens, which every sensible document has, are exact.
func ElideToken(token string) string {
	token = elide.Middle(token, maxToken) // first: escaping a long token would copy it
	return Pointer("", token)[1:]
}

// pointer renders the path as a JSON Pointer ("" for the root, p == nil), each token
// shortened by ElideToken.
func (p *path) pointer() string {
	if p == nil {
		return ""
	}
	var toks []*path
	for e := p; e != nil; e = e.parent {
		toks = append(toks, e)
	}
	var b strings.Builder
	for i := len(toks) - 1; i >= 0; i-- {
		if e := toks[i]; e.index >= 0 {
			b.WriteByte('/')
			b.WriteString(strconv.Itoa(e.index))
		} else {
			b.WriteByte('/')
			b.WriteString(ElideToken(e.key))
		}
	}
	return b.String()
}

func (p *parser) value(at *path, depth int) *Node {
	if p.i >= len(p.src) {
		p.fail(p.i, "unexpected end of input")
	}
	start := p.i
	switch c := p.src[p.i]; {
	case c == '{' || c == '[':
		if depth >= p.maxDepth {
			ptr := ""
			if !p.scan { // a scan does not keep keys
				ptr = at.pointer()
			}
			panic(&Error{Kind: TooDeep, Offset: start, Pointer: ptr,
				Msg: fmt.Sprintf("nesting deeper than %d arrays and objects", p.maxDepth)})
		}
		if c == '{' {
			return p.object(at, depth+1)
		}
		return p.array(at, depth+1)
	case c == '"':
		s := p.str()
		if p.scan {
			return nil
		}
		return p.newNode(String, start, s)
	case c == '-' || '0' <= c && c <= '9':
		p.number()
		if p.scan {
			return nil
		}
		return p.newNode(Number, start, p.text(start, p.i))
	case p.lit("true"):
		return p.leaf(Bool, start, "true")
	case p.lit("false"):
		return p.leaf(Bool, start, "false")
	case p.lit("null"):
		return p.leaf(Null, start, "")
	}
	p.fail(p.i, "unexpected %s, want a JSON value", p.describe())
	return nil
}

func (p *parser) leaf(k Kind, off int, text string) *Node {
	if p.scan {
		return nil
	}
	return p.newNode(k, off, text)
}

func (p *parser) lit(word string) bool {
	if len(p.src)-p.i >= len(word) && string(p.src[p.i:p.i+len(word)]) == word {
		p.i += len(word)
		p.chars += len(word)
		return true
	}
	return false
}

func (p *parser) expect(c byte) {
	if p.i >= len(p.src) || p.src[p.i] != c {
		p.fail(p.i, "unexpected %s, want %q", p.describe(), c)
	}
	p.i++
	p.chars++
}

func (p *parser) object(at *path, depth int) *Node {
	var n *Node // nil when scanning
	if !p.scan {
		n = p.newNode(Object, p.i, "")
	}
	p.expect('{')
	p.ws()
	if p.i < len(p.src) && p.src[p.i] == '}' {
		p.expect('}')
		return n
	}
	member := p.newPath(at, -1) // reused for every member
	base := len(p.fieldStack)   // this object's members are fieldStack[base:]
	var index map[string]int    // finds them once there are more than indexFrom
	for {
		p.ws()
		keyOff := p.i
		if p.i >= len(p.src) || p.src[p.i] != '"' {
			p.fail(p.i, "unexpected %s, want a string key", p.describe())
		}
		key := p.str()
		p.ws()
		p.expect(':')
		p.ws()
		member.key = key
		v := p.value(member, depth)
		switch {
		case p.scan:
		case !p.seen(base, &index, key):
			p.fieldStack = append(p.fieldStack, Field{Key: key, KeyOffset: keyOff, Value: v})
			if index != nil {
				index[key] = len(p.fieldStack) - 1 - base
			}
		case p.dups < MaxDuplicates:
			p.dups++
			p.errs = append(p.errs, &Error{Kind: DuplicateKey, Offset: keyOff, Pointer: member.pointer(),
				Msg: "duplicate key " + elide.Quote(key)})
		default:
			p.moreDups++
		}
		p.ws()
		if p.i < len(p.src) && p.src[p.i] == ',' {
			p.comma('}')
			continue
		}
		p.expect('}')
		if n != nil {
			n.Fields, n.index = p.fields(p.fieldStack[base:]), index
		}
		p.fieldStack = p.fieldStack[:base]
		return n
	}
}

// seen reports whether the object whose members are fieldStack[base:] has the key,
// building the index once it has more than indexFrom members.
func (p *parser) seen(base int, index *map[string]int, key string) bool {
	fs := p.fieldStack[base:]
	if *index == nil && len(fs) > indexFrom {
		*index = make(map[string]int, 2*len(fs))
		for i := range fs {
			(*index)[fs[i].Key] = i
		}
	}
	if *index != nil {
		_, ok := (*index)[key]
		return ok
	}
	for i := range fs {
		if fs[i].Key == key {
			return true
		}
	}
	return false
}

// comma reads a ',' between members or elements and names a trailing comma, which JSON
// does not allow and which people write often, at the comma's own place.
func (p *parser) comma(end byte) {
	at := p.i
	p.expect(',')
	p.ws()
	if p.i < len(p.src) && p.src[p.i] == end {
		p.fail(at, "trailing comma before %c", end)
	}
}

func (p *parser) array(at *path, depth int) *Node {
	var n *Node // nil when scanning
	if !p.scan {
		n = p.newNode(Array, p.i, "")
	}
	p.expect('[')
	p.ws()
	if p.i < len(p.src) && p.src[p.i] == ']' {
		p.expect(']')
		return n
	}
	elem := p.newPath(at, 0) // reused for every element; index counts them
	base := len(p.elemStack) // this array's elements are elemStack[base:]
	for {
		p.ws()
		v := p.value(elem, depth)
		elem.index++
		if !p.scan {
			p.elemStack = append(p.elemStack, v)
		}
		p.ws()
		if p.i < len(p.src) && p.src[p.i] == ',' {
			p.comma(']')
			continue
		}
		p.expect(']')
		if n != nil {
			n.Elems = p.elems(p.elemStack[base:])
		}
		p.elemStack = p.elemStack[:base]
		return n
	}
}

func (p *parser) number() {
	start := p.i
	if p.src[p.i] == '-' {
		p.i++
	}
	digits := func() int {
		n := 0
		for p.i < len(p.src) && '0' <= p.src[p.i] && p.src[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	if p.i < len(p.src) && p.src[p.i] == '0' {
		p.i++
	} else if digits() == 0 {
		p.fail(p.i, "unexpected %s in a number", p.describe())
	}
	if p.i < len(p.src) && p.src[p.i] == '.' {
		p.i++
		if digits() == 0 {
			p.fail(p.i, "unexpected %s in a number", p.describe())
		}
	}
	if p.i < len(p.src) && (p.src[p.i] == 'e' || p.src[p.i] == 'E') {
		p.i++
		if p.i < len(p.src) && (p.src[p.i] == '+' || p.src[p.i] == '-') {
			p.i++
		}
		if digits() == 0 {
			p.fail(p.i, "unexpected %s in a number", p.describe())
		}
	}
	p.chars += p.i - start
}

// str reads a string token and returns its decoded value ("" when scanning).
func (p *parser) str() string {
	p.expect('"')
	start := p.i
	// Most strings are plain ASCII: skip that run in a tight loop; the loop below reads
	// the rest (escapes, other characters, the closing quote) as it always did.
	i, src := p.i, p.src
	for i < len(src) {
		if c := src[i]; c == '"' || c == '\\' || c < 0x20 || c >= utf8.RuneSelf {
			break
		}
		i++
	}
	p.chars += i - p.i
	p.i = i
	var b strings.Builder
	plain := true // no escapes so far: the value is a slice of the source
	for {
		if p.i >= len(p.src) {
			p.fail(p.i, "unterminated string")
		}
		c := p.src[p.i]
		switch {
		case c == '"':
			end := p.i
			p.i++
			p.chars++
			switch {
			case p.scan:
				return ""
			case plain:
				return p.text(start, end)
			}
			return b.String()
		case c == '\\':
			if plain && !p.scan {
				b.Write(p.src[start:p.i])
				plain = false
			}
			p.escape(&b)
		case c < 0x20:
			p.fail(p.i, "control character %#x in a string", c)
		case c < utf8.RuneSelf:
			if !plain {
				b.WriteByte(c)
			}
			p.i++
			p.chars++
		default:
			r, n := utf8.DecodeRune(p.src[p.i:])
			if r == utf8.RuneError && n == 1 {
				p.fail(p.i, "invalid UTF-8")
			}
			if !plain {
				b.WriteRune(r)
			}
			p.i += n
			p.chars++
		}
	}
}

func (p *parser) escape(b *strings.Builder) {
	at := p.i
	if p.i+1 >= len(p.src) {
		p.fail(p.i, "unterminated escape")
	}
	c := p.src[p.i+1]
	p.i += 2
	p.chars += 2
	switch c {
	case '"', '\\', '/':
		b.WriteByte(c)
	case 'b':
		b.WriteByte('\b')
	case 'f':
		b.WriteByte('\f')
	case 'n':
		b.WriteByte('\n')
	case 'r':
		b.WriteByte('\r')
	case 't':
		b.WriteByte('\t')
	case 'u':
		r := p.hex4(at)
		if utf16.IsSurrogate(r) {
			if r >= 0xDC00 || p.i+1 >= len(p.src) || p.src[p.i] != '\\' || p.src[p.i+1] != 'u' {
				p.fail(at, "lone surrogate escape")
			}
			p.i += 2
			p.chars += 2
			r2 := p.hex4(at)
			r = utf16.DecodeRune(r, r2)
			if r == utf8.RuneError {
				p.fail(at, "lone surrogate escape")
			}
		}
		b.WriteRune(r)
	default:
		p.fail(at, "invalid escape \\%c", c)
	}
}

func (p *parser) hex4(at int) rune {
	if p.i+4 > len(p.src) {
		p.fail(at, "short \\u escape")
	}
	v, err := strconv.ParseUint(string(p.src[p.i:p.i+4]), 16, 32)
	if err != nil {
		p.fail(at, "invalid \\u escape")
	}
	p.i += 4
	p.chars += 4
	return rune(v)
}
