package policy

import (
	"github.com/rampolicy/ram/internal/elide"
	"github.com/rampolicy/ram/internal/jsontree"
	"github.com/rampolicy/ram/internal/syntax"
)

// The checks on the JSON tree: structure (element names, JSON types, required elements,
// empty lists), which only the text has, and the value rules of rules.go on each value,
// at the value's own place. policy.schema.json describes the same structure; a test runs
// both on generated and hostile documents and holds that whatever Parse accepts the
// schema accepts too.

// document checks the tree and builds the Document.
func (c *checker) document(root *jsontree.Node) *Document {
	doc := &Document{Kind: c.kind}
	if root.Kind != jsontree.Object {
		c.typeMismatch(root, nil, "document must be an object")
		return doc
	}
	c.elements(root, nil, documentElements)
	v, st := root.Get("Version"), root.Get("Statement")
	if v == nil {
		c.add(root.Offset, nil, ErrInvalidVersion, "Version is missing")
	}
	if st == nil {
		c.add(root.Offset, nil, ErrMissingStatement, "Statement is missing")
	}
	if v != nil {
		at := (*ptr)(nil).member("Version")
		if v.Kind != jsontree.String {
			c.typeMismatch(v, &at, "Version must be a string")
		} else {
			doc.Version = v.Text
			if msg := versionProblem(v.Text); msg != "" {
				c.add(v.Offset, &at, ErrInvalidVersion, msg)
			}
		}
	}
	if st == nil {
		return doc
	}
	at := (*ptr)(nil).member("Statement")
	switch {
	case st.Kind != jsontree.Array:
		c.typeMismatch(st, &at, "Statement must be an array")
		return doc
	case len(st.Elems) == 0:
		c.add(st.Offset, &at, ErrMissingStatement, "Statement is empty")
		return doc
	}
	objects := 0
	for _, n := range st.Elems {
		if n.Kind == jsontree.Object {
			objects++
		}
	}
	// A valid statement takes 40 characters at least, so a list of more objects than that
	// is invalid: it gets no room it cannot use ("[{},{},...]" is cheap to write).
	doc.Statements = make([]Statement, 0, min(objects, c.chars/40+1))
	var scratch Statement
	for i, n := range st.Elems {
		sat := at.elem(i)
		if n.Kind != jsontree.Object {
			c.typeMismatch(n, &sat, "a statement must be an object")
			continue
		}
		if len(c.errs) > 0 {
			// The document is rejected: check the rest without keeping it.
			scratch = Statement{}
			c.statement(n, &sat, &scratch)
			continue
		}
		doc.Statements = append(doc.Statements, Statement{})
		c.statement(n, &sat, &doc.Statements[len(doc.Statements)-1])
	}
	return doc
}

func (c *checker) statement(n *jsontree.Node, at *ptr, s *Statement) {
	s.Pos.Offset = n.Offset
	s.Pos.Line, s.Pos.Column = c.positions().At(n.Offset) // statements come in document order
	var effect, action, notAction, resource, principal, cond, sid *jsontree.Node
	for i := range n.Fields {
		f := &n.Fields[i]
		switch f.Key {
		case "Effect":
			effect = f.Value
		case "Action":
			action = f.Value
		case "NotAction":
			notAction = f.Value
		case "Resource":
			resource = f.Value
		case "Condition":
			cond = f.Value
		case "Sid":
			sid = f.Value
		case "Principal":
			if c.kind.hasPrincipal() {
				principal = f.Value
				continue
			}
			fallthrough
		default:
			fat := at.member(f.Key)
			allowed := statementElements[:len(statementElements)-1]
			if c.kind.hasPrincipal() {
				allowed = statementElements
			}
			c.addf(f.KeyOffset, &fat, ErrInvalidPolicyElement, func() string {
				return "unknown element " + elide.Quote(f.Key) + elementHint(f.Key, allowed)
			})
		}
	}
	c.shape(at, n.Offset, effect != nil, action != nil, notAction != nil, resource != nil, principal != nil)
	if sid != nil {
		if sid.Kind == jsontree.String {
			s.Sid = sid.Text
		} else {
			sat := at.member("Sid")
			c.typeMismatch(sid, &sat, "Sid must be a string")
		}
	}
	if effect != nil {
		eat := at.member("Effect")
		if effect.Kind != jsontree.String {
			c.typeMismatch(effect, &eat, "Effect must be a string")
		} else if e, ok := parseEffect(effect.Text); ok {
			s.Effect = e
		} else {
			c.addf(effect.Offset, &eat, ErrInvalidEffect, func() string { return effectProblem(effect.Text) })
		}
	}
	for _, a := range [2]struct {
		name string
		n    *jsontree.Node
	}{{"Action", action}, {"NotAction", notAction}} {
		if a.n == nil {
			continue
		}
		aat := at.member(a.name)
		s.Actions = c.values(a.n, &aat, a.name, checkAction, "")
		s.NotAction = a.name == "NotAction"
	}
	if resource != nil {
		rat := at.member("Resource")
		s.Resources = c.values(resource, &rat, "Resource", checkResource, "")
	}
	if principal != nil {
		pat := at.member("Principal")
		s.Principal = c.principal(principal, &pat)
	}
	if cond != nil {
		cat := at.member("Condition")
		s.Conditions = c.conditions(cond, &cat)
	}
}

