package eval_test

import (
	"fmt"
	"runtime"
	"sync"
	"testing"

	"github.com/rampolicy/ram/eval"
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
