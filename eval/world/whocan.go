package world

import (
	"fmt"
	mathbits "math/bits"

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
// Every (principal, role) edge is evaluated at most once, and only for principals whose
// identity policies hold an Allow statement for it, or that have none to check (services):
// the first call indexes the world's
// identity policies for that (whocan_index.go), and later calls reuse the index.
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
	// Only principals that may be allowed are decided (see allowIndex): a user or role
	// whose identity policies hold no Allow statement for the request is denied, and a
	// service, decided by the resource policy alone, is denied when there is none.
	// Skipping them changes no answer. The search keeps its state by the principals'
	// positions (users and roles, then services), which are the answer's order.
	x := d.allow.index(d.graph)
	resource := d.resourcePolicy(&probe, nil)
	pq := x.query()
	defer pq.release()
	prune := resource == nil || isAssumeRole(probe.Action) // the identity policies must allow
	if prune {
		pq.ask(probe.Action, probe.Resource)
	}
	reached := make([]uint64, (len(x.nodes)+63)/64)
	via := map[int32][]arn.ARN{}
	reach := func(p int32, v []arn.ARN) {
		reached[p/64] |= 1 << (p % 64)
		via[p] = v
	}
	var frontier []int32 // the positions of roles reached at the last depth
	// The principals to decide, in order: with pruning, the users and roles that may be
	// allowed, then the services when there is a resource policy; else everyone.
	var cands []int32
	if prune {
		cands = pq.candidates(nil)
		if resource != nil {
			for p := x.nusers; p < len(x.nodes); p++ {
				cands = append(cands, int32(p))
			}
		}
	} else {
		cands = make([]int32, len(x.nodes))
		for p := range cands {
			cands[p] = int32(p)
		}
	}
	// Each node decides the probe as Caller.Evaluate would, on one request whose caller
	// fields change: copying the request per node cost an allocation each.
	for _, p := range cands {
		n := x.nodes[p]
		probe.Principal, probe.Service = n.id.arn, n.id.service
		if n.id.ev.Evaluate(&probe, resource).Decision == eval.Allow {
			reach(p, []arn.ARN{})
			if n.id.role != nil {
				frontier = append(frontier, p)
			}
		}
	}
	// A hop is sts:AssumeRole, which the caller's identity policies must allow (a
	// service's is decided by the trust policy alone, and mayAllow lets it through).
	// Each (principal, role) edge is met at most once (a role is in one frontier, and
	// its predecessors are distinct), so edges are decided as edges.allowed does but
	// without its memo: by assumeAllowed.
	for depth := 0; depth < q.MaxHops && len(frontier) > 0; depth++ {
		var next []int32
		for _, rp := range frontier {
			r := x.nodes[rp].id.role
			runs, ok := x.predecessors(d.graph, rp)
			if !ok {
				// Every predecessor is one of the graph's nodes, which the index holds.
				return nil, fmt.Errorf("%w: internal error: a predecessor of %s is not a principal of the search", ErrReach, r.arn)
			}
			if len(runs) > 0 {
				pq.ask("sts:AssumeRole", r.arn.String())
			}
			for _, run := range runs {
				for p := run.lo; p < run.hi; p++ {
					if reached[p/64]&(1<<(p%64)) != 0 || !pq.mayAllow(p) {
						continue
					}
					c := x.nodes[p].id
					if !assumeAllowed(c, r, probe.Context) {
						continue
					}
					reach(p, append([]arn.ARN{r.arn}, via[rp]...))
					if c.role != nil {
						next = append(next, p)
					}
				}
			}
		}
		frontier = next
	}
	out := make([]Reached, 0, len(via)) // empty, not nil: the answer marshals as []
	for w, bits := range reached {
		for bits != 0 {
			p := w*64 + mathbits.TrailingZeros64(bits)
			bits &= bits - 1
			n := x.nodes[p]
			out = append(out, Reached{Principal: n.id.arn, Service: n.id.service, Via: via[int32(p)]})
		}
	}
	return out, nil
}
