package world_test

import "testing"

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
