package eval

import (
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/internal/condval"
	"github.com/rampolicy/ram/policy"
	"pgregory.net/rapid"
)

// ipv4Hostile draws context and policy values around what condval.ParseIPv4 reads: IPv4
// addresses and prefixes with leading zeros, out-of-range or missing fields, zones,
// IPv4-mapped IPv6, and values of the other families.
func ipv4Hostile() *rapid.Generator[string] {
	return rapid.OneOf(
		rapid.StringMatching(`(10|192|0|255|1|01|256)\.[0-9]{1,3}\.[0-9]{1,2}\.[0-9]{1,3}`),
		rapid.StringMatching(`(10|192|0)\.[0-9]{1,2}\.[0-3]\.[0-3]`),
		rapid.StringMatching(`(10|192|0)\.[0-9]{1,3}\.0\.0/([0-9]|[12][0-9]|3[0-3])`),
		rapid.SampledFrom([]string{"10.1.2.3", "192.168.1.10", "::ffff:10.1.2.3", "::ffff:10.0.0.0/104", "10.1.2.3%eth0",
			"fe80::1%eth0", "::1", "2001:db8::/32", "0.0.0.0/0", "::/0", "10.1.2", "10.1.2.3.4", "", "true", "FALSE", "falſe", "x"}),
	)
}

// TestConditionHoldsAgreesWithHolds checks the decision's hook, conditionHolds, which
// reads an IPv4 value the Context parsed when it was set, against holds on the values
// contextValues returns (the path an explanation takes), on random contexts built with
// Set, Add and NewContext, copies of them, and random conditions of every set prefix.
func TestConditionHoldsAgreesWithHolds(t *testing.T) {
	t.Parallel()
	keys := []string{"acs:SourceIp", "ACS:SOURCEIP", "acs:SecureTransport", "a:1", "a:2", "b:3", "c:4", "acs:PrincipalARN"}
	ops := []policy.Op{policy.IPAddress, policy.NotIPAddress, policy.Bool, policy.StringEquals, policy.StringNotLike}
	user, err := arn.Parse("acs:ram::1234567890:user/alice")
	if err != nil {
		t.Fatal(err)
	}
	rapid.Check(t, func(t *rapid.T) {
		var ctx Context
		if rapid.Bool().Draw(t, "fromMap") {
			m := map[string][]string{}
			for range rapid.IntRange(0, 6).Draw(t, "mapKeys") {
				m[rapid.SampledFrom(keys).Draw(t, "key")] = rapid.SliceOfN(ipv4Hostile(), 0, 2).Draw(t, "values")
			}
			ctx = NewContext(m)
		}
		for range rapid.IntRange(0, 8).Draw(t, "steps") {
			key := rapid.SampledFrom(keys).Draw(t, "key")
			vals := rapid.SliceOfN(ipv4Hostile(), 0, 2).Draw(t, "values")
			if rapid.Bool().Draw(t, "add") {
				ctx.Add(key, vals...)
			} else {
				ctx.Set(key, vals...)
			}
		}
		req := Request{Context: ctx}
		if rapid.Bool().Draw(t, "principal") {
			req.Principal = user
		}
		checkEntries(t, &req.Context)
		st := newReqState(&req)
		for range rapid.IntRange(1, 6).Draw(t, "conditions") {
			op := rapid.SampledFrom(ops).Draw(t, "op")
			values := rapid.SliceOfN(ipv4Hostile(), 1, 3).Draw(t, "policyValues")
			switch op {
			case policy.Bool:
				values = values[:1]
			case policy.IPAddress, policy.NotIPAddress:
				if rapid.Bool().Draw(t, "readable") { // most hostile lists hold a value IpAddress cannot read
					values = rapid.SliceOfN(rapid.OneOf(
						rapid.StringMatching(`(10|192|0)\.[0-9]{1,2}\.[0-3]\.[0-3](/([0-9]|[12][0-9]|3[0-2]))?`),
						rapid.SampledFrom([]string{"10.0.0.0/8", "::ffff:10.0.0.0/104", "2001:db8::/32", "::/0"})), 1, 3).Draw(t, "readableValues")
				}
			}
			set := rapid.SampledFrom([]policy.SetPrefix{policy.NoPrefix, policy.ForAllValues, policy.ForAnyValue}).Draw(t, "set")
			c, err := compileCondition(policy.Condition{Key: rapid.SampledFrom(keys).Draw(t, "condKey"),
				Operator: policy.Operator{Set: set, Op: op}, Values: values})
			if err != nil {
				continue // a value the operator cannot read
			}
			var s1, s2 [1]string
			want := c.holds(st.contextValues(&c, &s1))
			if got := st.conditionHolds(&c, &s2); got != want {
				t.Fatalf("%v %q on %q, context %v: conditionHolds = %v, holds = %v",
					policy.Operator{Set: set, Op: op}, values, c.name, req.Context.Keys(), got, want)
			}
		}
	})
}

// checkEntries checks that an entry says ipv4 exactly when it holds one value that
// condval.ParseIPv4 reads, and holds that value's number.
func checkEntries(t *rapid.T, c *Context) {
	all := append(c.inline[:c.n:c.n], c.more...)
	for i := range all {
		e := &all[i]
		v4, ok := uint32(0), false
		if e.many == nil {
			v4, ok = condval.ParseIPv4(e.one[0])
		}
		if e.ipv4 != ok || ok && e.v4 != v4 {
			t.Fatalf("entry %q %q: ipv4 %v, v4 %#x; ParseIPv4 says %v, %#x", e.name, e.values(), e.ipv4, e.v4, ok, v4)
		}
	}
}
