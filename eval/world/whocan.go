package world

import (
	"fmt"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
)

// WhoCan lists every user and role of the directory that can make the request (its
// Principal and Service are ignored) directly or through at most q.MaxHops role
// assumptions, each with a shortest chain, then every service acting for an account
// that can. Roles are considered as sessions of themselves. The services considered are
// those the trust policies name, each acting for the one account it can be admitted
// for: SERVICE in the trust policy of a role of account UID, acting for UID, and
// UID@SERVICE acting for UID; no other service caller can assume a role of the world.
// Every (principal, role) edge is evaluated at most once.
//
// The query's context is the context of every hop and of the request itself; the
// request must carry none of its own (an error says so). Keys STS derives from a call's
// parameters (sts:ExternalId, sts:SourceIdentity) are dropped from it, for the request
// as for the hops: no search supplies them.
func (d *World) WhoCan(req *eval.Request, q ReachQuery) ([]Reached, error) {
	if d == nil || req == nil {
		return nil, fmt.Errorf("%w: nil World or request", ErrReach)
	}
	if q.MaxHops < 0 {
		return nil, fmt.Errorf("%w: maxHops %d is negative", ErrReach, q.MaxHops)
	}
	if req.Context.Len() > 0 {
		return nil, fmt.Errorf("%w: the request's context is the query's: set ReachQuery.Context, not Request.Context", ErrReach)
	}
	probe := *req
	probe.Principal, probe.Service = arn.ARN{}, arn.ServicePrincipal{}
	probe.Context = withoutDerived(q.Context)
	if err := probe.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrReach, err)
	}
	if d.graph == nil {
		return nil, nil // a zero World: nobody
	}
	all := [2][]node{d.graph.nodes, d.graph.serviceNodes} // users and roles, then services
	via := map[string][]arn.ARN{}
	var frontier []*role
	// Each node decides the probe as Caller.Evaluate would, on one request whose caller
	// fields change: copying the request per node cost an allocation each.
	resource := d.resourcePolicy(&probe, nil)
	for _, list := range all {
		for _, n := range list {
			probe.Principal, probe.Service = n.id.arn, n.id.service
			if n.id.ev.Evaluate(&probe, resource).Decision == eval.Allow {
				via[n.key] = []arn.ARN{}
				if n.id.role != nil {
					frontier = append(frontier, n.id.role)
				}
			}
		}
	}
	e := &edges{ctx: probe.Context, memo: map[[2]string]bool{}}
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
	out := []Reached{} // empty, not nil: the answer marshals as []
	for _, list := range all {
		for _, n := range list {
			if v, ok := via[n.key]; ok {
				out = append(out, Reached{Principal: n.id.arn, Service: n.id.service, Via: v})
			}
		}
	}
	return out, nil
}
