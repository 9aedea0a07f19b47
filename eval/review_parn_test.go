package eval_test

import (
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
	"github.com/stretchr/testify/assert"
)

// TestReviewPrincipalARN: acs:PrincipalARN is derived, compared ignoring ASCII case by
// every String operator and set prefix, and never taken from the caller's context.
func TestReviewPrincipalARN(t *testing.T) {
	t.Parallel()
	deny := func(op, vals string) string {
		return `{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},
		{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"` + op + `":{"acs:PrincipalArn":` + vals + `}}}]}`
	}
	for _, tc := range []struct {
		op, vals, principal string
		ctx                 []string
		want                eval.Decision
	}{
		{"StringEquals", `"acs:ram::1:role/admin"`, "acs:ram::1:role/Admin/s", nil, eval.ExplicitDeny},
		{"StringLike", `"acs:ram::1:role/adm*"`, "acs:ram::1:role/ADMIN/s", nil, eval.ExplicitDeny},
		{"StringLike", `"ACS:RAM::1:ROLE/ADM?N"`, "acs:ram::1:role/admin/s", nil, eval.ExplicitDeny},
		{"ForAnyValue:StringLike", `"acs:ram::1:role/adm*"`, "acs:ram::1:role/ADMIN/s", nil, eval.ExplicitDeny},
		{"ForAllValues:StringLike", `"acs:ram::1:role/adm*"`, "acs:ram::1:role/ADMIN/s", nil, eval.ExplicitDeny},
		{"ForAnyValue:StringEquals", `"acs:ram::1:user/BOB"`, "acs:ram::1:user/bob", nil, eval.ExplicitDeny},
		{"StringNotEquals", `"acs:ram::1:role/ResourceDirectoryAccountAccessRole"`, "acs:ram::1:role/resourcedirectoryaccountaccessrole/s", nil, eval.Allow},
		{"StringNotLike", `"acs:ram::1:role/aliyunreservedsso*"`, "acs:ram::1:role/AliyunReservedSSO-x/s", nil, eval.Allow},
		{"ForAllValues:StringNotLike", `"acs:ram::1:role/aliyunreservedsso*"`, "acs:ram::1:role/AliyunReservedSSO-x/s", nil, eval.Allow},
		{"ForAnyValue:StringNotEquals", `"acs:ram::1:role/x"`, "acs:ram::1:role/X/s", nil, eval.Allow},
		// the context never speaks for a principal, not even an empty list
		{"StringNotEquals", `"acs:ram::1:user/admin"`, "acs:ram::1:user/eve", []string{"acs:ram::1:user/admin"}, eval.ExplicitDeny},
		{"StringEquals", `"acs:ram::1:user/eve"`, "acs:ram::1:user/eve", []string{}, eval.ExplicitDeny},
		{"ForAllValues:StringEquals", `"acs:ram::1:user/admin"`, "acs:ram::1:user/eve", []string{}, eval.Allow},
	} {
		doc, err := policy.Parse([]byte(deny(tc.op, tc.vals)), policy.IdentityPolicy)
		if !assert.NoError(t, err) {
			continue
		}
		set := eval.MustCompile(eval.Policy{Name: "p", Doc: doc})
		for _, key := range []string{"acs:PrincipalARN", "ACS:PRINCIPALARN"} {
			req := &eval.Request{Principal: arn.MustParse(tc.principal), Action: "ecs:RunInstances", Resource: "*"}
			if tc.ctx != nil {
				req.Context.Set(key, tc.ctx...)
			}
			ev := eval.NewEvaluator(eval.Config{IdentityPolicies: set})
			assert.Equal(t, tc.want, ev.Evaluate(req, nil).Decision, "%s %s principal %s ctx %v", tc.op, tc.vals, tc.principal, tc.ctx)
			x := ev.Explain(req, nil)
			assert.Equal(t, tc.want, x.Result.Decision, "explain: %s %s", tc.op, tc.vals)
		}
	}
}
