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
