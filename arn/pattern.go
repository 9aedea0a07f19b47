package arn

import (
	"strings"

	"github.com/rampolicy/ram/internal/wildcard"
)

// Pattern is a compiled resource pattern: "*", or an ACS ARN whose fields may hold the
// wildcards '*' and '?'. It matches as a policy's Resource does: exactly, except that a
// RAM resource (acs:ram:..., the service in any letter case) matches ignoring ASCII case,
// since the names of RAM entities are case-insensitive. The zero Pattern matches nothing.
// A Pattern is immutable and safe for concurrent use.
type Pattern struct {
	m    *wildcard.Pattern // exact
	fold *wildcard.Pattern // ASCII case folded, for RAM resources
}

// ParsePattern checks and compiles a resource pattern. It must be "*" or start with "acs:"
// and have at least five colon-separated fields; the fifth field is the rest of the text.
// An account field that looks masked (123456789012****) is a pattern like any other (its
// stars are wildcards; policy/lint warns about it). The length is not limited here: the document holding a pattern bounds it, and matching
// takes time linear in the pattern and the text.
// Matching is over the whole ARN text: '*' may cross ':' and '/' and may match an empty
// field, so acs:ram:*:*:user/alice matches acs:ram::1234567890123456:user/alice.
func ParsePattern(s string) (Pattern, error) {
	fail := func(off int, field, msg string, err error) (Pattern, error) {
		return Pattern{}, &ParseError{Input: s, Offset: off, Field: field, Msg: msg, Err: err, fn: "ParsePattern"}
	}
	if s != "*" {
		if !strings.HasPrefix(s, "acs:") {
			return fail(0, "prefix", "must be \"*\" or start with \"acs:\"", ErrPrefix)
		}
		if strings.Count(s, ":") < 4 {
			return fail(len(s), "", "must have five fields acs:service:region:account:resource", ErrMissingField)
		}
	}
	w, f := wildcard.Compile(s, false), wildcard.Compile(s, true)
	return Pattern{m: &w, fold: &f}, nil
}

// MustParsePattern is like ParsePattern but panics on an error; for tests and constants.
func MustParsePattern(s string) Pattern {
	p, err := ParsePattern(s)
	if err != nil {
		panic(err)
	}
	return p
}

// String returns the pattern's source text.
func (p Pattern) String() string {
	if p.m == nil {
		return ""
	}
	return p.m.String()
}

// Match reports whether the ARN matches the pattern.
func (p Pattern) Match(a ARN) bool { return p.MatchString(a.s) && a.s != "" }

// MatchString reports whether the text matches the pattern.
func (p Pattern) MatchString(s string) bool {
	if p.m == nil {
		return false
	}
	if isRAMResource(s) {
		return p.fold.Match(s)
	}
	return p.m.Match(s)
}

// isRAMResource reports whether s is a resource of service ram: "acs:", then "ram" in any
// letter case, then ':' (as package eval decides it).
func isRAMResource(s string) bool {
	return len(s) >= 8 && s[:4] == "acs:" && strings.EqualFold(s[4:7], "ram") && s[7] == ':'
}

// Wildcards counts the pattern's wildcards, a run of '*' counting once.
func (p Pattern) Wildcards() int {
	if p.m == nil {
		return 0
	}
	return p.m.Wildcards()
}
