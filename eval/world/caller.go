package world

import (
	"fmt"
	"strings"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
)

// Caller is a principal of a World that makes requests: a user, an account root, a role
// session (from AssumeRole, or a role taken as a session of itself), or a service acting
// for an account (World.ServiceCaller). It carries the permissions that apply to its
// requests and is bound to its world, so its decisions and their explanations come from
// one place. It is immutable and safe for concurrent use.
type Caller struct {
	w              *World
	arn            arn.ARN              // zero for a service caller
	service        arn.ServicePrincipal // UID@SERVICE, for a service caller
	role           *role                // for role sessions
	ev             *eval.Evaluator
	sourceIdentity string
	duration       int // seconds, for sessions from AssumeRole
}

// ARN returns the caller's ARN: acs:ram::UID:user/NAME, acs:ram::UID:root or
// acs:ram::UID:role/ROLE/SESSION; the zero ARN for a service caller.
func (c *Caller) ARN() arn.ARN { return c.arn }

// Service returns the service and the account it acts for (UID@SERVICE) of a service
// caller, or the zero value.
func (c *Caller) Service() arn.ServicePrincipal { return c.service }

// ServiceCaller returns a service acting for an account, s in the form UID@SERVICE, such
// as 1111111111111111@ecs.aliyuncs.com for ECS acting for the account whose instance
// holds a role. The account need not be in the world. Such a caller has no identity,
// session or control policies: its AssumeRole is decided by the role's trust policy
// alone, through a Service principal (see eval.Request.Service). The error wraps
// eval.ErrInvalidRequest.
func (w *World) ServiceCaller(s arn.ServicePrincipal) (*Caller, error) {
	if w == nil {
		return nil, fmt.Errorf("%w: nil World", eval.ErrInvalidRequest)
	}
	if !s.IsValid() || s.Account() == "" {
		return nil, fmt.Errorf("%w: service caller %q: want UID@SERVICE, the service and the account it acts for", eval.ErrInvalidRequest, s)
	}
	return w.serviceCaller(s), nil
}

func (w *World) serviceCaller(s arn.ServicePrincipal) *Caller {
	return &Caller{w: w, service: s, ev: eval.NewEvaluator(eval.Config{})}
}

// Role returns the role of a role session, or the zero ARN.
func (c *Caller) Role() arn.ARN {
	if c == nil || c.role == nil {
		return arn.ARN{}
	}
	return c.role.arn
}

// SourceIdentity returns the SourceIdentity the session carries, or "".
func (c *Caller) SourceIdentity() string { return c.sourceIdentity }

// DurationSeconds returns the session's duration, or 0 for a user or root.
func (c *Caller) DurationSeconds() int { return c.duration }

// Caller returns the caller for a principal of the world: a user, an account root (any
// numeric account), a role session or a role (as a session of it named by the role's ARN
// alone). Names are matched case-insensitively; the caller keeps the world's spelling.
// The error wraps ErrUnknownPrincipal and eval.ErrInvalidRequest.
func (w *World) Caller(p arn.ARN) (*Caller, error) {
	if w == nil {
		return nil, fmt.Errorf("%w: nil World", eval.ErrInvalidRequest)
	}
	unknown := func() (*Caller, error) {
		return nil, fmt.Errorf("%w: %w: %s", eval.ErrInvalidRequest, ErrUnknownPrincipal, p)
	}
	switch p.Kind() {
	case arn.KindRoot:
		return &Caller{w: w, arn: p, ev: eval.NewEvaluator(eval.Config{})}, nil
	case arn.KindUser:
		a := w.accounts[p.Account()]
		if a == nil {
			return unknown()
		}
		u := a.users[strings.ToLower(p.Name())]
		if u == nil {
			return unknown()
		}
		return w.userCaller(u), nil
	case arn.KindRole, arn.KindRoleSession:
		r := w.role(p.Account(), p.Name())
		if r == nil {
			return unknown()
		}
		c := w.roleCaller(r)
		if p.Kind() == arn.KindRoleSession {
			c.arn = arn.MustParse(r.arn.String() + "/" + p.SessionName())
		}
		return c, nil
	}
	return nil, fmt.Errorf("%w: %s is not a user, root, role or role session", eval.ErrInvalidRequest, p)
}

// requestCaller is the caller a request names: its Service when set (with no Principal),
// else its Principal.
func (w *World) requestCaller(req *eval.Request) (*Caller, error) {
	if req.Service.IsValid() {
		if req.Principal.IsValid() || req.Provider.IsValid() {
			return nil, fmt.Errorf("%w: a request has one caller: a principal, a provider or a service", eval.ErrInvalidRequest)
		}
		return w.ServiceCaller(req.Service)
	}
	return w.Caller(req.Principal)
}

