package world_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/world"
	"github.com/rampolicy/ram/policy"
	"pgregory.net/rapid"
)

// Reach prunes its forward search to the roles from which the target could be reached
// at all (a backward pass over the trust index, conditions ignored). These properties
// compare it with the search it replaced (ReachBefore, kept in reach_ref_test.go) on
// random worlds whose trust and identity policies carry conditions, under random
// contexts and hop bounds: the answer must be the same in every field, the error too.

var pruneAccounts = []string{"1111111111111111", "2222222222222222", "3333333333333333"}

// pruneConditions are the conditions a generated statement may carry: on a context key
// the query may set, on the caller (acs:PrincipalARN), or none.
var pruneConditions = []string{
	``,
	`,"Condition":{"StringEquals":{"test:tag":"a"}}`,
	`,"Condition":{"StringNotEquals":{"test:tag":"b"}}`,
	`,"Condition":{"Bool":{"acs:MFAPresent":"true"}}`,
	`,"Condition":{"StringLike":{"acs:PrincipalARN":"acs:ram::*:role/r1*"}}`,
	`,"Condition":{"StringNotLike":{"acs:PrincipalARN":"acs:ram::2222222222222222:*"}}`,
}

// pruneWorld is a generated world with the principals and roles queries start from and
// go to.
type pruneWorld struct {
	d     *world.World
	from  []string // users, roles, role sessions, roots, services (UID@SERVICE), unknowns
	to    []string // roles, and names that are no role of the world
	specs []string // the policies, for a failure message
}

func genPruneWorld(t *rapid.T) pruneWorld {
	var w pruneWorld
	nAcct := rapid.IntRange(1, len(pruneAccounts)).Draw(t, "accounts")
	accts := pruneAccounts[:nAcct]
	type principal struct{ acct, kind, name string }
	var users, roles []principal
	for _, a := range accts {
		for i := rapid.IntRange(0, 2).Draw(t, "users"); i > 0; i-- {
			users = append(users, principal{a, "user", fmt.Sprintf("u%d", i)})
		}
		for i := rapid.IntRange(1, 4).Draw(t, "roles"); i > 0; i-- {
			roles = append(roles, principal{a, "role", fmt.Sprintf("r%d", i)})
		}
	}
	arnOf := func(p principal) string { return "acs:ram::" + p.acct + ":" + p.kind + "/" + p.name }
	otherAcct := func() string {
		return rapid.SampledFrom(append(append([]string(nil), pruneAccounts...), "9999999999999999")).Draw(t, "account")
	}
	cond := func() string { // half the statements without a condition
		if rapid.Bool().Draw(t, "conditional") {
			return rapid.SampledFrom(pruneConditions).Draw(t, "condition")
		}
		return ""
	}
	effect := func() string {
		if rapid.IntRange(0, 7).Draw(t, "deny") == 0 {
			return "Deny"
		}
		return "Allow"
	}
	identity := func(min int) []string {
		var stmts []string
		for n := rapid.IntRange(min, 3).Draw(t, "identity statements"); n > 0; n-- {
			res := "*"
			switch rapid.IntRange(0, 2).Draw(t, "resource") {
			case 0:
				res = arnOf(rapid.SampledFrom(roles).Draw(t, "role"))
			case 1:
				res = "acs:ram:*:" + otherAcct() + ":role/*"
			}
			stmts = append(stmts, fmt.Sprintf(`{"Effect":%q,"Action":"sts:AssumeRole","Resource":%q%s}`, effect(), res, cond()))
		}
		return stmts
	}
	trust := func() []string {
		var stmts []string
		for n := rapid.IntRange(1, 3).Draw(t, "trust statements"); n > 0; n-- {
			var who string
			switch rapid.IntRange(0, 6).Draw(t, "trusted") {
			case 0:
				who = fmt.Sprintf(`{"RAM":%q}`, "acs:ram::"+otherAcct()+":root")
			case 1:
				who = `{"RAM":"*"}`
			case 2:
				who = fmt.Sprintf(`{"RAM":%q}`, arnOf(rapid.SampledFrom(roles).Draw(t, "role")))
			case 3:
				// A role or user that may not exist, in another letter case.
				who = fmt.Sprintf(`{"RAM":"acs:ram::%s:%s/%s"}`, otherAcct(),
					rapid.SampledFrom([]string{"role", "user"}).Draw(t, "kind"), rapid.SampledFrom([]string{"R1", "r2", "U1", "u2", "r9"}).Draw(t, "name"))
			case 4:
				who = fmt.Sprintf(`{"Service":%q}`, rapid.SampledFrom([]string{"ecs.aliyuncs.com", otherAcct() + "@ecs.aliyuncs.com"}).Draw(t, "service"))
			case 5:
				if len(users) > 0 {
					who = fmt.Sprintf(`{"RAM":%q}`, arnOf(rapid.SampledFrom(users).Draw(t, "user")))
					break
				}
				fallthrough
			default:
				who = fmt.Sprintf(`{"RAM":[%q,%q]}`, arnOf(rapid.SampledFrom(roles).Draw(t, "role")), "acs:ram::"+otherAcct()+":root")
			}
			stmts = append(stmts, fmt.Sprintf(`{"Effect":%q,"Action":"sts:AssumeRole","Principal":%s%s}`, effect(), who, cond()))
		}
		return stmts
	}
	doc := func(kind policy.Kind, stmts []string) *policy.Document {
		text := `{"Version":"1","Statement":[` + strings.Join(stmts, ",") + `]}`
		w.specs = append(w.specs, text)
		d, err := policy.Parse([]byte(text), kind)
		if err != nil {
			t.Fatalf("generated policy %s: %v", text, err)
		}
		return d
	}
	var accounts []world.Account
	for _, a := range accts {
		acct := world.Account{ID: a}
		for _, u := range users {
			if u.acct != a {
				continue
			}
			var ps []eval.Policy
			if s := identity(0); len(s) > 0 {
				ps = append(ps, eval.Policy{Name: "p", Doc: doc(policy.IdentityPolicy, s)})
			}
			acct.Users = append(acct.Users, world.User{Name: u.name, Policies: ps})
			w.from = append(w.from, arnOf(u))
		}
		for _, r := range roles {
			if r.acct != a {
				continue
			}
			var ps []eval.Policy // roles mostly may assume roles: chains of several hops
			if s := identity(1); len(s) > 0 {
				ps = append(ps, eval.Policy{Name: "p", Doc: doc(policy.IdentityPolicy, s)})
			}
			acct.Roles = append(acct.Roles, world.Role{Name: r.name, Trust: eval.Policy{Name: "trust", Doc: doc(policy.TrustPolicy, trust())}, Policies: ps})
			w.from = append(w.from, arnOf(r), arnOf(r)+"/s")
			w.to = append(w.to, arnOf(r))
		}
		w.from = append(w.from, "acs:ram::"+a+":root", a+"@ecs.aliyuncs.com")
		accounts = append(accounts, acct)
	}
	w.from = append(w.from, "acs:ram::"+accts[0]+":user/nobody", "9999999999999999@ecs.aliyuncs.com")
	w.to = append(w.to, "acs:ram::"+accts[0]+":role/nobody", "acs:ram::"+accts[0]+":user/u1")
	d, err := world.New(accounts)
	if err != nil {
		t.Fatal(err)
	}
	w.d = d
	return w
}

