package eval_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// denyOn compiles one Deny statement on pattern, next to an Allow of everything, with
// decoys: enough statements on other resources that the index files the Deny under a
// resource token (not under its action, "*", which has no prefix) in a hashed table.
func denyOn(t *testing.T, action, pattern string) *eval.PolicySet {
	t.Helper()
	set, err := tryDenyOn(action, pattern)
	require.NoError(t, err)
	return set
}

// tryDenyOn is denyOn for a pattern that may not be a valid Resource.
func tryDenyOn(action, pattern string) (*eval.PolicySet, error) {
	stmts := []policy.Statement{
		{Effect: policy.EffectAllow, Actions: []string{"*"}, Resources: []string{"*"}},
		{Sid: "deny", Effect: policy.EffectDeny, Actions: []string{action}, Resources: []string{pattern}},
	}
	for i := range 40 {
		stmts = append(stmts, policy.Statement{Effect: policy.EffectDeny, Actions: []string{"*"},
			Resources: []string{fmt.Sprintf("acs:cr:*:*:repository/decoy%d/*", i)}})
	}
	return eval.Compile(eval.Policy{Name: "p", Doc: &policy.Document{Kind: policy.IdentityPolicy, Version: "1", Statements: stmts}})
}

// TestRAMResourcesMatchIgnoringCase: a Resource pattern matches a ram resource ignoring
// ASCII case, through the index and through an explanation alike; every other resource
// is matched exactly, even by a pattern ("*", acs:*) that reaches both.
func TestRAMResourcesMatchIgnoringCase(t *testing.T) {
	t.Parallel()
	const user = "acs:ram::1111111111111111:user/alice"
	for _, tc := range []struct {
		pattern, resource string
		denied            bool
	}{
		// Resource Directory: both spellings Alibaba writes, each way round.
		{"acs:ram:*:*:role/resourcedirectoryaccountaccessrole", "acs:ram::1111111111111111:role/ResourceDirectoryAccountAccessRole", true},
		{"acs:ram:*:*:role/ResourceDirectoryAccountAccessRole", "acs:ram::1111111111111111:role/resourcedirectoryaccountaccessrole", true},
		{"acs:ram::1111111111111111:role/RESOURCEDIRECTORYACCOUNTACCESSROLE", "acs:ram::1111111111111111:role/ResourceDirectoryAccountAccessRole", true},
		// CloudSSO: the system policy's lower-case prefix, roles created as AliyunReservedSSO-.
		{"acs:ram:*:*:role/aliyunreservedsso*", "acs:ram::1111111111111111:role/AliyunReservedSSO-x", true},
		{"acs:ram:*:*:role/aliyunreservedsso?x", "acs:ram::1111111111111111:role/AliyunReservedSSO-X", true},
		{"acs:ram:*:*:role/aliyunreservedsso*", "acs:ram::1111111111111111:role/AliyunOther", false},
		// The whole ram ARN folds, "role" and the service included.
		{"acs:ram:*:*:ROLE/admin", "acs:ram::1111111111111111:role/Admin", true},
		{"acs:ram:*:*:role/admin", "acs:RAM::1111111111111111:role/ADMIN", true},
		{"acs:RAM:*:*:role/admin", "acs:ram::1111111111111111:role/admin", true},
		{"acs:*:*:*:role/Admin", "acs:ram::1111111111111111:role/admin", true},
		{"acs:*:*:*:*role/Admin", "acs:ram::1111111111111111:role/ADMIN", true},
		// Other services stay case-sensitive, under the same patterns.
		{"acs:*:*:*:role/Admin", "acs:cs:cn-hangzhou:1111111111111111:role/admin", false},
		{"acs:*:*:*:*role/Admin", "acs:cs:cn-hangzhou:1111111111111111:role/ADMIN", false},
		{"acs:*:*:*:role/Admin", "acs:cs:cn-hangzhou:1111111111111111:role/Admin", true},
		{"acs:cr:*:*:repository/Prod/*", "acs:cr:cn-hangzhou:1111111111111111:repository/prod/app", false},
		{"acs:oss:*:*:Bucket", "acs:oss:*:*:bucket", false},
		// Account IDs have no letters; names in other tokens fold on ram only.
		{"acs:ram:*:2222222222222222:role/admin", "acs:ram::1111111111111111:role/admin", false},
		{"acs:ram:*:*:user/Bob/*", "acs:ram::1111111111111111:user/bob/key", true},
	} {
		for _, action := range []string{"*", "ram:*"} {
			set := denyOn(t, action, tc.pattern)
			req := &eval.Request{Principal: arn.MustParse(user), Action: "ram:AttachPolicyToRole", Resource: tc.resource}
			want := eval.Allow
			if tc.denied {
				want = eval.ExplicitDeny
			}
			ev := eval.NewEvaluator(eval.Config{IdentityPolicies: set})
			name := fmt.Sprintf("%s on %s (action %s)", tc.pattern, tc.resource, action)
			assert.Equal(t, want, ev.Evaluate(req, nil).Decision, name)
			assert.Equal(t, want, ev.Explain(req, nil).Result.Decision, name)
			assert.Equal(t, want, set.Evaluate(req).Decision, name)
		}
	}
}

