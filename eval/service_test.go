package eval_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	svcA = "1111111111111111" // the role's account
	svcB = "2222222222222222" // another account
)

func trustSet(t *testing.T, principal string, extra ...string) *eval.PolicySet {
	t.Helper()
	stmts := append([]string{`{"Effect":"Allow","Action":"sts:AssumeRole","Principal":` + principal + `}`}, extra...)
	doc, err := policy.Parse([]byte(`{"Version":"1","Statement":[`+strings.Join(stmts, ",")+`]}`), policy.TrustPolicy)
	require.NoError(t, err, principal)
	return eval.MustCompile(eval.Policy{Name: "trust", Doc: doc})
}

// callerSpec is one caller of the matrix: a service acting for an account, or a RAM
// identity.
type callerSpec struct {
	service arn.ServicePrincipal
	ram     arn.ARN
}

func (c callerSpec) String() string {
	if c.service.IsValid() {
		return "service " + c.service.String()
	}
	return c.ram.String()
}

func (c callerSpec) request(resource string) *eval.Request {
	return &eval.Request{Principal: c.ram, Service: c.service, Action: "sts:AssumeRole", Resource: resource}
}

// wantAdmitted is the rule of semantics.md, written out independently of the engine:
// SERVICE admits the service acting for the role's own account, UID@SERVICE the service
// acting for UID; a RAM principal never admits a service, a Service principal never a
// RAM identity.
func wantAdmitted(kind, value string, c callerSpec, roleAcct string) bool {
	switch kind {
	case "Service":
		if !c.service.IsValid() {
			return false
		}
		acct, svc, ok := strings.Cut(value, "@")
		if !ok {
			acct, svc = roleAcct, value
		}
		return svc == c.service.Service() && acct == c.service.Account()
	case "RAM":
		if c.service.IsValid() {
			return false
		}
		if value == "*" {
			return true
		}
		p := arn.MustParse(value)
		if p.Kind() == arn.KindRoot {
			return p.Account() == c.ram.Account()
		}
		return strings.EqualFold(p.String(), c.ram.String()) || c.ram.Kind() == arn.KindRoleSession && strings.EqualFold(p.String(), c.ram.Role().String())
	}
	return false
}

func TestServiceCallerMatrix(t *testing.T) {
	t.Parallel()
	callers := []callerSpec{
		{service: arn.MustParseServicePrincipal(svcA + "@ecs.aliyuncs.com")},
		{service: arn.MustParseServicePrincipal(svcB + "@ecs.aliyuncs.com")},
		{service: arn.MustParseServicePrincipal(svcA + "@log.aliyuncs.com")},
		{service: arn.MustParseServicePrincipal(svcB + "@log.aliyuncs.com")},
		{service: arn.MustParseServicePrincipal(svcA + "@cs.aliyuncs.com")},
		{ram: arn.MustParse("acs:ram::" + svcA + ":user/alice")},
		{ram: arn.MustParse("acs:ram::" + svcA + ":role/KubernetesWorkerRole-c1/i-abc")},
		{ram: arn.MustParse("acs:ram::" + svcB + ":user/bob")},
	}
	principals := [][2]string{
		{"Service", "ecs.aliyuncs.com"},
		{"Service", svcA + "@ecs.aliyuncs.com"},
		{"Service", svcB + "@ecs.aliyuncs.com"},
		{"Service", "log.aliyuncs.com"},
		{"Service", svcB + "@log.aliyuncs.com"},
		{"Service", "ecs.aliyuncs.com.cn"},
		{"RAM", "*"},
		{"RAM", "acs:ram::" + svcA + ":root"},
		{"RAM", "acs:ram::" + svcB + ":root"},
		{"RAM", "acs:ram::" + svcA + ":user/alice"},
		{"RAM", "acs:ram::" + svcA + ":role/kubernetesworkerrole-c1"},
	}
	roles := []string{svcA, svcB}
	admitted := 0
	for _, p := range principals {
		ps := trustSet(t, fmt.Sprintf(`{%q:%q}`, p[0], p[1]))
		for _, roleAcct := range roles {
			role := "acs:ram::" + roleAcct + ":role/target"
			for _, c := range callers {
				want := wantAdmitted(p[0], p[1], c, roleAcct)
				if want {
					admitted++
				}
				// The evaluator of a RAM caller allows AssumeRole; a service caller has no
				// policies, and the configuration must not matter to it.
				ev := eval.NewEvaluator(eval.Config{IdentityPolicies: allowAll(t)})
				req := c.request(role)
				got := ev.Evaluate(req, ps)
				require.NoError(t, got.Err)
				wantDecision := eval.ImplicitDeny
				if want {
					wantDecision = eval.Allow
				}
				assert.Equal(t, wantDecision, got.Decision, "%s %q admits %s for role in %s", p[0], p[1], c, roleAcct)
				assert.Equal(t, got, ev.Explain(req, ps).Result)
				if want && c.service.IsValid() { // the trust statement alone, no identity statement
					require.Len(t, got.DecidedBy(), 1)
					require.Equal(t, "trust", got.DecidedBy()[0].Policy)
				}
			}
		}
	}
	require.Greater(t, admitted, 10, "the matrix must exercise both outcomes")
}

