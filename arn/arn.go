package arn

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxLength is the longest ARN text Parse accepts (patterns are bounded by their document instead), in bytes.
const MaxLength = 2048

// ARN is a parsed ACS ARN. It is a small comparable value; the zero ARN is invalid
// (IsValid reports false) and its String is "".
type ARN struct {
	s          string // canonical text
	c2, c3, c4 int32  // offsets of the second to fourth colons; the first is at 3 ("acs:")
	// kind is Kind's answer, computed once by Parse: decisions ask it of every caller.
	// It follows from s, so two ARNs with one text are still equal.
	kind Kind
}

// c1 is the offset of an ARN's first colon: every ARN starts with "acs:".
const c1 = 3

// Kind is the kind of RAM identity an ARN names.
type Kind uint8

// The RAM identity kinds. KindOther is any ARN that is not a RAM identity.
const (
	KindOther Kind = iota
	KindRoot
	KindUser
	KindGroup
	KindRole
	KindRoleSession
)

var kindNames = [...]string{"other", "root", "user", "group", "role", "role session"}

// String names the kind.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "invalid"
}

// Parse parses an ACS ARN. The service is lower-case letters, digits and '-'; the region
// lower-case letters, digits and '-', possibly empty; the account digits, possibly empty,
// or the word "system" (system policies); the resource any non-empty text without control
// characters or white space. Wildcards are not special here: an ARN names one thing.
func Parse(s string) (ARN, error) {
	if a, ok := parseFast(s); ok {
		return a, nil
	}
	return parseSlow(s)
}

// parseSlow is Parse field by field: it finds the first problem of any text and says
// what it is. Parse asks it only of the texts parseFast does not vouch for.
func parseSlow(s string) (ARN, error) {
	fail := func(off int, field, msg string, err error) (ARN, error) {
		return ARN{}, &ParseError{Input: s, Offset: off, Field: field, Msg: msg, Err: err}
	}
	if len(s) > MaxLength {
		return fail(MaxLength, "", "longer than 2048 bytes", ErrTooLong)
	}
	if !strings.HasPrefix(s, "acs:") {
		return fail(0, "prefix", "must start with \"acs:\"", ErrPrefix)
	}
	var cs [4]int
	n := 0
	for i := 0; i < len(s) && n < 4; i++ {
		if s[i] == ':' {
			cs[n] = i
			n++
		}
	}
	if n < 4 {
		return fail(len(s), "", "must have five fields acs:service:region:account:resource", ErrMissingField)
	}
	a := ARN{s: s, c2: int32(cs[1]), c3: int32(cs[2]), c4: int32(cs[3])}
	if svc := a.Service(); svc == "" || !isLowerWord(svc) {
		return fail(cs[0]+1, "service", "service must be lower-case letters, digits and '-'", ErrInvalidField)
	}
	if !isLowerWord(a.Region()) {
		return fail(cs[1]+1, "region", "region must be lower-case letters, digits and '-'", ErrInvalidField)
	}
	if acct := a.Account(); acct != "system" && !isDigits(acct) {
		if looksMasked(acct) {
			return fail(cs[2]+1, "account", maskedAccountMsg, ErrInvalidField)
		}
		return fail(cs[2]+1, "account", "account must be digits", ErrInvalidField)
	}
	res := a.Resource()
	if res == "" {
		return fail(cs[3]+1, "resource", "resource is empty", ErrInvalidField)
	}
	if i := badResourceChar(res); i >= 0 {
		return fail(cs[3]+1+i, "resource", "resource holds a control character, white space or invalid UTF-8", ErrInvalidField)
	}
	a.kind = kindOf(a.s, int(a.c2), int(a.c3), int(a.c4))
	return a, nil
}

// MustParse is like Parse but panics on an error. It is meant for tests and package-level
// values built from constants.
func MustParse(s string) ARN {
	a, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return a
}

// IsValid reports whether a was produced by a successful Parse.
func (a ARN) IsValid() bool { return a.s != "" }

// String returns the ARN's text; Parse(a.String()) == a for every valid a.
func (a ARN) String() string { return a.s }

// Service returns the service field ("cr", "ram", ...).
func (a ARN) Service() string { return a.field(c1, a.c2) }

// Region returns the region field, empty for global resources.
func (a ARN) Region() string { return a.field(a.c2, a.c3) }

