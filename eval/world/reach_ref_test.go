package world

import (
	"fmt"
	"strings"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
)

// This file keeps Reach as it was before the backward pruning (commit 50aea27): a
// forward breadth-first search over every role the trust index admits, hop by hop. The
// property tests in reach_prune_test.go compare the pruned Reach with it, answer for
// answer. It is exported to the package's external tests only (a _test.go file).

// ReachBefore is Reach without pruning.
func (d *World) ReachBefore(from, to arn.ARN, q ReachQuery) (ChainResult, error) {
	start, err := d.Caller(from)
	if err != nil {
		return ChainResult{}, fmt.Errorf("%w: from: %w", ErrReach, err)
	}
	if start.arn.Kind() == arn.KindRoot {
		return ChainResult{}, fmt.Errorf("%w: from %s: an account root cannot assume roles", ErrReach, from)
	}
	return d.reachBefore(start, to, q)
}

// ReachServiceBefore is ReachService without pruning.
func (d *World) ReachServiceBefore(from arn.ServicePrincipal, to arn.ARN, q ReachQuery) (ChainResult, error) {
	start, err := d.ServiceCaller(from)
	if err != nil {
		return ChainResult{}, fmt.Errorf("%w: from: %w", ErrReach, err)
	}
	return d.reachBefore(start, to, q)
}

type edgesBefore struct {
	ctx  eval.Context
	memo map[[2]string]bool
}

func (e *edgesBefore) allowed(caller node, r *role) bool {
	k := [2]string{caller.key, r.arn.String()}
	if v, ok := e.memo[k]; ok {
		return v
	}
	req := &eval.Request{Principal: caller.id.arn, Service: caller.id.service, Action: "sts:AssumeRole", Resource: r.arn.String(), Context: e.ctx}
	ok := caller.id.ev.Evaluate(req, r.trust).Decision == eval.Allow
	e.memo[k] = ok
	return ok
}

func (d *World) reachBefore(start *Caller, to arn.ARN, q ReachQuery) (ChainResult, error) {
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
	index := newIndexBefore(d)
	e := &edgesBefore{ctx: withoutDerived(q.Context), memo: map[[2]string]bool{}}
	startNode := node{id: start, key: start.arn.String()}
	switch {
	case start.role != nil:
		startNode.key = start.role.arn.String()
	case start.service.IsValid():
		startNode.key = start.service.String()
	}
	parentOf := map[string]node{}
	visited := map[string]bool{startNode.key: true}
	frontier := []node{startNode}
	for depth := 0; depth < maxHops && len(frontier) > 0; depth++ {
		var next []node
		for _, c := range frontier {
			for _, r := range index.candidates(c.id) {
				rk := r.arn.String()
				if visited[rk] || !e.allowed(c, r) {
					continue
				}
				visited[rk], parentOf[rk] = true, c
				if r == target {
					return d.walkPathBefore(start, r, parentOf, q.Context), nil
				}
				next = append(next, node{id: d.roleCaller(r), key: r.arn.String()})
			}
		}
		frontier = next
	}
	return ChainResult{}, nil
}

func (d *World) walkPathBefore(start *Caller, r *role, parentOf map[string]node, ctx eval.Context) ChainResult {
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
		inputs = append(inputs, AssumeRoleInput{RoleARN: roles[i].arn.String(), SessionName: reachSessionName, Context: ctx})
	}
	return d.Chain(start, inputs)
}

// indexBefore is the trust index Reach searched before, built as newGraph built it then,
// so that the reference shares no code with the index it checks.
type indexBefore struct {
	byAccount, byUser, byRole, byService map[string][]*role
	anyRAM                               []*role
}

func newIndexBefore(d *World) *indexBefore {
	g := &indexBefore{byAccount: map[string][]*role{}, byUser: map[string][]*role{}, byRole: map[string][]*role{},
		byService: map[string][]*role{}}
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
				pa, _ := arn.Parse(p)
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
				sp, err := arn.ParseServicePrincipal(p)
				if err != nil {
					continue
				}
				acct := sp.Account()
				if acct == "" {
					acct = id
				}
				key := acct + "@" + sp.Service()
				if added[key] {
					continue
				}
				add(g.byService, key)
			}
		}
	}
	return g
}

func (g *indexBefore) candidates(c *Caller) []*role {
	if c.service.IsValid() {
		return g.byService[c.service.String()]
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
