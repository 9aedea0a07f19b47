package arn_test

import (
	"testing"

	"github.com/rampolicy/ram/arn"
	"pgregory.net/rapid"
)

// An ARN is a comparable value whose fields (colon offsets, and now its Kind) follow
// from its text: two ARNs are == exactly when their texts are equal, however each was
// made (Parse, the New* constructors, Role, Root, UnmarshalText), so they work as map
// keys. The zero ARN is invalid, of KindOther, and equals only itself.

func genIdentityText(t *rapid.T) string {
	acct := rapid.SampledFrom([]string{"1", "1111111111111111", "22", ""}).Draw(t, "account")
	name := rapid.SampledFrom([]string{"a", "A", "r1", "R1", "x.y@z", "a-b_c"}).Draw(t, "name")
	switch rapid.IntRange(0, 5).Draw(t, "kind") {
	case 0:
		return "acs:ram::" + acct + ":root"
	case 1:
		return "acs:ram::" + acct + ":user/" + name
	case 2:
		return "acs:ram::" + acct + ":group/" + name
	case 3:
		return "acs:ram::" + acct + ":role/" + name
	case 4:
		return "acs:ram::" + acct + ":role/" + name + "/" + rapid.SampledFrom([]string{"s", "S", "s/t", ""}).Draw(t, "session")
	}
	return rapid.SampledFrom([]string{"acs:cr:cn-hangzhou:" + acct + ":repository/" + name, "acs:ram:cn:" + acct + ":user/" + name,
		"acs:ram::system:policy/" + name}).Draw(t, "other")
}

func TestARNEqualityFollowsText(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		sa, sb := genIdentityText(t), genIdentityText(t)
		a, errA := arn.Parse(sa)
		b, errB := arn.Parse(sb)
		if errA != nil || errB != nil {
			return
		}
		if (a == b) != (sa == sb) {
			t.Fatalf("%q == %q is %v", sa, sb, a == b)
		}
		var u arn.ARN
		if err := u.UnmarshalText([]byte(sa)); err != nil || u != a {
			t.Fatalf("UnmarshalText(%q) = %#v, %v; want %#v", sa, u, err, a)
		}
		if r := a.Role(); r.IsValid() {
			if p := arn.MustParse(r.String()); p != r || p.Kind() != arn.KindRole {
				t.Fatalf("Role of %q is %#v; parsing its text gives %#v", sa, r, p)
			}
			m := map[arn.ARN]bool{arn.MustParse(r.String()): true}
			if !m[r] {
				t.Fatalf("Role of %q is not found as a map key", sa)
			}
		}
		if r := a.Root(); r.IsValid() {
			if p := arn.MustParse(r.String()); p != r || p.Kind() != arn.KindRoot {
				t.Fatalf("Root of %q is %#v; parsing its text gives %#v", sa, r, p)
			}
		}
		var built arn.ARN
		var err error
		switch a.Kind() {
		case arn.KindRoot:
			built, err = arn.NewRoot(a.Account())
		case arn.KindUser:
			built, err = arn.NewUser(a.Account(), a.Name())
		case arn.KindGroup:
			built, err = arn.NewGroup(a.Account(), a.Name())
		case arn.KindRole:
			built, err = arn.NewRole(a.Account(), a.Name())
		case arn.KindRoleSession:
			built, err = arn.NewRoleSession(a.Account(), a.Name(), a.SessionName())
		default:
			return
		}
		if err != nil || built != a {
			t.Fatalf("the constructor of %q gives %#v, %v", sa, built, err)
		}
	})
}

func TestZeroARN(t *testing.T) {
	t.Parallel()
	var z arn.ARN
	if z.IsValid() || z.String() != "" || z.Kind() != arn.KindOther || z.IsPrincipal() || z.Role().IsValid() || z.Root().IsValid() ||
		z.Name() != "" || z.SessionName() != "" || z.Service() != "" || z.Account() != "" || z.Resource() != "" {
		t.Fatalf("the zero ARN: %#v", z)
	}
	var u arn.ARN
	if err := u.UnmarshalText(nil); err != nil || u != z {
		t.Fatalf("UnmarshalText(nil) = %#v, %v", u, err)
	}
	if z == arn.MustParse("acs:ram::1:root") {
		t.Fatal("the zero ARN equals a root")
	}
}
