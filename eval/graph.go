package eval

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/rampolicy/ram/arn"
)

// graph indexes every role's trust policy by whom its Allow statements admit, so that
// reach and who-can only evaluate AssumeRole edges that a trust policy could allow: a hop
// needs the trust policy to allow, and an Allow statement applies only to the principals
// its Principal names.
type graph struct {
	d         *Directory
	byAccount map[string][]*role // trusts acs:ram::UID:root
	byUser    map[string][]*role // trusts acs:ram::UID:user/NAME, key "u:UID/name" (lower-case)
	byRole    map[string][]*role // trusts acs:ram::UID:role/NAME, key "r:UID/name" (lower-case)
	anyRAM    []*role            // trusts "*"

	nodes     []node            // every user and role as a caller, by account then ARN
	acctNodes map[string][]node // the same, per account
	userNodes map[*user]node
	roleNodes map[*role]node
}

func newGraph(d *Directory) *graph {
	g := &graph{d: d, byAccount: map[string][]*role{}, byUser: map[string][]*role{}, byRole: map[string][]*role{},
		acctNodes: map[string][]node{}, userNodes: map[*user]node{}, roleNodes: map[*role]node{}}
	for _, id := range d.ids {
		for _, u := range sortedUsers(d.accounts[id]) {
			n := node{id: &Identity{arn: u.arn, ev: u.ev}, key: u.arn.String()}
			g.userNodes[u] = n
			g.acctNodes[id] = append(g.acctNodes[id], n)
		}
		for _, r := range sortedRoles(d.accounts[id]) {
			n := node{id: &Identity{arn: r.arn, role: r, ev: r.ev}, key: r.arn.String()}
			g.roleNodes[r] = n
			g.acctNodes[id] = append(g.acctNodes[id], n)
		}
		g.nodes = append(g.nodes, g.acctNodes[id]...)
	}
	for _, id := range d.ids {
		for _, r := range sortedRoles(d.accounts[id]) {
			added := map[string]bool{}
			add := func(m map[string][]*role, k string) {
				if !added[k] {
					added[k] = true
					m[k] = append(m[k], r)
				}
			}
			anyRAM := false
			for _, pm := range r.trustPM {
				anyRAM = anyRAM || pm.anyRAM
				for _, a := range pm.accounts {
					add(g.byAccount, a)
				}
				for _, u := range pm.users {
					add(g.byUser, "u:"+u.account+"/"+strings.ToLower(u.name))
				}
				for _, rr := range pm.roles {
					add(g.byRole, "r:"+rr.account+"/"+strings.ToLower(rr.name))
				}
			}
			if anyRAM {
				g.anyRAM = append(g.anyRAM, r)
			}
		}
	}
	return g
}

func sortedRoles(a *account) []*role {
	out := make([]*role, 0, len(a.roles))
	for _, r := range a.roles {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].arn.Compare(out[j].arn) < 0 })
	return out
}

func sortedUsers(a *account) []*user {
	out := make([]*user, 0, len(a.users))
	for _, u := range a.users {
		out = append(out, u)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].arn.Compare(out[j].arn) < 0 })
	return out
}

// candidates lists the roles whose trust policy could admit the caller, without repeats.
func (g *graph) candidates(caller arn.ARN) []*role {
	var lists [][]*role
	lists = append(lists, g.anyRAM, g.byAccount[caller.Account()])
	key := caller.Account() + "/" + strings.ToLower(caller.Name())
	switch caller.Kind() {
	case arn.KindUser:
		lists = append(lists, g.byUser["u:"+key])
	case arn.KindRole, arn.KindRoleSession:
		lists = append(lists, g.byRole["r:"+key])
	}
	seen := map[*role]bool{}
	var out []*role
	for _, l := range lists {
		for _, r := range l {
			if !seen[r] {
				seen[r] = true
				out = append(out, r)
			}
		}
	}
	return out
}

// node is a principal of the directory as a caller: a user, or a role acting through a
// session of itself.
type node struct {
	id  *Identity
	key string // the principal's ARN text
}

