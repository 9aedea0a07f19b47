package world_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/world"
	"github.com/rampolicy/ram/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	ackA = "1111111111111111" // the cluster's account
	ackB = "2222222222222222" // the registry's account
	ackC = "3333333333333333" // delivers logs into B
)

// ackWorld is the ACK cross-account pull: ECS acting for A assumes A's worker role; the
// worker's session assumes B's puller role; Log Service acting for C may assume B's
// log-writer role. A's control policy denies everything to A's own principals.
func ackWorld(t testing.TB) *world.World {
	stsAccess := pol(t, "AliyunSTSAssumeRoleAccess", policy.IdentityPolicy,
		`{"Version":"1","Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Resource":"*"}]}`)
	workerTrust := pol(t, "worker-trust", policy.TrustPolicy,
		`{"Version":"1","Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":["ecs.aliyuncs.com"]}}]}`)
	pullerTrust := pol(t, "puller-trust", policy.TrustPolicy,
		`{"Version":"1","Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"RAM":["acs:ram::`+ackA+`:role/KubernetesWorkerRole-c1"]}}]}`)
	pull := pol(t, "pull", policy.IdentityPolicy, `{"Version":"1","Statement":[
	  {"Action":["cr:GetAuthorizationToken","cr:PullRepository"],"Effect":"Allow","Resource":"acs:cr:*:`+ackB+`:repository/team/*"},
	  {"Action":"cr:GetAuthorizationToken","Effect":"Allow","Resource":"*"}]}`)
	logTrust := pol(t, "log-trust", policy.TrustPolicy,
		`{"Version":"1","Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":["`+ackC+`@log.aliyuncs.com","log.aliyuncs.com"]}}]}`)
	noAssume := pol(t, "no-assume", policy.ControlPolicy,
		`{"Version":"1","Statement":[{"Action":"*","Effect":"Allow","Resource":"*"},{"Action":"sts:AssumeRole","Effect":"Deny","Resource":"acs:ram:*:`+ackA+`:role/KubernetesWorkerRole-*"}]}`)
	w, err := world.New([]world.Account{
		{ID: ackA, Roles: []world.Role{{Name: "KubernetesWorkerRole-c1", Trust: workerTrust, Policies: []eval.Policy{stsAccess}}},
			Control: [][]eval.Policy{{noAssume}}},
		{ID: ackB, Roles: []world.Role{
			{Name: "KubernetesWorkerRole-test", Trust: pullerTrust, Policies: []eval.Policy{pull}},
			{Name: "log-writer", Trust: logTrust},
		}},
	})
	require.NoError(t, err)
	return w
}

func service(t testing.TB, w *world.World, s string) *world.Caller {
	c, err := w.ServiceCaller(arn.MustParseServicePrincipal(s))
	require.NoError(t, err)
	return c
}

func TestServiceCallerNeedsAnAccount(t *testing.T) {
	t.Parallel()
	w := ackWorld(t)
	for _, s := range []arn.ServicePrincipal{{}, arn.MustParseServicePrincipal("ecs.aliyuncs.com")} {
		_, err := w.ServiceCaller(s)
		assert.ErrorIs(t, err, eval.ErrInvalidRequest, s.String())
		_, err = w.ReachService(s, arn.MustParse("acs:ram::"+ackA+":role/KubernetesWorkerRole-c1"), world.ReachQuery{})
		assert.ErrorIs(t, err, world.ErrReach, s.String())
	}
	var nilWorld *world.World
	ecsA := arn.MustParseServicePrincipal(ackA + "@ecs.aliyuncs.com")
	_, err := nilWorld.ServiceCaller(ecsA)
	assert.ErrorIs(t, err, eval.ErrInvalidRequest)
	role := arn.MustParse("acs:ram::" + ackA + ":role/KubernetesWorkerRole-c1")
	for name, w := range map[string]*world.World{"nil": nil, "zero": {}} {
		_, err = w.ReachService(ecsA, role, world.ReachQuery{MaxHops: 2})
		assert.ErrorIs(t, err, world.ErrReach, name)
		r := w.Evaluate(&eval.Request{Service: ecsA, Action: "sts:AssumeRole", Resource: role.String()}, nil)
		assert.Equal(t, eval.ImplicitDeny, r.Decision, name)
	}
	ecs, err := (&world.World{}).ServiceCaller(ecsA)
	require.NoError(t, err)
	h := (&world.World{}).AssumeRole(ecs, world.AssumeRoleInput{RoleARN: role.String(), SessionName: "i-1"})
	assert.ErrorIs(t, h.Err, world.ErrRoleNotFound)
}

