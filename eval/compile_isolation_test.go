package eval_test

import (
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
	"github.com/stretchr/testify/require"
)

// A PolicySet is immutable: once Compile returns, editing the Document it was compiled
// from (which the caller still holds, and may reuse) must not change a decision. Every
// list of the Document is overwritten in place here, element by element, as a caller
// editing it would; policy.Parse now carves those lists from shared chunks, so each is
// also checked to be the Document's alone.

const isolationTrust = `{"Version":"1","Statement":[
 {"Effect":"Allow","Action":["sts:AssumeRole","sts:AssumeRoleWithSAML"],
  "Principal":{"RAM":["acs:ram::1111111111111111:root"],"Service":["ecs.aliyuncs.com"],
   "Federated":["acs:ram::1111111111111111:saml-provider/idp"]},
  "Condition":{"StringEquals":{"test:tag":["a"]}}}]}`

// overwrite replaces every string of every list of d with junk, in place.
func overwrite(d *policy.Document) {
	junk := func(l []string) {
		for i := range l {
			l[i] = "x:junk"
		}
	}
	for i := range d.Statements {
		s := &d.Statements[i]
		junk(s.Actions)
		junk(s.Resources)
		if p := s.Principal; p != nil {
			junk(p.RAM)
			junk(p.Service)
			junk(p.Federated)
		}
		for j := range s.Conditions {
			junk(s.Conditions[j].Values)
		}
	}
}

// TestCompiledSetIgnoresLaterDocumentEdits: a trust policy admitting an account, a
// service and a SAML provider decides alike before and after its Document is edited.
func TestCompiledSetIgnoresLaterDocumentEdits(t *testing.T) {
	t.Parallel()
	doc, err := policy.Parse([]byte(isolationTrust), policy.TrustPolicy)
	require.NoError(t, err)
	trust := eval.MustCompile(eval.Policy{Name: "trust", Doc: doc})
	role := "acs:ram::1111111111111111:role/r"
	var ctx eval.Context
	ctx.Set("test:tag", "a")
	reqs := map[string]*eval.Request{
		"account": {Principal: arn.MustParse("acs:ram::1111111111111111:user/u"), Action: "sts:AssumeRole", Resource: role, Context: ctx},
		"service": {Service: arn.MustParseServicePrincipal("1111111111111111@ecs.aliyuncs.com"), Action: "sts:AssumeRole", Resource: role, Context: ctx},
		"federated": {Provider: arn.MustParse("acs:ram::1111111111111111:saml-provider/idp"), Action: "sts:AssumeRoleWithSAML",
			Resource: role, Context: ctx},
	}
	ev := eval.NewEvaluator(eval.Config{IdentityPolicies: eval.MustCompile(pol(t, "id", policy.IdentityPolicy,
		`{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}`))})
	before := map[string]eval.Result{}
	for name, req := range reqs {
		before[name] = ev.Evaluate(req, trust)
		require.Equal(t, eval.Allow, before[name].Decision, name)
	}
	overwrite(doc)
	for name, req := range reqs {
		after := ev.Evaluate(req, trust)
		require.Equal(t, before[name].Decision, after.Decision, "%s: the set changed with its Document", name)
		require.Equal(t, before[name].DecidedBy(), after.DecidedBy(), name)
	}
}
