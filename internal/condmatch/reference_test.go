package condmatch

import (
	"net/netip"
	"strconv"
	"strings"
	"testing"

	"github.com/rampolicy/ram/internal/condval"
	"github.com/rampolicy/ram/internal/wildcard"
	"github.com/rampolicy/ram/policy"
	"pgregory.net/rapid"
)

// refMatches is Matches as it was before its fast paths (IPv4 addresses read without
// net/netip and checked with a mask, booleans read without strings.EqualFold): the slow
// path, read straight from the standard library. Matches must agree with it on every
// operator, policy value and request value.
func refMatches(op policy.Op, values []string, fold bool, v string) bool {
	for _, pv := range values {
		switch op.Family() {
		case policy.FamilyString:
			switch op {
			case policy.StringLike, policy.StringNotLike:
				if p := wildcard.Compile(pv, fold); p.Match(v) {
					return true
				}
			case policy.StringEqualsIgnoreCase, policy.StringNotEqualsIgnoreCase:
				if strings.EqualFold(pv, v) {
					return true
				}
			default:
				if pv == v || fold && EqualFoldASCII(pv, v) {
					return true
				}
			}
		case policy.FamilyBool:
			isTrue, isFalse := strings.EqualFold(v, "true"), strings.EqualFold(v, "false")
			if (isTrue || isFalse) && isTrue == strings.EqualFold(pv, "true") {
				return true
			}
		case policy.FamilyIP:
			a, err := netip.ParseAddr(v)
			p, ok := condval.ParsePrefix(pv)
			if err == nil && a.Zone() == "" && ok && p.Contains(a.Unmap()) {
				return true
			}
		case policy.FamilyNumeric:
			d, ok1 := condval.ParseDecimal(v)
			n, ok2 := condval.ParseDecimal(pv)
			if ok1 && ok2 && compares(op, d.Compare(n)) {
				return true
			}
		case policy.FamilyDate:
			t, ok1 := condval.ParseDate(v)
			n, ok2 := condval.ParseDate(pv)
			if ok1 && ok2 && compares(op, t.Compare(n)) {
				return true
			}
		}
	}
	return false
}

// checkAgainstRef compiles values for op and compares Matches(v) with refMatches, and
// with a Matcher that holds the same Prefixes but was not built by Compile (the slow
// path, as eval/analyze might build one).
func checkAgainstRef(t interface{ Fatalf(string, ...any) }, op policy.Op, values []string, fold bool, v string) {
	m, _, ok := Compile(op, values, fold)
	if !ok {
		return
	}
	want := refMatches(op, values, fold, v)
	if got := m.Matches(v); got != want {
		t.Fatalf("%v %q (fold %v) on %q: Matches = %v, reference %v", op, values, fold, v, got, want)
	}
	plain := Matcher{Op: op, Fold: fold, Strs: m.Strs, Patterns: m.Patterns, Numbers: m.Numbers, Dates: m.Dates, Prefixes: m.Prefixes, Bool: m.Bool}
	if got := plain.Matches(v); got != want {
		t.Fatalf("%v %q on %q, Matcher without Compile: %v, reference %v", op, values, v, got, want)
	}
	if a, ok := condval.ParseIPv4(v); ok {
		if got := m.MatchesIPv4(v, a); got != want {
			t.Fatalf("%v %q on %q: MatchesIPv4 = %v, reference %v", op, values, v, got, want)
		}
		if got := plain.MatchesIPv4(v, a); got != want {
			t.Fatalf("%v %q on %q, Matcher without Compile: MatchesIPv4 = %v, reference %v", op, values, v, got, want)
		}
	}
}

// hostileValue draws request and policy values near the edges of what the readers
// accept: IPv4 with leading zeros, out-of-range or missing fields, IPv6 with zones,
// IPv4-mapped IPv6, prefixes of every length, booleans in odd cases and Unicode folds.
func hostileValue() *rapid.Generator[string] {
	octet := rapid.OneOf(rapid.SampledFrom([]string{"0", "00", "01", "1", "9", "10", "99", "127", "192", "255", "256", "300", "1000", "", " 1", "+1", "-1", "0x1"}),
		rapid.Custom(func(t *rapid.T) string { return string(rune('0' + rapid.IntRange(0, 9).Draw(t, "d"))) }),
		rapid.Custom(func(t *rapid.T) string { return rapid.StringMatching(`[0-9]{1,3}`).Draw(t, "n") }))
	v4 := rapid.Custom(func(t *rapid.T) string {
		n := rapid.IntRange(1, 6).Draw(t, "fields")
		parts := make([]string, n)
		for i := range parts {
			parts[i] = octet.Draw(t, "octet")
		}
		return strings.Join(parts, ".")
	})
	bits := rapid.Custom(func(t *rapid.T) string {
		return rapid.SampledFrom([]string{"/0", "/1", "/7", "/8", "/9", "/16", "/24", "/31", "/32", "/33", "/95", "/96", "/104", "/120", "/128", "/129", "/", "/08", "/-1"}).Draw(t, "bits")
	})
	return rapid.OneOf(
		v4,
		rapid.Custom(func(t *rapid.T) string { return v4.Draw(t, "addr") + bits.Draw(t, "bits") }),
		rapid.Custom(func(t *rapid.T) string {
			return "::ffff:" + v4.Draw(t, "addr") + rapid.SampledFrom([]string{"", "/104", "/96", "/120", "/128", "/64"}).Draw(t, "bits")
		}),
		rapid.Custom(func(t *rapid.T) string {
			return v4.Draw(t, "addr") + rapid.SampledFrom([]string{"%eth0", "%", ":80", " ", "\x00"}).Draw(t, "tail")
		}),
		rapid.SampledFrom([]string{"::", "::1", "fe80::1%eth0", "fe80::1", "2001:db8::/32", "2001:db8::1", "::ffff:0:0/95", "::10.0.0.1", "1.2.3.4::", ""}),
		rapid.SampledFrom([]string{"true", "TRUE", "True", "tRuE", "false", "FALSE", "falſe", "FALſE", "ƒalse", "truе", "tru", "falsey", "1", "0", "yes", " true"}),
		rapid.StringMatching(`[0-9a-fA-F.:/%]{0,20}`),
		rapid.String(),
	)
}

