package world

import (
	"fmt"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
)

// WhoCanReference is the reference for World.WhoCan: the search before the allow index,
// which decides every principal. The property tests compare the two.
func (d *World) WhoCanReference(req *eval.Request, q ReachQuery) ([]Reached, error) {
	return d.whoCanReference(req, q)
}

// whoCanReference is WhoCan as it was before the allow index (commit 50aea27): every
// user, role and service decides the request, and every predecessor of a reached role
// decides its AssumeRole.
func (d *World) whoCanReference(req *eval.Request, q ReachQuery) ([]Reached, error) {
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

// BuildWhoCanIndex builds the allow index WhoCan builds on first use, again, for
// BenchmarkWhoCanIndexBuild.
func (d *World) BuildWhoCanIndex() { newAllowIndex(d.allow, d.graph) }

// WithAllowFactsFor returns a copy of the world whose who-can index knows only the
// identity sets keep accepts: the others are unknown, and WhoCan must decide their
// principals. It tests the path that a set whose documents disagree with it takes.
func (d *World) WithAllowFactsFor(keep func(*eval.PolicySet) bool) *World {
	cp := *d
	f := &allowFacts{docs: d.allow.docs, bySet: map[*eval.PolicySet][]int32{}}
	for ps, docs := range d.allow.bySet {
		if keep(ps) {
			f.bySet[ps] = docs
		}
	}
	cp.allow = f
	return &cp
}

// WhoCanUnknown counts the users and roles whose identity set the who-can index does
// not know, and so never prunes.
func (d *World) WhoCanUnknown() int { return len(d.allow.index(d.graph).unknown) }

// WithFreshWhoCanIndex returns a copy of the world whose who-can index is not built yet,
// for BenchmarkWhoCanFirst.
func (d *World) WithFreshWhoCanIndex() *World {
	cp := *d
	cp.allow = &allowFacts{docs: d.allow.docs, bySet: d.allow.bySet}
	return &cp
}