func (w *World) userCaller(u *user) *Caller { return &Caller{w: w, arn: u.arn, ev: u.ev} }
func (w *World) roleCaller(r *role) *Caller {
	return &Caller{w: w, arn: r.arn, role: r, ev: r.ev}
}

// request is the request as the caller makes it: its Principal (or Service) is the
// caller, and for sts:AssumeRole on a role of the world without a given resource policy,
// the role's trust policy is the resource policy.
func (c *Caller) request(req *eval.Request, resource *eval.PolicySet) (eval.Request, *eval.PolicySet) {
	r := *req
	r.Principal, r.Service = c.arn, c.service
	if isAssumeRole(r.Action) {
		r.Context = withoutDerived(r.Context) // STS sets these from parameters, never from context
	}
	return r, c.w.resourcePolicy(&r, resource)
}

// resourcePolicy is the resource policy a request is decided with: resource when given,
// else for sts:AssumeRole on a role of the world, the role's trust policy.
func (w *World) resourcePolicy(req *eval.Request, resource *eval.PolicySet) *eval.PolicySet {
	if resource == nil && isAssumeRole(req.Action) {
		if a, err := arn.Parse(req.Resource); err == nil {
			resource = w.TrustPolicy(a)
		}
	}
	return resource
}

// Evaluate decides a request made by the caller, with its identity policies, its
// account's control policies and (for sessions) its session policy; a service caller's by
// the resource policy alone. The request's Principal and Service are ignored: the caller
// is the principal. resource is the resource-based policy, or nil; for sts:AssumeRole on
// a role of the world, nil means the role's trust policy. A nil caller or request is an
// invalid request.
func (c *Caller) Evaluate(req *eval.Request, resource *eval.PolicySet) eval.Result {
	if c == nil || req == nil {
		return eval.Result{Stage: eval.StageInvalid, Err: fmt.Errorf("%w: nil caller or request", eval.ErrInvalidRequest)}
	}
	r, resource := c.request(req, resource)
	return c.ev.Evaluate(&r, resource)
}

// Explain is Evaluate with the reasons: the same decision, explained stage by stage and
// statement by statement.
func (c *Caller) Explain(req *eval.Request, resource *eval.PolicySet) eval.Explanation {
	if c == nil || req == nil {
		return eval.Explanation{Result: c.Evaluate(req, resource)}
	}
	r, resource := c.request(req, resource)
	return c.ev.Explain(&r, resource)
}

// Evaluate decides a request whose principal is a user, root, role or role session of
// the world, or whose Service is a service acting for an account; see Caller.Evaluate.
// An unknown principal is an invalid request (ImplicitDeny with Err set).
func (w *World) Evaluate(req *eval.Request, resource *eval.PolicySet) eval.Result {
	if req == nil {
		return eval.Result{Stage: eval.StageInvalid, Err: fmt.Errorf("%w: nil request", eval.ErrInvalidRequest)}
	}
	c, err := w.requestCaller(req)
	if err != nil {
		return eval.Result{Stage: eval.StageInvalid, Err: err}
	}
	return c.Evaluate(req, resource)
}

// Explain is Evaluate with the reasons.
func (w *World) Explain(req *eval.Request, resource *eval.PolicySet) eval.Explanation {
	if req == nil {
		return eval.Explanation{Result: w.Evaluate(req, resource)}
	}
	c, err := w.requestCaller(req)
	if err != nil {
		return eval.Explanation{Result: eval.Result{Stage: eval.StageInvalid, Err: err}}
	}
	return c.Explain(req, resource)
}

// isAssumeRole reports whether the action is sts:AssumeRole in any letter case.
func isAssumeRole(action string) bool { return strings.EqualFold(action, "sts:AssumeRole") }

// WithPolicies returns a copy of the caller that also has the identity policies in extra
// and, when session is non-nil, that session policy (replacing any it had), as a
// simulator needs to try a policy on an existing principal. Either may be nil. The error
// reports two different policies of one name, and policies given to a service caller,
// which has none (its requests are decided by resource policies alone).
func (c *Caller) WithPolicies(extra, session *eval.PolicySet) (*Caller, error) {
	if c == nil {
		return nil, fmt.Errorf("%w: nil caller", eval.ErrInvalidRequest)
	}
	if c.service.IsValid() && (extra != nil || session != nil) {
		return nil, fmt.Errorf("%w: service caller %s has no identity or session policies", eval.ErrInvalidRequest, c.service)
	}
	cfg := c.ev.Config()
	identity, err := eval.Union(cfg.IdentityPolicies, extra)
	if err != nil {
		return nil, err
	}
	cfg.IdentityPolicies = identity
	if session != nil {
		cfg.SessionPolicy = session
	}
	cp := *c
	cp.ev = eval.NewEvaluator(cfg)
	return &cp, nil
}
