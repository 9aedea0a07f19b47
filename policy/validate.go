package policy

import (
	"strconv"
	"unicode/utf8"
)

// Validate checks a Document however it was made, with the value rules Parse applies
// (rules.go): Kind set, Version "1", a non-empty Statement list, and in each statement an
// Effect, a non-empty Action or NotAction list of valid actions, Resource where the kind
// needs it, Principal exactly in trust and resource policies, valid ARNs, principals,
// condition operators, keys and values. It returns nil or an ErrorList whose errors carry
// the same sentinels and messages Parse gives, with JSON Pointers as the canonical text
// (MarshalJSON) would have them (every value list an array) and the statement's
// position when it has one.
//
// Validate does not count the size: sizes are a property of the text, which Parse and
// UnmarshalJSON check; a Document's canonical text can be a little longer than the text
// it was parsed from.
func (d *Document) Validate() error {
	if d == nil {
		return ErrorList{{Msg: "nil document", Err: ErrMissingStatement}}
	}
	c := &checker{kind: d.Kind}
	if !d.Kind.valid() {
		c.add(-1, nil, ErrInvalidKind, "document kind is "+d.Kind.String()+"; set Document.Kind")
		return c.list()
	}
	if msg := versionProblem(d.Version); msg != "" {
		at := (*ptr)(nil).member("Version")
		c.add(-1, &at, ErrInvalidVersion, msg)
	}
	at := (*ptr)(nil).member("Statement")
	if len(d.Statements) == 0 {
		c.add(-1, &at, ErrMissingStatement, "Statement is empty")
	}
	for i := range d.Statements {
		sat := at.elem(i)
		c.validStatement(&d.Statements[i], &sat)
	}
	if len(c.errs) > 0 {
		return c.list()
	}
	return nil
}

func (c *checker) validStatement(s *Statement, at *ptr) {
	c.cur = s.Pos
	c.shape(at, -1, s.Effect != 0, !s.NotAction, s.NotAction, s.Resources != nil, s.Principal != nil)
	if s.Effect != 0 && s.Effect != EffectAllow && s.Effect != EffectDeny {
		eat := at.member("Effect")
		c.add(-1, &eat, ErrInvalidEffect, "invalid effect "+strconv.Itoa(int(s.Effect))+` (want EffectAllow or EffectDeny)`)
	}
	if !utf8.ValidString(s.Sid) {
		sat := at.member("Sid")
		c.add(-1, &sat, ErrJSONSyntax, "the Sid is not valid UTF-8, which no policy text can hold")
	}
	name := "Action"
	if s.NotAction {
		name = "NotAction"
	}
	aat := at.member(name)
	c.validValues(s.Actions, &aat, name, checkAction, "")
	if s.Resources != nil {
		rat := at.member("Resource")
		c.validValues(s.Resources, &rat, "Resource", checkResource, "")
	}
	if p := s.Principal; p != nil {
		pat := at.member("Principal")
		switch {
		case !c.kind.hasPrincipal():
			c.add(-1, &pat, ErrInvalidPolicyElement, `unknown element "Principal"`+elementHint("Principal", nil))
		case len(p.RAM) == 0 && len(p.Service) == 0 && len(p.Federated) == 0:
			c.emptyList(-1, &pat, "Principal")
		default:
			// An empty list is left out, as MarshalJSON leaves it out.
			for _, kv := range [3]struct {
				kind string
				vals []string
			}{{"RAM", p.RAM}, {"Service", p.Service}, {"Federated", p.Federated}} {
				if len(kv.vals) > 0 {
					kat := pat.member(kv.kind)
					c.validValues(kv.vals, &kat, "Principal", checkPrincipal, kv.kind)
				}
			}
		}
	}
	if len(s.Conditions) > 0 {
		cat := at.member("Condition")
		for i := range s.Conditions {
			c.validCondition(s.Conditions, i, &cat)
		}
	}
}

func (c *checker) validCondition(conds []Condition, i int, at *ptr) {
	cond := &conds[i]
	name := cond.Operator.String()
	oat := at.member(name)
	op, known := ParseOperator(name)
	kat := oat.member(cond.Key)
	for _, prev := range conds[:i] {
		if prev.Operator == cond.Operator && prev.Key == cond.Key {
			// In the text they would be one key twice in one operator's object.
			c.add(-1, &kat, ErrDuplicateKey, "the operator "+name+" names the key "+strconv.Quote(cond.Key)+" twice")
			return
		}
	}
	if !utf8.ValidString(cond.Key) {
		c.add(-1, &kat, ErrJSONSyntax, "the condition key is not valid UTF-8, which no policy text can hold")
		return
	}
	if !known || op != cond.Operator {
		first := true // an operator is one member of Condition: reported once, as Parse does
		for _, prev := range conds[:i] {
			first = first && prev.Operator.String() != name
		}
		if first {
			c.addf(-1, &oat, ErrInvalidConditionOperator, func() string { return operatorProblem(name) })
		}
		c.validValues(cond.Values, &kat, "", checkTypeOnly, "") // as Parse: only the empty list
		return
	}
	c.key(cond.Key, -1, &kat)
	c.op = op.Op
	c.validValues(cond.Values, &kat, "", checkCondition, "")
	if msg := boolProblem(op.Op, cond.Key, len(cond.Values)); msg != "" {
		c.add(-1, &kat, ErrInvalidConditionMultipleBoolean, msg)
	}
}

// validValues checks a list as values does a JSON list: empty counts as missing.
func (c *checker) validValues(vals []string, at *ptr, element string, check valueCheck, arg string) {
	if len(vals) == 0 {
		c.emptyList(-1, at, element)
		return
	}
	for i, v := range vals {
		eat := at.elem(i)
		if !utf8.ValidString(v) {
			// Parse reads text, which cannot hold it; MarshalJSON would write U+FFFD, and
			// the document would mean something else than its own text.
			c.add(-1, &eat, ErrJSONSyntax, "the value is not valid UTF-8, which no policy text can hold")
			continue
		}
		c.value(v, -1, &eat, check, arg)
	}
}

// UnmarshalJSON parses the text as Parse does for d.Kind, with the default limits of the
// kind, and replaces d with the result: strict JSON (duplicate keys, syntax, nesting), the
// kind's size, structure and values. The kind must be set before: the same text can be a
// valid identity policy and an invalid trust policy, so a zero Kind is an error
// (ErrInvalidKind), never a guess. JSON null is an error too, not "no document".
//
//	doc := policy.Document{Kind: policy.TrustPolicy}
//	err := json.Unmarshal(text, &doc)
func (d *Document) UnmarshalJSON(text []byte) error {
	if !d.Kind.valid() {
		return ErrorList{{Msg: "document kind is " + d.Kind.String() + "; set Document.Kind before unmarshalling", Err: ErrInvalidKind}}
	}
	doc, err := Parse(text, d.Kind)
	if err != nil {
		return err
	}
	*d = *doc
	return nil
}
