package eval

import (
	"strings"

	"github.com/rampolicy/ram/internal/condmatch"
	"github.com/rampolicy/ram/policy"
)

// condition is one compiled condition: the policy's values read once, at compile time.
type condition struct {
	condmatch.Matcher // the operator and its values: one value's test
	set               policy.SetPrefix
	key               string // lower-cased
	name              string // as written

	// principalARN marks a condition on acs:PrincipalARN: its value is derived from the
	// caller (reqState.contextValues), and its String operators ignore ASCII case, as the
	// names of RAM entities do (see entitycase.go).
	principalARN bool
}

// principalARNKey is the context key derived from the request's principal.
const principalARNKey = "acs:principalarn"

func compileCondition(c policy.Condition) (condition, error) {
	key := strings.ToLower(c.Key)
	if len(c.Values) == 0 {
		return condition{}, errorf(policy.ErrInvalidConditionValue, "%s on %q has no values", c.Operator, c.Key)
	}
	m, bad, ok := condmatch.Compile(c.Operator.Op, c.Values, key == principalARNKey)
	if !ok {
		// Parse rejects these; a Document built in code may still hold them.
		return condition{}, errorf(policy.ErrInvalidConditionValue, "%s cannot read %q", c.Operator, bad)
	}
	return condition{Matcher: m, set: c.Operator.Set, key: key, name: c.Key, principalARN: key == principalARNKey}, nil
}

// conditionHolds reports whether the condition holds for the request: holds on the
// request's values for its key, except that a value the Context read as an IPv4 address
// when it was set (ctxEntry.ipv4) is not read again. It is the decision's hook; an
// explanation, which shows the values, asks holds, and the two agree
// (TestConditionHoldsAgreesWithHolds).
func (st *reqState) conditionHolds(c *condition, scratch *[1]string) bool {
	if c.principalARN {
		return c.holds(st.contextValues(c, scratch)) // derived from the caller
	}
	e := st.req.Context.lookupEntry(c.key)
	if e == nil {
		return c.holds(nil)
	}
	if e.ipv4 {
		// One value: with it, every set prefix and the plain form ask holdsOne.
		return c.MatchesIPv4(e.one[0], e.v4) != c.Op.Negated()
	}
	return c.holds(e.values())
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
		return c.Op.Negated()
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
	if c.Op.Negated() {
		for _, v := range values {
			if c.Matches(v) {
				return false
			}
		}
		return true
	}
	for _, v := range values {
		if c.Matches(v) {
			return true
		}
	}
	return false
}

// holdsOne applies the operator to one request value.
func (c *condition) holdsOne(v string) bool {
	if c.Op.Negated() {
		return !c.Matches(v)
	}
	return c.Matches(v)
}
