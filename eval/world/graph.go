package world

import (
	"sort"
	"strings"

	"github.com/rampolicy/ram/arn"
)

// graph indexes every role's trust policy by whom its Allow statements admit, so that
// reach and who-can only evaluate AssumeRole edges that a trust policy could allow: a hop
// needs the trust policy to allow, and an Allow statement applies only to the principals
// its Principal names.
//
// Service principals are indexed by the one service caller each can admit: SERVICE in
// the trust policy of a role of account UID admits only the service acting for UID, and
// UID@SERVICE only the service acting for UID. So the service callers that can assume
// any role at all are exactly the keys of byService, a list no longer than the Service
// principals of the world's trust policies.
type graph struct {
	d         *World
	byAccount map[string][]*role // trusts acs:ram::UID:root
	byUser    map[string][]*role // trusts acs:ram::UID:user/NAME, key "u:UID/name" (lower-case)
	byRole    map[string][]*role // trusts acs:ram::UID:role/NAME, key "r:UID/name" (lower-case)
	anyRAM    []*role            // trusts "*"
	byService map[string][]*role // trusts the service acting for an account, key "UID@SERVICE"

	nodes     []node            // every user and role as a caller, by account then ARN
	acctNodes map[string][]node // the same, per account
	userNodes map[*user]node
	roleNodes map[*role]node
	// serviceNodes lists every service caller that some trust policy names, by key;
	// roleServices the keys each role's trust policy names.
	serviceNodes []node
	serviceByKey map[string]node
	roleServices map[*role][]string
}

func newGraph(d *World) *graph {
	g := &graph{d: d, byAccount: map[string][]*role{}, byUser: map[string][]*role{}, byRole: map[string][]*role{},
		byService: map[string][]*role{}, acctNodes: map[string][]node{}, userNodes: map[*user]node{}, roleNodes: map[*role]node{},
		serviceByKey: map[string]node{}, roleServices: map[*role][]string{}}
	for _, id := range d.ids {
		for _, u := range sortedUsers(d.accounts[id]) {
			n := d.userNode(u)
			g.userNodes[u] = n
			g.acctNodes[id] = append(g.acctNodes[id], n)
		}
		for _, r := range sortedRoles(d.accounts[id]) {
			n := d.roleNode(r)
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
			for _, p := range r.trustRAM {
				pa, _ := arn.Parse(p) // a trust policy's RAM principals parsed already
				key := pa.Account() + "/" + strings.ToLower(pa.Name())
				switch {
				case p == "*":
					anyRAM = true
				case pa.Kind() == arn.KindRoot:
					add(g.byAccount, pa.Account())
				case pa.Kind() == arn.KindUser:
					add(g.byUser, "u:"+key)
				case pa.Kind() == arn.KindRole:
					add(g.byRole, "r:"+key)
				}
			}
			if anyRAM {
				g.anyRAM = append(g.anyRAM, r)
			}
			for _, p := range r.trustService {
				sp, err := arn.ParseServicePrincipal(p) // parsed already when the trust compiled
				if err != nil {
					continue
				}
				acct := sp.Account()
				if acct == "" {
					acct = id // SERVICE: the service acting for the role's own account
				}
				key := acct + "@" + sp.Service()
				if added[key] {
					continue
				}
				add(g.byService, key)
				g.roleServices[r] = append(g.roleServices[r], key)
				if _, ok := g.serviceByKey[key]; !ok {
					n := node{id: d.serviceCaller(arn.MustParseServicePrincipal(key)), key: key}
					g.serviceByKey[key] = n
					g.serviceNodes = append(g.serviceNodes, n)
				}
			}
		}
	}
	sort.Slice(g.serviceNodes, func(i, j int) bool { return g.serviceNodes[i].key < g.serviceNodes[j].key })
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
func (g *graph) candidates(c *Caller) []*role {
	if c.service.IsValid() {
		return g.byService[c.service.String()] // a service matches Service principals only
	}
	caller := c.arn
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

// node is a principal of the world as a caller: a user, or a role acting through a
// session of itself.
type node struct {
	id  *Caller
	key string // the principal's ARN text
}

func (d *World) userNode(u *user) node { return node{id: d.userCaller(u), key: u.arn.String()} }
func (d *World) roleNode(r *role) node { return node{id: d.roleCaller(r), key: r.arn.String()} }

// predecessors lists every principal whose identity a role's trust policy could admit:
// users and roles, then services acting for an account.
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
	addNode := func(n node) {
		if !seen[n.key] {
			seen[n.key] = true
			out = append(out, n)
		}
	}
	for _, p := range r.trustRAM {
		if p == "*" {
			if len(g.roleServices[r]) == 0 {
				return g.nodes // every user and role, and no service
			}
			out = append(out[:0:0], g.nodes...) // every user and role; the services follow
			for _, n := range out {
				seen[n.key] = true
			}
			break
		}
		pa, _ := arn.Parse(p)
		switch pa.Kind() {
		case arn.KindRoot:
			addAcct(pa.Account())
		case arn.KindUser:
			if acct := g.d.accounts[pa.Account()]; acct != nil {
				if u := acct.users[strings.ToLower(pa.Name())]; u != nil {
					addNode(g.userNodes[u])
				}
			}
		case arn.KindRole:
			if rr := g.d.role(pa.Account(), pa.Name()); rr != nil {
				addNode(g.roleNodes[rr])
			}
		}
	}
	for _, key := range g.roleServices[r] {
		addNode(g.serviceByKey[key])
	}
	return out
}
