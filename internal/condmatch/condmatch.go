// Package condmatch reads a condition's policy values once and answers, for one request
// value, whether the operator's positive form holds for any of them (StringNotEquals asks
// StringEquals, NumericNotEquals asks NumericEquals). It is the one place that rule lives:
// package eval decides with it, and package analyze reasons with it.
package condmatch

import (
	"net/netip"
	"strings"

	"github.com/rampolicy/ram/internal/condval"
	"github.com/rampolicy/ram/internal/wildcard"
	"github.com/rampolicy/ram/policy"
)

// Matcher is one condition's operator and policy values, read once.
type Matcher struct {
	Op policy.Op
	// Fold makes the String operators (not the IgnoreCase ones, which fold Unicode
	// already) compare ASCII-case-insensitively, as they do on acs:PrincipalARN.
	Fold     bool
	Strs     []string           // StringEquals, StringNotEquals and the IgnoreCase forms
	Patterns []wildcard.Pattern // StringLike, StringNotLike
	Numbers  []condval.Decimal
	Dates    []condval.Instant
	Prefixes []netip.Prefix
	Bool     bool

	// v4 holds the IPv4 ones among Prefixes as masked address and mask, so that an IPv4
	// request value is checked with one compare per prefix. Only Compile fills it (v4Set
	// says so); a Matcher built otherwise checks through Prefixes. So a compiled
	// Matcher's Prefixes must not change after Compile: v4 would not follow.
	v4    []v4Prefix
	v4Set bool
}

// v4Prefix is an IPv4 prefix: an address a is in it when a&mask == addr.
type v4Prefix struct{ addr, mask uint32 }

// fromPrefix returns p's IPv4 form, or false for an IPv6 prefix (an IPv4-mapped one
// included: it contains no unmapped IPv4 address, and ParseAddr unmaps request values).
func fromPrefix(p netip.Prefix) (v4Prefix, bool) {
	if !p.Addr().Is4() || p.Bits() < 0 {
		return v4Prefix{}, false
	}
	b := p.Masked().Addr().As4()
	var mask uint32
	if p.Bits() > 0 {
		mask = ^uint32(0) << (32 - p.Bits())
	}
	return v4Prefix{addr: uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3]), mask: mask}, true
}

// Compile reads the policy's values for op. It reports the first value the operator
// cannot read (a Bool key must have exactly one value), or ok.
func Compile(op policy.Op, values []string, fold bool) (m Matcher, bad string, ok bool) {
	m = Matcher{Op: op, Fold: fold}
	for _, v := range values {
		ok := true
		switch op.Family() {
		case policy.FamilyString:
			if op == policy.StringLike || op == policy.StringNotLike {
				m.Patterns = append(m.Patterns, wildcard.Compile(v, fold))
			} else {
				m.Strs = append(m.Strs, v)
			}
		case policy.FamilyNumeric:
			var d condval.Decimal
			d, ok = condval.ParseDecimal(v)
			m.Numbers = append(m.Numbers, d)
		case policy.FamilyDate:
			var t condval.Instant
			t, ok = condval.ParseDate(v)
			m.Dates = append(m.Dates, t)
		case policy.FamilyBool:
			m.Bool, ok = condval.ParseBool(v)
			ok = ok && len(values) == 1
		case policy.FamilyIP:
			var p netip.Prefix
			p, ok = condval.ParsePrefix(v)
			m.Prefixes = append(m.Prefixes, p)
			if q, is4 := fromPrefix(p); ok && is4 {
				m.v4 = append(m.v4, q)
			}
			m.v4Set = true
		default:
			ok = false
		}
		if !ok {
			return Matcher{}, v, false
		}
	}
	return m, "", true
}

// Matches reports whether the request value v satisfies the positive form of the
// operator against any of the policy's values. A value the operator cannot read matches
// nothing.
func (m *Matcher) Matches(v string) bool {
	switch m.Op {
	case policy.StringEquals, policy.StringNotEquals:
		for _, s := range m.Strs {
			if s == v || m.Fold && EqualFoldASCII(s, v) {
				return true
			}
		}
	case policy.StringEqualsIgnoreCase, policy.StringNotEqualsIgnoreCase:
		for _, s := range m.Strs {
			if strings.EqualFold(s, v) {
				return true
			}
		}
	case policy.StringLike, policy.StringNotLike:
		for i := range m.Patterns {
			if m.Patterns[i].Match(v) {
				return true
			}
		}
	case policy.Bool:
		b, ok := condval.ParseBool(v)
		return ok && b == m.Bool
	case policy.IPAddress, policy.NotIPAddress:
		if a, ok := condval.ParseIPv4(v); ok && m.v4Set {
			return m.inV4(a)
		}
		a, ok := condval.ParseAddr(v)
		if !ok {
			return false
		}
		for _, p := range m.Prefixes {
			if p.Contains(a) {
				return true
			}
		}
	default:
		switch m.Op.Family() {
		case policy.FamilyNumeric:
			d, ok := condval.ParseDecimal(v)
			if !ok {
				return false
			}
			for _, n := range m.Numbers {
				if compares(m.Op, d.Compare(n)) {
					return true
				}
			}
		case policy.FamilyDate:
			t, ok := condval.ParseDate(v)
			if !ok {
				return false
			}
			for _, n := range m.Dates {
				if compares(m.Op, t.Compare(n)) {
					return true
				}
			}
		}
	}
	return false
}

// MatchesIPv4 is Matches(v) for a request value v that condval.ParseIPv4 reads as a:
// a caller that has read v already passes both.
func (m *Matcher) MatchesIPv4(v string, a uint32) bool {
	if !m.v4Set || m.Op != policy.IPAddress && m.Op != policy.NotIPAddress {
		return m.Matches(v)
	}
	return m.inV4(a)
}

// inV4 reports whether the IPv4 address a is in one of the policy's prefixes. An IPv4
// address is in no IPv6 prefix (netip.Prefix.Contains), and ParseAddr reads the text of
// a as that IPv4 address, so only the IPv4 prefixes are checked.
func (m *Matcher) inV4(a uint32) bool {
	for _, p := range m.v4 {
		if a&p.mask == p.addr {
			return true
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

// EqualFoldASCII reports whether a and b are equal with ASCII letters folded.
func EqualFoldASCII(a, b string) bool {
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
