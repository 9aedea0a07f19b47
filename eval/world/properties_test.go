package world_test

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/world"
	"github.com/rampolicy/ram/policy"
	"github.com/stretchr/testify/require"
)

// A random small directory, kept as a spec so that a test can change one thing (drop a
// trust statement, add a Deny) and build it again.
type dirSpec struct {
	accounts []string
	users    map[string][]string         // account -> user names
	roles    map[string][]string         // account -> role names
	perms    map[string][]string         // principal ARN -> identity statements (JSON)
	trust    map[string][]string         // role ARN -> trust statements (JSON)
	docs     map[string]*policy.Document // cache by text
}

var stsAccounts = []string{"1111111111111111", "2222222222222222", "3333333333333333"}

// Services of the random worlds, and an account outside them that UID@SERVICE principals
// may name.
var (
	stsServices     = []string{"ecs.aliyuncs.com", "log.aliyuncs.com"}
	outsideAccount  = "9999999999999999"
	serviceAccounts = append(append([]string(nil), stsAccounts...), outsideAccount)
)

func randomDirSpec(r *rand.Rand) *dirSpec {
	s := &dirSpec{accounts: stsAccounts, users: map[string][]string{}, roles: map[string][]string{},
		perms: map[string][]string{}, trust: map[string][]string{}, docs: map[string]*policy.Document{}}
	var principals, roleARNs []string
	for _, a := range s.accounts {
		for i := 0; i < 2; i++ {
			u := fmt.Sprintf("u%d", i)
			s.users[a] = append(s.users[a], u)
			principals = append(principals, "acs:ram::"+a+":user/"+u)
		}
		for i := 0; i < 3; i++ {
			ro := fmt.Sprintf("r%d", i)
			s.roles[a] = append(s.roles[a], ro)
			principals = append(principals, "acs:ram::"+a+":role/"+ro)
			roleARNs = append(roleARNs, "acs:ram::"+a+":role/"+ro)
		}
	}
	pick := func(list []string) string { return list[r.IntN(len(list))] }
	for _, p := range principals {
		for n := r.IntN(3); n > 0; n-- {
			res := "*"
			switch r.IntN(3) {
			case 0:
				res = pick(roleARNs)
			case 1:
				res = "acs:ram:*:" + pick(s.accounts) + ":role/*"
			}
			eff := "Allow"
			if r.IntN(8) == 0 {
				eff = "Deny"
			}
			s.perms[p] = append(s.perms[p], fmt.Sprintf(`{"Effect":%q,"Action":"sts:AssumeRole","Resource":%q}`, eff, res))
		}
		if r.IntN(2) == 0 {
			s.perms[p] = append(s.perms[p], `{"Effect":"Allow","Action":"cr:PushRepository","Resource":"acs:cr:*:`+acctOf(p)+`:repository/prod/*"}`)
		}
	}
	for _, ro := range roleARNs {
		for n := 1 + r.IntN(2); n > 0; n-- {
			var who string
			switch r.IntN(6) {
			case 0:
				who = fmt.Sprintf(`{"RAM":%q}`, "acs:ram::"+pick(s.accounts)+":root")
			case 1:
				who = `{"RAM":"*"}`
			case 2:
				who = fmt.Sprintf(`{"RAM":%q}`, pick(roleARNs))
			case 3:
				who = fmt.Sprintf(`{"Service":%q}`, pick(stsServices)) // acting for the role's account
			case 4:
				who = fmt.Sprintf(`{"Service":%q}`, pick(serviceAccounts)+"@"+pick(stsServices))
			default:
				who = fmt.Sprintf(`{"RAM":%q}`, pick(principals))
			}
			eff := "Allow"
			if r.IntN(10) == 0 {
				eff = "Deny"
			}
			s.trust[ro] = append(s.trust[ro], fmt.Sprintf(`{"Effect":%q,"Action":"sts:AssumeRole","Principal":%s}`, eff, who))
		}
	}
	return s
}

func acctOf(p string) string { return arn.MustParse(p).Account() }

func (s *dirSpec) doc(kind policy.Kind, stmts []string) *policy.Document {
	text := `{"Version":"1","Statement":[` + strings.Join(stmts, ",") + `]}`
	if d, ok := s.docs[text]; ok {
		return d
	}
	d, err := policy.Parse([]byte(text), kind)
	if err != nil {
		panic(err)
	}
	s.docs[text] = d
	return d
}

