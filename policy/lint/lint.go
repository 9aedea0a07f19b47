package lint

import (
	"cmp"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/rampolicy/ram/internal/jsontree"
	"github.com/rampolicy/ram/policy"
)

// ErrNilDocument is returned by Lint for a nil document.
var ErrNilDocument = errors.New("lint: nil document")

// Options controls Lint. The zero value lints a document without its source text.
type Options struct {
	// Source is the text the document was parsed from. With it, findings point at the
	// value they are about; without it (or when it is not the document's text), at the
	// statement.
	Source []byte
	// Account is the account that owns the policy (the role, for a trust policy), as
	// digits. Only with it can lint tell that a trust policy admits another account.
	Account string
}

// Lint checks a parsed document and returns its findings in document order (by position,
// then by code). It never changes the document. Its cost is linear in the document's
// size except for the search for redundant statements, which compares statements in
// pairs and stops after a fixed budget of comparisons.
func Lint(doc *policy.Document, opts Options) ([]Finding, error) {
	if doc == nil {
		return nil, ErrNilDocument
	}
	l := &linter{doc: doc, opts: opts, loc: newLocator(doc, opts.Source)}
	for i := range doc.Statements {
		l.statement(i)
	}
	l.statements()
	return l.finish(), nil
}

// linter holds the state of one Lint.
type linter struct {
	doc   *policy.Document
	opts  Options
	loc   *locator
	found []located
	work  int // work of the pairwise checks; see maxWork
}

// located is a finding before its position is known.
type located struct {
	Finding
	off int // byte offset in the source, -1 when the position came from the document
}

// place is where a finding points.
type place struct {
	ptr       string
	off       int // -1: no source text
	line, col int // used when off < 0
}

type statement = policy.Statement

func (l *linter) add(at place, sev Severity, code, fix, msg string) {
	f := located{Finding: Finding{Code: code, Severity: sev, Message: msg, Pointer: at.ptr, Fix: fix}, off: at.off}
	if at.off < 0 {
		f.Line, f.Column = at.line, at.col
	}
	l.found = append(l.found, f)
}

// statement runs the checks that look at one statement alone.
func (l *linter) statement(i int) {
	st := &l.doc.Statements[i]
	l.actions(i, st)
	l.resources(i, st)
	l.reach(i, st)
	l.services(i, st)
	l.placeholders(i, st)
	l.duplicates(i, st)
	l.dangerous(i, st)
	l.trust(i, st)
	l.conditionKeys(i, st)
}

// finish sorts the findings and sets their lines and columns, converting offsets in
// increasing order so that the source is read once.
func (l *linter) finish() []Finding {
	slices.SortStableFunc(l.found, func(a, b located) int {
		return cmp.Or(cmp.Compare(a.key(), b.key()), strings.Compare(a.Code, b.Code), strings.Compare(a.Message, b.Message))
	})
	out := make([]Finding, len(l.found))
	for i, f := range l.found {
		if f.off >= 0 {
			f.Line, f.Column = l.loc.pos.At(f.off)
		}
		out[i] = f.Finding
	}
	return out
}

// key orders findings: by offset with source text, else by line and column.
func (f located) key() int {
	if f.off >= 0 {
		return f.off
	}
	return f.Line<<20 | f.Column&(1<<20-1)
}

// locator finds the pointer and position of a document's values, in its source text
// when it has one that matches the document.
type locator struct {
	doc   *policy.Document
	stmts []*jsontree.Node // nil without usable source text
	pos   *jsontree.Positions
}

func newLocator(doc *policy.Document, src []byte) *locator {
	l := &locator{doc: doc}
	if src == nil || len(src) > policy.MaxInputBytes {
		return l
	}
	res := jsontree.Parse(src, 64)
	if res.Root == nil || len(res.Errors) > 0 {
		return l
	}
	arr := res.Root.Get("Statement")
	if arr == nil || arr.Kind != jsontree.Array || len(arr.Elems) != len(doc.Statements) {
		return l
	}
	for i, n := range arr.Elems {
		// The tree must be the document's: each statement an object starting where the
		// document says it does (a statement built in code has no position, so its
		// document's findings never point into some other text).
		if n.Kind != jsontree.Object || doc.Statements[i].Pos.Offset != n.Offset {
			return l
		}
	}
	l.stmts, l.pos = arr.Elems, jsontree.NewPositions(src)
	return l
}

func stmtPointer(i int) string { return "/Statement/" + strconv.Itoa(i) }

// stmt returns the place of statement i.
func (l *locator) stmt(i int) place {
	if l.stmts != nil {
		return place{ptr: stmtPointer(i), off: l.stmts[i].Offset}
	}
	p := l.doc.Statements[i].Pos
	return place{ptr: stmtPointer(i), off: -1, line: p.Line, col: p.Column}
}

// value returns the place of value j of a string-or-list element of statement i, where
// path is the element's pointer below the statement ("/Action", "/Principal/RAM").
func (l *locator) value(i int, path []string, j int) place {
	base := stmtPointer(i)
	for _, t := range path {
		base = jsontree.Pointer(base, t)
	}
	if l.stmts != nil {
		n := l.stmts[i]
		for _, t := range path {
			if n != nil && n.Kind == jsontree.Object {
				n = n.Get(t)
			} else {
				n = nil
			}
		}
		switch {
		case n == nil:
		case n.Kind == jsontree.String && j == 0:
			return place{ptr: base, off: n.Offset}
		case n.Kind == jsontree.Array && j < len(n.Elems):
			return place{ptr: base + "/" + strconv.Itoa(j), off: n.Elems[j].Offset}
		}
	}
	at := l.stmt(i)
	at.ptr = base + "/" + strconv.Itoa(j)
	return at
}

// key returns the place of a condition key of statement i (its member name).
func (l *locator) key(i int, op, key string) place {
	ptr := jsontree.Pointer(jsontree.Pointer(stmtPointer(i)+"/Condition", op), key)
	if l.stmts != nil {
		if c := l.stmts[i].Get("Condition"); c != nil && c.Kind == jsontree.Object {
			if o := c.Get(op); o != nil && o.Kind == jsontree.Object {
				if f := o.Field(key); f != nil {
					return place{ptr: ptr, off: f.KeyOffset}
				}
			}
		}
	}
	at := l.stmt(i)
	at.ptr = ptr
	return at
}
