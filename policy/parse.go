package policy

import (
	"fmt"
	"sort"
	"sync"

	"github.com/rampolicy/ram/internal/jsontree"
)

// MaxInputBytes is the most bytes Parse reads. Sizes are counted without white space, so
// a document may be longer than its kind's MaxSize, but not longer than this.
const MaxInputBytes = 1 << 20

// MaxListed bounds the problems an ErrorList holds; ErrorList.More counts the others,
// and its text says "... and N more problems". A hostile document can have a problem in
// every few characters; listing a hundred is enough to act on, and keeps the memory a
// rejection takes small whatever the document.
const MaxListed = 100

// Options controls Parse. Kind is required.
type Options struct {
	Kind     Kind
	Limits   Limits // zero fields take DefaultLimits(Kind)
	Filename string // used in error messages
}

// Parse parses and checks a policy document of the given kind. On failure it returns a
// nil Document and an ErrorList of the problems found, in document order.
func Parse(data []byte, kind Kind) (*Document, error) {
	return Options{Kind: kind}.Parse(data)
}

// Parse parses and checks a policy document as o says. The steps, in order: the size
// (a document over its kind's size is reported as PolicyTooLarge, with a JSON syntax error
// if it has one, and nothing else: its other problems would be noise, and the memory a
// rejection takes stays bounded by the kind's size); a strict JSON reader (syntax,
// duplicate keys at any depth, nesting); then structure and values (check.go, rules.go).
func (o Options) Parse(data []byte) (*Document, error) {
	c := &checker{src: data, kind: o.Kind, file: o.Filename}
	if !o.Kind.valid() {
		c.add(0, nil, ErrInvalidKind, fmt.Sprintf("document kind %d is not one of the kinds (set Options.Kind)", o.Kind))
		return nil, c.list()
	}
	c.lim = o.Limits.withDefaults(o.Kind)
	doc := c.run()
	if len(c.errs) > 0 {
		return nil, c.list()
	}
	return doc, nil
}

// checker holds the state of one Parse or Validate.
type checker struct {
	src      []byte
	kind     Kind
	lim      Limits
	file     string
	errs     []*Error
	more     int                 // problems found past MaxListed
	pos      *jsontree.Positions // see positions
	op       Op                  // the operator whose values are being checked
	cur      Position            // Validate: the position of the statement being checked
	chars    int                 // Parse: the characters of the document, as sizes count them
	count    int                 // the string values the last call of values read
	strs     []string            // see strings
	strChunk int
}

// full reports whether MaxListed problems are listed: later ones are only counted.
func (c *checker) full() bool { return len(c.errs) >= MaxListed }

// addf is add with a message built only when the problem is listed, so that counting the
// problems of a hostile document past MaxListed allocates nothing for their messages.
func (c *checker) addf(offset int, at *ptr, sentinel error, msg func() string) {
	if c.full() {
		c.more++
		return
	}
	c.add(offset, at, sentinel, msg())
}

// positions converts offsets to lines and columns; converting in increasing order reads
// the text once, so a document with many statements or errors costs linear time.
func (c *checker) positions() *jsontree.Positions {
	if c.pos == nil {
		c.pos = jsontree.NewPositions(c.src)
	}
	return c.pos
}

// add records a problem at a byte offset (-1: none) and a place. Past MaxListed it only
// counts, without rendering the place or keeping the message.
func (c *checker) add(offset int, at *ptr, sentinel error, msg string) {
	if c.full() {
		c.more++
		return
	}
	e := &Error{Filename: c.file, Pointer: at.String(), Msg: msg, Err: sentinel}
	if c.src == nil {
		e.Position = c.cur // Validate: the position of the statement, if it has one
	} else {
		e.Offset = offset // Line and Column are set by list, once every error is known
	}
	c.errs = append(c.errs, e)
}

// list sorts the problems into document order, sets their lines and columns and returns
// them as an ErrorList.
func (c *checker) list() ErrorList {
	if c.src == nil {
		// Validate: found in document order already.
		if c.more > 0 {
			c.errs[len(c.errs)-1].more = c.more
		}
		return ErrorList(c.errs)
	}
	sort.SliceStable(c.errs, func(i, j int) bool {
		a, b := c.errs[i], c.errs[j]
		if a.Offset != b.Offset {
			return a.Offset < b.Offset
		}
		return rank(a.Err) < rank(b.Err)
	})
	for _, e := range c.errs { // one pass over the text: the errors are in order now
		e.Line, e.Column = c.positions().At(e.Offset)
	}
	if c.more > 0 {
		c.errs[len(c.errs)-1].more = c.more
	}
	return ErrorList(c.errs)
}

func (c *checker) run() *Document {
	if len(c.src) > MaxInputBytes {
		c.add(-1, nil, ErrPolicyTooLarge, fmt.Sprintf("document is %d bytes; at most %d are read", len(c.src), MaxInputBytes))
		return nil
	}
	if len(c.src) > c.lim.MaxSize { // bytes bound characters; only a long text can be too large
		chars, err := jsontree.Scan(c.src, c.lim.MaxDepth)
		if chars > c.lim.MaxSize {
			c.add(-1, nil, ErrPolicyTooLarge, fmt.Sprintf("document has %d characters; %s %s policy may have %d", chars, c.kind.article(), c.kind, c.lim.MaxSize))
			if err != nil {
				c.readerError(err)
			}
			return nil
		}
	}
	// The tree is read here and dropped: the Document keeps only strings, which the
	// reader does not reuse. So its nodes come from a pooled Reader, and go back to the
	// pool once document has returned.
	r := readers.Get().(*jsontree.Reader)
	defer func() {
		if r.Footprint() <= maxReaderFootprint {
			readers.Put(r)
		}
	}()
	res := r.Parse(c.src, c.lim.MaxDepth)
	for _, e := range res.Errors {
		c.readerError(e)
	}
	c.more += res.MoreDuplicates
	c.chars = res.Chars
	if res.Root == nil || len(res.Errors) > 0 {
		// Nothing else reads a document with duplicate keys.
		return nil
	}
	return c.document(res.Root)
}

// readers are the JSON readers of Parse; see run.
var readers = sync.Pool{New: func() any { return new(jsontree.Reader) }}

// maxReaderFootprint bounds the nodes, lists and paths a pooled Reader keeps: one that
// read a larger document (a 6,144-character policy takes about 1,000) is dropped.
const maxReaderFootprint = 1 << 15

// readerError records an error of the JSON reader; its pointer is rendered already.
func (c *checker) readerError(e *jsontree.Error) {
	var sentinel error
	msg := e.Msg
	switch e.Kind {
	case jsontree.Syntax:
		sentinel = ErrJSONSyntax
	case jsontree.TooDeep:
		sentinel = ErrLimitExceeded
	case jsontree.DuplicateKey:
		sentinel = ErrDuplicateKey
		msg += ": a policy must mean one thing to every JSON reader"
	}
	before := len(c.errs)
	c.add(e.Offset, nil, sentinel, msg)
	if len(c.errs) > before && e.Kind != jsontree.Syntax {
		c.errs[len(c.errs)-1].Pointer = e.Pointer
	}
}
