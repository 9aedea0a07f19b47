package policy

import (
	"errors"
	"strconv"
	"strings"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/internal/condval"
	"github.com/rampolicy/ram/internal/jsontree"
	"github.com/rampolicy/ram/internal/suggest"
	"github.com/rampolicy/ram/internal/syntax"
)

// document walks the tree that passed the reader, checks every value and builds the
// Document. Nodes of the wrong JSON type were reported by the schema and are skipped.
func (c *checker) document() *Document {
	doc := &Document{Version: "1"}
	c.elements(c.root, "", []string{"Version", "Statement"}, ErrInvalidPolicyElement)
	st := c.root.Get("Statement")
	if c.root.Kind != jsontree.Object || st == nil || st.Kind != jsontree.Array {
		return doc
	}
	for i, n := range st.Elems {
		if c.full() {
			break // a document over its size limit; see maxErrors
		}
		if n.Kind == jsontree.Object {
			doc.Statements = append(doc.Statements, c.statement(n, "/Statement/"+strconv.Itoa(i)))
		}
	}
	return doc
}

func (c *checker) statement(n *jsontree.Node, ptr string) Statement {
	var s Statement
	allowed := []string{"Sid", "Effect", "Action", "NotAction", "Resource", "Condition"}
	if c.kind.hasPrincipal() {
		allowed = append(allowed, "Principal")
	}
	c.elements(n, ptr, allowed, ErrInvalidPolicyElement)
	s.Pos.Offset = n.Offset
	s.Pos.Line, s.Pos.Column = c.positions().At(n.Offset) // statements come in document order
	if v := n.Get("Sid"); v != nil && v.Kind == jsontree.String {
		s.Sid = v.Text
	}
	if v := n.Get("Effect"); v != nil && v.Kind == jsontree.String {
		switch v.Text {
		case "Allow":
			s.Effect = EffectAllow
		case "Deny":
			s.Effect = EffectDeny
		}
	}
	for _, name := range []string{"Action", "NotAction"} {
		if v := n.Get(name); v != nil {
			s.Actions = c.values(v, ptr+"/"+name, c.action)
			s.NotAction = name == "NotAction"
		}
	}
	if v := n.Get("Resource"); v != nil {
		s.Resources = c.values(v, ptr+"/Resource", c.resource)
	}
	if v := n.Get("Principal"); v != nil && v.Kind == jsontree.Object && c.kind.hasPrincipal() {
		s.Principal = c.principal(v, ptr+"/Principal")
	}
	if v := n.Get("Condition"); v != nil && v.Kind == jsontree.Object {
		s.Conditions = c.conditions(v, ptr+"/Condition")
	}
	return s
}

// values reads a string-or-list element, checking each value with check. It returns nil
// when the element has the wrong type (already reported).
func (c *checker) values(n *jsontree.Node, ptr string, check func(v *jsontree.Node, ptr string)) []string {
	switch n.Kind {
	case jsontree.String:
		if check != nil {
			check(n, ptr)
		}
		return []string{n.Text}
	case jsontree.Array:
		out := make([]string, 0, len(n.Elems))
		for i, e := range n.Elems {
			if c.full() {
				break // a document over its size limit; see maxErrors
			}
			if e.Kind != jsontree.String {
				continue
			}
			if check != nil {
				check(e, ptr+"/"+strconv.Itoa(i))
			}
			out = append(out, e.Text)
		}
		return out
	}
	return nil
}

// action checks "*" or SERVICE:NAME: SERVICE of ASCII letters, digits, '-', '*', '?';
// NAME non-empty without white space or ':'.
func (c *checker) action(v *jsontree.Node, ptr string) {
	if msg := syntax.ActionProblem(v.Text); msg != "" {
		c.add(v.Offset, ptr, ErrInvalidActionFormat, "invalid action %q: %s", v.Text, msg)
	}
}

