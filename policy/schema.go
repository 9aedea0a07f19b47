package policy

import (
	_ "embed"
	"errors"
	"net/url"
	"strings"

	"github.com/rampolicy/ram/internal/jsontree"
	"github.com/santhosh-tekuri/jsonschema/v5"
)

// schemaText is the structural contract of a policy document, published beside the code
// so that editors and other tools can use it too.
//
//go:embed policy.schema.json
var schemaText string

var schemas = compileSchemas()

func compileSchemas() map[Kind]*jsonschema.Schema {
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	if err := c.AddResource("policy.schema.json", strings.NewReader(schemaText)); err != nil {
		panic("policy: embedded schema: " + err.Error())
	}
	out := map[Kind]*jsonschema.Schema{}
	for k, def := range map[Kind]string{Identity: "identity", Session: "identity", Control: "identity", Trust: "trust", Resource: "resource"} {
		out[k] = c.MustCompile("policy.schema.json#/$defs/" + def)
	}
	return out
}

// toValue turns the checked tree into the plain values the validator reads.
func toValue(n *jsontree.Node) any {
	switch n.Kind {
	case jsontree.Object:
		m := make(map[string]any, len(n.Fields))
		for _, f := range n.Fields {
			m[f.Key] = toValue(f.Value)
		}
		return m
	case jsontree.Array:
		a := make([]any, len(n.Elems))
		for i, e := range n.Elems {
			a[i] = toValue(e)
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

// validateSchema checks structure and turns every failure into a policy error.
func (c *checker) validateSchema() {
	err := schemas[c.kind].Validate(toValue(c.root))
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return
	}
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		kw := e.KeywordLocation[strings.LastIndexByte(e.KeywordLocation, '/')+1:]
		if len(e.Causes) == 0 || kw == "anyOf" {
			c.schemaError(kw, e)
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

func (c *checker) schemaError(kw string, e *jsonschema.ValidationError) {
	ptr := unescapePointer(e.InstanceLocation)
	_, tok := lastToken(ptr)
	switch kw {
	case "type":
		n, _ := c.locate(ptr)
		got := "?"
		if n != nil {
			got = n.Kind.String()
		}
		c.add(c.offsetOf(ptr, false), ptr, ErrDataTypeMismatch, "%s", typeMessage(tok, got))
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

func typeMessage(tok, got string) string {
	switch tok {
	case "", "Statement", "Condition", "Principal":
		if tok == "Statement" {
			return "Statement must be an array, not " + got
		}
		if tok == "" {
			return "document must be an object, not " + got
		}
		return tok + " must be an object, not " + got
	case "Version", "Effect", "Sid":
		return tok + " must be a string, not " + got
	}
	return "want a string or a list of strings, not " + got
}

// elementHint suggests the element a misspelt name probably meant.
func elementHint(name string) string {
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
	return ""
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