func (d *Directory) userNode(u *user) node {
	return node{id: &Identity{arn: u.arn, ev: u.ev}, key: u.arn.String()}
}
func (d *Directory) roleNode(r *role) node {
	return node{id: &Identity{arn: r.arn, role: r, ev: r.ev}, key: r.arn.String()}
}

// predecessors lists every principal whose identity a role's trust policy could admit.
func (g *graph) predecessors(r *role) []node {
	var out []node
	seen := map[string]bool{}
	addAcct := func(id string) {
		for _, n := range g.acctNodes[id] {
			if !seen[n.key] {
				seen[n.key] = true
				out = append(out, n)
			}
		}
	}
	for _, pm := range r.trustPM {
		if pm.anyRAM {
			return g.nodes
		}
		for _, a := range pm.accounts {
			addAcct(a)
		}
		for _, u := range pm.users {
			if acct := g.d.accounts[u.account]; acct != nil {
				if uu := acct.users[strings.ToLower(u.name)]; uu != nil {
					if n := g.d.userNode(uu); !seen[n.key] {
						seen[n.key] = true
						out = append(out, n)
					}
				}
			}
		}
		for _, rn := range pm.roles {
			if rr := g.d.role(rn.account, rn.name); rr != nil {
				if n := g.d.roleNode(rr); !seen[n.key] {
					seen[n.key] = true
					out = append(out, n)
				}
			}
		}
	}
	return out
}

// edges decides AssumeRole edges under one query's context, each (caller, role) once.
type edges struct {
	ctx  Context
	memo map[[2]string]bool
	n    int // edges evaluated, for tests and benchmarks
}

// reachSessionName is the session name reach and who-can use for every hop; trust
// policies cannot see it.
const reachSessionName = "ram-reach"

func (e *edges) allowed(caller node, r *role) bool {
	k := [2]string{caller.key, r.arn.String()}
	if v, ok := e.memo[k]; ok {
		return v
	}
	e.n++
	req := Request{Principal: caller.id.arn, Action: "sts:AssumeRole", Resource: r.arn.String(), Context: e.ctx}
	ok := caller.id.ev.Evaluate(&req, r.trust).Decision == Allow
	e.memo[k] = ok
	return ok
}

// ErrReach is wrapped by errors of Reach and WhoCan queries.
var ErrReach = errors.New("eval: invalid reach query")

// ReachQuery bounds a reach or who-can search.
type ReachQuery struct {
	// MaxHops bounds the number of AssumeRole calls. For Reach, 0 means a direct
	// AssumeRole only (the same as 1); for WhoCan, 0 means without assuming any role.
	MaxHops int
	// Context is the request context of every hop (and of WhoCan's request).
	Context Context
}

// Reach finds a shortest chain of AssumeRole calls by which from obtains a session of the
// role to, under the query's context at every hop, with no session policy, ExternalId or
// SourceIdentity. It returns the chain walked hop by hop (each hop with its proof), or a
// ChainResult with no hops when to is out of reach. The search never loops.
func (d *Directory) Reach(from, to arn.ARN, q ReachQuery) (ChainResult, error) {
	start, err := d.Identity(from)
	if err != nil {
		return ChainResult{}, fmt.Errorf("%w: from: %w", ErrReach, err)
	}
	if start.arn.Kind() == arn.KindRoot {
		return ChainResult{}, fmt.Errorf("%w: from %s: an account root cannot assume roles", ErrReach, from)
	}
	if to.Kind() != arn.KindRole {
		return ChainResult{}, fmt.Errorf("%w: to %s is not a role ARN", ErrReach, to)
	}
	target := d.role(to.Account(), to.Name())
	if target == nil {
		return ChainResult{}, fmt.Errorf("%w: %w: %s", ErrReach, ErrRoleNotFound, to)
	}
	if start.role == target && start.arn.Kind() == arn.KindRole {
		return ChainResult{}, fmt.Errorf("%w: from and to are the same role", ErrReach)
	}
	maxHops := max(q.MaxHops, 1)
	e := &edges{ctx: q.Context, memo: map[[2]string]bool{}}
	startNode := node{id: start, key: start.arn.String()}
	if start.role != nil {
		startNode.key = start.role.arn.String()
	}
	parentOf := map[string]node{} // role key -> the caller that reached it first
	visited := map[string]bool{startNode.key: true}
	frontier := []node{startNode}
	for depth := 0; depth < maxHops && len(frontier) > 0; depth++ {
		var next []node
		for _, c := range frontier {
			for _, r := range d.graph.candidates(c.id.arn) {
				rk := r.arn.String()
				if visited[rk] || !e.allowed(c, r) {
					continue
				}
				visited[rk], parentOf[rk] = true, c
				if r == target {
					return d.walkPath(start, r, parentOf, q.Context), nil
				}
				next = append(next, d.roleNode(r))
			}
		}
		frontier = next
	}
	return ChainResult{}, nil
}

