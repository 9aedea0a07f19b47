package analyze

import (
	"fmt"
	"strings"

	"github.com/rampolicy/ram/internal/condmatch"
	"github.com/rampolicy/ram/policy"
)

// principalARNKey is the context key RAM derives from the caller (lower case).
const principalARNKey = "acs:principalarn"

// cond is one condition of one statement, its policy values read once. It answers, for
// one request value, the operator's positive question (StringNotEquals asks
// StringEquals) with the same code eval decides with (internal/condmatch).
type cond struct {
	condmatch.Matcher
	stmt int
	set  policy.SetPrefix
	key  string // lower case
	name string // as written
	vals []string
}

func newCond(stmt int, c policy.Condition) (*cond, error) {
	k := strings.ToLower(c.Key)
	if len(c.Values) == 0 {
		return nil, fmt.Errorf("%w: %s on %q has no values", ErrInput, c.Operator, c.Key)
	}
	// String operators on acs:PrincipalARN compare ASCII-case-insensitively.
	m, bad, ok := condmatch.Compile(c.Operator.Op, c.Values, k == principalARNKey && principalARNFolds)
	if !ok {
		return nil, fmt.Errorf("%w: %s cannot read %q", ErrInput, c.Operator, bad)
	}
	return &cond{Matcher: m, stmt: stmt, set: c.Operator.Set, key: k, name: c.Key, vals: c.Values}, nil
}

// holdsAbsent is the condition on a request without the key (or with an empty list).
func (c *cond) holdsAbsent() bool {
	switch c.set {
	case policy.ForAllValues:
		return true
	case policy.ForAnyValue:
		return false
	}
	return c.Op.Negated()
}

// stringPats returns the languages the String operator's values define, for exploring
// the key's value classes.
func (c *cond) stringPats() ([]pat, error) {
	f := foldNone
	if c.Fold {
		f = foldASCII
	}
	var out []pat
	for _, v := range c.vals {
		var p pat
		var err error
		switch c.Op {
		case policy.StringLike, policy.StringNotLike:
			p, err = wildcardPat(v, f)
		case policy.StringEqualsIgnoreCase, policy.StringNotEqualsIgnoreCase:
			if strings.ContainsRune(v, '\uFFFD') {
				// strings.EqualFold reads a request's invalid UTF-8 byte as U+FFFD: a class
				// of request values the valid-UTF-8 exploration does not hold.
				return nil, fmt.Errorf("%w: %s value %q holds U+FFFD", ErrUndecided, c.Op, v)
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
