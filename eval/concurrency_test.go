package eval_test

import (
	"fmt"
	"runtime"
	"sync"
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
	"github.com/stretchr/testify/require"
)

// Compiled evaluators, policy sets and directories are immutable and safe for concurrent
// use. These tests share one of each between many goroutines and compare every answer
// with the one computed alone; run them with -race (CI does) to catch unsynchronised
// writes, such as caches filled lazily during evaluation.

const goroutines = 16

// hammer runs f(g, i) for every i in [0, n) in each of the goroutines, each goroutine
// starting at a different i, and fails on the first error any returns.
func hammer(t *testing.T, n int, f func(i int) error) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, goroutines)
	for g := range goroutines {
		wg.Go(func() {
			for k := range n {
				if err := f((k + g*n/goroutines) % n); err != nil {
					errs <- err
					return
				}
				if k%64 == 0 {
					runtime.Gosched()
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

func TestConcurrentEvaluation(t *testing.T) {
	t.Parallel()
	type job struct {
		ev   *eval.Evaluator
		set  *eval.PolicySet // one set on its own, for PolicySet.Evaluate
		res  *eval.PolicySet
		req  *eval.Request
		want string // Evaluate, alone
		expl string // Explain, alone
		one  string // PolicySet.Evaluate, alone
	}
	var jobs []job
	for i := range 8 {
		w := worldGen.Example(i)
		ev, res := w.compile(t)
		set := compileSet(t, w.identity)
		for j := range 64 {
			req := refRequestGen.Example(i*64 + j).req
			jobs = append(jobs, job{ev: ev, set: set, res: res, req: req,
				want: resultString(ev.Evaluate(req, res)), expl: ev.Explain(req, res).String(), one: resultString(set.Evaluate(req))})
		}
	}
	hammer(t, len(jobs), func(i int) error {
		j := &jobs[i]
		if got := resultString(j.ev.Evaluate(j.req, j.res)); got != j.want {
			return fmt.Errorf("job %d: Evaluate %s, alone %s", i, got, j.want)
		}
		if i%4 == 0 { // explanations are slower; a quarter of them is plenty
			if got := j.ev.Explain(j.req, j.res).String(); got != j.expl {
				return fmt.Errorf("job %d: Explain\n%s\nalone\n%s", i, got, j.expl)
			}
		}
		if got := resultString(j.set.Evaluate(j.req)); got != j.one {
			return fmt.Errorf("job %d: PolicySet.Evaluate %s, alone %s", i, got, j.one)
		}
		return nil
	})
}

func concDoc(t *testing.T, kind policy.Kind, src string) *policy.Document {
	t.Helper()
	d, err := policy.Parse([]byte(src), kind)
	require.NoError(t, err)
	return d
}

func TestConcurrentDirectory(t *testing.T) {
	t.Parallel()
	all := eval.Policy{Name: "all", Doc: concDoc(t, policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole","cr:*"],"Resource":"*"}]}`)}
	noProd := eval.Policy{Name: "no-prod", Doc: concDoc(t, policy.ControlPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},
	  {"Effect":"Deny","Action":"cr:Push*","Resource":"acs:cr:*:*:repository/prod/*","Condition":{"StringNotEquals":{"acs:PrincipalARN":"acs:ram::2222:role/pusher"}}}]}`)}
	trust := func(name, principal string) eval.Policy {
		return eval.Policy{Name: name, Doc: concDoc(t, policy.TrustPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"`+principal+`"}}]}`)}
	}
	dir, err := eval.NewDirectory([]eval.Account{
		{ID: "1111", Users: []eval.User{{Name: "alice", Policies: []eval.Policy{all}}, {Name: "bob"}},
			Roles: []eval.Role{{Name: "ci", Trust: trust("trust-ci", "acs:ram::1111:user/alice"), Policies: []eval.Policy{all}}}},
		{ID: "2222", Control: [][]eval.Policy{{noProd}},
			Roles: []eval.Role{{Name: "pusher", Trust: trust("trust-pusher", "acs:ram::1111:role/ci"), Policies: []eval.Policy{all}},
				{Name: "reader", Trust: trust("trust-reader", "acs:ram::1111:root"), Policies: []eval.Policy{all}}}},
	})
	require.NoError(t, err)
	alice := arn.MustParse("acs:ram::1111:user/alice")
	pusher := arn.MustParse("acs:ram::2222:role/pusher")
	push := &eval.Request{Action: "cr:PushRepository", Resource: "acs:cr:cn-hangzhou:2222:repository/prod/web"}

	type query func() string
	queries := []query{
		func() string {
			id, err := dir.Identity(alice)
			if err != nil {
				return err.Error()
			}
			res := dir.Chain(id, []eval.AssumeRoleInput{
				{RoleArn: "acs:ram::1111:role/ci", SessionName: "s1"},
				{RoleArn: "acs:ram::2222:role/pusher", SessionName: "s2", DurationSeconds: 900},
			})
			s := fmt.Sprint(res.Allowed())
			if res.Final != nil {
				r := res.Final.Evaluate(dir, push, nil)
				s += " " + resultString(r) + " " + res.Final.ARN().String()
			}
			return s
		},
		func() string {
			res, err := dir.Reach(alice, pusher, eval.ReachQuery{MaxHops: 3})
			if err != nil {
				return err.Error()
			}
			var hops []string
			for _, h := range res.Hops {
				hops = append(hops, h.Role.String()+" "+resultString(h.Result))
			}
			return fmt.Sprint(res.Allowed(), hops)
		},
		func() string {
			found, err := dir.WhoCan(push, eval.ReachQuery{MaxHops: 3})
			if err != nil {
				return err.Error()
			}
			return fmt.Sprint(found)
		},
		func() string {
			req := *push
			req.Principal = arn.MustParse("acs:ram::2222:role/reader/x")
			return resultString(dir.Evaluate(&req, nil))
		},
		func() string {
			req := eval.Request{Principal: alice, Action: "sts:AssumeRole", Resource: "acs:ram::2222:role/reader"}
			return resultString(dir.Evaluate(&req, nil))
		},
	}
	want := make([]string, len(queries))
	for i, q := range queries {
		want[i] = q()
	}
	require.Contains(t, want[0], "true Allow", "the chain reaches the pusher, which may push to prod")
	require.Contains(t, want[3], "ExplicitDeny", "the reader may not push to prod")
	hammer(t, 20*len(queries), func(i int) error {
		if got := queries[i%len(queries)](); got != want[i%len(queries)] {
			return fmt.Errorf("query %d: %s, alone %s", i%len(queries), got, want[i%len(queries)])
		}
		return nil
	})
}