// A value check: what it reports about one value at its place.
type valueCheck uint8

const (
	checkNone valueCheck = iota
	checkAction
	checkResource
	checkPrincipal // arg: the principal kind
	checkCondition // arg: unused; op in c.op
	checkTypeOnly  // under an unknown principal kind or operator: types only
)

// values reads a string-or-list element, checks each value and returns them; nil when the
// element has the wrong type, or when the document is rejected already. c.count is set to
// the number of string values.
func (c *checker) values(n *jsontree.Node, at *ptr, element string, check valueCheck, arg string) []string {
	c.count = 0
	switch n.Kind {
	case jsontree.String:
		c.value(n.Text, n.Offset, at, check, arg)
		c.count = 1
		out := c.strings(1)
		out[0] = n.Text
		return out
	case jsontree.Array:
		if len(n.Elems) == 0 {
			c.emptyList(n.Offset, at, element)
			return []string{}
		}
		var out []string
		if len(c.errs) == 0 { // else the document is rejected: the values are not kept
			out = c.strings(len(n.Elems))[:0]
		}
		for i, e := range n.Elems {
			eat := at.elem(i)
			if e.Kind != jsontree.String {
				c.typeMismatch(e, &eat, "want a string or a list of strings")
				continue
			}
			c.value(e.Text, e.Offset, &eat, check, arg)
			if out != nil {
				out = append(out, e.Text)
			}
			c.count++
		}
		return out
	}
	c.typeMismatch(n, at, "want a string or a list of strings")
	return nil
}

// strings returns room for n strings of the Document, carved from a chunk that its
// other values share: a document's lists take a few allocations, not one each. Each
// list is capped at its length, so that appending to one (a caller editing the
// Document) copies it instead of writing over the next. The first chunk is sized from
// the document's length (a value takes some 50 characters with its punctuation), the
// next ones double, up to 256 strings.
func (c *checker) strings(n int) []string {
	if n > cap(c.strs)-len(c.strs) {
		c.strChunk = min(max(2*c.strChunk, c.chars/48, 4), 256)
		c.strs = make([]string, 0, max(n, c.strChunk))
	}
	i := len(c.strs)
	c.strs = c.strs[:i+n]
	return c.strs[i : i+n : i+n]
}

// value applies one value rule of rules.go.
func (c *checker) value(s string, off int, at *ptr, check valueCheck, arg string) {
	switch check {
	case checkAction:
		if d := syntax.ActionProblem(s); d != "" {
			c.addf(off, at, ErrInvalidActionFormat, func() string { return invalid("action", s, d) })
		}
	case checkResource:
		if d, sentinel := resourceProblem(s); sentinel != nil {
			c.addf(off, at, sentinel, func() string { return invalid("resource", s, d) })
		}
	case checkPrincipal:
		if d := principalProblem(arg, s); d != "" {
			c.addf(off, at, ErrInvalidPrincipal, func() string { return invalid(arg+" principal", s, d) })
		}
	case checkCondition:
		if want := conditionValueProblem(c.op, s); want != "" {
			op := c.op
			c.addf(off, at, ErrInvalidConditionValue, func() string { return op.String() + " cannot read " + elide.Quote(s) + ": want " + want })
		}
	}
}