// TestMatchesAgreesWithReference compares Matches with refMatches on generated hostile
// values for every operator, with and without the acs:PrincipalARN fold.
func TestMatchesAgreesWithReference(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		op := policy.Op(rapid.IntRange(int(policy.StringEquals), int(policy.NotIPAddress)).Draw(rt, "op"))
		values := rapid.SliceOfN(hostileValue(), 1, 4).Draw(rt, "values")
		if op.Family() == policy.FamilyIP && rapid.Bool().Draw(rt, "v4only") {
			values = rapid.SliceOfN(rapid.StringMatching(`(10|192|0|255|1)\.[0-9]{1,3}\.[0-9]{1,2}\.[0-9](/[0-9]{1,2})?`), 1, 4).Draw(rt, "v4values")
		}
		fold := rapid.Bool().Draw(rt, "fold")
		v := hostileValue().Draw(rt, "request")
		if rapid.Bool().Draw(rt, "fromPolicy") { // a value equal to, or inside, a policy value
			v, _, _ = strings.Cut(rapid.SampledFrom(values).Draw(rt, "same"), "/")
		}
		checkAgainstRef(rt, op, values, fold, v)
	})
}

// TestMatchesIPv4Exhaustive checks every request address of a few /8 and /16 corners
// against prefixes of every length.
func TestMatchesIPv4Exhaustive(t *testing.T) {
	addrs := []string{"0.0.0.0", "10.0.0.0", "10.255.255.255", "11.0.0.0", "9.255.255.255", "10.1.2.3",
		"192.168.1.10", "192.168.0.0", "255.255.255.255", "128.0.0.0", "127.255.255.255"}
	for _, p := range []string{"10.0.0.0", "192.168.1.10", "255.255.255.255", "0.0.0.0", "128.0.0.1"} {
		for bits := 0; bits <= 32; bits++ {
			pv := p + "/" + string(rune('0'+bits/10)) + string(rune('0'+bits%10))
			if bits < 10 {
				pv = p + "/" + string(rune('0'+bits))
			}
			for _, a := range addrs {
				for _, op := range []policy.Op{policy.IPAddress, policy.NotIPAddress} {
					checkAgainstRef(t, op, []string{pv}, false, a)
					checkAgainstRef(t, op, []string{pv, "::ffff:" + pv}, false, "::ffff:"+a)
					// The same prefix mapped: "::ffff:" + pv alone is an IPv6 prefix of
					// bits bits, not the IPv4-mapped one of bits+96.
					mapped := "::ffff:" + p + "/" + strconv.Itoa(bits+96)
					checkAgainstRef(t, op, []string{mapped}, false, a)
					checkAgainstRef(t, op, []string{mapped}, false, "::ffff:"+a)
				}
			}
		}
	}
}

// FuzzMatches compares Matches with refMatches on fuzzed operators and values.
func FuzzMatches(f *testing.F) {
	ip, notIP, b := byte(policy.IPAddress-1), byte(policy.NotIPAddress-1), byte(policy.Bool-1)
	for _, s := range []struct {
		op      byte
		a, b, v string
	}{
		{ip, "10.0.0.0/8", "", "10.1.2.3"}, {notIP, "10.0.0.0/8", "::ffff:10.0.0.0/104", "::ffff:10.1.2.3"},
		{ip, "0.0.0.0/0", "", "010.1.2.3"}, {ip, "::/0", "1.2.3.4", "1.2.3.4%eth0"}, {ip, "10.0.0.0/8", "", "10.1.2.3.4"},
		{b, "true", "", "falſe"}, {b, "false", "", "FALSE"}, {b, "true", "", "TRUE"}, {0, "a", "A", "a"},
	} {
		f.Add(s.op, s.a, s.b, s.v, false)
	}
	f.Fuzz(func(t *testing.T, opByte byte, a, b, v string, fold bool) {
		op := policy.Op(1 + int(opByte)%int(policy.NotIPAddress))
		values := []string{a}
		if b != "" {
			values = append(values, b)
		}
		checkAgainstRef(t, op, values, fold, v)
	})
}
