// Package syntax holds the format rules for actions and condition keys that both the
// policy checker and the request checker apply, so each rule has one implementation.
package syntax

import (
	"strings"
	"unicode"
)

// ActionProblem says what is wrong with an action value, or returns "" when it is "*" or
// SERVICE:NAME as RAM requires: SERVICE of ASCII letters, digits, '-', '*' and '?'; NAME
// non-empty, without white space or ':'.
func ActionProblem(s string) string {
	if s == "*" {
		return ""
	}
	svc, name, ok := strings.Cut(s, ":")
	switch {
	case !ok:
		return "want \"*\" or service:Name"
	case svc == "":
		return "the service is empty"
	case strings.Contains(name, ":"):
		return "more than one ':'"
	case name == "":
		return "the action name is empty"
	}
	for i := 0; i < len(svc); i++ {
		ch := svc[i]
		if !('a' <= ch && ch <= 'z' || 'A' <= ch && ch <= 'Z' || '0' <= ch && ch <= '9' || ch == '-' || ch == '*' || ch == '?') {
			return "the service may hold only ASCII letters, digits, '-', '*' and '?'"
		}
	}
	if strings.IndexFunc(name, unicode.IsSpace) >= 0 {
		return "the action name holds white space"
	}
	return ""
}

// KeyProblem says what is wrong with a condition key, or returns "" when it is
// prefix:name with a non-empty prefix without white space and a non-empty rest.
func KeyProblem(k string) string {
	prefix, rest, ok := strings.Cut(k, ":")
	switch {
	case !ok:
		return "want prefix:name, e.g. acs:SourceIp"
	case prefix == "":
		return "the prefix is empty"
	case strings.IndexFunc(prefix, unicode.IsSpace) >= 0:
		return "the prefix holds white space"
	case rest == "":
		return "the name is empty"
	}
	return ""
}