func (s *dirSpec) build(t testing.TB) *world.World {
	t.Helper()
	var accounts []world.Account
	for _, a := range s.accounts {
		acct := world.Account{ID: a}
		for _, u := range s.users[a] {
			p := "acs:ram::" + a + ":user/" + u
			var ps []eval.Policy
			if len(s.perms[p]) > 0 {
				ps = append(ps, eval.Policy{Name: "perms", Doc: s.doc(policy.IdentityPolicy, s.perms[p])})
			}
			acct.Users = append(acct.Users, world.User{Name: u, Policies: ps})
		}
		for _, ro := range s.roles[a] {
			p := "acs:ram::" + a + ":role/" + ro
			var ps []eval.Policy
			if len(s.perms[p]) > 0 {
				ps = append(ps, eval.Policy{Name: "perms", Doc: s.doc(policy.IdentityPolicy, s.perms[p])})
			}
			trust := s.trust[p]
			if len(trust) == 0 { // a role always has a trust policy; this one admits nobody
				trust = []string{`{"Effect":"Deny","Action":"sts:AssumeRole","Principal":{"RAM":"*"}}`}
			}
			acct.Roles = append(acct.Roles, world.Role{Name: ro, Trust: eval.Policy{Name: "trust", Doc: s.doc(policy.TrustPolicy, trust)}, Policies: ps})
		}
		accounts = append(accounts, acct)
	}
	d, err := world.New(accounts)
	require.NoError(t, err)
	return d
}

func (s *dirSpec) principals() (all, roles []string) {
	for _, a := range s.accounts {
		for _, u := range s.users[a] {
			all = append(all, "acs:ram::"+a+":user/"+u)
		}
		for _, ro := range s.roles[a] {
			all = append(all, "acs:ram::"+a+":role/"+ro)
			roles = append(roles, "acs:ram::"+a+":role/"+ro)
		}
	}
	return all, roles
}

// serviceCallers lists every service of the random worlds acting for every account,
// those outside the world included: the reference considers them all, where the graph
// considers only those a trust policy names.
func serviceCallers() []string {
	var out []string
	for _, a := range serviceAccounts {
		for _, s := range stsServices {
			out = append(out, a+"@"+s)
		}
	}
	return out
}

// callerOf is the caller of a principal ARN or of a service acting for an account.
func callerOf(d *world.World, c string) *world.Caller {
	var id *world.Caller
	var err error
	if strings.HasPrefix(c, "acs:") {
		id, err = d.Caller(arn.MustParse(c))
	} else {
		id, err = d.ServiceCaller(arn.MustParseServicePrincipal(c))
	}
	if err != nil {
		panic(err)
	}
	return id
}

// referenceEdges evaluates every (caller, role) pair with AssumeRole itself: no index, no
// pruning.
func referenceEdges(d *world.World, all, roles []string) map[string][]string {
	out := map[string][]string{}
	for _, c := range all {
		id := callerOf(d, c)
		for _, ro := range roles {
			if ro == c {
				continue
			}
			if d.AssumeRole(id, world.AssumeRoleInput{RoleARN: ro, SessionName: "ref"}).Allowed() {
				out[c] = append(out[c], ro)
			}
		}
	}
	return out
}

// referenceDistances is a plain BFS over the reference edges.
func referenceDistances(edges map[string][]string, from string) map[string]int {
	dist := map[string]int{from: 0}
	queue := []string{from}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		for _, ro := range edges[c] {
			if _, ok := dist[ro]; !ok {
				dist[ro] = dist[c] + 1
				queue = append(queue, ro)
			}
		}
	}
	return dist
}

const propMaxHops = 4

func reachSet(t testing.TB, d *world.World, all, roles []string) map[[2]string]int {
	out := map[[2]string]int{}
	for _, from := range all {
		for _, to := range roles {
			if from == to {
				continue
			}
			res, err := reach(d, from, to)
			require.NoError(t, err)
			if res.Allowed() {
				out[[2]string{from, to}] = len(res.Hops)
			}
		}
	}
	return out
}

// reach is Reach from a principal ARN, or ReachService from a service acting for an
// account.
func reach(d *world.World, from, to string) (world.ChainResult, error) {
	q := world.ReachQuery{MaxHops: propMaxHops}
	if strings.HasPrefix(from, "acs:") {
		return d.Reach(arn.MustParse(from), arn.MustParse(to), q)
	}
	return d.ReachService(arn.MustParseServicePrincipal(from), arn.MustParse(to), q)
}

