package arn

import (
	"reflect"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// The parser Parse replaced (field by field, then Kind from the fields), kept here as the
// reference the fast path must agree with: same ARN, same Kind, same error.

type refARN struct {
	s              string
	c1, c2, c3, c4 int32
}

func (a refARN) field(from, to int32) string { return a.s[from+1 : to] }
func (a refARN) Service() string             { return a.field(a.c1, a.c2) }
func (a refARN) Region() string              { return a.field(a.c2, a.c3) }
func (a refARN) Account() string             { return a.field(a.c3, a.c4) }
func (a refARN) Resource() string            { return a.s[a.c4+1:] }

func refParse(s string) (refARN, error) {
	fail := func(off int, field, msg string, err error) (refARN, error) {
		return refARN{}, &ParseError{Input: s, Offset: off, Field: field, Msg: msg, Err: err}
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
	a := refARN{s: s, c1: int32(cs[0]), c2: int32(cs[1]), c3: int32(cs[2]), c4: int32(cs[3])}
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
	return a, nil
}

func (a refARN) Kind() Kind {
	if a.Service() != "ram" || a.Region() != "" || !isDigits(a.Account()) || a.Account() == "" {
		return KindOther
	}
	res := a.Resource()
	if res == "root" {
		return KindRoot
	}
	typ, rest, ok := strings.Cut(res, "/")
	if !ok || !isName(rest) && typ != "role" {
		return KindOther
	}
	switch typ {
	case "user":
		return KindUser
	case "group":
		return KindGroup
	case "role":
		role, session, hasSession := strings.Cut(rest, "/")
		if !isName(role) {
			return KindOther
		}
		if !hasSession {
			return KindRole
		}
		if isName(session) {
			return KindRoleSession
		}
	}
	return KindOther
}

// checkAgainstRef fails when Parse and the reference disagree on s.
func checkAgainstRef(t interface {
	Helper()
	Fatalf(string, ...any)
}, s string) {
	t.Helper()
	got, err := Parse(s)
	want, wantErr := refParse(s)
	if !reflect.DeepEqual(err, wantErr) {
		t.Fatalf("Parse(%q): error %v, reference %v", s, err, wantErr)
	}
	if err != nil {
		if got != (ARN{}) {
			t.Fatalf("Parse(%q) failed but returned %#v", s, got)
		}
		return
	}
	if got.s != want.s || got.c2 != want.c2 || got.c3 != want.c3 || got.c4 != want.c4 || want.c1 != c1 {
		t.Fatalf("Parse(%q) = %#v, reference %#v", s, got, want)
	}
	if got.Kind() != want.Kind() {
		t.Fatalf("Parse(%q).Kind() = %v, reference %v", s, got.Kind(), want.Kind())
	}
	if got.Service() != want.Service() || got.Region() != want.Region() || got.Account() != want.Account() || got.Resource() != want.Resource() {
		t.Fatalf("Parse(%q): fields differ from the reference", s)
	}
	if r := got.Role(); r.IsValid() {
		rr, err := refParse(r.String())
		if err != nil || r.Kind() != rr.Kind() || r.Kind() != KindRole {
			t.Fatalf("Parse(%q).Role() = %#v, kind %v; reference %v", s, r, r.Kind(), err)
		}
	}
}

// parseSeeds are texts near every decision parseFast and kindOf take.
var parseSeeds = []string{
	"acs:ram::1234567890:user/alice", "acs:ram::1:root", "acs:ram::1:role/r/s", "acs:ram::1:role/r",
	"acs:ram::1:group/g", "acs:ram::1:user/", "acs:ram::1:user/a/b", "acs:ram::1:role//s", "acs:ram::1:role/r/",
	"acs:ram::1:role/r/s/t", "acs:ram::1:role/r*", "acs:ram::1:role/r/s?", "acs:ram::1:users/x", "acs:ram::system:root",
	"acs:ram::system:user/a", "acs:ram:::root", "acs:ram:cn:1:root", "acs:RAM::1:root", "acs:ramx::1:root",
	"acs:cr:cn-hangzhou:1234567890:repository/dev/app", "acs:cr:*:1:x", "acs:cr::12**:x", "acs:cr::1:a b",
	"acs:cr::1:a\x7fb", "acs:cr::1:ünï", "acs:cr::1:a\u2028", "acs:cr::1:\xff", "acs:cr::1:", "acs:cr::1", "acs::::x",
	"acs:cr:::x", "acs:cr::x:y", "ACS:cr::1:x", "acs", "", "acs:ram::1:root:extra", "acs:ram::1:user/a:b",
	"acs:ram::1:user/aaaaaaa\x7f", "acs:ram::1:user/aaaaaaa ", "acs:ram::1:user/aaaaaaaaaaaaaaaa\x00x",
	"acs:ram::1234567890123456:root", "acs:ram::12345678901234567:user/a", "acs:ram::1234567:root",
	"acs:ram::12345678:root", "acs:ram::123456789", "acs:ram::12345678", "acs:ram::1234567\xb9:root",
	"acs:ram::12345678\xff:root", "acs:ram::system1234:root", "acs:ram::1234567/:root",
	"acs:ram::0123:role/" + strings.Repeat("r", 40) + "/" + strings.Repeat("s", 40),
	"acs:x::1:" + strings.Repeat("a", MaxLength-9), "acs:x::1:" + strings.Repeat("a", MaxLength-8),
}

// TestNonDigitsEveryByte puts every byte value at every position of a word among
// carry-prone neighbours and checks nonDigits byte by byte.
func TestNonDigitsEveryByte(t *testing.T) {
	for _, fill := range []byte{'0', '9', '/', ':', 0x7f, 0x80, 0xb0, 0xb9, 0xff} {
		for pos := range 8 {
			for c := range 256 {
				var b [8]byte
				for i := range b {
					b[i] = fill
				}
				b[pos] = byte(c)
				m := nonDigits(load64(string(b[:]), 0))
				for i := range b {
					want := b[i] < '0' || b[i] > '9'
					if got := m>>(8*i)&0xff == 0x80; got != want || m>>(8*i)&0x7f != 0 {
						t.Fatalf("nonDigits(% x): byte %d marked %#x, want %v", b, i, m>>(8*i)&0xff, want)
					}
				}
			}
		}
	}
}

func TestParseAgreesWithReference(t *testing.T) {
	for _, s := range parseSeeds {
		checkAgainstRef(t, s)
	}
}

// TestParseAgreesWithReferenceGenerated builds texts from ARN-like pieces: the bytes
// each field treats specially, in every field.
func TestParseAgreesWithReferenceGenerated(t *testing.T) {
	piece := rapid.SampledFrom([]string{
		"acs", ":", "ram", "cr", "cn-hangzhou", "", "1234567890", "system", "root", "user/", "group/", "role/",
		"alice", "/", "*", "?", " ", "\t", "\x7f", "\x00", "é", "\u2028", "\xff", "A", "-", "12**",
	})
	rapid.Check(t, func(t *rapid.T) {
		parts := rapid.SliceOfN(piece, 0, 14).Draw(t, "parts")
		s := strings.Join(parts, "")
		if rapid.Bool().Draw(t, "prefix") {
			s = "acs:" + s
		}
		checkAgainstRef(t, s)
	})
}

// FuzzParseAgainstReference compares Parse with the reference on any text.
func FuzzParseAgainstReference(f *testing.F) {
	for _, s := range parseSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkAgainstRef(t, s) })
}
