package eval

import (
	"net/netip"
	"strings"

	"github.com/rampolicy/ram/internal/condval"
	"github.com/rampolicy/ram/internal/wildcard"
	"github.com/rampolicy/ram/policy"
)

// condition is one compiled condition: the policy's values read once, at compile time.
type condition struct {
	op   policy.Op
	set  policy.SetPrefix
	key  string // lower-cased
	name string // as written

	strs     []string
	patterns []wildcard.Pattern
	numbers  []condval.Decimal
	dates    []condval.Instant
	prefixes []netip.Prefix
	boolean  bool

	// principalARN marks a condition on acs:PrincipalARN: its value is derived from the
	// caller (reqState.contextValues), and its String operators ignore ASCII case, as the
	// names of RAM entities do (see entitycase.go).
	principalARN bool
}

// principalARNKey is the context key derived from the request's principal.
const principalARNKey = "acs:principalarn"

func compileCondition(c policy.Condition) (condition, error) {
	cc := condition{op: c.Operator.Op, set: c.Operator.Set, key: strings.ToLower(c.Key), name: c.Key}
	cc.principalARN = cc.key == principalARNKey
	for _, v := range c.Values {
		ok := true
		switch c.Operator.Op.Family() {
		case policy.FamilyString:
			if cc.op == policy.StringLike || cc.op == policy.StringNotLike {
				cc.patterns = append(cc.patterns, wildcard.Compile(v, cc.principalARN))
			} else {
				cc.strs = append(cc.strs, v)
			}
		case policy.FamilyNumeric:
			var d condval.Decimal
			d, ok = condval.ParseDecimal(v)
			cc.numbers = append(cc.numbers, d)
		case policy.FamilyDate:
			var t condval.Instant
			t, ok = condval.ParseDate(v)
			cc.dates = append(cc.dates, t)
		case policy.FamilyBool:
			cc.boolean, ok = condval.ParseBool(v)
			if len(c.Values) != 1 {
				ok = false
			}
		case policy.FamilyIP:
			var p netip.Prefix
			p, ok = condval.ParsePrefix(v)
			cc.prefixes = append(cc.prefixes, p)
		default:
			ok = false
		}
		if !ok {
			// Parse rejects these; a Document built in code may still hold them.
			return condition{}, errorf(policy.ErrInvalidConditionValue, "%s cannot read %q", c.Operator, v)
		}
	}
	if len(c.Values) == 0 {
		return condition{}, errorf(policy.ErrInvalidConditionValue, "%s on %q has no values", c.Operator, c.Key)
	}
	return cc, nil
}

// holds evaluates the condition against the request's values for its key; present is
// false when the key is absent. An empty list of values counts as absent.
func (c *condition) holds(values []string) bool {
	if len(values) == 0 {
		switch c.set {
		case policy.ForAllValues:
			return true
		case policy.ForAnyValue:
			return false
		}
		return c.op.Negated()
	}
	switch c.set {
	case policy.ForAllValues:
		for _, v := range values {
			if !c.holdsOne(v) {
				return false
			}
		}
		return true
	case policy.ForAnyValue:
		for _, v := range values {
			if c.holdsOne(v) {
				return true
			}
		}
		return false
	}
	// No set prefix: a positive operator holds when any request value matches; a negated
	// one when no request value matches any policy value.
	if c.op.Negated() {
		for _, v := range values {
			if c.matches(v) {
				return false
			}
		}
		return true
	}
	for _, v := range values {
		if c.matches(v) {
			return true
		}
	}
	return false
}

// holdsOne applies the operator to one request value.
func (c *condition) holdsOne(v string) bool {
	if c.op.Negated() {
		return !c.matches(v)
	}
	return c.matches(v)
}

// matches reports whether the request value v satisfies the positive form of the
// operator against any of the policy's values (StringNotEquals asks StringEquals, and so
// on). A value the operator cannot read matches nothing.
func (c *condition) matches(v string) bool {
	switch c.op {
	case policy.StringEquals, policy.StringNotEquals:
		if c.principalARN {
			for _, s := range c.strs {
				if equalFoldASCII(s, v) {
					return true
				}
			}
			return false
		}
		for _, s := range c.strs {
			if s == v {
				return true
			}
		}
	case policy.StringEqualsIgnoreCase, policy.StringNotEqualsIgnoreCase:
		for _, s := range c.strs {
			if strings.EqualFold(s, v) {
				return true
			}
		}
	case policy.StringLike, policy.StringNotLike:
		for i := range c.patterns {
			if c.patterns[i].Match(v) {
				return true
			}
		}
	case policy.Bool:
		b, ok := condval.ParseBool(v)
		return ok && b == c.boolean
	case policy.IPAddress, policy.NotIPAddress:
		a, ok := condval.ParseAddr(v)
		if !ok {
			return false
		}
		for _, p := range c.prefixes {
			if p.Contains(a) {
				return true
			}
		}
	default:
		switch c.op.Family() {
		case policy.FamilyNumeric:
			d, ok := condval.ParseDecimal(v)
			if !ok {
				return false
			}
			for _, n := range c.numbers {
				if compares(c.op, d.Compare(n)) {
					return true
				}
			}
		case policy.FamilyDate:
			t, ok := condval.ParseDate(v)
			if !ok {
				return false
			}
			for _, n := range c.dates {
				if compares(c.op, t.Compare(n)) {
					return true
				}
			}
		}
	}
	return false
}

// compares turns a comparison of request value to policy value into the operator's
// answer; the Not forms ask equality (their negation is applied by the caller).
func compares(op policy.Op, cmp int) bool {
	switch op {
	case policy.NumericEquals, policy.NumericNotEquals, policy.DateEquals, policy.DateNotEquals:
		return cmp == 0
	case policy.NumericLessThan, policy.DateLessThan:
		return cmp < 0
	case policy.NumericLessThanEquals, policy.DateLessThanEquals:
		return cmp <= 0
	case policy.NumericGreaterThan, policy.DateGreaterThan:
		return cmp > 0
	case policy.NumericGreaterThanEquals, policy.DateGreaterThanEquals:
		return cmp >= 0
	}
	return false
}