func (c *checker) resource(v *jsontree.Node, ptr string) {
	if _, err := arn.ParsePattern(v.Text); err != nil {
		switch {
		case errors.Is(err, arn.ErrPrefix):
			c.add(v.Offset, ptr, ErrInvalidARNPrefix, "invalid resource %q: want \"*\" or an ARN starting with \"acs:\"", v.Text)
		case accountProblem(err) != "":
			c.add(v.Offset, ptr, ErrMissingARNField, "invalid resource %q: %s", v.Text, accountProblem(err))
		default:
			c.add(v.Offset, ptr, ErrMissingARNField, "invalid resource %q: an ARN has five fields acs:service:region:account:resource", v.Text)
		}
	}
}

func (c *checker) principal(n *jsontree.Node, ptr string) *Principal {
	p := &Principal{}
	c.elements(n, ptr, []string{"RAM", "Service", "Federated"}, ErrInvalidPrincipal)
	for _, f := range n.Fields {
		fptr := jsontree.Pointer(ptr, f.Key)
		var check func(string) string
		var dst *[]string
		switch f.Key {
		case "RAM":
			check, dst = ramPrincipalProblem, &p.RAM
		case "Service":
			check, dst = servicePrincipalProblem, &p.Service
		case "Federated":
			check, dst = federatedPrincipalProblem, &p.Federated
		default:
			continue // reported by elements
		}
		*dst = c.values(f.Value, fptr, func(v *jsontree.Node, vptr string) {
			if msg := check(v.Text); msg != "" {
				c.add(v.Offset, vptr, ErrInvalidPrincipal, "invalid %s principal %q: %s", f.Key, v.Text, msg)
			}
		})
	}
	return p
}

func ramPrincipalProblem(s string) string {
	if s == "*" {
		return ""
	}
	a, err := arn.Parse(s)
	if err != nil {
		if msg := accountProblem(err); msg != "" {
			return msg
		}
		return "want \"*\", acs:ram::UID:root, acs:ram::UID:user/NAME or acs:ram::UID:role/NAME"
	}
	switch a.Kind() {
	case arn.KindRoot, arn.KindUser, arn.KindRole:
		return ""
	case arn.KindRoleSession:
		return "a role session cannot be a principal; name the role"
	}
	return "want \"*\", acs:ram::UID:root, acs:ram::UID:user/NAME or acs:ram::UID:role/NAME (no partial wildcards)"
}

// accountProblem returns the arn package's message for a bad account field, which says
// more than a list of the accepted forms (e.g. that an account ID looks masked), or "".
func accountProblem(err error) string {
	var pe *arn.ParseError
	if errors.As(err, &pe) && pe.Field == "account" {
		return pe.Msg
	}
	return ""
}

// servicePrincipalProblem returns what arn.ParseServicePrincipal finds wrong: SERVICE or
// UID@SERVICE, each message about the value's actual fault.
func servicePrincipalProblem(s string) string {
	if _, err := arn.ParseServicePrincipal(s); err != nil {
		var pe *arn.ParseError
		if errors.As(err, &pe) {
			return pe.Msg
		}
		return err.Error()
	}
	return ""
}

func federatedPrincipalProblem(s string) string {
	a, err := arn.Parse(s)
	if err == nil && a.Service() == "ram" && a.Region() == "" && a.Account() != "" && a.Account() != "system" {
		typ, name, _ := strings.Cut(a.Resource(), "/")
		if (typ == "saml-provider" || typ == "oidc-provider") && name != "" && !strings.ContainsAny(name, "/*?") {
			return ""
		}
	}
	if msg := accountProblem(err); msg != "" {
		return msg
	}
	return "want acs:ram::UID:saml-provider/NAME or acs:ram::UID:oidc-provider/NAME"
}