// walkPath rebuilds the chain ending at role r and walks it with AssumeRole, so the
// returned hops carry their proofs.
func (d *Directory) walkPath(start *Identity, r *role, parentOf map[string]node, ctx Context) ChainResult {
	var roles []*role
	for {
		roles = append(roles, r)
		p := parentOf[r.arn.String()]
		if p.id.role == nil || p.id == start {
			break
		}
		r = p.id.role
	}
	var inputs []AssumeRoleInput
	for i := len(roles) - 1; i >= 0; i-- {
		inputs = append(inputs, AssumeRoleInput{RoleArn: roles[i].arn.String(), SessionName: reachSessionName, Context: ctx})
	}
	return d.Chain(start, inputs)
}

// Reached is one principal found by WhoCan.
type Reached struct {
	Principal arn.ARN   // acs:ram::UID:user/NAME or acs:ram::UID:role/NAME
	Via       []arn.ARN // the roles assumed in turn, empty when the principal acts directly
}

// WhoCan lists every user and role of the directory that can make the request (its
// Principal is ignored) directly or through at most q.MaxHops role assumptions, each
// with a shortest chain. Roles are considered as sessions of themselves. Every
// (principal, role) edge is evaluated at most once.
func (d *Directory) WhoCan(req *Request, q ReachQuery) ([]Reached, error) {
	if q.MaxHops < 0 {
		return nil, fmt.Errorf("%w: maxHops %d is negative", ErrReach, q.MaxHops)
	}
	probe := *req
	probe.Principal = arn.ARN{}
	if err := probe.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrReach, err)
	}
	all := d.graph.nodes
	via := map[string][]arn.ARN{}
	var frontier []*role
	// One request state serves every principal: only the caller changes.
	var resource *PolicySet
	if isAssumeRole(probe.Action) {
		if a, err := arn.Parse(probe.Resource); err == nil {
			resource = d.TrustPolicy(a)
		}
	}
	var st reqState
	st.init(&probe)
	for _, n := range all {
		st.principal = n.id.arn
		if n.id.ev.decide(&st, resource, nil).Decision == Allow {
			via[n.key] = []arn.ARN{}
			if n.id.role != nil {
				frontier = append(frontier, n.id.role)
			}
		}
	}
	e := &edges{ctx: q.Context, memo: map[[2]string]bool{}}
	for depth := 0; depth < q.MaxHops && len(frontier) > 0; depth++ {
		var next []*role
		for _, r := range frontier {
			for _, c := range d.graph.predecessors(r) {
				if _, done := via[c.key]; done || !e.allowed(c, r) {
					continue
				}
				via[c.key] = append([]arn.ARN{r.arn}, via[r.arn.String()]...)
				if c.id.role != nil {
					next = append(next, c.id.role)
				}
			}
		}
		frontier = next
	}
	var out []Reached
	for _, n := range all {
		if v, ok := via[n.key]; ok {
			out = append(out, Reached{Principal: n.id.arn, Via: v})
		}
	}
	return out, nil
}