// The case every ACK user has: ECS for A assumes A's worker role (A's control policy,
// which denies that AssumeRole to A's own principals, does not gate the service), then
// the worker's session assumes B's role through an ARN written in lower case, and pulls.
func TestACKCrossAccountPull(t *testing.T) {
	t.Parallel()
	w := ackWorld(t)
	ecs := service(t, w, ackA+"@ecs.aliyuncs.com")
	assert.False(t, ecs.ARN().IsValid())
	assert.Equal(t, ackA+"@ecs.aliyuncs.com", ecs.Service().String())

	res := w.Chain(ecs, []world.AssumeRoleInput{
		{RoleARN: "acs:ram::" + ackA + ":role/KubernetesWorkerRole-c1", SessionName: "i-bp1abc"},
		{RoleARN: "acs:ram::" + ackB + ":role/kubernetesworkerrole-test", SessionName: "cr-credential-helper"},
	})
	require.True(t, res.Allowed(), "%v", res.Hops)
	first := res.Hops[0]
	assert.Equal(t, ecs.Service(), first.Service)
	assert.False(t, first.Caller.IsValid())
	require.Len(t, first.Result.DecidedBy(), 1)
	assert.Equal(t, "worker-trust", first.Result.DecidedBy()[0].Policy)
	assert.Equal(t, first.Result, first.Explain().Result)
	assert.Equal(t, "acs:ram::"+ackA+":role/KubernetesWorkerRole-c1/i-bp1abc", first.Session.ARN().String())
	assert.Equal(t, "acs:ram::"+ackB+":role/KubernetesWorkerRole-test", res.Final.Role().String())

	repo := "acs:cr:cn-hangzhou:" + ackB + ":repository/team/web"
	for _, action := range []string{"cr:GetAuthorizationToken", "cr:PullRepository"} {
		assert.Equal(t, eval.Allow, res.Final.Evaluate(&eval.Request{Action: action, Resource: repo}, nil).Decision, action)
	}
	assert.Equal(t, eval.ImplicitDeny, res.Final.Evaluate(&eval.Request{Action: "cr:PushRepository", Resource: repo}, nil).Decision)

	// The worker session is an ordinary session of A: A's control policy gates its own
	// calls, so it cannot assume another worker role of A.
	again := w.AssumeRole(first.Session, world.AssumeRoleInput{RoleARN: "acs:ram::" + ackA + ":role/KubernetesWorkerRole-c1", SessionName: "again"})
	assert.Equal(t, eval.ExplicitDeny, again.Result.Decision)
	assert.Equal(t, eval.StageControl, again.Result.Stage)

	// ECS acting for B is not admitted by A's trust in ecs.aliyuncs.com.
	other := w.AssumeRole(service(t, w, ackB+"@ecs.aliyuncs.com"), world.AssumeRoleInput{RoleARN: "acs:ram::" + ackA + ":role/KubernetesWorkerRole-c1", SessionName: "i-x"})
	assert.NoError(t, other.Err)
	assert.Equal(t, eval.ImplicitDeny, other.Result.Decision)
	// Nor does a service reach B's role, which trusts only A's worker role.
	direct := w.AssumeRole(ecs, world.AssumeRoleInput{RoleARN: "acs:ram::" + ackB + ":role/KubernetesWorkerRole-test", SessionName: "i-x"})
	assert.Equal(t, eval.ImplicitDeny, direct.Result.Decision)
}

