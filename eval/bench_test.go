package eval_test

// Benchmarks of issue 4. Run them all, ten times, and summarise with benchstat:
//
//	go test -run '^$' -bench . -benchmem -count=10 ./eval ./internal/wildcard | tee bench.txt
//	go run golang.org/x/perf/cmd/benchstat@latest bench.txt
//
// BENCHMARKS.md in this directory holds the figures, the machine and the comparison with
// other Go policy engines.

import (
	"runtime"
	"strconv"
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
)

var sinkResult eval.Result

// benchDecision times ev.Evaluate on one request, checking the decision before and after
// the timed loop: a wrong answer fails the benchmark and gives no number.
func benchDecision(b *testing.B, ev *eval.Evaluator, c *benchCase) {
	b.Helper()
	if r := ev.Evaluate(&c.req, nil); r.Decision != c.want || r.Err != nil {
		b.Fatalf("%s: got %v, want %v", c.name, r, c.want)
	}
	b.ReportAllocs()
	var r eval.Result
	cpu := processCPU()
	for b.Loop() {
		r = ev.Evaluate(&c.req, nil)
	}
	reportCPU(b, cpu)
	if r.Decision != c.want {
		b.Fatalf("%s: got %v during timing, want %v", c.name, r, c.want)
	}
	sinkResult = r
}

