//go:build unix

package eval_test

import "syscall"

// processCPU returns the CPU time the process has used, user and system, in nanoseconds:
// every thread's, the garbage collector's included. Benchmarks report it per operation
// next to ns/op, which counts wall-clock time and so grows when other processes share the
// machine's cores.
func processCPU() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
