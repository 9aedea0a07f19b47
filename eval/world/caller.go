package world

import (
	"fmt"
	"strings"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
)

// Caller is a principal of a World that makes requests: a user, an account root, or a
// role session (from AssumeRole, or a role taken as a session of itself). It carries the
// permissions that apply to its requests and is bound to its world, so its decisions and
// their explanations come from one place. It is immutable and safe for concurrent use.
type Caller struct {
	w              *World
	arn            arn.ARN
	role           *role // for role sessions
	ev             *eval.Evaluator
	sourceIdentity string
	duration       int // seconds, for sessions from AssumeRole
}

// ARN returns the caller's ARN: acs:ram::UID:user/NAME, acs:ram::UID:root or
// acs:ram::UID:role/ROLE/SESSION.
func (c *Caller) ARN() arn.ARN { return c.arn }

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

func (w *World) userCaller(u *user) *Caller { return &Caller{w: w, arn: u.arn, ev: u.ev} }
func (w *World) roleCaller(r *role) *Caller {
	return &Caller{w: w, arn: r.arn, role: r, ev: r.ev}
}

// request is the request as the caller makes it: its Principal is the caller, and for
// sts:AssumeRole on a role of the world without a given resource policy, the role's
// trust policy is the resource policy.
func (c *Caller) request(req *eval.Request, resource *eval.PolicySet) (eval.Request, *eval.PolicySet) {
	r := *req
	r.Principal = c.arn
	if resource == nil && isAssumeRole(r.Action) {
		if a, err := arn.Parse(r.Resource); err == nil {
			resource = c.w.TrustPolicy(a)
		}
	}
	return r, resource
}

// Evaluate decides a request made by the caller, with its identity policies, its
// account's control policies and (for sessions) its session policy. The request's
// Principal is ignored: the caller is the principal. resource is the resource-based
// policy, or nil; for sts:AssumeRole on a role of the world, nil means the role's trust
// policy. A nil caller or request is an invalid request.
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
// the world; see Caller.Evaluate. An unknown principal is an invalid request
// (ImplicitDeny with Err set).
func (w *World) Evaluate(req *eval.Request, resource *eval.PolicySet) eval.Result {
	if req == nil {
		return eval.Result{Stage: eval.StageInvalid, Err: fmt.Errorf("%w: nil request", eval.ErrInvalidRequest)}
	}
	c, err := w.Caller(req.Principal)
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
	c, err := w.Caller(req.Principal)
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
// reports two different policies of one name.
func (c *Caller) WithPolicies(extra, session *eval.PolicySet) (*Caller, error) {
	if c == nil {
		return nil, fmt.Errorf("%w: nil caller", eval.ErrInvalidRequest)
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