func TestServiceAssumeRoleParameterChecks(t *testing.T) {
	t.Parallel()
	w := ackWorld(t)
	ecs := service(t, w, ackA+"@ecs.aliyuncs.com")
	role := "acs:ram::" + ackA + ":role/KubernetesWorkerRole-c1"
	for _, tc := range []struct {
		in   world.AssumeRoleInput
		want error
	}{
		{world.AssumeRoleInput{RoleARN: "acs:ram::" + ackA + ":user/x", SessionName: "ok-name"}, world.ErrInvalidRoleARN},
		{world.AssumeRoleInput{RoleARN: "acs:ram::" + ackA + ":role/absent", SessionName: "ok-name"}, world.ErrRoleNotFound},
		{world.AssumeRoleInput{RoleARN: role, SessionName: "x"}, world.ErrInvalidRoleSessionName},
		{world.AssumeRoleInput{RoleARN: role, SessionName: "ok-name", DurationSeconds: 600}, world.ErrInvalidDurationSeconds},
		{world.AssumeRoleInput{RoleARN: role, SessionName: "ok-name", ExternalID: "!"}, world.ErrInvalidExternalID},
		{world.AssumeRoleInput{RoleARN: role, SessionName: "ok-name", SourceIdentity: "acs:x"}, world.ErrInvalidSourceIdentity},
	} {
		h := w.AssumeRole(ecs, tc.in)
		assert.ErrorIs(t, h.Err, tc.want)
		assert.False(t, h.Allowed())
	}
	// A session policy narrows the session as for any caller.
	h := w.AssumeRole(ecs, world.AssumeRoleInput{RoleARN: role, SessionName: "ok-name", DurationSeconds: 900,
		Policy: []byte(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"cr:*","Resource":"*"}]}`)})
	require.True(t, h.Allowed())
	assert.Equal(t, 900, h.Session.DurationSeconds())
	r := h.Session.Evaluate(&eval.Request{Action: "sts:AssumeRole", Resource: "acs:ram::" + ackB + ":role/KubernetesWorkerRole-test"}, nil)
	assert.Equal(t, eval.ImplicitDeny, r.Decision)
	assert.Equal(t, eval.StageSession, r.Stage)
}

// Log Service acting for C is admitted by C@log.aliyuncs.com in B's trust; acting for B,
// by log.aliyuncs.com; acting for A, by neither.
func TestLogServiceForAnotherAccount(t *testing.T) {
	t.Parallel()
	w := ackWorld(t)
	role := "acs:ram::" + ackB + ":role/log-writer"
	for acct, want := range map[string]eval.Decision{ackC: eval.Allow, ackB: eval.Allow, ackA: eval.ImplicitDeny} {
		h := w.AssumeRole(service(t, w, acct+"@log.aliyuncs.com"), world.AssumeRoleInput{RoleARN: role, SessionName: "sls-delivery"})
		assert.Equal(t, want, h.Result.Decision, acct)
		// World.Evaluate takes the service from the request.
		r := w.Evaluate(&eval.Request{Service: arn.MustParseServicePrincipal(acct + "@log.aliyuncs.com"), Action: "sts:AssumeRole", Resource: role}, nil)
		assert.Equal(t, want, r.Decision, acct)
		assert.Equal(t, r, w.Explain(&eval.Request{Service: arn.MustParseServicePrincipal(acct + "@log.aliyuncs.com"), Action: "sts:AssumeRole", Resource: role}, nil).Result)
	}
	bad := w.Evaluate(&eval.Request{Service: arn.MustParseServicePrincipal(ackC + "@log.aliyuncs.com"),
		Principal: arn.MustParse("acs:ram::" + ackC + ":root"), Action: "sts:AssumeRole", Resource: role}, nil)
	assert.ErrorIs(t, bad.Err, eval.ErrInvalidRequest)
}

func TestServiceCallerHasNoPolicies(t *testing.T) {
	t.Parallel()
	w := ackWorld(t)
	ecs := service(t, w, ackA+"@ecs.aliyuncs.com")
	same, err := ecs.WithPolicies(nil, nil)
	require.NoError(t, err)
	assert.Equal(t, ecs.Service(), same.Service())
	all := eval.MustCompile(pol(t, "all", policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`))
	_, err = ecs.WithPolicies(all, nil)
	assert.ErrorIs(t, err, eval.ErrInvalidRequest)
	// Its requests other than AssumeRole have no resource policy to allow them.
	r := ecs.Evaluate(&eval.Request{Action: "cr:PullRepository", Resource: "acs:cr:cn-hangzhou:" + ackA + ":repository/team/web"}, nil)
	assert.Equal(t, eval.ImplicitDeny, r.Decision)
}

