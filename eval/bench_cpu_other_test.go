//go:build !unix

package eval_test

// processCPU is not measured here; the cpu-ns/op metric then reads 0.
func processCPU() int64 { return 0 }
