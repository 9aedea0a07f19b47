package world_test

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"strings"
	"testing"

	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/world"
	"github.com/rampolicy/ram/policy"
	"pgregory.net/rapid"
)

// WhoCan decides only the principals whose identity policies could allow (see
// whocan_index.go). These properties compare it with the reference that decides every
// principal (WhoCanReference, the search before the index) on random worlds built to hit
// what the pruning must respect: shared and distinct identity sets, groups, control
// policies, service-linked roles, cross-account requests, Deny statements, conditions
// on acs:PrincipalARN and on the query's context, NotAction, wildcards and letter case
// in actions and resources (ram resources match ignoring case), trust policies naming
// accounts, users, roles, "*" and services, and sts:AssumeRole requests whose resource
// policy is a world role's trust policy.

var whoCanAccounts = []string{"1111111111111111", "2222222222222222", "3333333333333333"}

// whoCanGen draws one world's documents. Policy texts are parsed once per world; one
// text is one named policy, so principals that draw the same text share it.
type whoCanGen struct {
	t     *rapid.T
	names map[string]string // text -> name
	docs  map[string]*policy.Document
}

func (g *whoCanGen) policy(kind policy.Kind, stmts []string) eval.Policy {
	text := `{"Version":"1","Statement":[` + strings.Join(stmts, ",") + `]}`
	key := kind.String() + text
	if _, ok := g.docs[key]; !ok {
		d, err := policy.Parse([]byte(text), kind)
		if err != nil {
			g.t.Fatalf("generated %s policy does not parse: %v\n%s", kind, err, text)
		}
		g.docs[key] = d
		g.names[key] = fmt.Sprintf("p%d", len(g.names))
	}
	return eval.Policy{Name: g.names[key], Doc: g.docs[key]}
}

func whoCanPrincipal(acct string) *rapid.Generator[string] {
	return rapid.SampledFrom([]string{
		"acs:ram::" + acct + ":user/u0", "acs:ram::" + acct + ":user/U1", "acs:ram::" + acct + ":role/r0",
		"acs:ram::" + acct + ":role/R1", "acs:ram::" + acct + ":root",
	})
}

// condition returns a Condition element or "".
func (g *whoCanGen) condition(label string) string {
	acct := rapid.SampledFrom(whoCanAccounts).Draw(g.t, label+"-acct")
	switch rapid.IntRange(0, 7).Draw(g.t, label+"-cond") {
	case 0:
		return fmt.Sprintf(`,"Condition":{"StringLike":{"acs:PrincipalARN":%q}}`,
			rapid.SampledFrom([]string{"acs:ram::" + acct + ":user/*", "acs:ram::*:role/r0", "acs:ram:*:" + acct + ":*"}).Draw(g.t, label+"-like"))
	case 1:
		return fmt.Sprintf(`,"Condition":{"StringEquals":{"acs:PrincipalARN":%q}}`, whoCanPrincipal(acct).Draw(g.t, label+"-eq"))
	case 2:
		return fmt.Sprintf(`,"Condition":{"StringNotEquals":{"acs:PrincipalARN":%q}}`, whoCanPrincipal(acct).Draw(g.t, label+"-ne"))
	case 3:
		return `,"Condition":{"StringEquals":{"app:env":"prod"}}`
	}
	return ""
}

// identityStatement draws one statement of an identity or control policy for account
// acct.
func (g *whoCanGen) identityStatement(acct, label string) string {
	other := rapid.SampledFrom(whoCanAccounts).Draw(g.t, label+"-other")
	effect := "Allow"
	if rapid.IntRange(0, 5).Draw(g.t, label+"-deny") == 0 {
		effect = "Deny"
	}
	actions := rapid.SampledFrom([]string{`"cr:PushRepository"`, `"cr:Push*"`, `"CR:*"`, `"*"`, `"sts:AssumeRole"`,
		`"sts:*"`, `["cr:PullRepository","cr:Pu?hRepository"]`, `"ecs:Describe*"`}).Draw(g.t, label+"-action")
	actionKey := "Action"
	if rapid.IntRange(0, 9).Draw(g.t, label+"-not") == 0 {
		actionKey = "NotAction"
	}
	resource := rapid.SampledFrom([]string{`"*"`, `"acs:cr:*:` + acct + `:repository/prod/*"`, `"acs:cr:*:*:repository/*"`,
		`"acs:cr:*:` + other + `:*"`, `"acs:ram:*:` + other + `:role/*"`, `"acs:ram::` + other + `:role/R0"`,
		`"acs:ram::` + other + `:ROLE/r1"`, `"acs:ram:*:*:role/r?"`, `"acs:cr:*:` + other + `:repository/Prod/web"`,
		`["acs:ecs:*:*:instance/i-1","acs:cr:cn-*:` + other + `:repository/*/web"]`}).Draw(g.t, label+"-resource")
	return fmt.Sprintf(`{"Effect":%q,%q:%s,"Resource":%s%s}`, effect, actionKey, actions, resource, g.condition(label))
}

