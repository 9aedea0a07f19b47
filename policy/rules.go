package policy

import (
	"errors"
	"fmt"
	"strings"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/internal/condval"
	"github.com/rampolicy/ram/internal/elide"
	"github.com/rampolicy/ram/internal/suggest"
)

// The rules on values and on the shape of a statement, one implementation each. Both ways
// into a Document apply them: Parse walks the JSON tree (check.go) and Validate walks a
// Document (validate.go), and each reports what these functions find, with the same
// sentinel and the same words.

// shape reports the elements a statement lacks or holds together, at the statement.
func (c *checker) shape(at *ptr, off int, effect, action, notAction, resource, principal bool) {
	if !effect {
		c.add(off, at, ErrInvalidEffect, "Effect is missing")
	}
	switch {
	case !action && !notAction:
		c.add(off, at, ErrMissingAction, "statement has neither Action nor NotAction")
	case action && notAction:
		c.add(off, at, ErrConflictingElements, "statement has both Action and NotAction")
	}
	if !resource && c.kind.needsResource() {
		c.addf(off, at, ErrMissingResource, func() string {
			return "Resource is missing; " + c.kind.article() + " " + c.kind.String() + " policy needs it"
		})
	}
	if !principal && c.kind.hasPrincipal() {
		c.addf(off, at, ErrInvalidPrincipal, func() string {
			return "Principal is missing; " + c.kind.article() + " " + c.kind.String() + " policy needs it"
		})
	}
}

// emptyList reports an element whose list of values is empty: it counts as missing.
func (c *checker) emptyList(off int, at *ptr, element string) {
	switch element {
	case "Action":
		c.add(off, at, ErrMissingAction, "Action is empty")
	case "NotAction":
		c.add(off, at, ErrMissingAction, "NotAction is empty")
	case "Resource":
		c.add(off, at, ErrMissingResource, "Resource is empty")
	case "Principal":
		c.add(off, at, ErrInvalidPrincipal, "principal is empty")
	default: // a condition key
		c.add(off, at, ErrInvalidConditionValue, "condition has no values")
	}
}

// versionProblem says what is wrong with a Version value, or returns "".
func versionProblem(v string) string {
	if v == "1" {
		return ""
	}
	return "invalid version " + elide.Quote(v) + ` (want "1")`
}

// parseEffect reads an Effect as RAM spells it (case-sensitive).
func parseEffect(s string) (Effect, bool) {
	switch s {
	case "Allow":
		return EffectAllow, true
	case "Deny":
		return EffectDeny, true
	}
	return 0, false
}

func effectProblem(s string) string {
	return "invalid effect " + elide.Quote(s) + ` (want "Allow" or "Deny")`
}

// The value rules below return what is wrong in a few words (mostly constants), or "";
// invalid names the value in a message, when the problem is listed.
func invalid(what, s, detail string) string {
	return "invalid " + what + " " + elide.Quote(s) + ": " + detail
}

// resourceProblem checks "*" or an ARN pattern of five fields; it returns what is wrong
// and the sentinel, or nil.
func resourceProblem(s string) (string, error) {
	if s == "*" || strings.HasPrefix(s, "acs:") && strings.Count(s, ":") >= 4 {
		return "", nil // the common case, without compiling the pattern
	}
	_, err := arn.ParsePattern(s)
	switch {
	case err == nil:
		return "", nil
	case errors.Is(err, arn.ErrPrefix):
		return `want "*" or an ARN starting with "acs:"`, ErrInvalidARNPrefix
	}
	return "an ARN has five fields acs:service:region:account:resource", ErrMissingARNField
}

// principalProblem checks one value of a principal kind ("RAM", "Service", "Federated").
func principalProblem(kind, s string) string {
	var msg string
	switch kind {
	case "RAM":
		msg = ramPrincipalProblem(s)
	case "Service":
		msg = servicePrincipalProblem(s)
	case "Federated":
		msg = federatedPrincipalProblem(s)
	}
	return msg
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
		return `want "*", acs:ram::UID:root, acs:ram::UID:user/NAME or acs:ram::UID:role/NAME`
	}
	switch a.Kind() {
	case arn.KindRoot, arn.KindUser, arn.KindRole:
		return ""
	case arn.KindRoleSession:
		return "a role session cannot be a principal; name the role"
	}
	return `want "*", acs:ram::UID:root, acs:ram::UID:user/NAME or acs:ram::UID:role/NAME (no partial wildcards)`
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

// servicePrincipalProblem returns what arn.ParseServicePrincipal finds wrong with SERVICE
// or UID@SERVICE: a message about the value's actual fault.
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

// operatorProblem says why a name is not a condition operator.
func operatorProblem(s string) string {
	return "unknown condition operator " + elide.Quote(s) + operatorHint(s)
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

// conditionValueProblem checks that the operator can read a policy value; it returns
// what the operator wants.
func conditionValueProblem(op Op, s string) string {
	ok := true
	want := ""
	switch op.Family() {
	case FamilyString:
		return ""
	case FamilyNumeric:
		_, ok = condval.ParseDecimal(s)
		want = "a decimal number such as 10 or -2.5"
	case FamilyDate:
		_, ok = condval.ParseDate(s)
		want = "an RFC 3339 time such as 2026-01-02T03:04:05Z"
	case FamilyBool:
		_, ok = condval.ParseBool(s)
		want = `"true" or "false"`
	case FamilyIP:
		_, ok = condval.ParsePrefix(s)
		want = "an IP address or CIDR block"
	}
	if ok {
		return ""
	}
	return want
}

// boolProblem: a Bool key has one value, with or without a set prefix.
func boolProblem(op Op, key string, n int) string {
	if op != Bool || n <= 1 {
		return ""
	}
	return fmt.Sprintf("Bool key %s has %d values; it may have one", elide.Quote(key), n)
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
