package eval_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Request limits, each at its boundary. A request over a limit is invalid, and an invalid
// request is an ImplicitDeny with Err set, whatever the policies say: the limits fail
// closed. The corpus (testdata/decisions/hostile/requests.json) pins most of them through
// the decision-table runner; these tests go through every entry point.

func TestRequestLimitDefaults(t *testing.T) {
	t.Parallel()
	assert.Equal(t, 256, eval.MaxActionLength)
	assert.Equal(t, 2048, eval.MaxResourceLength)
	assert.Equal(t, 64, eval.MaxContextKeys)
	assert.Equal(t, 1000, eval.MaxContextValues)
	assert.Equal(t, 2048, eval.MaxValueLength)
}

func TestRequestLimits(t *testing.T) {
	t.Parallel()
	allowAll := eval.MustCompile(eval.Policy{Name: "all", Doc: &policy.Document{Kind: policy.IdentityPolicy, Version: "1", Statements: []policy.Statement{
		{Effect: policy.EffectAllow, Actions: []string{"*"}, Resources: []string{"*"}}}}})
	ev := eval.NewEvaluator(eval.Config{IdentityPolicies: allowAll})
	alice := arn.MustParse("acs:ram::1111:user/alice")
	base := func() *eval.Request {
		return &eval.Request{Principal: alice, Action: "cr:GetRepository", Resource: "acs:cr:cn-hangzhou:1111:repository/a"}
	}
	keys := func(n int) eval.Context {
		var c eval.Context
		for i := range n {
			c.Set(fmt.Sprintf("k:%d", i), "v")
		}
		return c
	}
	for _, tc := range []struct {
		name  string
		edit  func(r *eval.Request)
		valid bool
	}{
		{"action at the limit", func(r *eval.Request) { r.Action = "cr:" + strings.Repeat("a", eval.MaxActionLength-3) }, true},
		{"action over the limit", func(r *eval.Request) { r.Action = "cr:" + strings.Repeat("a", eval.MaxActionLength-2) }, false},
		{"action with a wildcard", func(r *eval.Request) { r.Action = "cr:Get*" }, false},
		{"action star", func(r *eval.Request) { r.Action = "*" }, false},
		{"action without a service", func(r *eval.Request) { r.Action = "GetRepository" }, false},
		{"empty action", func(r *eval.Request) { r.Action = "" }, false},
		{"resource at the limit", func(r *eval.Request) {
			r.Resource = "acs:cr:cn:1111:" + strings.Repeat("r", eval.MaxResourceLength-15)
		}, true},
		{"resource over the limit", func(r *eval.Request) {
			r.Resource = "acs:cr:cn:1111:" + strings.Repeat("r", eval.MaxResourceLength-14)
		}, false},
		{"empty resource", func(r *eval.Request) { r.Resource = "" }, false},
		{"context keys at the limit", func(r *eval.Request) { r.Context = keys(eval.MaxContextKeys) }, true},
		{"context keys over the limit", func(r *eval.Request) { r.Context = keys(eval.MaxContextKeys + 1) }, false},
		{"keys differing in letter case are one key", func(r *eval.Request) {
			r.Context = keys(eval.MaxContextKeys)
			r.Context.Add("K:0", "w")
		}, true},
		{"values at the limit", func(r *eval.Request) { r.Context.Set("a:b", make([]string, eval.MaxContextValues)...) }, true},
		{"values over the limit", func(r *eval.Request) { r.Context.Set("a:b", make([]string, eval.MaxContextValues+1)...) }, false},
		{"values added over the limit", func(r *eval.Request) {
			r.Context.Add("a:b", make([]string, eval.MaxContextValues)...)
			r.Context.Add("A:B", "one more")
		}, false},
		{"value at the limit", func(r *eval.Request) { r.Context.Set("a:b", strings.Repeat("v", eval.MaxValueLength)) }, true},
		{"value over the limit", func(r *eval.Request) { r.Context.Set("a:b", "x", strings.Repeat("v", eval.MaxValueLength+1)) }, false},
		{"key without a prefix", func(r *eval.Request) { r.Context.Set("SourceIp", "1.2.3.4") }, false},
		{"principal that is a group", func(r *eval.Request) { r.Principal = arn.MustParse("acs:ram::1111:group/devs") }, false},
		{"principal that is not a RAM identity", func(r *eval.Request) { r.Principal = arn.MustParse("acs:cr:cn:1111:repository/a") }, false},
		{"anonymous principal", func(r *eval.Request) { r.Principal = arn.ARN{} }, true},
	} {
		req := base()
		tc.edit(req)
		err := req.Validate()
		results := map[string]eval.Result{
			"Evaluate":           ev.Evaluate(req, nil),
			"Explain":            ev.Explain(req, nil).Result,
			"PolicySet.Evaluate": allowAll.Evaluate(req),
		}
		if tc.valid {
			assert.NoError(t, err, tc.name)
			for entry, r := range results {
				assert.Equal(t, eval.Allow, r.Decision, "%s: %s", tc.name, entry)
			}
			continue
		}
		require.Error(t, err, tc.name)
		assert.ErrorIs(t, err, eval.ErrInvalidRequest, tc.name)
		assert.Equal(t, "InvalidRequest", eval.Code(err), tc.name)
		for entry, r := range results {
			assert.Equal(t, eval.ImplicitDeny, r.Decision, "%s: %s: an invalid request is denied even by allow-all", tc.name, entry)
			assert.Equal(t, eval.StageInvalid, r.Stage, "%s: %s", tc.name, entry)
			assert.True(t, errors.Is(r.Err, eval.ErrInvalidRequest), "%s: %s", tc.name, entry)
			assert.Empty(t, r.DecidedBy(), "%s: %s", tc.name, entry)
		}
	}
}

