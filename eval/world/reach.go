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

// reachSessionName is the session name reach and who-can use for every hop; trust
// policies cannot see it.
const reachSessionName = "ram-reach"

func (e *edges) allowed(caller node, r *role) bool {
	k := [2]string{caller.key, r.arn.String()}
	if v, ok := e.memo[k]; ok {
		return v
	}
	ok := caller.id.ev.Evaluate(assumeRequest(caller.id, r, e.ctx, "", ""), r.trust).Decision == eval.Allow
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
	e := &edges{ctx: withoutDerived(q.Context), memo: map[[2]string]bool{}}
	startNode := node{id: start, key: start.arn.String()}
	switch {
	case start.role != nil:
		startNode.key = start.role.arn.String()
	case start.service.IsValid():
		startNode.key = start.service.String()
	}
	parentOf := map[string]node{} // role key -> the caller that reached it first
	visited := map[string]bool{startNode.key: true}
	frontier := []node{startNode}
	for depth := 0; depth < maxHops && len(frontier) > 0; depth++ {
		var next []node
		for _, c := range frontier {
			for _, r := range d.graph.candidates(c.id) {
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
func (d *World) walkPath(start *Caller, r *role, parentOf map[string]node, ctx eval.Context) ChainResult {
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