// reportCPU reports cpu-ns/op: the process's CPU time since start per iteration. On a
// machine whose cores other processes share, it stays close to what the operation costs
// while ns/op (wall clock) includes the time the benchmark waited for a core.
func reportCPU(b *testing.B, start int64) {
	if start > 0 {
		b.ReportMetric(float64(processCPU()-start)/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkDecide is one decision of Evaluator.Evaluate, with the policies compiled and
// the request built beforehand: BenchmarkDecide/W1/pull-dev and so on.
func BenchmarkDecide(b *testing.B) {
	for _, w := range decideWorkloads() {
		b.Run(w.name, func(b *testing.B) {
			ev := w.evaluator(b)
			for i := range w.cases {
				b.Run(w.cases[i].name, func(b *testing.B) { benchDecision(b, ev, &w.cases[i]) })
			}
		})
	}
}

// growthSizes are the statement counts of BenchmarkGrowth.
var growthSizes = []int{100, 1000, 10000, 100000}

// BenchmarkGrowth is W3's request match-one against W3's shape at 100 to 100,000
// statements. The ratio of statements=100000 to statements=1000 is the growth figure.
func BenchmarkGrowth(b *testing.B) {
	for _, n := range growthSizes {
		b.Run("statements="+strconv.Itoa(n), func(b *testing.B) {
			w := workloadGrowth(n)
			ev := w.evaluator(b)
			benchDecision(b, ev, &w.cases[0])
		})
	}
}

// compileWorkloads are the sets of BenchmarkCompile.
func compileWorkloads() []*benchWorkload {
	return []*benchWorkload{workloadW1(), workloadW2(), workloadW3(), workloadW4()}
}

// BenchmarkCompile is the one-time cost of a workload's policies: parse every RAM JSON
// document and compile them into one PolicySet. Besides ns/op it reports
//
//   - ns/stmt: the time per statement;
//   - heap-B/stmt: the heap the compiled set keeps alive, per statement, after the
//     documents are dropped and a garbage collection (measured once, outside the loop).
func BenchmarkCompile(b *testing.B) {
	for _, w := range compileWorkloads() {
		b.Run(w.name, func(b *testing.B) {
			docs := w.documents()
			n := w.statements()
			retained := retainedBytes(b, w, docs)
			b.ReportAllocs()
			cpu := processCPU()
			for b.Loop() {
				if _, err := compileDocs(w, docs); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, cpu)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/stmt")
			b.ReportMetric(float64(retained)/float64(n), "heap-B/stmt")
		})
	}
}

// BenchmarkCompileParsed is BenchmarkCompile without the parse: eval.Compile alone, on
// documents parsed beforehand. The difference is policy.Parse's share.
func BenchmarkCompileParsed(b *testing.B) {
	for _, w := range compileWorkloads() {
		b.Run(w.name, func(b *testing.B) {
			docs := w.documents()
			ps := make([]eval.Policy, len(docs))
			for i, d := range docs {
				doc, err := benchParseOptions.Parse(d)
				if err != nil {
					b.Fatal(err)
				}
				ps[i] = eval.Policy{Name: w.policies[i].name, Doc: doc}
			}
			b.ReportAllocs()
			cpu := processCPU()
			for b.Loop() {
				if _, err := eval.Compile(ps...); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, cpu)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(w.statements()), "ns/stmt")
		})
	}
}

// retainedBytes is the live heap that a compiled set of w holds on its own: the growth of
// HeapAlloc across parse+compile, after the parsed documents became garbage and a GC ran.
func retainedBytes(b *testing.B, w *benchWorkload, docs [][]byte) uint64 {
	var before, after runtime.MemStats
	// Two cycles each time: the first moves scratch pooled by Compile (a sync.Pool) to
	// the pool's victim cache, the second frees it; it is not the set's.
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&before)
	set, err := compileDocs(w, docs)
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(set)
	if after.HeapAlloc < before.HeapAlloc {
		return 0
	}
	return after.HeapAlloc - before.HeapAlloc
}

// adversarialSizes are the resource lengths of BenchmarkAdversarial, in bytes.
var adversarialSizes = []int{256, 512, 1024}

// BenchmarkAdversarial is one decision against a policy holding the adversarial pattern
// (workloadAdversarial), with a resource of 256, 512 and 1,024 bytes that almost matches
// it. Time must grow linearly with the resource's length.
//
//   - BenchmarkAdversarial/resource=N: the policy holds the pattern once;
//   - BenchmarkAdversarial/policy=full/resource=N: it holds as many variants of it as
//     6,144 characters allow (24), all tried on every decision.
func BenchmarkAdversarial(b *testing.B) {
	run := func(b *testing.B, patterns int) {
		for _, n := range adversarialSizes {
			b.Run("resource="+strconv.Itoa(n), func(b *testing.B) {
				w := workloadAdversarial(n, patterns)
				ev := w.evaluator(b)
				benchDecision(b, ev, &w.cases[0])
			})
		}
	}
	run(b, 1)
	b.Run("policy=full", func(b *testing.B) { run(b, 0) })
}

// rawRequest is a request as a service receives it: the caller's ARN as text, the action,
// the resource and the condition keys, all strings that arrive per call.
type rawRequest struct {
	principal, action, resource string
	keys, values                []string // one value per key, as the registry case has
}

// raw takes a benchCase's request apart into the strings a service would receive.
func (c *benchCase) raw(tb testing.TB) rawRequest {
	tb.Helper()
	r := rawRequest{principal: c.req.Principal.String(), action: c.req.Action, resource: c.req.Resource}
	for _, k := range c.req.Context.Keys() {
		v, _ := c.req.Context.Get(k)
		if len(v) != 1 {
			tb.Fatalf("%s: key %s has %d values; the raw benchmark sends one", c.name, k, len(v))
		}
		r.keys, r.values = append(r.keys, k), append(r.values, v[0])
	}
	return r
}

// decideRaw builds the Request from the raw strings, as a service does on every call, and
// decides it. The ARN is parsed here too: it arrives as text.
func decideRaw(ev *eval.Evaluator, r *rawRequest) eval.Result {
	p, err := arn.Parse(r.principal)
	if err != nil {
		return eval.Result{Err: err}
	}
	req := eval.Request{Principal: p, Action: r.action, Resource: r.resource}
	for i, k := range r.keys {
		req.Context.Set(k, r.values[i])
	}
	return ev.Evaluate(&req, nil)
}

// BenchmarkDecideRaw is BenchmarkDecide with the Request and its Context built inside the
// timed loop from strings (decideRaw): the cost a registry service pays per call.
func BenchmarkDecideRaw(b *testing.B) {
	for _, w := range decideWorkloads() {
		b.Run(w.name, func(b *testing.B) {
			ev := w.evaluator(b)
			for i := range w.cases {
				c := &w.cases[i]
				b.Run(c.name, func(b *testing.B) {
					raw := c.raw(b)
					if r := decideRaw(ev, &raw); r.Decision != c.want || r.Err != nil {
						b.Fatalf("%s: got %v, want %v", c.name, r, c.want)
					}
					b.ReportAllocs()
					var r eval.Result
					cpu := processCPU()
					for b.Loop() {
						r = decideRaw(ev, &raw)
					}
					reportCPU(b, cpu)
					if r.Decision != c.want {
						b.Fatalf("%s: got %v during timing, want %v", c.name, r, c.want)
					}
					sinkResult = r
				})
			}
		})
	}
}

// BenchmarkDecideParallel is BenchmarkDecideRaw on every core at once (b.RunParallel, one
// Evaluator shared by all goroutines): decisions per second should grow with -cpu, since
// a decision writes nothing shared. Run it as -cpu 1,2,4... and compare decisions/s. On a
// machine other processes share, compare cpu-ns/op too: when it stays flat as -cpu grows,
// the goroutines do not slow each other down (no locks, no contended cache lines), and
// decisions per second scale with the cores actually free.
func BenchmarkDecideParallel(b *testing.B) {
	for _, w := range []*benchWorkload{workloadW1(), workloadW4()} {
		ev := w.evaluator(b)
		raws := make([]rawRequest, len(w.cases))
		for i := range w.cases {
			raws[i] = w.cases[i].raw(b)
		}
		b.Run(w.name, func(b *testing.B) {
			b.ReportAllocs()
			cpu := processCPU()
			b.RunParallel(func(pb *testing.PB) {
				i := 0
				for pb.Next() {
					c := &w.cases[i%len(w.cases)]
					if r := decideRaw(ev, &raws[i%len(raws)]); r.Decision != c.want {
						b.Errorf("%s: got %v, want %v", c.name, r, c.want)
						return
					}
					i++
				}
			})
			reportCPU(b, cpu)
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "decisions/s")
		})
	}
}
