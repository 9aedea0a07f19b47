package policy

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/rampolicy/ram/internal/jsontree"
)

// MaxInputBytes is the most bytes Parse reads. Sizes are counted without white space, so
// a document may be longer than its kind's MaxSize, but not longer than this.
const MaxInputBytes = 1 << 20

// Options controls Parse. The zero value parses an identity policy with default limits.
type Options struct {
	Kind     Kind
	Limits   Limits // zero fields take DefaultLimits(Kind)
	Filename string // used in error messages
}

// Parse parses and checks a policy document of the given kind. On failure it returns a
// nil Document and an ErrorList holding every problem found, in document order.
func Parse(data []byte, kind Kind) (*Document, error) {
	return Options{Kind: kind}.Parse(data)
}

// Parse parses and checks a policy document as o says.
func (o Options) Parse(data []byte) (*Document, error) {
	c := &checker{src: data, kind: o.Kind, lim: o.Limits.withDefaults(o.Kind), file: o.Filename}
	doc := c.run()
	if len(c.errs) > 0 {
		sort.SliceStable(c.errs, func(i, j int) bool {
			a, b := c.errs[i], c.errs[j]
			if a.Offset != b.Offset {
				return a.Offset < b.Offset
			}
			return rank(a.Err) < rank(b.Err)
		})
		// Positions in one pass over the text, now that the errors are in document order.
		for _, e := range c.errs {
			e.Line, e.Column = c.positions().At(e.Offset)
		}
		if c.cut {
			// Only a document over its size limit gets here; its first error is PolicyTooLarge.
			c.errs[0].Msg += fmt.Sprintf(" (checking stopped after %d problems)", len(c.errs))
		}
		return nil, ErrorList(c.errs)
	}
	return doc, nil
}

// checker holds the state of one Parse.
type checker struct {
	src  []byte
	kind Kind
	lim  Limits
	file string
	root *jsontree.Node
	errs []*Error
	cut  bool                // problems past maxErrors were found and not listed
	pos  *jsontree.Positions // see positions
}

// maxErrors bounds the problems Parse lists for one document: twice the kind's size limit
// (plus a few for the document itself), more than any document within its size limit can
// have; the densest, a list of empty statements "{}," in a resource policy, has four
// problems in three characters. So only a document already over its size limit reaches
// it; checking then stops, and the PolicyTooLarge error says so. Without the bound a
// hostile document of MaxInputBytes could hold a million problems and take seconds.
func (c *checker) maxErrors() int { return 2*c.lim.MaxSize + 16 }

// full reports whether the checker has found as many problems as it lists.
func (c *checker) full() bool { return len(c.errs) >= c.maxErrors() }

// positions converts offsets to lines and columns; converting in increasing order reads
// the text once, so a document with many statements or errors costs linear time.
func (c *checker) positions() *jsontree.Positions {
	if c.pos == nil {
		c.pos = jsontree.NewPositions(c.src)
	}
	return c.pos
}

func (c *checker) add(offset int, ptr string, sentinel error, format string, args ...any) {
	if c.full() {
		c.cut = true
		return
	}
	e := &Error{Filename: c.file, Pointer: ptr, Msg: fmt.Sprintf(format, args...), Err: sentinel}
	e.Offset = offset // Line and Column are set once every error is known (Parse)
	c.errs = append(c.errs, e)
}

func (c *checker) run() *Document {
	if len(c.src) > MaxInputBytes {
		c.add(-1, "", ErrPolicyTooLarge, "document is %d bytes; at most %d are read", len(c.src), MaxInputBytes)
		return nil
	}
	res := jsontree.Parse(c.src, c.lim.MaxDepth)
	if res.Chars > c.lim.MaxSize {
		c.add(-1, "", ErrPolicyTooLarge, "document has %d characters; a %s policy may have %d", res.Chars, c.kind, c.lim.MaxSize)
	}
	dup := false
	for _, e := range res.Errors {
		switch e.Kind {
		case jsontree.Syntax:
			c.add(e.Offset, "", ErrJSONSyntax, "%s", e.Msg)
		case jsontree.TooDeep:
			c.add(e.Offset, e.Pointer, ErrLimitExceeded, "%s", e.Msg)
		case jsontree.DuplicateKey:
			dup = true
			c.add(e.Offset, e.Pointer, ErrDuplicateKey, "%s: a policy must mean one thing to every JSON reader", e.Msg)
		}
	}
	if res.Root == nil || dup {
		// Nothing else reads a document with duplicate keys.
		return nil
	}
	c.root = res.Root
	c.validateSchema()
	return c.document()
}

// locate finds the node at a JSON Pointer, and the offset of the member key when the
// pointer's last token names an object member.
func (c *checker) locate(ptr string) (node *jsontree.Node, keyOffset int) {
	n := c.root
	keyOffset = -1
	if ptr == "" {
		return n, -1
	}
	for _, tok := range strings.Split(ptr[1:], "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch {
		case n == nil:
			return nil, -1
		case n.Kind == jsontree.Object:
			f := n.Field(tok) // indexed: locating stays cheap in objects with many members
			if f == nil {
				return nil, -1
			}
			n, keyOffset = f.Value, f.KeyOffset
		case n.Kind == jsontree.Array:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(n.Elems) {
				return nil, -1
			}
			n, keyOffset = n.Elems[i], -1
		default:
			return nil, -1
		}
	}
	return n, keyOffset
}

// offsetOf returns the offset of the value at ptr, or of the member key when key is set.
func (c *checker) offsetOf(ptr string, key bool) int {
	n, ko := c.locate(ptr)
	if key && ko >= 0 {
		return ko
	}
	if n != nil {
		return n.Offset
	}
	return 0
}
