package world

import (
	"fmt"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
)

// edges decides AssumeRole edges under one query's context, each (caller, role) once.
type edges struct {
	ctx  eval.Context
	memo map[[2]string]bool
}

// reachSessionName is the session name Reach uses for every hop; trust
// policies cannot see it.
const reachSessionName = "ram-reach"

func (e *edges) allowed(caller node, r *role) bool {
	k := [2]string{caller.key, r.arn.String()}
	if v, ok := e.memo[k]; ok {
		return v
	}
	ok := assumeAllowed(caller.id, r, e.ctx)
	e.memo[k] = ok
	return ok
}

// ReachQuery bounds a reach or who-can search.
type ReachQuery struct {
	// MaxHops bounds the number of AssumeRole calls. For Reach, 0 means a direct
	// AssumeRole only (the same as 1); for WhoCan, 0 means without assuming any role.
	MaxHops int
	// Context is the request context of every hop (and of WhoCan's request).
	Context eval.Context
}

// Reach finds a shortest chain of AssumeRole calls by which from obtains a session of the
// role to, under the query's context at every hop, with no session policy, ExternalId or
// SourceIdentity. It returns the chain walked hop by hop (each hop with its proof), or a
// ChainResult with no hops when to is out of reach. The search never loops.
func (d *World) Reach(from, to arn.ARN, q ReachQuery) (ChainResult, error) {
	start, err := d.Caller(from)
	if err != nil {
		return ChainResult{}, fmt.Errorf("%w: from: %w", ErrReach, err)
	}
	if start.arn.Kind() == arn.KindRoot {
		return ChainResult{}, fmt.Errorf("%w: from %s: an account root cannot assume roles", ErrReach, from)
	}
	return d.reach(start, to, q)
}

// ReachService is Reach for a chain that a service starts, acting for an account: from
// is UID@SERVICE, such as 1111111111111111@ecs.aliyuncs.com. Its first hop is decided by
// the role's trust policy alone (see World.ServiceCaller); the later hops are made by
// role sessions as in Reach.
func (d *World) ReachService(from arn.ServicePrincipal, to arn.ARN, q ReachQuery) (ChainResult, error) {
	start, err := d.ServiceCaller(from)
	if err != nil {
		return ChainResult{}, fmt.Errorf("%w: from: %w", ErrReach, err)
	}
	return d.reach(start, to, q)
}

func (d *World) reach(start *Caller, to arn.ARN, q ReachQuery) (ChainResult, error) {
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
	g := d.graph
	s := g.getScratch()
	defer g.putScratch(s)
	// The backward pass first (backward.go): the roles from which the target could be
	// reached in the hops left, by the trust index alone. A hop to any other role cannot
	// be on a chain to the target, so the forward search skips it; when no role the start
	// could assume is among them, the target is out of reach and nothing is evaluated.
	//
	// Skipping them changes no answer. The search below is breadth first; the chain it
	// returns is decided by the order in which each depth's roles are met and by each
	// role's first caller. A role kept at some depth is within the bound there, and so is
	// every role that could call it one hop earlier (one hop further from the target): so
	// each role kept is met at the same depth, by the same callers in the same order, as
	// in the full search, and the target, always kept, by the same first caller.
	g.towards(s, target, maxHops-1)
	if !s.anyWithin(g.candidates(start, s), maxHops-1) {
		return ChainResult{}, nil
	}
	ctx := withoutDerived(q.Context)
	// Each (caller, role) pair is evaluated at most once: a caller is in one frontier
	// once, and its candidates hold a role once.
	parentOf := map[*role]*Caller{} // the caller that reached a role first
	if start.role != nil {
		s.visit(g.roleIdx[start.role]) // a role session does not assume its own role again
	}
	frontier := []*Caller{start}
	for depth := 0; depth < maxHops && len(frontier) > 0; depth++ {
		left := maxHops - depth - 1 // hops left after this one
		var next []*Caller
		for _, c := range frontier {
			for _, i := range g.candidates(c, s) {
				if !s.within(i, left) || s.visited[i] || !assumeAllowed(c, g.roles[i], ctx) {
					continue
				}
				r := g.roles[i]
				s.visit(i)
				parentOf[r] = c
				if r == target {
					return d.walkPath(start, r, parentOf, q.Context), nil
				}
				next = append(next, g.roleNodes[r].id)
			}
		}
		frontier = next
	}
	return ChainResult{}, nil
}

// assumeAllowed decides caller's AssumeRole of r as reach and who-can see it: no
// session policy, ExternalId or SourceIdentity, under ctx (without the keys STS derives).
func assumeAllowed(caller *Caller, r *role, ctx eval.Context) bool {
	var req eval.Request
	assumeRequest(&req, caller, r, ctx, "", "")
	return caller.ev.Evaluate(&req, r.trust).Decision == eval.Allow
}

// walkPath rebuilds the chain ending at role r and walks it with AssumeRole, so the
// returned hops carry their proofs.
func (d *World) walkPath(start *Caller, r *role, parentOf map[*role]*Caller, ctx eval.Context) ChainResult {
	var roles []*role
	for {
		roles = append(roles, r)
		p := parentOf[r]
		if p.role == nil || p == start {
			break
		}
		r = p.role
	}
	var inputs []AssumeRoleInput
	for i := len(roles) - 1; i >= 0; i-- {
		inputs = append(inputs, AssumeRoleInput{RoleARN: roles[i].arn.String(), SessionName: reachSessionName, Context: ctx})
	}
	return d.Chain(start, inputs)
}

// Reached is one principal found by WhoCan: a user, a role, or a service acting for an
// account.
type Reached struct {
	Principal arn.ARN // acs:ram::UID:user/NAME or acs:ram::UID:role/NAME; zero for a service
	// Service is the service and the account it acts for (UID@SERVICE) when the
	// principal is a service, else zero.
	Service arn.ServicePrincipal
	Via     []arn.ARN // the roles assumed in turn, empty when the principal acts directly
}

// String returns the principal's ARN, or UID@SERVICE for a service.
func (r Reached) String() string {
	if r.Service.IsValid() {
		return r.Service.String()
	}
	return r.Principal.String()
}