func genPruneContext(t *rapid.T) eval.Context {
	var c eval.Context
	if v := rapid.SampledFrom([]string{"", "a", "b", "c"}).Draw(t, "tag"); v != "" {
		c.Set("test:tag", v)
	}
	if rapid.Bool().Draw(t, "mfa") {
		c.Set("acs:MFAPresent", "true")
	}
	if rapid.IntRange(0, 9).Draw(t, "derived") == 0 {
		c.Set("sts:ExternalId", "x-1") // dropped by Reach: the reference must drop it too
	}
	return c
}

// reachBoth asks the pruned Reach and the reference, from a principal ARN or a service.
func reachBoth(d *world.World, from, to string, q world.ReachQuery) (got, want world.ChainResult, gotErr, wantErr error) {
	if strings.HasPrefix(from, "acs:") {
		f, t := arn.MustParse(from), arn.MustParse(to)
		got, gotErr = d.Reach(f, t, q)
		want, wantErr = d.ReachBefore(f, t, q)
		return
	}
	f, t := arn.MustParseServicePrincipal(from), arn.MustParse(to)
	got, gotErr = d.ReachService(f, t, q)
	want, wantErr = d.ReachServiceBefore(f, t, q)
	return
}

func describeChain(c world.ChainResult) string {
	var b strings.Builder
	for _, h := range c.Hops {
		fmt.Fprintf(&b, "[%s%s -> %s: %v %v] ", h.Caller, h.Service, h.Role, h.Result.Decision, h.Err)
	}
	if c.Final != nil {
		fmt.Fprintf(&b, "final %s", c.Final.ARN())
	}
	return b.String()
}

// TestReachPrunedMatchesBefore asks every (from, to) pair of a random world under one
// random context and hop bound, and wants the pruned search's answer to equal the
// reference's exactly: the hops (callers, roles, results with their statements,
// sessions), the final session and the error.
func TestReachPrunedMatchesBefore(t *testing.T) {
	t.Parallel()
	var reachable, unreachable, long int
	rapid.Check(t, func(t *rapid.T) {
		w := genPruneWorld(t)
		ctx := genPruneContext(t)
		// A drawn bound (small ones are likelier), and one that admits long chains.
		for _, hops := range []int{rapid.IntRange(-1, 5).Draw(t, "maxHops"), 4} {
			q := world.ReachQuery{MaxHops: hops, Context: ctx}
			for _, from := range w.from {
				for _, to := range w.to {
					got, want, gotErr, wantErr := reachBoth(w.d, from, to, q)
					if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
						t.Fatalf("%s -> %s: error %v, want %v", from, to, gotErr, wantErr)
					}
					if !reflect.DeepEqual(got, want) {
						t.Fatalf("%s -> %s (maxHops %d):\n got  %s\n want %s\npolicies: %s", from, to, q.MaxHops,
							describeChain(got), describeChain(want), strings.Join(w.specs, "\n"))
					}
					switch {
					case wantErr != nil:
					case want.Allowed():
						reachable++
						if len(want.Hops) > 1 {
							long++
						}
					default:
						unreachable++
					}
				}
			}
		}
	})
	t.Logf("%d reachable (%d of several hops), %d unreachable", reachable, long, unreachable)
	// The property must have been tested on both answers and on chains, not vacuously.
	if reachable < 100 || unreachable < 100 || long < 20 {
		t.Fatalf("too few cases: %d reachable (%d of several hops), %d unreachable", reachable, long, unreachable)
	}
}
