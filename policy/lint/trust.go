package lint

import (
	"fmt"
	"strings"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/policy"
)

// principalKind is one list of a Principal element.
type principalKind struct {
	name   string
	values []string
}

func principalKinds(p *policy.Principal) []principalKind {
	return []principalKind{{"RAM", p.RAM}, {"Service", p.Service}, {"Federated", p.Federated}}
}

// trust checks the principals of an Allow statement: TrustAnyone, TrustCrossAccount,
// OIDCTrustWithoutSub, OIDCTrustWithoutAud, SAMLTrustWithoutRecipient.
func (l *linter) trust(i int, st *statement) {
	p := st.Principal
	if p == nil || st.Effect != policy.EffectAllow {
		return
	}
	for j, v := range p.RAM {
		at := func() place { return l.loc.value(i, []string{"Principal", "RAM"}, j) }
		if v == "*" {
			if len(st.Conditions) == 0 {
				l.add(at(), SecurityWarning, "TrustAnyone", "",
					"\"RAM\": \"*\" without a condition lets every RAM user and role of every Alibaba Cloud account assume the role; name the accounts, or require sts:ExternalId or acs:PrincipalARN")
			}
			continue
		}
		a, err := arn.Parse(v)
		if err != nil || l.opts.Account == "" || a.Account() == l.opts.Account || len(st.Conditions) > 0 {
			continue
		}
		l.add(at(), SecurityWarning, "TrustCrossAccount", "",
			fmt.Sprintf("%s is in account %s, not %s, and the statement has no condition: require sts:ExternalId (the confused-deputy defence) or narrow it with acs:PrincipalARN", v, a.Account(), l.opts.Account))
	}
	for j, v := range p.Federated {
		at := func() place { return l.loc.value(i, []string{"Principal", "Federated"}, j) }
		switch {
		case strings.Contains(v, ":oidc-provider/"):
			if !restricts(st, "oidc:sub") {
				l.add(at(), SecurityWarning, "OIDCTrustWithoutSub", "",
					fmt.Sprintf("no oidc:sub condition narrows the subject: every identity %s issues tokens for (for ACK RRSA, every service account of the cluster) may assume the role; add StringEquals {\"oidc:sub\": \"system:serviceaccount:NAMESPACE:NAME\"}", v))
			}
			if !restricts(st, "oidc:aud") {
				l.add(at(), Warning, "OIDCTrustWithoutAud", "",
					fmt.Sprintf("no oidc:aud condition narrows the audience: tokens %s issues for any audience are accepted; add StringEquals {\"oidc:aud\": \"sts.aliyuncs.com\"}", v))
			}
		case strings.Contains(v, ":saml-provider/"):
			if !restricts(st, "saml:recipient") {
				l.add(at(), Warning, "SAMLTrustWithoutRecipient", "",
					fmt.Sprintf("no saml:recipient condition for %s: Alibaba requires StringEquals {\"saml:recipient\": \"https://signin.alibabacloud.com/saml-role/sso\"} so that assertions meant for another service provider are refused", v))
			}
		}
	}
}

// restricts reports whether a statement holds a condition on key (any letter case) that
// narrows it: a String operator that is not negated, with a value that is not all '*'.
// A negated operator, a ForAllValues: operator (true when the key is absent) or
// StringLike "*" admits every token and narrows nothing.
func restricts(st *statement, key string) bool {
	for _, c := range st.Conditions {
		if !strings.EqualFold(c.Key, key) || c.Operator.Op.Family() != policy.FamilyString || c.Operator.Op.Negated() ||
			c.Operator.Set == policy.ForAllValues {
			continue
		}
		like := c.Operator.Op == policy.StringLike
		for _, v := range c.Values {
			if !like || strings.Trim(v, "*") != "" {
				return true
			}
		}
	}
	return false
}
