package analyze

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/rampolicy/ram/internal/condval"
	"github.com/rampolicy/ram/internal/wildcard"
	"github.com/rampolicy/ram/policy"
)

// principalARNKey is the context key RAM derives from the caller (lower case).
const principalARNKey = "acs:principalarn"

// cond is one condition of one statement, its policy values read once. It answers, for
// one request value, the operator's positive question (StringNotEquals asks
// StringEquals), as semantics.md defines it.
type cond struct {
	stmt  int
	op    policy.Op
	set   policy.SetPrefix
	key   string // lower case
	name  string // as written
	vals  []string
	fold  bool // String operators on acs:PrincipalARN compare ASCII-case-insensitively
	pats  []wildcard.Pattern
	nums  []condval.Decimal
	dates []condval.Instant
	pfx   []netip.Prefix
	b     bool
}

func newCond(stmt int, c policy.Condition) (*cond, error) {
	k := strings.ToLower(c.Key)
	cc := &cond{stmt: stmt, op: c.Operator.Op, set: c.Operator.Set, key: k, name: c.Key,
		vals: c.Values, fold: k == principalARNKey && principalARNFolds}
	if len(c.Values) == 0 {
		return nil, fmt.Errorf("%w: %s on %q has no values", ErrInput, c.Operator, c.Key)
	}
	for _, v := range c.Values {
		ok := true
		switch cc.op.Family() {
		case policy.FamilyString:
			if cc.op == policy.StringLike || cc.op == policy.StringNotLike {
				cc.pats = append(cc.pats, wildcard.Compile(v, cc.fold))
			}
		case policy.FamilyNumeric:
			var d condval.Decimal
			d, ok = condval.ParseDecimal(v)
			cc.nums = append(cc.nums, d)
		case policy.FamilyDate:
			var t condval.Instant
			t, ok = condval.ParseDate(v)
			cc.dates = append(cc.dates, t)
		case policy.FamilyBool:
			cc.b, ok = condval.ParseBool(v)
			ok = ok && len(c.Values) == 1
		case policy.FamilyIP:
			var p netip.Prefix
			p, ok = condval.ParsePrefix(v)
			cc.pfx = append(cc.pfx, p)
		default:
			ok = false
		}
		if !ok {
			return nil, fmt.Errorf("%w: %s cannot read %q", ErrInput, c.Operator, v)
		}
	}
	return cc, nil
}

// matches reports whether the request value v satisfies the positive form of the
// operator for some policy value. An unreadable value matches nothing.
func (c *cond) matches(v string) bool {
	switch c.op {
	case policy.StringEquals, policy.StringNotEquals:
		for _, s := range c.vals {
			if s == v || c.fold && equalFoldASCII(s, v) {
				return true
			}
		}
	case policy.StringEqualsIgnoreCase, policy.StringNotEqualsIgnoreCase:
		for _, s := range c.vals {
			if strings.EqualFold(s, v) {
				return true
			}
		}
	case policy.StringLike, policy.StringNotLike:
		for i := range c.pats {
			if c.pats[i].Match(v) {
				return true
			}
		}
	case policy.Bool:
		b, ok := condval.ParseBool(v)
		return ok && b == c.b
	case policy.IPAddress, policy.NotIPAddress:
		a, ok := condval.ParseAddr(v)
		if !ok {
			return false
		}
		for _, p := range c.pfx {
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
			for _, n := range c.nums {
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

func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// holdsAbsent is the condition on a request without the key (or with an empty list).
func (c *cond) holdsAbsent() bool {
	switch c.set {
	case policy.ForAllValues:
		return true
	case policy.ForAnyValue:
		return false
	}
	return c.op.Negated()
}

// stringPats returns the languages the String operator's values define, for exploring
// the key's value classes.
func (c *cond) stringPats() ([]pat, error) {
	f := foldNone
	if c.fold {
		f = foldASCII
	}
	var out []pat
	for _, v := range c.vals {
		var p pat
		var err error
		switch c.op {
		case policy.StringLike, policy.StringNotLike:
			p, err = wildcardPat(v, f)
		case policy.StringEqualsIgnoreCase, policy.StringNotEqualsIgnoreCase:
			if strings.ContainsRune(v, '\uFFFD') {
				// strings.EqualFold reads a request's invalid UTF-8 byte as U+FFFD: a class
				// of request values the valid-UTF-8 exploration does not hold.
				return nil, fmt.Errorf("%w: %s value %q holds U+FFFD", ErrUndecided, c.op, v)
			}
			p, err = literalPat(v, foldUnicode)
		default:
			p, err = literalPat(v, f)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}
