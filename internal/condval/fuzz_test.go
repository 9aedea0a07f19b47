package condval

import (
	"encoding/binary"
	"math/big"
	"net/netip"
	"regexp"
	"strings"
	"testing"
	"time"
)

// FuzzReaders checks each reader against a slow one built from the standard library and
// the rules of semantics.md: which texts it reads, and how two read values compare.
func FuzzReaders(f *testing.F) {
	for _, p := range [][2]string{
		{"10", "10.0"}, {"-0", "0.000"}, {"-1.5", "-1.25"}, {"007", "7"}, {"1e3", "+5"}, {".5", "5."},
		{"2026-01-02T03:04:05Z", "2026-01-02T11:04:05+08:00"}, {"2026-01-02T03:04:05.123456789123Z", "2026-01-02T03:04:05.1234567891Z"},
		{"2024-02-29T00:00:00Z", "2023-02-29T00:00:00Z"}, {"2026-01-02t03:04:05z", "2026-01-02T24:00:00Z"}, {"0000-01-01T00:00:00-23:59", "9999-12-31T23:59:59+23:59"},
		{"TRUE", "yes"}, {"falſe", "FALſE"}, {"tRuE", "fAlSe"}, {"true\x00", "\xf4rue"},
		{"255.255.255.255", "256.0.0.1"}, {"1.2.3", "1.2.3.4.5"}, {"1..2.3", "0.0.0.0"}, {".1.2.3", "1.2.3."}, {"1.2.3.04", "01.2.3.4"}, {"10.0.0.1", "::ffff:10.0.0.1"}, {"10.0.0.0/8", "::ffff:10.0.0.0/104"}, {"fe80::1%eth0", "010.0.0.1"}, {"::ffff:0:0/95", "1.2.3.4/32"},
	} {
		f.Add(p[0], p[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		checkDecimal(t, a, b)
		checkDate(t, a, b)
		if v, ok := ParseBool(a); ok != (strings.EqualFold(a, "true") || strings.EqualFold(a, "false")) || ok && v != strings.EqualFold(a, "true") {
			t.Fatalf("ParseBool(%q) = %v, %v", a, v, ok)
		}
		checkIP(t, a, b)
	})
}

var decimalText = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

func checkDecimal(t *testing.T, a, b string) {
	da, okA := ParseDecimal(a)
	db, okB := ParseDecimal(b)
	if okA != decimalText.MatchString(a) || okB != decimalText.MatchString(b) {
		t.Fatalf("ParseDecimal(%q) ok=%v, ParseDecimal(%q) ok=%v", a, okA, b, okB)
	}
	if !okA || !okB {
		return
	}
	ra, _ := new(big.Rat).SetString(a)
	rb, _ := new(big.Rat).SetString(b)
	if got, want := da.Compare(db), ra.Cmp(rb); got != want {
		t.Fatalf("Compare(%q, %q) = %d, exact arithmetic says %d", a, b, got, want)
	}
}

var dateText = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$`)

// refDate reads RFC 3339 with the standard library, after the shape check, which also
// bounds the offset (Go's parser takes "+00:60"; RFC 3339 allows minutes 00-59 only); Go's
// parser rejects the other out-of-range fields (month 13, February 30, hour 24, second 60).
func refDate(s string) (time.Time, bool) {
	if !dateText.MatchString(s) {
		return time.Time{}, false
	}
	tm, err := time.Parse(time.RFC3339Nano, s)
	return tm, err == nil
}

func checkDate(t *testing.T, a, b string) {
	ia, okA := ParseDate(a)
	ib, okB := ParseDate(b)
	ta, refA := refDate(a)
	tb, refB := refDate(b)
	if okA != refA || okB != refB {
		t.Fatalf("ParseDate(%q) ok=%v, reference %v; ParseDate(%q) ok=%v, reference %v", a, okA, refA, b, okB, refB)
	}
	if !okA || !okB {
		return
	}
	// The reference keeps at most nanoseconds too; compare instants.
	if got, want := ia.Compare(ib), ta.Compare(tb); got != want {
		t.Fatalf("Compare(%q, %q) = %d, time says %d", a, b, got, want)
	}
	if ia.Sec != ta.Unix() || int(ia.Nsec) != ta.Nanosecond() {
		t.Fatalf("ParseDate(%q) = %+v, time says %d.%09d", a, ia, ta.Unix(), ta.Nanosecond())
	}
}

func refPrefix(s string) (netip.Prefix, bool) {
	if !strings.Contains(s, "/") {
		a, err := netip.ParseAddr(s)
		if err != nil || a.Zone() != "" {
			return netip.Prefix{}, false
		}
		a = a.Unmap()
		return netip.PrefixFrom(a, a.BitLen()), true
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, false
	}
	p = p.Masked()
	if p.Addr().Is4In6() && p.Bits() >= 96 {
		p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
	}
	return p, true
}

func checkIP(t *testing.T, a, b string) {
	for _, s := range []string{a, b} {
		v4, ok := ParseIPv4(s)
		ref, err := netip.ParseAddr(s)
		refOK := err == nil && ref.Is4()
		if ok != refOK || ok && v4 != binary.BigEndian.Uint32(ref.AsSlice()) {
			t.Fatalf("ParseIPv4(%q) = %#x, %v; netip reads %v, %v", s, v4, ok, ref, refOK)
		}
	}
	addr, ok := ParseAddr(a)
	ref, err := netip.ParseAddr(a)
	refOK := err == nil && ref.Zone() == ""
	if ok != refOK || ok && addr != ref.Unmap() {
		t.Fatalf("ParseAddr(%q) = %v, %v; reference %v, %v", a, addr, ok, ref.Unmap(), refOK)
	}
	p, ok := ParsePrefix(b)
	rp, refOK := refPrefix(b)
	if ok != refOK || ok && p != rp {
		t.Fatalf("ParsePrefix(%q) = %v, %v; reference %v, %v", b, p, ok, rp, refOK)
	}
	if ok && addr.IsValid() && p.Contains(addr) != rp.Contains(ref.Unmap()) {
		t.Fatalf("%v contains %v: answers differ", p, addr)
	}
}