// Account returns the account field.
func (a ARN) Account() string { return a.field(a.c3, a.c4) }

// Resource returns everything after the fourth colon.
func (a ARN) Resource() string {
	if a.s == "" {
		return ""
	}
	return a.s[a.c4+1:]
}

func (a ARN) field(from, to int32) string {
	if a.s == "" {
		return ""
	}
	return a.s[from+1 : to]
}

// Compare orders ARNs by their text; it returns -1, 0 or +1.
func (a ARN) Compare(b ARN) int { return strings.Compare(a.s, b.s) }

// MarshalText returns the ARN's text; the zero ARN marshals as "".
func (a ARN) MarshalText() ([]byte, error) { return []byte(a.s), nil }

// UnmarshalText parses text as an ARN; empty text gives the zero ARN.
func (a *ARN) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*a = ARN{}
		return nil
	}
	v, err := Parse(string(text))
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// Kind reports which RAM identity the ARN names: a RAM ARN with an empty region, a
// numeric account and a resource of root, user/NAME, group/NAME, role/NAME or
// role/NAME/SESSION. Names may not be empty or hold '*' or '?'.
func (a ARN) Kind() Kind { return a.kind }

// IsPrincipal reports whether a is a RAM identity that can make requests: an account
// root, a user or a role session (a role ARN stands for any session of the role).
func (a ARN) IsPrincipal() bool {
	switch a.Kind() {
	case KindRoot, KindUser, KindRole, KindRoleSession:
		return true
	}
	return false
}

// Name returns the user, group or role name of a RAM identity ARN (the role's name for a
// role session), and "" for other ARNs.
func (a ARN) Name() string {
	switch a.Kind() {
	case KindUser, KindGroup, KindRole:
		_, name, _ := strings.Cut(a.Resource(), "/")
		return name
	case KindRoleSession:
		_, rest, _ := strings.Cut(a.Resource(), "/")
		name, _, _ := strings.Cut(rest, "/")
		return name
	}
	return ""
}

// SessionName returns the session name of a role-session ARN, and "" otherwise.
func (a ARN) SessionName() string {
	if a.Kind() != KindRoleSession {
		return ""
	}
	i := strings.LastIndexByte(a.s, '/')
	return a.s[i+1:]
}

// Role returns the role ARN (acs:ram::UID:role/NAME) of a role or role-session ARN, and
// the zero ARN otherwise. It does not allocate: the role's text is a prefix of the
// session's.
func (a ARN) Role() ARN {
	switch a.Kind() {
	case KindRole:
		return a
	case KindRoleSession:
		i := strings.LastIndexByte(a.s, '/')
		return ARN{s: a.s[:i], c2: a.c2, c3: a.c3, c4: a.c4, kind: KindRole}
	}
	return ARN{}
}

// Root returns the ARN of the account root of a, acs:ram::ACCOUNT:root, or the zero ARN
// when a has no numeric account.
func (a ARN) Root() ARN {
	acct := a.Account()
	if acct == "" || !isDigits(acct) {
		return ARN{}
	}
	r, _ := Parse("acs:ram::" + acct + ":root")
	return r
}

func isLowerWord(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isName reports whether s can be a RAM user, group, role or session name here: non-empty,
// no '/', no wildcard.
func isName(s string) bool {
	for i := 0; i < len(s); i++ { // a byte loop: strings.ContainsAny costs more on short names
		if c := s[i]; c == '/' || c == '*' || c == '?' {
			return false
		}
	}
	return s != ""
}

// badResourceChar returns the byte offset of the first character a resource may not hold,
// or -1.
func badResourceChar(s string) int {
	// ASCII first, a byte at a time: its controls and white space are the bytes up to
	// ' ' and DEL. Parse runs on every request that arrives as text.
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf {
			if j := badRuneChar(s[i:]); j >= 0 {
				return i + j
			}
			return -1
		} else if c <= ' ' || c == 0x7f {
			return i
		}
	}
	return -1
}

// badRuneChar is badResourceChar rune by rune.
func badRuneChar(s string) int {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, n := utf8.DecodeRuneInString(s[i:]); n == 1 {
				return i
			}
		}
		if unicode.IsControl(r) || unicode.IsSpace(r) {
			return i
		}
	}
	return -1
}