// TestRAMResourceTokensLongerThanTheBuffer: a ram resource whose token is longer than the
// index's stack buffer is still found ignoring case (the hash is then fed byte by byte).
func TestRAMResourceTokensLongerThanTheBuffer(t *testing.T) {
	t.Parallel()
	name := strings.Repeat("LongRoleName", 12) // 144 bytes
	set := denyOn(t, "*", "acs:ram:*:*:role/"+strings.ToLower(name))
	req := &eval.Request{Action: "ram:GetRole", Resource: "acs:ram::1111111111111111:role/" + name}
	assert.Equal(t, eval.ExplicitDeny, set.Evaluate(req).Decision)
	req.Resource = "acs:ram::1111111111111111:role/" + name + "x"
	assert.Equal(t, eval.Allow, set.Evaluate(req).Decision)
}

// TestPrincipalARNStringOperatorsIgnoreCase: every String operator on acs:PrincipalARN,
// with and without a set prefix, compares ignoring ASCII case; on other keys
// StringEquals and StringLike stay exact.
func TestPrincipalARNStringOperatorsIgnoreCase(t *testing.T) {
	t.Parallel()
	role := arn.MustParse("acs:ram::1111111111111111:role/ResourceDirectoryAccountAccessRole/s")
	sso := arn.MustParse("acs:ram::1111111111111111:role/AliyunReservedSSO-admin/s")
	for _, tc := range []struct {
		op, value string
		caller    arn.ARN
		holds     bool
	}{
		{"StringEquals", "acs:ram:*:*:role/resourcedirectoryaccountaccessrole", role, false}, // not a pattern
		{"StringEquals", "acs:ram::1111111111111111:role/resourcedirectoryaccountaccessrole", role, true},
		{"StringNotEquals", "acs:ram::1111111111111111:role/resourcedirectoryaccountaccessrole", role, false},
		{"StringLike", "acs:ram:*:*:role/resourcedirectoryaccountaccessrole", role, true},
		{"StringNotLike", "acs:ram:*:*:role/resourcedirectoryaccountaccessrole", role, false},
		{"StringLike", "acs:ram:*:*:role/aliyunreservedsso*", sso, true},
		{"StringNotLike", "acs:ram:*:*:role/aliyunreservedsso*", sso, false},
		{"ForAnyValue:StringEquals", "ACS:RAM::1111111111111111:ROLE/ALIYUNRESERVEDSSO-ADMIN", sso, true},
		{"ForAllValues:StringLike", "acs:ram::*:role/aliyunreservedsso-*", sso, true},
		{"ForAnyValue:StringNotLike", "acs:ram::*:role/aliyunreservedsso-*", sso, false},
		{"ForAllValues:StringNotEquals", "acs:ram::1111111111111111:role/aliyunreservedsso-admin", sso, false},
		{"StringLike", "acs:ram:*:*:role/other*", sso, false},
		{"StringEqualsIgnoreCase", "acs:ram::1111111111111111:role/ALIYUNRESERVEDSSO-ADMIN", sso, true},
	} {
		doc := fmt.Sprintf(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},
			{"Effect":"Deny","Action":"*","Resource":"*","Condition":{%q:{"acs:PrincipalARN":%q}}}]}`, tc.op, tc.value)
		ev := eval.NewEvaluator(eval.Config{IdentityPolicies: mustSet(t, policy.IdentityPolicy, doc)})
		req := &eval.Request{Principal: tc.caller, Action: "ram:DeleteRole", Resource: "*"}
		want := eval.Allow
		if tc.holds {
			want = eval.ExplicitDeny
		}
		assert.Equal(t, want, ev.Evaluate(req, nil).Decision, "%s %s", tc.op, tc.value)
		assert.Equal(t, want, ev.Explain(req, nil).Result.Decision, "%s %s", tc.op, tc.value)
	}
	// Other keys keep their exact comparison.
	for _, op := range []string{"StringEquals", "StringLike"} {
		doc := fmt.Sprintf(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{%q:{"cr:Tag":"Prod"}}}]}`, op)
		ps := mustSet(t, policy.IdentityPolicy, doc)
		req := &eval.Request{Action: "cr:GetRepository", Resource: "*", Context: eval.NewContext(map[string][]string{"cr:Tag": {"prod"}})}
		assert.Equal(t, eval.ImplicitDeny, ps.Evaluate(req).Decision, op)
	}
}