func TestReachAndWhoCanFromServices(t *testing.T) {
	t.Parallel()
	w := ackWorld(t)
	puller := arn.MustParse("acs:ram::" + ackB + ":role/kubernetesworkerrole-test")
	res, err := w.ReachService(arn.MustParseServicePrincipal(ackA+"@ecs.aliyuncs.com"), puller, world.ReachQuery{MaxHops: 3})
	require.NoError(t, err)
	require.True(t, res.Allowed())
	require.Len(t, res.Hops, 2)
	assert.Equal(t, ackA+"@ecs.aliyuncs.com", res.Hops[0].Service.String())
	assert.Equal(t, "acs:ram::"+ackA+":role/KubernetesWorkerRole-c1", res.Hops[1].Caller.Role().String())

	res, err = w.ReachService(arn.MustParseServicePrincipal(ackA+"@ecs.aliyuncs.com"), puller, world.ReachQuery{MaxHops: 1})
	require.NoError(t, err)
	assert.False(t, res.Allowed(), "two hops are needed")
	res, err = w.ReachService(arn.MustParseServicePrincipal(ackB+"@ecs.aliyuncs.com"), puller, world.ReachQuery{MaxHops: 3})
	require.NoError(t, err)
	assert.False(t, res.Allowed())

	found, err := w.WhoCan(&eval.Request{Action: "cr:PullRepository", Resource: "acs:cr:cn-hangzhou:" + ackB + ":repository/team/web"}, world.ReachQuery{MaxHops: 2})
	require.NoError(t, err)
	var got []string
	for _, f := range found {
		got = append(got, f.String())
		if f.Service.IsValid() {
			assert.False(t, f.Principal.IsValid())
			assert.Equal(t, []arn.ARN{arn.MustParse("acs:ram::" + ackA + ":role/KubernetesWorkerRole-c1"), arn.MustParse("acs:ram::" + ackB + ":role/KubernetesWorkerRole-test")}, f.Via)
		}
	}
	assert.Equal(t, []string{
		"acs:ram::" + ackA + ":role/KubernetesWorkerRole-c1",
		"acs:ram::" + ackB + ":role/KubernetesWorkerRole-test",
		ackA + "@ecs.aliyuncs.com",
	}, got)

	found, err = w.WhoCan(&eval.Request{Action: "sts:AssumeRole", Resource: "acs:ram::" + ackB + ":role/log-writer"}, world.ReachQuery{})
	require.NoError(t, err)
	got = nil
	for _, f := range found {
		got = append(got, f.String())
	}
	assert.Equal(t, []string{ackB + "@log.aliyuncs.com", ackC + "@log.aliyuncs.com"}, got)
}

// A hop or a finding without a service marshals without one: the zero ServicePrincipal
// has no text.
func TestServiceJSON(t *testing.T) {
	t.Parallel()
	w := ackWorld(t)
	res, err := w.ReachService(arn.MustParseServicePrincipal(ackA+"@ecs.aliyuncs.com"), arn.MustParse("acs:ram::"+ackB+":role/KubernetesWorkerRole-test"), world.ReachQuery{MaxHops: 2})
	require.NoError(t, err)
	require.Len(t, res.Hops, 2)
	first, err := json.Marshal(res.Hops[0])
	require.NoError(t, err)
	assert.Contains(t, string(first), `"service":"`+ackA+`@ecs.aliyuncs.com"`)
	second, err := json.Marshal(res.Hops[1])
	require.NoError(t, err)
	assert.NotContains(t, string(second), `"service"`)
	found, err := w.WhoCan(&eval.Request{Action: "cr:PullRepository", Resource: "acs:cr:cn-hangzhou:" + ackB + ":repository/team/web"}, world.ReachQuery{MaxHops: 2})
	require.NoError(t, err)
	all, err := json.Marshal(found)
	require.NoError(t, err)
	assert.Equal(t, 1, strings.Count(string(all), `"service"`), "%s", all)
}

// Service callers, their hops and who-can are safe for concurrent use (run with -race).
func TestConcurrentServiceCallers(t *testing.T) {
	t.Parallel()
	w := ackWorld(t)
	ecs := service(t, w, ackA+"@ecs.aliyuncs.com")
	worker := "acs:ram::" + ackA + ":role/KubernetesWorkerRole-c1"
	puller := arn.MustParse("acs:ram::" + ackB + ":role/KubernetesWorkerRole-test")
	req := &eval.Request{Action: "cr:PullRepository", Resource: "acs:cr:cn-hangzhou:" + ackB + ":repository/team/web"}
	hammer(t, 60, func(i int) error {
		switch i % 3 {
		case 0:
			res := w.Chain(ecs, []world.AssumeRoleInput{{RoleARN: worker, SessionName: "i-1"}, {RoleARN: puller.String(), SessionName: "helper"}})
			if !res.Allowed() || res.Final.Evaluate(req, nil).Decision != eval.Allow {
				return fmt.Errorf("chain %d: %v", i, res.Hops)
			}
		case 1:
			res, err := w.ReachService(ecs.Service(), puller, world.ReachQuery{MaxHops: 2})
			if err != nil || len(res.Hops) != 2 {
				return fmt.Errorf("reach %d: %v, %v", i, err, res.Hops)
			}
		default:
			found, err := w.WhoCan(req, world.ReachQuery{MaxHops: 2})
			if err != nil || len(found) != 3 {
				return fmt.Errorf("who-can %d: %v, %v", i, err, found)
			}
		}
		return nil
	})
}
