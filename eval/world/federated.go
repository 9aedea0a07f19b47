package world

import (
	"fmt"
	"strings"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
)

// FederatedInput is one AssumeRoleWithSAML or AssumeRoleWithOIDC call: the first hop of a
// chain that starts outside RAM.
type FederatedInput struct {
	// Provider is acs:ram::UID:saml-provider/NAME (SAML) or acs:ram::UID:oidc-provider/NAME (OIDC).
	Provider        string
	RoleARN         string
	SessionName     string
	DurationSeconds int
	Policy          []byte // optional session policy text
	// Claims are the assertion's or token's claims as condition keys: saml:recipient;
	// oidc:aud, oidc:iss, oidc:sub. The caller has verified the assertion or token.
	Claims eval.Context
}

// AssumeRoleWithSAML simulates STS AssumeRoleWithSAML: the role's trust policy alone
// decides (there is no caller identity policy), and it must name the SAML provider as a
// Federated principal. Its action is sts:AssumeRole, as in Alibaba's trust policies.
func (d *World) AssumeRoleWithSAML(in FederatedInput) *Hop {
	return d.assumeFederated(in, "saml-provider")
}

// AssumeRoleWithOIDC simulates STS AssumeRoleWithOIDC, like AssumeRoleWithSAML with an
// OIDC provider.
func (d *World) AssumeRoleWithOIDC(in FederatedInput) *Hop {
	return d.assumeFederated(in, "oidc-provider")
}

func (d *World) assumeFederated(in FederatedInput, providerType string) *Hop {
	h := &Hop{}
	fail := func(sentinel error, format string, args ...any) *Hop {
		h.Err = fmt.Errorf("%w: %s", sentinel, fmt.Sprintf(format, args...))
		return h
	}
	pa, err := arn.Parse(in.Provider)
	if err != nil || !eval.IsProvider(pa) || !strings.HasPrefix(pa.Resource(), providerType+"/") {
		return fail(ErrInvalidProvider, "%q is not acs:ram::UID:%s/NAME", in.Provider, providerType)
	}
	r, dur, err := d.target(in.RoleARN, in.SessionName, in.DurationSeconds, false)
	if r != nil {
		h.Role = r.arn
	}
	if err != nil {
		h.Err = err
		return h
	}
	session, err := sessionPolicy(in.Policy)
	if err != nil {
		h.Err = err
		return h
	}
	req := &eval.Request{Provider: pa, Action: "sts:AssumeRole", Resource: r.arn.String(), Context: in.Claims}
	h.decided, h.req, h.trust, h.caller = true, *req, r.trust, &Caller{w: d, ev: eval.NewEvaluator(eval.Config{})}
	h.Result = h.caller.ev.Evaluate(req, r.trust)
	if h.Result.Decision != eval.Allow {
		return h
	}
	h.Session = d.newSession(r, in.SessionName, session, dur, "")
	return h
}
