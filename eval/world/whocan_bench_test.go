package world_test

import (
	"testing"

	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/world"
)

// BenchmarkWhoCanIndexBuild measures the index the first WhoCan of a world builds (see
// whocan_index.go) on the large directory: the one-time cost of the first query.
func BenchmarkWhoCanIndexBuild(b *testing.B) {
	d := bigDirectory(b)
	b.ReportAllocs()
	for b.Loop() {
		d.BuildWhoCanIndex()
	}
}

// TestWhoCanIndexKnowsLargeDirectory: every identity set of the benchmark's directory
// agrees with its documents, so the benchmark measures the pruned search.
func TestWhoCanIndexKnowsLargeDirectory(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 7,000-principal directory")
	}
	if n := bigDirectory(t).WhoCanUnknown(); n != 0 {
		t.Fatalf("%d principals with an unknown identity set", n)
	}
}

// BenchmarkWhoCanFirst measures the first WhoCan of a world on the large directory:
// building its index, then the query BenchmarkWhoCan/maxHops=3 asks. The ramsim whocan
// command pays it on every run.
func BenchmarkWhoCanFirst(b *testing.B) {
	d := bigDirectory(b)
	req := &eval.Request{Action: "cr:PushRepository", Resource: "acs:cr:cn-hangzhou:" + bigAccountID(7) + ":repository/ns3/web"}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := d.WithFreshWhoCanIndex().WhoCan(req, world.ReachQuery{MaxHops: 3}); err != nil {
			b.Fatal(err)
		}
	}
}