// TestPrincipalARNIsDerived: with a principal, acs:PrincipalARN is the principal's,
// whatever the request's context holds under the key, in any letter case, an empty list
// included; only a request without a principal may carry its own.
func TestPrincipalARNIsDerived(t *testing.T) {
	t.Parallel()
	ps := mustSet(t, policy.IdentityPolicy, `{"Version":"1","Statement":[
		{"Effect":"Allow","Action":"*","Resource":"*"},
		{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringLike":{"acs:PrincipalARN":"acs:ram:*:*:user/intern-*"}}}]}`)
	ev := eval.NewEvaluator(eval.Config{IdentityPolicies: ps})
	intern := arn.MustParse("acs:ram::1111111111111111:user/intern-1")
	for _, tc := range []struct {
		name      string
		principal arn.ARN
		ctx       map[string][]string
		want      eval.Decision
	}{
		{"no context", intern, nil, eval.ExplicitDeny},
		{"empty list", intern, map[string][]string{"acs:PrincipalARN": {}}, eval.ExplicitDeny},
		{"empty list, other case", intern, map[string][]string{"ACS:PRINCIPALARN": {}}, eval.ExplicitDeny},
		{"another ARN", intern, map[string][]string{"acs:PrincipalARN": {"acs:ram::1111111111111111:user/admin"}}, eval.ExplicitDeny},
		{"another ARN, other case", intern, map[string][]string{"acs:principalarn": {"acs:ram::1111111111111111:user/admin"}}, eval.ExplicitDeny},
		{"an empty value", intern, map[string][]string{"acs:PrincipalARN": {""}}, eval.ExplicitDeny},
		{"not an intern, claiming to be one", arn.MustParse("acs:ram::1111111111111111:user/admin"),
			map[string][]string{"acs:PrincipalARN": {"acs:ram::1111111111111111:user/intern-1"}}, eval.Allow},
		{"anonymous, carrying its own", arn.ARN{}, map[string][]string{"acs:PrincipalARN": {"acs:ram::1111111111111111:user/intern-1"}}, eval.ExplicitDeny},
		{"anonymous, without", arn.ARN{}, nil, eval.Allow},
		{"anonymous, empty list", arn.ARN{}, map[string][]string{"acs:PrincipalARN": {}}, eval.Allow},
	} {
		req := &eval.Request{Principal: tc.principal, Action: "ecs:RunInstances", Resource: "*", Context: eval.NewContext(tc.ctx)}
		assert.Equal(t, tc.want, ev.Evaluate(req, nil).Decision, tc.name)
		x := ev.Explain(req, nil)
		require.Equal(t, tc.want, x.Result.Decision, tc.name)
		if tc.principal.IsValid() {
			// The explanation shows the derived value, not the request's.
			c := x.Stages[0].Statements[1].Conditions[0]
			assert.Equal(t, []string{tc.principal.String()}, c.Values, tc.name)
		}
	}
}

