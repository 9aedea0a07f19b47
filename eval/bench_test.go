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
	for b.Loop() {
		r = ev.Evaluate(&c.req, nil)
	}
	if r.Decision != c.want {
		b.Fatalf("%s: got %v during timing, want %v", c.name, r, c.want)
	}
	sinkResult = r
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

// BenchmarkCompile is the one-time cost of a workload's policies: parse every RAM JSON
// document and compile them into one PolicySet. Besides ns/op it reports
//
//   - ns/stmt: the time per statement;
//   - heap-B/stmt: the heap the compiled set keeps alive, per statement, after the
//     documents are dropped and a garbage collection (measured once, outside the loop).
func BenchmarkCompile(b *testing.B) {
	for _, w := range []*benchWorkload{workloadW1(), workloadW2(), workloadW3(), workloadW4(), workloadGrowth(100000)} {
		name := w.name
		if name == "growth-100000" {
			name = "statements=100000"
		}
		b.Run(name, func(b *testing.B) {
			docs := w.documents()
			n := w.statements()
			b.ReportMetric(float64(retainedBytes(b, w, docs))/float64(n), "heap-B/stmt")
			b.ReportAllocs()
			for b.Loop() {
				if _, err := compileDocs(w, docs); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/stmt")
		})
	}
}

// retainedBytes is the live heap that a compiled set of w holds on its own: the growth of
// HeapAlloc across parse+compile, after the parsed documents became garbage and a GC ran.
func retainedBytes(b *testing.B, w *benchWorkload, docs [][]byte) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	set, err := compileDocs(w, docs)
	if err != nil {
		b.Fatal(err)
	}
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

// BenchmarkAdversarial is one decision against the worst pattern an identity policy can
// hold (workloadAdversarial), with a resource of 256, 512 and 1,024 bytes that almost
// matches it. Time must grow linearly with the resource's length.
func BenchmarkAdversarial(b *testing.B) {
	for _, n := range adversarialSizes {
		b.Run("resource="+strconv.Itoa(n), func(b *testing.B) {
			w := workloadAdversarial(n)
			ev := w.evaluator(b)
			benchDecision(b, ev, &w.cases[0])
		})
	}
}
