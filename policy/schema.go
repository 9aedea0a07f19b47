package policy

import (
	_ "embed"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/rampolicy/ram/internal/jsontree"
	"github.com/santhosh-tekuri/jsonschema/v5"
)

// schemaText is the structural contract of a policy document, published beside the code
// so that editors and other tools can use it too.
//
//go:embed policy.schema.json
var schemaText string

// The compiled schemas: the document's frame (Version, the Statement list) and, per kind,
// a statement. Checking statement by statement is the same as checking the kind's whole
// document at once (its $defs say exactly that), and lets the checker stop once it has
// found as many problems as it lists (maxErrors).
var docSchema, stmtSchemas = compileSchemas()

func compileSchemas() (*jsonschema.Schema, map[Kind]*jsonschema.Schema) {
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	if err := c.AddResource("policy.schema.json", strings.NewReader(schemaText)); err != nil {
		panic("policy: embedded schema: " + err.Error())
	}
	out := map[Kind]*jsonschema.Schema{}
	for k, def := range map[Kind]string{IdentityPolicy: "identity", SessionPolicy: "identity", ControlPolicy: "identity", TrustPolicy: "trust", ResourcePolicy: "resource"} {
		out[k] = c.MustCompile("policy.schema.json#/$defs/" + def + "Statement")
	}
	return c.MustCompile("policy.schema.json#/$defs/document"), out
}

// emptyKey stands for the empty key in what the validator reads: the validator leaves an
// empty key out of the instance locations it reports ("/Condition//x" would come back as
// "/Condition/x"). Invalid UTF-8 cannot be a key of a document that passed the reader, so
// the stand-in is unambiguous; schemaError puts the empty key back.
const emptyKey = "\xff"

// toValue turns the checked tree into the plain values the validator reads. A container
// keeps at most limit members: no document within its size limit has more (each takes a
// character at least), and a larger one stops being checked at maxErrors problems anyway.
func toValue(n *jsontree.Node, limit int) any {
	switch n.Kind {
	case jsontree.Object:
		m := make(map[string]any, min(len(n.Fields), limit))
		for _, f := range n.Fields[:min(len(n.Fields), limit)] {
			key := f.Key
			if key == "" {
				key = emptyKey
			}
			m[key] = toValue(f.Value, limit)
		}
		return m
	case jsontree.Array:
		a := make([]any, min(len(n.Elems), limit))
		for i := range a {
			a[i] = toValue(n.Elems[i], limit)
		}
		return a
	case jsontree.String:
		return n.Text
	case jsontree.Number:
		return jsonNumber(n.Text)
	case jsontree.Bool:
		return n.Text == "true"
	}
	return nil
}

// validateSchema checks structure and turns every failure into a policy error: first the
// document's frame, then each statement that is an object, in order, until the checker
// has found as many problems as it lists.
func (c *checker) validateSchema() {
	limit := c.maxErrors()
	root := toValue(c.root, limit)
	c.schemaErrors(docSchema.Validate(root), "")
	doc, _ := root.(map[string]any)
	stmts, _ := doc["Statement"].([]any)
	for i, s := range stmts {
		if c.full() {
			return
		}
		if _, ok := s.(map[string]any); ok {
			c.schemaErrors(stmtSchemas[c.kind].Validate(s), "/Statement/"+strconv.Itoa(i))
		}
	}
}

// schemaErrors reports the failures of one validation, whose instance locations are
// relative to the pointer base.
func (c *checker) schemaErrors(err error, base string) {
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return
	}
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		kw := e.KeywordLocation[strings.LastIndexByte(e.KeywordLocation, '/')+1:]
		if len(e.Causes) == 0 || kw == "anyOf" {
			c.schemaError(kw, base, e)
			return
		}
		for _, sub := range e.Causes {
			walk(sub)
		}
	}
	walk(ve)
}

// lastToken returns the last reference token of a pointer and the pointer of its parent.
func lastToken(ptr string) (parent, tok string) {
	i := strings.LastIndexByte(ptr, '/')
	if i < 0 {
		return "", ""
	}
	return ptr[:i], strings.ReplaceAll(strings.ReplaceAll(ptr[i+1:], "~1", "/"), "~0", "~")
}

