package evaltest_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/evaltest"
	"github.com/rampolicy/ram/eval/world"
	"github.com/rampolicy/ram/policy"
)

// fakeT records what an assertion reports, as a *testing.T would show it.
type fakeT struct{ errors []string }

func (f *fakeT) Errorf(format string, args ...any) {
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}
func (f *fakeT) Helper() {}

const registryPolicy = `{"Version": "1", "Statement": [
  {"Sid": "NoProd", "Effect": "Deny", "Action": "cr:PushRepository", "Resource": "acs:cr:*:*:repository/prod/*"},
  {"Sid": "Dev", "Effect": "Allow", "Action": ["cr:PullRepository", "cr:PushRepository"], "Resource": "*"}]}`

func registryEvaluator(t *testing.T) *eval.Evaluator {
	t.Helper()
	doc, err := policy.Parse([]byte(registryPolicy), policy.IdentityPolicy)
	require.NoError(t, err)
	ps, err := eval.Compile(eval.Policy{Name: "registry", Doc: doc})
	require.NoError(t, err)
	return eval.NewEvaluator(eval.Config{IdentityPolicies: ps})
}

func request(action, repo string) *eval.Request {
	return &eval.Request{Action: action, Resource: "acs:cr:cn-hangzhou:1111111111111111:repository/" + repo}
}

func TestAssertionsPass(t *testing.T) {
	t.Parallel()
	ev := registryEvaluator(t)
	// With *testing.T itself: these must hold.
	assert.True(t, evaltest.Allowed(t, ev, request("cr:PushRepository", "dev/web"), nil))
	assert.True(t, evaltest.Allowed(t, ev, request("cr:PushRepository", "dev/web"), nil, "registry#1"))
	assert.True(t, evaltest.ExplicitlyDenied(t, ev, request("cr:PushRepository", "prod/web"), nil, "registry#0"))
	assert.True(t, evaltest.ImplicitlyDenied(t, ev, request("cr:DeleteRepository", "dev/web"), nil))
}

// TestFailedAssertionsExplain: every failing assertion reports what was expected, what
// was decided and the explanation, statement by statement.
func TestFailedAssertionsExplain(t *testing.T) {
	t.Parallel()
	ev := registryEvaluator(t)
	for name, tc := range map[string]struct {
		assert func(*fakeT) bool
		want   []string
	}{
		"allowed, but denied": {
			func(f *fakeT) bool { return evaltest.Allowed(f, ev, request("cr:PushRepository", "prod/web"), nil) },
			[]string{"expected Allow\n", "actual   ExplicitDeny by registry#0\n", "registry#0 (NoProd)", "registry#1 (Dev)"}},
		"allowed, by other statements": {
			func(f *fakeT) bool {
				return evaltest.Allowed(f, ev, request("cr:PullRepository", "dev/web"), nil, "registry#0")
			},
			[]string{"expected Allow by registry#0\n", "actual   Allow by registry#1\n", "registry#1 (Dev)"}},
		"explicitly denied, but allowed": {
			func(f *fakeT) bool {
				return evaltest.ExplicitlyDenied(f, ev, request("cr:PullRepository", "prod/web"), nil)
			},
			[]string{"expected ExplicitDeny\n", "actual   Allow by registry#1\n", "registry#0 (NoProd)"}},
		"implicitly denied, but explicitly": {
			func(f *fakeT) bool {
				return evaltest.ImplicitlyDenied(f, ev, request("cr:PushRepository", "prod/web"), nil)
			},
			[]string{"expected ImplicitDeny\n", "actual   ExplicitDeny by registry#0\n"}},
		"implicitly denied, but the request is invalid": {
			func(f *fakeT) bool { return evaltest.ImplicitlyDenied(f, ev, request("cr:Push*", "dev/web"), nil) },
			[]string{"expected ImplicitDeny\n", "actual   ImplicitDeny (invalid request: "}},
		"nil decider": {
			func(f *fakeT) bool { return evaltest.Allowed(f, nil, request("cr:PushRepository", "dev/web"), nil) },
			[]string{"nil"}},
		"typed nil caller": {
			func(f *fakeT) bool {
				return evaltest.Allowed(f, (*world.Caller)(nil), request("cr:PushRepository", "dev/web"), nil)
			},
			[]string{"nil"}},
		"typed nil evaluator": {
			func(f *fakeT) bool {
				return evaltest.Allowed(f, (*eval.Evaluator)(nil), request("cr:PushRepository", "dev/web"), nil)
			},
			[]string{"nil"}},
		"nil request": {
			func(f *fakeT) bool { return evaltest.Allowed(f, ev, nil, nil) },
			[]string{"nil"}},
	} {
		f := &fakeT{}
		assert.False(t, tc.assert(f), name)
		require.Len(t, f.errors, 1, name)
		for _, w := range tc.want {
			assert.Contains(t, f.errors[0], w, name)
		}
	}
}

// TestAssertionsOnACaller: a world.Caller decides with everything that applies to it,
// its group's policies and its account's control policies included.
func TestAssertionsOnACaller(t *testing.T) {
	t.Parallel()
	w, _, err := world.LoadOptions{AllowCases: true}.LoadFile("../../testdata/decisions/files/policy-files.json")
	require.NoError(t, err)
	dev, err := w.Caller(arn.MustParse("acs:ram::1111111111111111:user/dev"))
	require.NoError(t, err)
	var _ evaltest.Decider = dev
	assert.True(t, evaltest.Allowed(t, dev, request("cr:PushRepository", "dev/web"), nil, "registry-push#0"))
	assert.True(t, evaltest.ExplicitlyDenied(t, dev, request("cr:PushRepository", "prod/web"), nil, "no-prod#0"))
	f := &fakeT{}
	assert.False(t, evaltest.Allowed(f, dev, request("cr:PushRepository", "prod/web"), nil))
	require.Len(t, f.errors, 1)
	assert.Contains(t, f.errors[0], "acs:ram::1111111111111111:user/dev cr:PushRepository on acs:cr:cn-hangzhou:1111111111111111:repository/prod/web")
	assert.Contains(t, f.errors[0], "no-prod#0 (NeverProd)")
	assert.True(t, strings.Count(f.errors[0], "\n") > 4, f.errors[0])
	var _ evaltest.Decider = (*world.Caller)(nil)

	// The world itself: the request's principal is the caller.
	req := request("cr:PushRepository", "prod/web")
	req.Principal = dev.ARN()
	assert.True(t, evaltest.ExplicitlyDenied(t, w, req, nil, "no-prod#0"))
	f = &fakeT{}
	assert.False(t, evaltest.Allowed(f, (*world.World)(nil), req, nil))
	require.Len(t, f.errors, 1)
}