func TestReachMatchesReference(t *testing.T) {
	t.Parallel()
	serviceEdges := 0
	for seed := uint64(1); seed <= 40; seed++ {
		s := randomDirSpec(rand.New(rand.NewPCG(seed, 7)))
		d := s.build(t)
		all, roles := s.principals()
		all = append(all, serviceCallers()...)
		edges := referenceEdges(d, all, roles)
		for _, c := range serviceCallers() {
			serviceEdges += len(edges[c])
		}
		got := reachSet(t, d, all, roles)
		for _, from := range all {
			dist := referenceDistances(edges, from)
			for _, to := range roles {
				if to == from {
					continue
				}
				want, ok := dist[to]
				if ok && want > propMaxHops {
					ok = false
				}
				have, found := got[[2]string{from, to}]
				require.Equal(t, ok, found, "seed %d: reach %s -> %s", seed, from, to)
				if ok {
					require.Equal(t, want, have, "seed %d: shortest %s -> %s", seed, from, to)
				}
			}
		}
		// Every found path walks again, hop by hop, to the same role.
		for pair := range got {
			res, _ := reach(d, pair[0], pair[1])
			id := callerOf(d, pair[0])
			var in []world.AssumeRoleInput
			for _, h := range res.Hops {
				in = append(in, world.AssumeRoleInput{RoleARN: h.Role.String(), SessionName: "walk"})
			}
			again := d.Chain(id, in)
			require.True(t, again.Allowed(), "seed %d: path %v does not walk", seed, pair)
			require.Equal(t, pair[1], again.Final.Role().String())
		}
	}
	require.Greater(t, serviceEdges, 40, "the random worlds must let services assume roles")
}

// TestRemovingTrustNeverCreatesAPath removes one Allow statement from a trust policy and
// checks that no pair becomes reachable. (Removing a Deny may rightly open paths.)
func TestRemovingTrustNeverCreatesAPath(t *testing.T) {
	t.Parallel()
	for seed := uint64(100); seed < 140; seed++ {
		r := rand.New(rand.NewPCG(seed, 9))
		s := randomDirSpec(r)
		all, roles := s.principals()
		all = append(all, serviceCallers()...)
		before := reachSet(t, s.build(t), all, roles)
		ro := roles[r.IntN(len(roles))]
		var kept []string
		removed := false
		for _, st := range s.trust[ro] {
			if !removed && strings.Contains(st, `"Allow"`) {
				removed = true
				continue
			}
			kept = append(kept, st)
		}
		s.trust[ro] = kept
		for pair := range reachSet(t, s.build(t), all, roles) {
			_, was := before[pair]
			require.True(t, was, "seed %d: removing an Allow from %s's trust created the path %v", seed, ro, pair)
		}
	}
}

func TestDenyOnAssumeRoleCutsEveryPathThroughTheCaller(t *testing.T) {
	t.Parallel()
	for seed := uint64(200); seed < 225; seed++ {
		r := rand.New(rand.NewPCG(seed, 11))
		s := randomDirSpec(r)
		all, roles := s.principals()
		victim := all[r.IntN(len(all))]
		s.perms[victim] = append(s.perms[victim], `{"Effect":"Deny","Action":"sts:AssumeRole","Resource":"*"}`)
		d := s.build(t)
		for pair := range reachSet(t, d, all, roles) {
			require.NotEqual(t, victim, pair[0], "seed %d: %s still reaches %s", seed, victim, pair[1])
			res, _ := d.Reach(arn.MustParse(pair[0]), arn.MustParse(pair[1]), world.ReachQuery{MaxHops: propMaxHops})
			for _, h := range res.Hops[1:] {
				require.NotEqual(t, victim, h.Caller.Role().String(), "seed %d: a path goes through %s", seed, victim)
			}
		}
	}
}

func TestWhoCanMatchesReference(t *testing.T) {
	t.Parallel()
	foundServices := 0
	defer func() {
		if !t.Failed() {
			require.Greater(t, foundServices, 5, "who-can must find services in the random worlds")
		}
	}()
	for seed := uint64(300); seed < 330; seed++ {
		s := randomDirSpec(rand.New(rand.NewPCG(seed, 13)))
		d := s.build(t)
		all, roles := s.principals()
		all = append(all, serviceCallers()...)
		edges := referenceEdges(d, all, roles)
		acct := s.accounts[int(seed)%len(s.accounts)]
		req := &eval.Request{Action: "cr:PushRepository", Resource: "acs:cr:cn-hangzhou:" + acct + ":repository/prod/web"}
		direct := map[string]bool{}
		for _, p := range all {
			direct[p] = callerOf(d, p).Evaluate(req, nil).Decision == eval.Allow
		}
		for hops := 0; hops <= 3; hops++ {
			var want []string
			for _, p := range all {
				dist := referenceDistances(edges, p)
				for q, n := range dist {
					if n <= hops && direct[q] {
						want = append(want, p)
						break
					}
				}
			}
			found, err := d.WhoCan(req, world.ReachQuery{MaxHops: hops})
			require.NoError(t, err)
			var got []string
			for _, f := range found {
				got = append(got, f.String())
				require.LessOrEqual(t, len(f.Via), hops)
				if f.Service.IsValid() {
					foundServices++
				}
			}
			sort.Strings(want)
			sort.Strings(got)
			require.Equal(t, want, got, "seed %d maxHops %d", seed, hops)
		}
	}
}