func (g *whoCanGen) identityPolicy(acct, label string) eval.Policy {
	var stmts []string
	for i := range rapid.IntRange(1, 3).Draw(g.t, label+"-n") {
		stmts = append(stmts, g.identityStatement(acct, fmt.Sprintf("%s-%d", label, i)))
	}
	return g.policy(policy.IdentityPolicy, stmts)
}

func (g *whoCanGen) trustPolicy(acct, label string) eval.Policy {
	var stmts []string
	for i := range rapid.IntRange(1, 2).Draw(g.t, label+"-n") {
		l := fmt.Sprintf("%s-%d", label, i)
		other := rapid.SampledFrom(whoCanAccounts).Draw(g.t, l+"-other")
		who := rapid.SampledFrom([]string{
			`{"RAM":"acs:ram::` + other + `:root"}`, `{"RAM":"*"}`, `{"RAM":"acs:ram::` + other + `:role/r0"}`,
			`{"RAM":["acs:ram::` + other + `:user/u0","acs:ram::` + other + `:user/U1"]}`,
			`{"Service":"ecs.aliyuncs.com"}`, `{"Service":"` + other + `@log.aliyuncs.com"}`,
			`{"Service":"9999999999999999@ecs.aliyuncs.com"}`,
		}).Draw(g.t, l+"-who")
		effect := "Allow"
		if rapid.IntRange(0, 7).Draw(g.t, l+"-deny") == 0 {
			effect = "Deny"
		}
		stmts = append(stmts, fmt.Sprintf(`{"Effect":%q,"Action":"sts:AssumeRole","Principal":%s%s}`, effect, who, g.condition(l)))
	}
	return g.policy(policy.TrustPolicy, stmts)
}

// drawWhoCanWorld draws accounts whose principals share a few identity policies.
func drawWhoCanWorld(t *rapid.T) *world.World {
	g := &whoCanGen{t: t, names: map[string]string{}, docs: map[string]*policy.Document{}}
	var pool []eval.Policy
	for i := range rapid.IntRange(1, 5).Draw(t, "pool") {
		pool = append(pool, g.identityPolicy(rapid.SampledFrom(whoCanAccounts).Draw(t, fmt.Sprintf("pool%d-acct", i)), fmt.Sprintf("pool%d", i)))
	}
	policies := func(acct, label string) []eval.Policy {
		var out []eval.Policy
		for i := range rapid.IntRange(0, 2).Draw(t, label+"-n") {
			l := fmt.Sprintf("%s-%d", label, i)
			if rapid.Bool().Draw(t, l+"-shared") {
				p := rapid.SampledFrom(pool).Draw(t, l+"-pick")
				if !containsPolicy(out, p.Name) {
					out = append(out, p)
				}
			} else if p := g.identityPolicy(acct, l); !containsPolicy(out, p.Name) {
				out = append(out, p)
			}
		}
		return out
	}
	var accounts []world.Account
	for ai, acct := range whoCanAccounts[:rapid.IntRange(1, 3).Draw(t, "accounts")] {
		a := world.Account{ID: acct}
		for l := range rapid.IntRange(0, 2).Draw(t, fmt.Sprintf("a%d-control", ai)) {
			// A control level that allows everything but what its other statements deny.
			level := []eval.Policy{g.policy(policy.ControlPolicy, []string{`{"Effect":"Allow","Action":"*","Resource":"*"}`})}
			if rapid.Bool().Draw(t, fmt.Sprintf("a%d-control%d-more", ai, l)) {
				label := fmt.Sprintf("a%d-control%d", ai, l)
				level = append(level, g.policy(policy.ControlPolicy, []string{g.identityStatement(acct, label)}))
			}
			a.Control = append(a.Control, level)
		}
		for i := range rapid.IntRange(0, 2).Draw(t, fmt.Sprintf("a%d-groups", ai)) {
			a.Groups = append(a.Groups, world.Group{Name: fmt.Sprintf("g%d", i), Policies: policies(acct, fmt.Sprintf("a%d-g%d", ai, i))})
		}
		for i := range rapid.IntRange(0, 3).Draw(t, fmt.Sprintf("a%d-users", ai)) {
			name := []string{"u0", "U1", "u2"}[i]
			u := world.User{Name: name, Policies: policies(acct, fmt.Sprintf("a%d-u%d", ai, i))}
			for gi := range a.Groups {
				if rapid.Bool().Draw(t, fmt.Sprintf("a%d-u%d-in%d", ai, i, gi)) {
					u.Groups = append(u.Groups, a.Groups[gi].Name)
				}
			}
			a.Users = append(a.Users, u)
		}
		for i := range rapid.IntRange(0, 3).Draw(t, fmt.Sprintf("a%d-roles", ai)) {
			a.Roles = append(a.Roles, world.Role{
				Name:          []string{"r0", "R1", "r2"}[i],
				Trust:         g.trustPolicy(acct, fmt.Sprintf("a%d-r%d-trust", ai, i)),
				Policies:      policies(acct, fmt.Sprintf("a%d-r%d", ai, i)),
				ServiceLinked: rapid.IntRange(0, 4).Draw(t, fmt.Sprintf("a%d-r%d-linked", ai, i)) == 0,
			})
		}
		accounts = append(accounts, a)
	}
	d, err := world.New(accounts)
	if err != nil {
		t.Fatalf("world.New: %v", err)
	}
	return d
}

