package world

import (
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

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
	d *World
	// The roles (by index in roles, below) whose trust policy names:
	byAccount map[string][]int32 // acs:ram::UID:root
	byUser    map[string][]int32 // acs:ram::UID:user/NAME, key "u:UID/name" (lower-case)
	byRole    map[string][]int32 // acs:ram::UID:role/NAME, key "r:UID/name" (lower-case)
	anyRAM    []int32            // "*"
	byService map[string][]int32 // the service acting for an account, key "UID@SERVICE"

	nodes     []node            // every user and role as a caller, by account then ARN
	acctNodes map[string][]node // the same, per account
	userNodes map[*user]node
	roleNodes map[*role]node
	// serviceNodes lists every service caller that some trust policy names, by key;
	// roleServices the keys each role's trust policy names.
	serviceNodes []node
	serviceByKey map[string]node
	roleServices map[*role][]string

	// roles lists every role by account then ARN; a role's index is its place here
	// (roleIdx). Each account's roles are one range of it (acctRoles, by the account's
	// place in World.ids).
	roles     []*role
	roleIdx   map[*role]int32
	acctRoles [][2]int32
	// The index the other way, for Reach's backward pass (backward.go): admits[i] is
	// what roles[i]'s trust policy could admit among roles: every role ("*"), or the
	// roles of the accounts whose root it trusts and the roles it trusts by name, as
	// references in admitRefs (see acctRef).
	admits    []admitted
	admitRefs []int32
	scratch   sync.Pool // of *reachScratch, Reach's working memory
}

// admitted is what one role's trust policy could admit among roles.
type admitted struct {
	anyRAM   bool  // "*": every role
	from, to int32 // admitRefs[from:to]
}

// A reference in admitRefs: a role's index (>= 0), or -1-i for every role of the
// account World.ids[i].
func acctRef(i int) int32 { return int32(-1 - i) }

func newGraph(d *World) *graph {
	g := &graph{d: d, byAccount: map[string][]int32{}, byUser: map[string][]int32{}, byRole: map[string][]int32{},
		byService: map[string][]int32{}, acctNodes: map[string][]node{}, userNodes: map[*user]node{}, roleNodes: map[*role]node{},
		serviceByKey: map[string]node{}, roleServices: map[*role][]string{}}
	nRoles, nTrusted := 0, 0
	for _, a := range d.accounts {
		nRoles += len(a.roles)
		for _, r := range a.roles {
			nTrusted += len(r.trustRAM)
		}
	}
	g.roles, g.roleIdx = make([]*role, 0, nRoles), make(map[*role]int32, nRoles)
	g.admitRefs = make([]int32, 0, nTrusted)
	acctIdx := make(map[string]int, len(d.ids))
	for i, id := range d.ids {
		acctIdx[id] = i
		for _, u := range sortedUsers(d.accounts[id]) {
			n := d.userNode(u)
			g.userNodes[u] = n
			g.acctNodes[id] = append(g.acctNodes[id], n)
		}
		lo := int32(len(g.roles))
		for _, r := range sortedRoles(d.accounts[id]) {
			n := d.roleNode(r)
			g.roleNodes[r] = n
			g.acctNodes[id] = append(g.acctNodes[id], n)
			g.roleIdx[r] = int32(len(g.roles))
			g.roles = append(g.roles, r)
		}
		g.acctRoles = append(g.acctRoles, [2]int32{lo, int32(len(g.roles))})
		g.nodes = append(g.nodes, g.acctNodes[id]...)
	}
	g.admits = make([]admitted, len(g.roles))
	for i, r := range g.roles {
		id := r.acct.id
		added := map[string]bool{}
		add := func(m map[string][]int32, k string) {
			if !added[k] {
				added[k] = true
				m[k] = append(m[k], int32(i))
			}
		}
		anyRAM := false
		adm := &g.admits[i]
		adm.from = int32(len(g.admitRefs))
		for _, p := range r.trustRAM {
			pa, _ := arn.Parse(p) // a trust policy's RAM principals parsed already
			key := pa.Account() + "/" + strings.ToLower(pa.Name())
			switch {
			case p == "*":
				anyRAM = true
			case pa.Kind() == arn.KindRoot:
				if !added[pa.Account()] {
					if i, ok := acctIdx[pa.Account()]; ok {
						g.admitRefs = append(g.admitRefs, acctRef(i))
					}
				}
				add(g.byAccount, pa.Account())
			case pa.Kind() == arn.KindUser:
				add(g.byUser, "u:"+key)
			case pa.Kind() == arn.KindRole:
				if !added["r:"+key] {
					if rr := d.role(pa.Account(), pa.Name()); rr != nil {
						g.admitRefs = append(g.admitRefs, g.roleIdx[rr])
					}
				}
				add(g.byRole, "r:"+key)
			}
		}
		adm.anyRAM, adm.to = anyRAM, int32(len(g.admitRefs))
		if anyRAM {
			g.anyRAM = append(g.anyRAM, int32(i))
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

// candidates lists the roles (by index) whose trust policy could admit the caller,
// without repeats: those that trust "*", then its account's root, then the caller by
// name. The slice is the index's own or the scratch's (valid until the next call): read
// it, never change it.
func (g *graph) candidates(c *Caller, s *reachScratch) []int32 {
	if sp := c.service; sp.IsValid() {
		// A service matches Service principals only; its key is sp.String(), built on
		// the stack.
		if sp.Account() == "" {
			return g.byService[sp.Service()]
		}
		var buf [128]byte
		return g.byService[string(append(append(append(buf[:0], sp.Account()...), '@'), sp.Service()...))]
	}
	caller := c.arn
	lists := [3][]int32{g.anyRAM, g.byAccount[caller.Account()]}
	switch caller.Kind() {
	case arn.KindUser:
		lists[2] = byName(g.byUser, "u:", caller)
	case arn.KindRole, arn.KindRoleSession:
		lists[2] = byName(g.byRole, "r:", caller)
	}
	var only []int32
	n := 0
	for _, l := range lists {
		if len(l) > 0 {
			only = l
			n++
		}
	}
	if n <= 1 {
		return only // each list holds a role once
	}
	gen := s.nextGen()
	out := s.out[:0]
	for _, l := range lists {
		for _, i := range l {
			if s.seen[i] != gen {
				s.seen[i] = gen
				out = append(out, i)
			}
		}
	}
	s.out = out
	return out
}

// byName looks a user or role (session) ARN up in byUser or byRole, whose keys are
// prefix, then UID/name with the name in lower case (strings.ToLower). The key is built
// on the stack: a lookup allocates nothing unless the name is not ASCII.
func byName(m map[string][]int32, prefix string, a arn.ARN) []int32 {
	var buf [128]byte
	k := append(append(append(buf[:0], prefix...), a.Account()...), '/')
	name := a.Name()
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c >= utf8.RuneSelf {
			return m[prefix+a.Account()+"/"+strings.ToLower(name)]
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		k = append(k, c)
	}
	return m[string(k)]
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