func (c *checker) schemaError(kw, base string, e *jsonschema.ValidationError) {
	ptr := base + unescapePointer(e.InstanceLocation)
	if strings.Contains(ptr, emptyKey) {
		toks := strings.Split(ptr, "/")
		for i, t := range toks {
			if t == emptyKey {
				toks[i] = ""
			}
		}
		ptr = strings.Join(toks, "/")
	}
	_, tok := lastToken(ptr)
	switch kw {
	case "type":
		n, _ := c.locate(ptr)
		got := "?"
		if n != nil {
			got = n.Kind.String()
		}
		c.add(c.offsetOf(ptr, false), ptr, ErrDataTypeMismatch, "%s", typeMessage(ptr, got))
	case "enum":
		if strings.Contains(e.KeywordLocation, "propertyNames") {
			// Element names are checked by elements(), which knows the exact key: the
			// validator's pointers lose empty keys.
			return
		}
		n, _ := c.locate(ptr)
		c.add(c.offsetOf(ptr, false), ptr, ErrInvalidEffect, "invalid effect %q (want \"Allow\" or \"Deny\")", n.Text)
	case "const":
		n, _ := c.locate(ptr)
		c.add(c.offsetOf(ptr, false), ptr, ErrInvalidVersion, "invalid version %q (want \"1\")", n.Text)
	case "required":
		for _, name := range quoted(e.Message) {
			c.missing(ptr, name)
		}
	case "anyOf":
		c.add(c.offsetOf(ptr, false), ptr, ErrMissingAction, "statement has neither Action nor NotAction")
	case "not":
		c.add(c.offsetOf(ptr, false), ptr, ErrConflictingElements, "statement has both Action and NotAction")
	case "minItems", "minProperties":
		c.emptyList(ptr, tok)
	default:
		c.add(c.offsetOf(ptr, false), ptr, ErrDataTypeMismatch, "%s", e.Message)
	}
}

func (c *checker) missing(ptr, name string) {
	off := c.offsetOf(ptr, false)
	switch name {
	case "Version":
		c.add(off, ptr, ErrInvalidVersion, "Version is missing")
	case "Statement":
		c.add(off, ptr, ErrMissingStatement, "Statement is missing")
	case "Effect":
		c.add(off, ptr, ErrInvalidEffect, "Effect is missing")
	case "Resource":
		c.add(off, ptr, ErrMissingResource, "Resource is missing; a %s policy needs it", c.kind)
	case "Principal":
		c.add(off, ptr, ErrInvalidPrincipal, "Principal is missing; a %s policy needs it", c.kind)
	default:
		c.add(off, ptr, ErrDataTypeMismatch, "%s is missing", name)
	}
}

func (c *checker) emptyList(ptr, tok string) {
	off := c.offsetOf(ptr, false)
	switch {
	case ptr == "/Statement":
		c.add(off, ptr, ErrMissingStatement, "Statement is empty")
	case tok == "Action" || tok == "NotAction":
		c.add(off, ptr, ErrMissingAction, "%s is empty", tok)
	case tok == "Resource":
		c.add(off, ptr, ErrMissingResource, "Resource is empty")
	case strings.Contains(ptr, "/Principal"):
		c.add(off, ptr, ErrInvalidPrincipal, "principal is empty")
	default:
		c.add(off, ptr, ErrInvalidConditionValue, "condition has no values")
	}
}

func typeMessage(ptr, got string) string {
	parent, tok := lastToken(ptr)
	grand, parentTok := lastToken(parent)
	inStatement := func(p string) bool { // p is /Statement/N
		g, _ := lastToken(p)
		return g == "/Statement"
	}
	switch {
	case ptr == "":
		return "document must be an object, not " + got
	case parent == "" && tok == "Statement":
		return "Statement must be an array, not " + got
	case parent == "" && tok == "Version":
		return "Version must be a string, not " + got
	case parent == "/Statement":
		return "a statement must be an object, not " + got
	case inStatement(parent) && (tok == "Effect" || tok == "Sid"):
		return tok + " must be a string, not " + got
	case inStatement(parent) && (tok == "Condition" || tok == "Principal"):
		return tok + " must be an object, not " + got
	case inStatement(grand) && parentTok == "Condition":
		return fmt.Sprintf("condition operator %q must map condition keys to values, not be %s", tok, got)
	}
	return "want a string or a list of strings, not " + got
}

// elementHint suggests the element a misspelt name probably meant, among allowed.
func elementHint(name string, allowed []string) string {
	if name == "Principal" {
		return " (only trust and resource-based policies have a Principal)"
	}
	for _, e := range []string{"Version", "Statement", "Effect", "Action", "NotAction", "Resource", "Condition", "Sid", "Principal"} {
		if strings.EqualFold(e, name) {
			return " (element names are case-sensitive: " + e + ")"
		}
	}
	switch name {
	case "NotResource", "NotPrincipal", "Id":
		return " (RAM does not support it)"
	}
	return didYouMean(name, allowed)
}

// quoted returns the 'single-quoted' words of a validator message.
func quoted(msg string) []string {
	var out []string
	for {
		i := strings.IndexByte(msg, '\'')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(msg[i+1:], '\'')
		if j < 0 {
			return out
		}
		out = append(out, msg[i+1:i+1+j])
		msg = msg[i+2+j:]
	}
}

// unescapePointer undoes the URL escaping the validator applies to pointer tokens.
func unescapePointer(p string) string {
	if !strings.Contains(p, "%") {
		return p
	}
	toks := strings.Split(p, "/")
	for i, t := range toks {
		if u, err := url.PathUnescape(t); err == nil {
			toks[i] = u
		}
	}
	return strings.Join(toks, "/")
}