// TestZeroValuesAndNilLevelsDeny: the zero Result, Decision and a nil PolicySet deny.
func TestZeroValuesAndNilLevelsDeny(t *testing.T) {
	t.Parallel()
	var r eval.Result
	assert.False(t, r.Allowed())
	assert.Equal(t, eval.ImplicitDeny, eval.Decision(0))
	var none *eval.PolicySet
	req := &eval.Request{Action: "cr:GetRepository", Resource: "*"}
	assert.Equal(t, eval.ImplicitDeny, none.Evaluate(req).Decision)
	assert.Equal(t, eval.ImplicitDeny, eval.NewEvaluator(eval.Config{}).Evaluate(req, nil).Decision)
	// A control level that is nil allows nothing.
	all := eval.MustCompile(eval.Policy{Name: "all", Doc: &policy.Document{Kind: policy.IdentityPolicy, Version: "1", Statements: []policy.Statement{
		{Effect: policy.EffectAllow, Actions: []string{"*"}, Resources: []string{"*"}}}}})
	req.Principal = arn.MustParse("acs:ram::1111:user/a")
	assert.Equal(t, eval.ImplicitDeny, eval.NewEvaluator(eval.Config{IdentityPolicies: all, ControlPolicies: []*eval.PolicySet{nil}}).Evaluate(req, nil).Decision)
}

// TestDocumentsBuiltInCodeFailClosed: Compile rejects what Parse would, so a Document
// built in code cannot smuggle in an unknown operator, an unreadable value or an invalid
// effect that evaluation would then have to guess about.
func TestDocumentsBuiltInCodeFailClosed(t *testing.T) {
	t.Parallel()
	ok := policy.Statement{Effect: policy.EffectAllow, Actions: []string{"cr:*"}, Resources: []string{"*"}}
	for name, edit := range map[string]func(s *policy.Statement){
		"zero effect":         func(s *policy.Statement) { s.Effect = 0 },
		"no actions":          func(s *policy.Statement) { s.Actions = nil },
		"bad action":          func(s *policy.Statement) { s.Actions = []string{"nocolon"} },
		"empty resource list": func(s *policy.Statement) { s.Resources = []string{} },
		"unknown operator": func(s *policy.Statement) {
			s.Conditions = []policy.Condition{{Operator: policy.Operator{Op: 200}, Key: "a:b", Values: []string{"x"}}}
		},
		"zero operator": func(s *policy.Statement) {
			s.Conditions = []policy.Condition{{Key: "a:b", Values: []string{"x"}}}
		},
		"unreadable number": func(s *policy.Statement) {
			s.Conditions = []policy.Condition{{Operator: policy.Operator{Op: policy.NumericEquals}, Key: "a:b", Values: []string{"1e3"}}}
		},
		"unreadable IP": func(s *policy.Statement) {
			s.Conditions = []policy.Condition{{Operator: policy.Operator{Op: policy.IPAddress}, Key: "a:b", Values: []string{"10.0.0.0/33"}}}
		},
		"two Bool values": func(s *policy.Statement) {
			s.Conditions = []policy.Condition{{Operator: policy.Operator{Op: policy.Bool}, Key: "a:b", Values: []string{"true", "false"}}}
		},
		"no condition values": func(s *policy.Statement) {
			s.Conditions = []policy.Condition{{Operator: policy.Operator{Op: policy.StringEquals}, Key: "a:b"}}
		},
		"partial wildcard principal": func(s *policy.Statement) {
			s.Principal = &policy.Principal{RAM: []string{"acs:ram::*:root"}}
		},
	} {
		s := ok
		edit(&s)
		_, err := eval.Compile(eval.Policy{Name: "p", Doc: &policy.Document{Kind: policy.IdentityPolicy, Version: "1", Statements: []policy.Statement{s}}})
		assert.ErrorIs(t, err, eval.ErrCompile, name)
	}
}
