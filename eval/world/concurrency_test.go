package world_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/world"
	"github.com/rampolicy/ram/policy"
	"github.com/stretchr/testify/require"
)

func TestConcurrentWorld(t *testing.T) {
	t.Parallel()
	all := eval.Policy{Name: "all", Doc: mustDoc(policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole","cr:*"],"Resource":"*"}]}`)}
	noProd := eval.Policy{Name: "no-prod", Doc: mustDoc(policy.ControlPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},
	  {"Effect":"Deny","Action":"cr:Push*","Resource":"acs:cr:*:*:repository/prod/*","Condition":{"StringNotEquals":{"acs:PrincipalARN":"acs:ram::2222:role/pusher"}}}]}`)}
	trust := func(name, principal string) eval.Policy {
		return eval.Policy{Name: name, Doc: mustDoc(policy.TrustPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"`+principal+`"}}]}`)}
	}
	accounts := []world.Account{
		{ID: "1111", Users: []world.User{{Name: "alice", Policies: []eval.Policy{all}}, {Name: "bob"}},
			Roles: []world.Role{{Name: "ci", Trust: trust("trust-ci", "acs:ram::1111:user/alice"), Policies: []eval.Policy{all}}}},
		{ID: "2222", Control: [][]eval.Policy{{noProd}},
			Roles: []world.Role{{Name: "pusher", Trust: trust("trust-pusher", "acs:ram::1111:role/ci"), Policies: []eval.Policy{all}},
				{Name: "reader", Trust: trust("trust-reader", "acs:ram::1111:root"), Policies: []eval.Policy{all}}}},
	}
	dir, err := world.New(accounts)
	require.NoError(t, err)
	alice := arn.MustParse("acs:ram::1111:user/alice")
	pusher := arn.MustParse("acs:ram::2222:role/pusher")
	push := &eval.Request{Action: "cr:PushRepository", Resource: "acs:cr:cn-hangzhou:2222:repository/prod/web"}

	type query func() string
	queries := []query{
		func() string {
			id, err := dir.Caller(alice)
			if err != nil {
				return err.Error()
			}
			res := dir.Chain(id, []world.AssumeRoleInput{
				{RoleARN: "acs:ram::1111:role/ci", SessionName: "s1"},
				{RoleARN: "acs:ram::2222:role/pusher", SessionName: "s2", DurationSeconds: 900},
			})
			s := fmt.Sprint(res.Allowed())
			if res.Final != nil {
				r := res.Final.Evaluate(push, nil)
				s += " " + fmt.Sprint(r) + " " + res.Final.ARN().String()
			}
			return s
		},
		func() string {
			res, err := dir.Reach(alice, pusher, world.ReachQuery{MaxHops: 3})
			if err != nil {
				return err.Error()
			}
			var hops []string
			for _, h := range res.Hops {
				hops = append(hops, h.Role.String()+" "+fmt.Sprint(h.Result))
			}
			return fmt.Sprint(res.Allowed(), hops)
		},
		func() string {
			found, err := dir.WhoCan(push, world.ReachQuery{MaxHops: 3})
			if err != nil {
				return err.Error()
			}
			return fmt.Sprint(found)
		},
		func() string {
			req := *push
			req.Principal = arn.MustParse("acs:ram::2222:role/reader/x")
			return fmt.Sprint(dir.Evaluate(&req, nil))
		},
		func() string {
			req := eval.Request{Principal: alice, Action: "sts:AssumeRole", Resource: "acs:ram::2222:role/reader"}
			return fmt.Sprint(dir.Evaluate(&req, nil))
		},
	}
	want := make([]string, len(queries))
	for i, q := range queries {
		want[i] = q()
	}
	require.Contains(t, want[0], "true Allow", "the chain reaches the pusher, which may push to prod")
	require.Contains(t, want[3], "ExplicitDeny", "the reader may not push to prod")

	// The first WhoCan on a world builds its who-can index: many first calls at once
	// must build it once and answer alike.
	fresh, err := world.New(accounts)
	require.NoError(t, err)
	hammer(t, 2, func(int) error {
		found, err := fresh.WhoCan(push, world.ReachQuery{MaxHops: 3})
		if err != nil {
			return err
		}
		if got := fmt.Sprint(found); got != want[2] {
			return fmt.Errorf("first who-can on a fresh world: %s, want %s", got, want[2])
		}
		return nil
	})
	hammer(t, 20*len(queries), func(i int) error {
		if got := queries[i%len(queries)](); got != want[i%len(queries)] {
			return fmt.Errorf("query %d: %s, alone %s", i%len(queries), got, want[i%len(queries)])
		}
		return nil
	})
}

// hammer runs f(i) for every i in [0, n) in each of 16 goroutines, each starting at a
// different i, and fails on the first error any returns.
func hammer(t *testing.T, n int, f func(i int) error) {
	t.Helper()
	const goroutines = 16
	var wg sync.WaitGroup
	errs := make(chan error, goroutines)
	for g := range goroutines {
		wg.Go(func() {
			for k := range n {
				if err := f((k + g*n/goroutines) % n); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}