func containsPolicy(list []eval.Policy, name string) bool {
	for _, p := range list {
		if p.Name == name {
			return true
		}
	}
	return false
}

func drawWhoCanQuery(t *rapid.T) (*eval.Request, world.ReachQuery) {
	acct := rapid.SampledFrom(whoCanAccounts).Draw(t, "req-acct")
	req := &eval.Request{
		Action: rapid.SampledFrom([]string{"cr:PushRepository", "CR:pushrepository", "sts:AssumeRole", "STS:assumerole", "ecs:DescribeInstances", "cr:PullRepository"}).Draw(t, "req-action"),
		Resource: rapid.SampledFrom([]string{"acs:cr:cn-hangzhou:" + acct + ":repository/prod/web", "acs:cr:cn-hangzhou:" + acct + ":repository/Prod/web",
			"acs:ram::" + acct + ":role/r0", "acs:ram::" + acct + ":role/R1", "acs:RAM::" + acct + ":ROLE/r2", "acs:ram::" + acct + ":role/nobody",
			"acs:ecs:cn-hangzhou:" + acct + ":instance/i-1", "*"}).Draw(t, "req-resource"),
	}
	q := world.ReachQuery{MaxHops: rapid.IntRange(0, 3).Draw(t, "maxHops")}
	switch rapid.IntRange(0, 3).Draw(t, "ctx") {
	case 1:
		q.Context.Set("app:env", "prod")
	case 2:
		q.Context.Set("acs:PrincipalARN", "acs:ram::"+acct+":user/u0") // never the principals' own
	case 3:
		q.Context.Set("sts:ExternalId", "x")
		q.Context.Set("app:env", "dev")
	}
	return req, q
}

func TestWhoCanMatchesUnprunedSearch(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		d := drawWhoCanWorld(t)
		if rapid.Bool().Draw(t, "unknown-sets") {
			// Some identity sets unknown to the index, as when their documents disagree.
			salt := rapid.Uint64().Draw(t, "salt")
			d = d.WithAllowFactsFor(func(ps *eval.PolicySet) bool {
				h := fnv.New64a()
				fmt.Fprint(h, salt, ps.Names(), ps.Len())
				return h.Sum64()%3 != 0
			})
		}
		for i := range 4 {
			req, q := drawWhoCanQuery(t)
			got, gotErr := d.WhoCan(req, q)
			want, wantErr := d.WhoCanReference(req, q)
			if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
				t.Fatalf("query %d %+v maxHops %d: error %v, want %v", i, req, q.MaxHops, gotErr, wantErr)
			}
			gj, err1 := json.Marshal(got)
			wj, err2 := json.Marshal(want)
			if err1 != nil || err2 != nil {
				t.Fatalf("marshal: %v, %v", err1, err2)
			}
			if string(gj) != string(wj) {
				t.Fatalf("query %d %s on %s, maxHops %d, context %v:\n got %s\nwant %s", i, req.Action, req.Resource, q.MaxHops, q.Context.Keys(), gj, wj)
			}
		}
	})
}