// TestPrincipalARNFoldsCaseAndIgnoresContext: acs:PrincipalARN is derived (a role
// session's is its role's), compared ignoring ASCII case by every String operator and set
// prefix, and never taken from the caller's context, under either spelling of the key.
func TestPrincipalARNFoldsCaseAndIgnoresContext(t *testing.T) {
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

// TestRAMResourceDecisionsDoNotAllocate: deciding on a ram resource, which looks its
// tokens up lower-cased, allocates nothing, short tokens and long alike.
func TestRAMResourceDecisionsDoNotAllocate(t *testing.T) {
	long := strings.Repeat("LongRoleName", 12)
	set := denyOn(t, "*", "acs:ram:*:*:role/"+strings.ToLower(long))
	ev := eval.NewEvaluator(eval.Config{IdentityPolicies: set})
	alice := arn.MustParse("acs:ram::1111111111111111:user/alice")
	for _, res := range []string{
		"acs:ram::1111111111111111:role/" + long,
		"acs:ram::1111111111111111:role/Decoy7",
		"acs:RAM::1111111111111111:role/Other",
	} {
		req := &eval.Request{Principal: alice, Action: "ram:GetRole", Resource: res}
		if n := testing.AllocsPerRun(100, func() { ev.Evaluate(req, nil) }); n != 0 {
			t.Errorf("%s: %v allocations per decision", res, n)
		}
	}
}

// FuzzRAMResourceMatching: for any pattern and resource, a Deny on the pattern (filed by
// the index under whatever token it picks, among decoys) matches exactly when the
// reference matcher says so, folding ASCII case for a ram resource only; and the
// explanation, which walks every statement without the index, agrees.
func FuzzRAMResourceMatching(f *testing.F) {
	for _, seed := range [][2]string{
		{"acs:ram:*:*:role/resourcedirectoryaccountaccessrole", "acs:ram::1111111111111111:role/ResourceDirectoryAccountAccessRole"},
		{"acs:ram:*:*:role/aliyunreservedsso*", "acs:ram::1111111111111111:role/AliyunReservedSSO-x"},
		{"acs:*:*:*:role/Admin", "acs:cs:cn-hangzhou:1:role/admin"},
		{"acs:*:*:*:*role/Admin", "acs:RAM::1:role/ADMIN"},
		{"acs:ram::1:user/Ab?/x", "acs:ram::1:USER/aBc/X"},
		{"acs:RAM:*:*:*", "acs:ram::1:role/x"},
		{"acs:ra*:*:*:role/x", "acs:RAM::1:role/X"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, pattern, resource string) {
		if !utf8.ValidString(pattern) || !utf8.ValidString(resource) || len(pattern) > 200 || len(resource) > 200 {
			return // the reference matcher reads valid UTF-8; long inputs add nothing
		}
		req := &eval.Request{Action: "ram:GetRole", Resource: resource}
		if req.Validate() != nil || pattern == "" {
			return
		}
		want := refGlob(pattern, resource)
		if refIsRAM(resource) {
			want = refGlob(lowerASCII(pattern), lowerASCII(resource))
		}
		denied := want || slices.Contains(decoyMatches(resource), true)
		set, err := tryDenyOn("*", pattern)
		if err != nil {
			return // not a Resource a policy may hold (Parse's rules)
		}
		if got := set.Evaluate(req); (got.Decision == eval.ExplicitDeny) != denied {
			t.Fatalf("pattern %q on %q: %v, reference match %v", pattern, resource, got, want)
		}
		ev := eval.NewEvaluator(eval.Config{IdentityPolicies: set})
		if a, b := ev.Evaluate(req, nil), ev.Explain(req, nil).Result; sameResult(a, b) != "" {
			t.Fatalf("pattern %q on %q: Evaluate %v, Explain %v", pattern, resource, a, b)
		}
	})
}

// decoyMatches reports, for each decoy of denyOn, whether it matches the resource.
func decoyMatches(resource string) []bool {
	out := make([]bool, 40)
	for i := range out {
		p := fmt.Sprintf("acs:cr:*:*:repository/decoy%d/*", i)
		out[i] = refGlob(p, resource) || refIsRAM(resource) && refGlob(lowerASCII(p), lowerASCII(resource))
	}
	return out
}