func (c *checker) conditions(n *jsontree.Node, ptr string) []Condition {
	var out []Condition
	for _, of := range n.Fields {
		if c.full() {
			break // a document over its size limit; see maxErrors
		}
		optr := jsontree.Pointer(ptr, of.Key)
		op, ok := ParseOperator(of.Key)
		if !ok {
			c.add(of.KeyOffset, optr, ErrInvalidConditionOperator, "unknown condition operator %q%s", of.Key, operatorHint(of.Key))
			continue
		}
		if of.Value.Kind != jsontree.Object {
			continue
		}
		for _, kf := range of.Value.Fields {
			if c.full() {
				break
			}
			kptr := jsontree.Pointer(optr, kf.Key)
			if msg := syntax.KeyProblem(kf.Key); msg != "" {
				c.add(kf.KeyOffset, kptr, ErrInvalidConditionKeyFormat, "invalid condition key %q: %s", kf.Key, msg)
			}
			vals := c.values(kf.Value, kptr, func(v *jsontree.Node, vptr string) { c.conditionValue(op.Op, v, vptr) })
			if op.Op == Bool && len(vals) > 1 {
				c.add(kf.Value.Offset, kptr, ErrInvalidConditionMultipleBoolean, "Bool key %q has %d values; it may have one", kf.Key, len(vals))
			}
			out = append(out, Condition{Operator: op, Key: kf.Key, Values: vals})
		}
	}
	return out
}

func (c *checker) conditionValue(op Op, v *jsontree.Node, ptr string) {
	s := v.Text
	ok := true
	want := ""
	switch op.Family() {
	case FamilyString:
		return
	case FamilyNumeric:
		_, ok = condval.ParseDecimal(s)
		want = "a decimal number such as 10 or -2.5"
	case FamilyDate:
		_, ok = condval.ParseDate(s)
		want = "an RFC 3339 time such as 2026-01-02T03:04:05Z"
	case FamilyBool:
		_, ok = condval.ParseBool(s)
		want = "\"true\" or \"false\""
	case FamilyIP:
		_, ok = condval.ParsePrefix(s)
		want = "an IP address or CIDR block"
	}
	if !ok {
		c.add(v.Offset, ptr, ErrInvalidConditionValue, "%s cannot read %q: want %s", op, s, want)
	}
}

func operatorHint(s string) string {
	switch {
	case strings.HasSuffix(s, "IfExists"):
		return " (RAM has no ...IfExists operators)"
	case s == "Null" || strings.HasPrefix(s, "Arn") || strings.HasPrefix(s, "Binary"):
		return " (not a RAM operator)"
	}
	bare := strings.TrimPrefix(strings.TrimPrefix(s, "ForAllValues:"), "ForAnyValue:")
	for i := StringEquals; i < opCount; i++ {
		if strings.EqualFold(bare, opNames[i]) {
			return " (operator names are case-sensitive: " + opNames[i] + ")"
		}
	}
	// A misspelling: of the set prefix, the operator, or both.
	prefix, op, hasPrefix := strings.Cut(s, ":")
	if !hasPrefix {
		prefix, op = "", s
	} else if best, _, ok := suggest.Closest(prefix, []string{"ForAllValues", "ForAnyValue"}, 2); ok {
		prefix = best + ":"
	} else {
		return ""
	}
	if _, ok := ParseOperator(op); !ok {
		best, _, ok := suggest.Closest(op, opNames[StringEquals:], 2)
		if !ok {
			return ""
		}
		op = best
	}
	return " — did you mean " + prefix + op + "?"
}

// didYouMean returns " — did you mean X?" for the allowed name nearest to name, or "".
func didYouMean(name string, allowed []string) string {
	if best, _, ok := suggest.Closest(name, allowed, 2); ok {
		return " — did you mean " + best + "?"
	}
	return ""
}

// elements reports every member of an object whose name is not one of allowed, at the
// member's own pointer and position.
func (c *checker) elements(n *jsontree.Node, ptr string, allowed []string, sentinel error) {
	if n.Kind != jsontree.Object {
		return
	}
	for _, f := range n.Fields {
		if c.full() {
			return
		}
		ok := false
		for _, a := range allowed {
			ok = ok || a == f.Key
		}
		if ok {
			continue
		}
		fptr := jsontree.Pointer(ptr, f.Key)
		if sentinel == ErrInvalidPrincipal {
			c.add(f.KeyOffset, fptr, sentinel, "unknown principal kind %q (want RAM, Service or Federated)%s", f.Key, didYouMean(f.Key, allowed))
		} else {
			c.add(f.KeyOffset, fptr, sentinel, "unknown element %q%s", f.Key, elementHint(f.Key, allowed))
		}
	}
}
