// Package condval reads condition values the way semantics.md defines them, without
// allocating: exact decimals, RFC 3339 instants, booleans and IP addresses or prefixes.
// Package policy uses it to reject policy values it cannot read; package eval uses it to
// read request values, where an unreadable value simply never matches.
package condval

import (
	"net/netip"
	"strings"
	"time"
)

// Decimal is an exact decimal number: -?DIGITS(.DIGITS)?. The zero value is 0.
type Decimal struct {
	neg       bool
	intDigits string // without leading zeros
	fracDigit string // without trailing zeros
}

// ParseDecimal reads -?DIGITS(.DIGITS)?. Other spellings (+5, 1e3, .5, NaN) are unreadable.
func ParseDecimal(s string) (Decimal, bool) {
	var d Decimal
	if strings.HasPrefix(s, "-") {
		d.neg, s = true, s[1:]
	}
	intPart, frac, hasDot := strings.Cut(s, ".")
	if !allDigits(intPart) || hasDot && !allDigits(frac) {
		return Decimal{}, false
	}
	d.intDigits = strings.TrimLeft(intPart, "0")
	d.fracDigit = strings.TrimRight(frac, "0")
	if d.intDigits == "" && d.fracDigit == "" {
		d.neg = false // -0 is 0
	}
	return d, true
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Compare returns -1, 0 or +1 as a is less than, equal to or greater than b.
func (a Decimal) Compare(b Decimal) int {
	if a.neg != b.neg {
		if a.neg {
			return -1
		}
		return 1
	}
	c := compareMagnitude(a, b)
	if a.neg {
		return -c
	}
	return c
}

func compareMagnitude(a, b Decimal) int {
	if len(a.intDigits) != len(b.intDigits) {
		if len(a.intDigits) < len(b.intDigits) {
			return -1
		}
		return 1
	}
	if c := strings.Compare(a.intDigits, b.intDigits); c != 0 {
		return c
	}
	return strings.Compare(a.fracDigit, b.fracDigit) // no trailing zeros: lexical order is numeric
}

// Instant is a point in time with nanosecond precision.
type Instant struct {
	Sec  int64
	Nsec int32
}

// Compare returns -1, 0 or +1.
func (a Instant) Compare(b Instant) int {
	switch {
	case a.Sec < b.Sec || a.Sec == b.Sec && a.Nsec < b.Nsec:
		return -1
	case a == b:
		return 0
	}
	return 1
}

// ParseDate reads RFC 3339: YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM), with an
// upper-case T and Z. Anything else is unreadable.
func ParseDate(s string) (Instant, bool) {
	if len(s) < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		return Instant{}, false
	}
	year, ok1 := num(s[0:4])
	month, ok2 := num(s[5:7])
	day, ok3 := num(s[8:10])
	hour, ok4 := num(s[11:13])
	minute, ok5 := num(s[14:16])
	sec, ok6 := num(s[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || month < 1 || month > 12 || day < 1 ||
		day > daysIn(month, year) || hour > 23 || minute > 59 || sec > 59 {
		return Instant{}, false
	}
	rest := s[19:]
	var nsec int
	if strings.HasPrefix(rest, ".") {
		i := 1
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			if i <= 9 {
				nsec = nsec*10 + int(rest[i]-'0')
			}
			i++
		}
		if i == 1 {
			return Instant{}, false
		}
		for k := i; k <= 9; k++ {
			nsec *= 10
		}
		rest = rest[i:]
	}
	offset := 0
	switch {
	case rest == "Z":
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		oh, ok1 := num(rest[1:3])
		om, ok2 := num(rest[4:6])
		if !ok1 || !ok2 || oh > 23 || om > 59 {
			return Instant{}, false
		}
		offset = oh*3600 + om*60
		if rest[0] == '-' {
			offset = -offset
		}
	default:
		return Instant{}, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, 0, time.UTC)
	return Instant{Sec: t.Unix() - int64(offset), Nsec: int32(nsec)}, true
}

func num(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// ParseBool reads "true" or "false" in any letter case, as strings.EqualFold compares
// them: a non-ASCII spelling such as "falſe" (U+017F folds to s) reads too.
func ParseBool(s string) (value, ok bool) {
	// The ASCII spellings first, without EqualFold's call: x|0x20 equals a lower-case
	// letter exactly when x is that letter in either case.
	switch len(s) {
	case 4:
		if s[0]|0x20 == 't' && s[1]|0x20 == 'r' && s[2]|0x20 == 'u' && s[3]|0x20 == 'e' {
			return true, true
		}
	case 5:
		if s[0]|0x20 == 'f' && s[1]|0x20 == 'a' && s[2]|0x20 == 'l' && s[3]|0x20 == 's' && s[4]|0x20 == 'e' {
			return false, true
		}
	}
	if isASCII(s) {
		return false, false // EqualFold of ASCII texts is the ASCII fold above
	}
	switch {
	case strings.EqualFold(s, "true"):
		return true, true
	case strings.EqualFold(s, "false"):
		return false, true
	}
	return false, false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// ParseIPv4 reads a dotted-quad IPv4 address (four decimal fields of 0-255, no leading
// zeros) into a number, most significant field first. It reads exactly the texts that
// net/netip reads as IPv4 addresses, without building a netip.Addr; ok is false for
// every other text, including IPv6 and IPv4-mapped IPv6 addresses, which ParseAddr reads.
func ParseIPv4(s string) (a uint32, ok bool) {
	// One field at a time, its digits unrolled: this runs on every decision with an
	// acs:SourceIp condition, and a byte loop with a state costs three times as much.
	i := 0
	for f := 0; f < 4; f++ {
		if f > 0 {
			if i >= len(s) || s[i] != '.' {
				return 0, false
			}
			i++
		}
		if i >= len(s) || s[i]-'0' > 9 {
			return 0, false // an empty field, or not a digit
		}
		v := uint32(s[i] - '0')
		i++
		if v != 0 { // a leading 0 is the whole field: a digit after it fails below
			if i < len(s) && s[i]-'0' <= 9 {
				v = v*10 + uint32(s[i]-'0')
				i++
				if i < len(s) && s[i]-'0' <= 9 {
					v = v*10 + uint32(s[i]-'0')
					i++
					if v > 255 {
						return 0, false
					}
				}
			}
		}
		a = a<<8 | v
	}
	return a, i == len(s)
}

// ParseAddr reads an IPv4 or IPv6 address as net/netip does (no zones, no leading zeros).
// An IPv4-mapped IPv6 address is returned in its IPv4 form. A prefix is unreadable here.
func ParseAddr(s string) (netip.Addr, bool) {
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return netip.Addr{}, false
	}
	return a.Unmap(), true
}

// ParsePrefix reads an address or a CIDR prefix. An address becomes a single-address
// prefix; host bits are masked; an IPv4-mapped IPv6 prefix of /96 or longer becomes its
// IPv4 form.
func ParsePrefix(s string) (netip.Prefix, bool) {
	if !strings.Contains(s, "/") {
		a, ok := ParseAddr(s)
		if !ok {
			return netip.Prefix{}, false
		}
		return netip.PrefixFrom(a, a.BitLen()), true
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, false
	}
	p = p.Masked()
	if a := p.Addr(); a.Is4In6() && p.Bits() >= 96 {
		p = netip.PrefixFrom(a.Unmap(), p.Bits()-96)
	}
	return p, true
}
