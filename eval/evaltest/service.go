package evaltest

import (
	"fmt"
	"strings"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/world"
	"github.com/rampolicy/ram/policy"
)

// Service callers in decision tables. A request's principal, an assumeRole caller and a
// reach's from may name, instead of a RAM identity's ARN, a service acting for an
// account in the form trust policies use: UID@SERVICE, such as
// 1111111111111111@ecs.aliyuncs.com. ARNs start with "acs:" and service names never do,
// so the two forms cannot be mistaken for each other, and every file written before
// service callers existed means what it meant. whoCan's principals list a service found
// the same way.

// serviceCaller reads a caller field: ok reports that it names a service (not an ARN);
// err, wrapping eval.ErrInvalidRequest, that it names one without the account it acts for.
func serviceCaller(s string) (sp arn.ServicePrincipal, ok bool, err error) {
	if strings.HasPrefix(s, "acs:") {
		return sp, false, nil
	}
	sp, perr := arn.ParseServicePrincipal(s)
	switch {
	case perr != nil && strings.Contains(s, "@"):
		return sp, true, fmt.Errorf("%w: service caller: %w", eval.ErrInvalidRequest, perr) // meant as UID@SERVICE
	case perr != nil:
		return sp, false, nil // neither form: the ARN reader reports it
	}
	if sp.Account() == "" {
		return sp, true, fmt.Errorf("%w: service caller %q acts for no account; write UID@SERVICE", eval.ErrInvalidRequest, s)
	}
	return sp, true, nil
}

// caller is the directory's caller named by an assumeRole caller: a RAM identity or a
// service acting for an account.
func (w *tableWorld) caller(s string) (*world.Caller, error) {
	if sp, ok, err := serviceCaller(s); ok {
		if err != nil {
			return nil, err
		}
		return w.dir.ServiceCaller(sp)
	}
	p, err := arn.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("%w: caller: %w", eval.ErrInvalidRequest, err)
	}
	return w.dir.Caller(p)
}

// reachFrom runs a reach query from a RAM identity or from a service.
func (w *tableWorld) reachFrom(from string, to arn.ARN, q world.ReachQuery) (world.ChainResult, error) {
	if sp, ok, err := serviceCaller(from); ok {
		if err != nil {
			return world.ChainResult{}, err
		}
		return w.dir.ReachService(sp, to, q)
	}
	p, err := arn.Parse(from)
	if err != nil {
		return world.ChainResult{}, fmt.Errorf("%w: %w", eval.ErrInvalidRequest, err)
	}
	return w.dir.Reach(p, to, q)
}

// runServiceRequest runs a request case whose principal is a service: the resource
// policy alone decides (for sts:AssumeRole on a role of the directory, its trust policy).
// A service has no identity or session policies, so a case that gives it some is an
// invalid request rather than a test whose policies are silently unused.
func (w *tableWorld) runServiceRequest(c *tableCase, sp arn.ServicePrincipal) Outcome {
	if len(c.Policies) > 0 || c.SessionPolicy != "" {
		err := fmt.Errorf("%w: service caller %s has no identity or session policies", eval.ErrInvalidRequest, sp)
		return check(c.Expect, nil, eval.Result{}, err, nil)
	}
	req := &eval.Request{Service: sp, Action: c.Action, Resource: c.Resource, Context: context(c.Context)}
	var resource *eval.PolicySet
	if c.ResourcePolicy != "" {
		resource, _ = w.pol.Set(policy.ResourcePolicy, c.ResourcePolicy) // parsed at load
	}
	if w.dir != nil {
		caller, err := w.dir.ServiceCaller(sp)
		if err != nil {
			return check(c.Expect, nil, eval.Result{}, err, nil)
		}
		r := caller.Evaluate(req, resource)
		return check(c.Expect, c.DecidedBy, r, nil, func() string { return caller.Explain(req, resource).String() })
	}
	ev := eval.NewEvaluator(eval.Config{})
	r := ev.Evaluate(req, resource)
	return check(c.Expect, c.DecidedBy, r, nil, func() string { return ev.Explain(req, resource).String() })
}

// hopCaller names who made a hop: the caller's ARN, or UID@SERVICE.
func hopCaller(h *world.Hop) string {
	if h.Service.IsValid() {
		return h.Service.String()
	}
	return h.Caller.String()
}
