package analyze

import (
	"testing"

	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
)

func mustSet(t testing.TB, kind policy.Kind, docs ...string) Set {
	t.Helper()
	s := Set{Kind: kind}
	for i, d := range docs {
		doc, err := policy.Parse([]byte(d), kind)
		if err != nil {
			t.Fatalf("policy %d: %v", i, err)
		}
		s.Policies = append(s.Policies, eval.Policy{Name: string(rune('a' + i)), Doc: doc})
	}
	return s
}

func TestSmoke(t *testing.T) {
	old := mustSet(t, policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:Get*","Resource":"acs:oss:*:*:bucket/*"}]}`)
	new := mustSet(t, policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:*","Resource":"acs:oss:*:*:bucket/*"}]}`)
	d, err := Compare(old, new, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("added %+v", d.Added)
	t.Logf("removed %+v", d.Removed)
	if d.Added.Pass || !d.Removed.Pass {
		t.Fatal("want added FAIL, removed PASS")
	}
}