func allowAll(t *testing.T) *eval.PolicySet {
	t.Helper()
	doc, err := policy.Parse([]byte(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`), policy.IdentityPolicy)
	require.NoError(t, err)
	return eval.MustCompile(eval.Policy{Name: "all", Doc: doc})
}

func denyAll(t *testing.T, kind policy.Kind) *eval.PolicySet {
	t.Helper()
	doc, err := policy.Parse([]byte(`{"Version":"1","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}`), kind)
	require.NoError(t, err)
	return eval.MustCompile(eval.Policy{Name: "deny", Doc: doc})
}

// A service caller has no identity, session or control policies: a configuration that
// denies everything does not gate it, and one that allows everything does not help it.
func TestServiceCallerIgnoresTheConfiguration(t *testing.T) {
	t.Parallel()
	ecs := arn.MustParseServicePrincipal(svcA + "@ecs.aliyuncs.com")
	role := "acs:ram::" + svcA + ":role/worker"
	trust := trustSet(t, `{"Service":"ecs.aliyuncs.com"}`)
	hostile := eval.NewEvaluator(eval.Config{IdentityPolicies: denyAll(t, policy.IdentityPolicy),
		SessionPolicy: denyAll(t, policy.SessionPolicy), ControlPolicies: []*eval.PolicySet{denyAll(t, policy.ControlPolicy), nil}})
	req := &eval.Request{Service: ecs, Action: "sts:AssumeRole", Resource: role}
	r := hostile.Evaluate(req, trust)
	assert.Equal(t, eval.Allow, r.Decision, "%v", r)
	assert.Equal(t, r, hostile.Explain(req, trust).Result)

	generous := eval.NewEvaluator(eval.Config{IdentityPolicies: allowAll(t)})
	assert.Equal(t, eval.ImplicitDeny, generous.Evaluate(req, nil).Decision, "no resource policy: nothing allows")
	other := &eval.Request{Service: ecs, Action: "ecs:DescribeInstances", Resource: "*"}
	assert.Equal(t, eval.ImplicitDeny, generous.Evaluate(other, nil).Decision)
}

func TestServiceCallerTrustDenyAndConditions(t *testing.T) {
	t.Parallel()
	ecs := arn.MustParseServicePrincipal(svcA + "@ecs.aliyuncs.com")
	role := "acs:ram::" + svcA + ":role/worker"
	ev := eval.NewEvaluator(eval.Config{})
	req := func(ctx map[string][]string) *eval.Request {
		return &eval.Request{Service: ecs, Action: "sts:AssumeRole", Resource: role, Context: eval.NewContext(ctx)}
	}

	// A Deny naming the service wins over the Allow.
	deny := trustSet(t, `{"Service":"ecs.aliyuncs.com"}`,
		`{"Effect":"Deny","Action":"sts:AssumeRole","Principal":{"Service":"`+svcA+`@ecs.aliyuncs.com"}}`)
	r := ev.Evaluate(req(nil), deny)
	assert.Equal(t, eval.ExplicitDeny, r.Decision)
	require.Len(t, r.DecidedBy(), 1)
	assert.Equal(t, 1, r.DecidedBy()[0].Statement)

	// A Deny on RAM "*" does not name the service.
	ramDeny := trustSet(t, `{"Service":"ecs.aliyuncs.com"}`, `{"Effect":"Deny","Action":"sts:AssumeRole","Principal":{"RAM":"*"}}`)
	assert.Equal(t, eval.Allow, ev.Evaluate(req(nil), ramDeny).Decision)

	// The caller has no acs:PrincipalARN, and cannot supply one.
	byARN := trustSet(t, `{"Service":"ecs.aliyuncs.com"},"Condition":{"StringEquals":{"acs:PrincipalARN":"acs:ram::`+svcA+`:role/worker"}}`)
	assert.Equal(t, eval.ImplicitDeny, ev.Evaluate(req(map[string][]string{"acs:PrincipalARN": {"acs:ram::" + svcA + ":role/worker"}}), byARN).Decision)
	notRAM := trustSet(t, `{"Service":"ecs.aliyuncs.com"}`,
		`{"Effect":"Deny","Action":"sts:AssumeRole","Principal":{"Service":"ecs.aliyuncs.com"},"Condition":{"StringNotLike":{"acs:PrincipalARN":"acs:ram::*"}}}`)
	r = ev.Evaluate(req(map[string][]string{"ACS:PrincipalArn": {"acs:ram::" + svcA + ":role/x"}}), notRAM)
	assert.Equal(t, eval.ExplicitDeny, r.Decision, "an absent acs:PrincipalARN makes StringNotLike hold")

	// Other conditions are read from the context as usual.
	byIP := trustSet(t, `{"Service":"ecs.aliyuncs.com"},"Condition":{"IpAddress":{"acs:SourceIp":"10.0.0.0/8"}}`)
	assert.Equal(t, eval.Allow, ev.Evaluate(req(map[string][]string{"acs:SourceIp": {"10.1.2.3"}}), byIP).Decision)
	assert.Equal(t, eval.ImplicitDeny, ev.Evaluate(req(map[string][]string{"acs:SourceIp": {"192.168.0.1"}}), byIP).Decision)
}

// A resource that names no account has no own account for the bare SERVICE form: only
// UID@SERVICE admits the service there.
func TestServiceCallerOnResourceWithoutAccount(t *testing.T) {
	t.Parallel()
	ev := eval.NewEvaluator(eval.Config{})
	ecs := arn.MustParseServicePrincipal(svcA + "@ecs.aliyuncs.com")
	policyFor := func(principal string) *eval.PolicySet {
		doc, err := policy.Parse([]byte(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"*","Principal":{"Service":"`+principal+`"}}]}`), policy.ResourcePolicy)
		require.NoError(t, err)
		return eval.MustCompile(eval.Policy{Name: "bucket", Doc: doc})
	}
	for _, res := range []string{"acs:oss:*:*:bucket/k", "acs:oss:::bucket/k", "*"} {
		req := &eval.Request{Service: ecs, Action: "oss:GetObject", Resource: res}
		assert.Equal(t, eval.ImplicitDeny, ev.Evaluate(req, policyFor("ecs.aliyuncs.com")).Decision, res)
		assert.Equal(t, eval.Allow, ev.Evaluate(req, policyFor(svcA+"@ecs.aliyuncs.com")).Decision, res)
	}
	own := &eval.Request{Service: ecs, Action: "oss:GetObject", Resource: "acs:oss:*:" + svcA + ":bucket/k"}
	assert.Equal(t, eval.Allow, ev.Evaluate(own, policyFor("ecs.aliyuncs.com")).Decision)
	other := &eval.Request{Service: ecs, Action: "oss:GetObject", Resource: "acs:oss:*:" + svcB + ":bucket/k"}
	assert.Equal(t, eval.ImplicitDeny, ev.Evaluate(other, policyFor("ecs.aliyuncs.com")).Decision)
}

func TestServiceCallerValidation(t *testing.T) {
	t.Parallel()
	ev := eval.NewEvaluator(eval.Config{})
	trust := trustSet(t, `{"Service":"ecs.aliyuncs.com","RAM":"*"}`)
	role := "acs:ram::" + svcA + ":role/worker"
	for name, req := range map[string]*eval.Request{
		"bare service, no account": {Service: arn.MustParseServicePrincipal("ecs.aliyuncs.com"), Action: "sts:AssumeRole", Resource: role},
		"service and principal": {Service: arn.MustParseServicePrincipal(svcA + "@ecs.aliyuncs.com"),
			Principal: arn.MustParse("acs:ram::" + svcA + ":user/alice"), Action: "sts:AssumeRole", Resource: role},
		"service and provider": {Service: arn.MustParseServicePrincipal(svcA + "@ecs.aliyuncs.com"),
			Provider: arn.MustParse("acs:ram::" + svcA + ":saml-provider/idp"), Action: "sts:AssumeRole", Resource: role},
	} {
		r := ev.Evaluate(req, trust)
		assert.Equal(t, eval.ImplicitDeny, r.Decision, name)
		assert.ErrorIs(t, r.Err, eval.ErrInvalidRequest, name)
		assert.Equal(t, "InvalidRequest", eval.Code(r.Err), name)
	}
}

// A service caller never matches a Federated principal, and a federated caller never a
// Service principal.
func TestServiceAndFederatedStayApart(t *testing.T) {
	t.Parallel()
	ev := eval.NewEvaluator(eval.Config{})
	role := "acs:ram::" + svcA + ":role/worker"
	provider := arn.MustParse("acs:ram::" + svcA + ":saml-provider/idp")
	fed := trustSet(t, `{"Federated":"`+provider.String()+`"}`)
	svc := trustSet(t, `{"Service":"ecs.aliyuncs.com"}`)
	ecs := &eval.Request{Service: arn.MustParseServicePrincipal(svcA + "@ecs.aliyuncs.com"), Action: "sts:AssumeRole", Resource: role}
	saml := &eval.Request{Provider: provider, Action: "sts:AssumeRole", Resource: role}
	assert.Equal(t, eval.ImplicitDeny, ev.Evaluate(ecs, fed).Decision)
	assert.Equal(t, eval.ImplicitDeny, ev.Evaluate(saml, svc).Decision)
	assert.Equal(t, eval.Allow, ev.Evaluate(ecs, svc).Decision)
	assert.Equal(t, eval.Allow, ev.Evaluate(saml, fed).Decision)
}

// A Service value that the parser would not accept, in a Document built in code, does
// not compile.
func TestCompileRejectsBadServicePrincipal(t *testing.T) {
	t.Parallel()
	doc := &policy.Document{Version: "1", Statements: []policy.Statement{{Effect: policy.EffectAllow, Actions: []string{"sts:AssumeRole"},
		Principal: &policy.Principal{Service: []string{"ECS.aliyuncs.com"}}}}}
	_, err := eval.Compile(eval.Policy{Name: "trust", Doc: doc})
	assert.Error(t, err)
}

// FuzzServicePrincipalMatch: a Service principal admits a service caller exactly as
// semantics.md says, for any principal text, caller and resource; a value the parser
// would reject never compiles, and nothing panics.
func FuzzServicePrincipalMatch(f *testing.F) {
	f.Add("ecs.aliyuncs.com", svcA, "ecs.aliyuncs.com", "acs:ram::"+svcA+":role/worker")
	f.Add("ecs.aliyuncs.com", svcB, "ecs.aliyuncs.com", "acs:ram::"+svcA+":role/worker")
	f.Add(svcA+"@log.aliyuncs.com", svcA, "log.aliyuncs.com", "acs:ram::"+svcB+":role/sls")
	f.Add("log.aliyuncs.com", svcA, "log.aliyuncs.com", "acs:oss:*:*:bucket/k")
	f.Add("@log.aliyuncs.com", "", "log.aliyuncs.com", "*")
	f.Add("1@2@log.aliyuncs.com", "1", "2@log.aliyuncs.com", "acs:log:*:1:project/p")
	f.Fuzz(func(t *testing.T, principal, account, service, resource string) {
		if len(principal) > 1000 || !utf8.ValidString(principal) {
			return // over the trust policy's size limit, or not text JSON can carry
		}
		quoted, _ := json.Marshal(principal)
		doc, err := policy.Parse([]byte(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":`+string(quoted)+`}}]}`), policy.TrustPolicy)
		want, parses := arn.ParseServicePrincipal(principal)
		if (err == nil) != (parses == nil) {
			t.Fatalf("Service %q: policy error %v, service principal error %v", principal, err, parses)
		}
		caller, cerr := arn.ParseServicePrincipal(account + "@" + service)
		if err != nil || cerr != nil {
			return
		}
		ps, err := eval.Compile(eval.Policy{Name: "trust", Doc: doc})
		if err != nil {
			t.Fatalf("Service %q parses but does not compile: %v", principal, err)
		}
		req := &eval.Request{Service: caller, Action: "sts:AssumeRole", Resource: resource}
		if req.Validate() != nil {
			return // an empty or over-long resource
		}
		r := eval.NewEvaluator(eval.Config{}).Evaluate(req, ps)
		acct := want.Account()
		if acct == "" {
			acct = refResourceAccount(resource)
		}
		admitted := want.Service() == caller.Service() && acct != "" && acct == caller.Account()
		if (r.Decision == eval.Allow) != admitted {
			t.Fatalf("Service %q, caller %s, resource %q: %v, want admitted=%v", principal, caller, resource, r, admitted)
		}
		if x := eval.NewEvaluator(eval.Config{}).Explain(req, ps); x.Result.Decision != r.Decision {
			t.Fatalf("Explain %v, Evaluate %v", x.Result, r)
		}
	})
}
