package analyze

import (
	"errors"
	"testing"

	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
)

// FuzzNoNewAccess runs the analysis on any two documents that parse: it must answer or
// fail with one of its errors, never panic, and never report a witness eval disagrees
// with (ErrUnconfirmed).
func FuzzNoNewAccess(f *testing.F) {
	f.Add(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:Get*","Resource":"acs:oss:*:*:b/*"}]}`,
		`{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:*","Resource":"*"}]}`)
	f.Add(`{"Version":"1","Statement":[{"Effect":"Allow","NotAction":"ram:*","Resource":"*","Condition":{"IpAddress":{"acs:SourceIp":"10.0.0.0/8"}}}]}`,
		`{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"ram:*","Resource":"*","Condition":{"NotIpAddress":{"acs:SourceIp":"10.0.0.0/8"}}}]}`)
	f.Add(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"ForAllValues:StringLike":{"k:t":["a*","?b"]},"NumericLessThan":{"k:n":"2.5"}}}]}`,
		`{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"DateLessThan":{"acs:CurrentTime":"2026-01-01T00:00:00Z"},"StringEqualsIgnoreCase":{"acs:PrincipalARN":"acs:ram::1:user/A"}}}]}`)
	f.Fuzz(func(t *testing.T, a, b string) {
		if len(a) > 600 || len(b) > 600 {
			return
		}
		var sets [2]Set
		for i, text := range []string{a, b} {
			doc, err := policy.Parse([]byte(text), policy.IdentityPolicy)
			if err != nil {
				return
			}
			sets[i] = Set{Kind: policy.IdentityPolicy, Policies: []eval.Policy{{Name: "p", Doc: doc}}}
		}
		_, err := NoNewAccess(sets[0], sets[1], &Options{MaxStates: 5000, MaxNodes: 20000, MaxBehaviours: 256})
		if err != nil && (errors.Is(err, ErrUnconfirmed) || !errors.Is(err, ErrLimit) && !errors.Is(err, ErrUndecided) && !errors.Is(err, ErrInput)) {
			t.Fatalf("%v\nold %s\nnew %s", err, a, b)
		}
	})
}
