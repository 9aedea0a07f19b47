package analyze

import (
	"testing"

	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/world"
	"github.com/rampolicy/ram/policy"
)

func pol(t *testing.T, name string, kind policy.Kind, text string) eval.Policy {
	t.Helper()
	d, err := policy.Parse([]byte(text), kind)
	if err != nil {
		t.Fatal(err)
	}
	return eval.Policy{Name: name, Doc: d}
}

func TestCompareWorlds(t *testing.T) {
	read := pol(t, "read", policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:Get*","Resource":"*"}]}`)
	all := pol(t, "all", policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:*","Resource":"*"}]}`)
	assume := pol(t, "assume", policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}`)
	trustBob := pol(t, "trust", policy.TrustPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"acs:ram::1:user/bob"}}]}`)
	trustAll := pol(t, "trust", policy.TrustPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"acs:ram::1:root"}}]}`)
	guard := pol(t, "guard", policy.ControlPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"oss:Delete*","Resource":"*"}]}`)
	dir := func(devs eval.Policy, trust eval.Policy, carol bool) []world.Account {
		a := world.Account{ID: "1", Control: [][]eval.Policy{{guard}},
			Users: []world.User{{Name: "alice", Policies: []eval.Policy{assume}, Groups: []string{"devs"}},
				{Name: "bob", Policies: []eval.Policy{assume}}},
			Groups: []world.Group{{Name: "devs", Policies: []eval.Policy{devs}}},
			Roles:  []world.Role{{Name: "ops", Trust: trust, Policies: []eval.Policy{all}}}}
		if carol {
			a.Users = append(a.Users, world.User{Name: "Carol", Policies: []eval.Policy{read}})
		}
		return []world.Account{a}
	}
	d, err := CompareWorlds(dir(read, trustBob, false), dir(all, trustAll, true), 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, p := range d.Principals {
		got[p.Principal.String()] = !p.Added.Pass
		for _, w := range p.Added.Witnesses {
			if !w.Checked || w.Request.Principal != p.Principal {
				t.Errorf("%s: witness %+v", p.Principal, w)
			}
			if w.Action == "oss:DeleteBucket" || len(w.Action) > 10 && w.Action[:10] == "oss:Delete" {
				t.Errorf("the control policy denies %s", w.Action)
			}
		}
	}
	if !got["acs:ram::1:user/alice"] || !got["acs:ram::1:user/Carol"] || len(got) != 2 {
		t.Errorf("principals with new access: %v", got)
	}
	if len(d.NewPaths) != 1 || d.NewPaths[0].From.String() != "acs:ram::1:user/alice" { // bob could before; Carol may not call AssumeRole
		t.Errorf("new paths: %+v", d.NewPaths)
	}
	same, err := CompareWorlds(dir(read, trustBob, false), dir(read, trustBob, false), 3, nil)
	if err != nil || len(same.Principals) != 0 || len(same.NewPaths) != 0 {
		t.Errorf("identical directories: %+v %v", same, err)
	}
}
