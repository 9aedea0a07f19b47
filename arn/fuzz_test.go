package arn_test

import (
	"regexp"
	"testing"

	"github.com/rampolicy/ram/arn"
)

// FuzzIdentities: the identity constructors build only ARNs of the kind asked for, which
// Parse reads back as the same value with the same account and names; and
// ParseServicePrincipal accepts exactly the lower-case DNS names of two labels or more.
func FuzzIdentities(f *testing.F) {
	f.Add("1234567890123456", "alice", "s-1", "ecs.aliyuncs.com")
	f.Add("", "a/b", "*", "ECS.aliyuncs.com")
	f.Add("system", "", "x y", "a..b")
	f.Add("12", "r?", "s/t", "-a.b")
	f.Add("1", "\u00e9", "\x00", "a-.b")
	f.Fuzz(func(t *testing.T, account, name, session, service string) {
		check := func(what string, a arn.ARN, err error, kind arn.Kind, wantName, wantSession string) {
			if err != nil {
				if a.IsValid() {
					t.Fatalf("%s: an error and a valid ARN %q", what, a)
				}
				return
			}
			b, perr := arn.Parse(a.String())
			switch {
			case perr != nil || b != a:
				t.Fatalf("%s: %q does not parse back: %v", what, a, perr)
			case a.Kind() != kind || a.Account() != account || a.Name() != wantName || a.SessionName() != wantSession:
				t.Fatalf("%s: %q is %v %q %q %q", what, a, a.Kind(), a.Account(), a.Name(), a.SessionName())
			case kind != arn.KindRoot && a.Root().Account() != account:
				t.Fatalf("%s: root of %q is %q", what, a, a.Root())
			}
		}
		a, err := arn.NewRoot(account)
		check("Root", a, err, arn.KindRoot, "", "")
		a, err = arn.NewUser(account, name)
		check("User", a, err, arn.KindUser, name, "")
		a, err = arn.NewGroup(account, name)
		check("Group", a, err, arn.KindGroup, name, "")
		a, err = arn.NewRole(account, name)
		check("Role", a, err, arn.KindRole, name, "")
		a, err = arn.NewRoleSession(account, name, session)
		check("RoleSession", a, err, arn.KindRoleSession, name, session)
		if err == nil {
			if r, _ := arn.NewRole(account, name); a.Role() != r {
				t.Fatalf("role of %q is %q, want %q", a, a.Role(), r)
			}
		}

		sp, err := arn.ParseServicePrincipal(service)
		if want := serviceName.MatchString(service); (err == nil) != want || err == nil && (sp.String() != service || !sp.IsValid()) {
			t.Fatalf("ParseServicePrincipal(%q) = %q, %v; want ok=%v", service, sp, err, want)
		}
	})
}

// serviceName is a lower-case DNS name of two labels or more, each of letters and digits
// with inner '-', optionally after an account ID and '@'.
var serviceName = regexp.MustCompile(`^([0-9]+@)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$`)