// key applies the condition key rule.
func (c *checker) key(k string, off int, at *ptr) {
	if d := syntax.KeyProblem(k); d != "" {
		c.addf(off, at, ErrInvalidConditionKeyFormat, func() string { return invalid("condition key", k, d) })
	}
}

// typeMismatch reports a value of the wrong JSON type: "<want>, not <type>".
func (c *checker) typeMismatch(n *jsontree.Node, at *ptr, want string) {
	c.addf(n.Offset, at, ErrDataTypeMismatch, func() string { return want + ", not " + n.Kind.String() })
}

func (c *checker) principal(n *jsontree.Node, at *ptr) *Principal {
	if n.Kind != jsontree.Object {
		c.typeMismatch(n, at, "Principal must be an object")
		return nil
	}
	p := &Principal{}
	if len(n.Fields) == 0 {
		c.emptyList(n.Offset, at, "Principal")
		return p
	}
	for i := range n.Fields {
		f := &n.Fields[i]
		fat := at.member(f.Key)
		var dst *[]string
		switch f.Key {
		case "RAM":
			dst = &p.RAM
		case "Service":
			dst = &p.Service
		case "Federated":
			dst = &p.Federated
		default:
			c.addf(f.KeyOffset, &fat, ErrInvalidPrincipal, func() string {
				return "unknown principal kind " + elide.Quote(f.Key) + " (want RAM, Service or Federated)" + didYouMean(f.Key, principalKinds)
			})
			c.values(f.Value, &fat, "Principal", checkTypeOnly, "")
			continue
		}
		*dst = c.values(f.Value, &fat, "Principal", checkPrincipal, f.Key)
	}
	return p
}

func (c *checker) conditions(n *jsontree.Node, at *ptr) []Condition {
	if n.Kind != jsontree.Object {
		c.typeMismatch(n, at, "Condition must be an object")
		return nil
	}
	var out []Condition
	for i := range n.Fields {
		of := &n.Fields[i]
		oat := at.member(of.Key)
		op, known := ParseOperator(of.Key)
		if !known {
			c.addf(of.KeyOffset, &oat, ErrInvalidConditionOperator, func() string { return operatorProblem(of.Key) })
		}
		if of.Value.Kind != jsontree.Object {
			c.addf(of.Value.Offset, &oat, ErrDataTypeMismatch, func() string {
				return "condition operator " + elide.Quote(of.Key) + " must map condition keys to values, not be " + of.Value.Kind.String()
			})
			continue
		}
		c.op = op.Op
		for j := range of.Value.Fields {
			kf := &of.Value.Fields[j]
			kat := oat.member(kf.Key)
			if !known {
				c.values(kf.Value, &kat, "", checkTypeOnly, "")
				continue
			}
			c.key(kf.Key, kf.KeyOffset, &kat)
			vals := c.values(kf.Value, &kat, "", checkCondition, "")
			if msg := boolProblem(op.Op, kf.Key, c.count); msg != "" {
				c.add(kf.Value.Offset, &kat, ErrInvalidConditionMultipleBoolean, msg)
			}
			out = append(out, Condition{Operator: op, Key: kf.Key, Values: vals})
		}
	}
	return out
}

// The names of elements and principal kinds, for checking and for suggestions.
var (
	documentElements  = []string{"Version", "Statement"}
	statementElements = []string{"Sid", "Effect", "Action", "NotAction", "Resource", "Condition", "Principal"} // Principal last
	principalKinds    = []string{"RAM", "Service", "Federated"}
)

// elements reports every member of an object whose name is not one of allowed, at the
// member's own place.
func (c *checker) elements(n *jsontree.Node, at *ptr, allowed []string) {
	for i := range n.Fields {
		f := &n.Fields[i]
		ok := false
		for _, a := range allowed {
			ok = ok || a == f.Key
		}
		if !ok {
			fat := at.member(f.Key)
			c.addf(f.KeyOffset, &fat, ErrInvalidPolicyElement, func() string {
				return "unknown element " + elide.Quote(f.Key) + elementHint(f.Key, allowed)
			})
		}
	}
}
