package condval

import "testing"

var sinkIPv4 uint32

// BenchmarkParseIPv4 reads the request addresses of the W4 workload.
func BenchmarkParseIPv4(b *testing.B) {
	for _, s := range []string{"10.1.2.3", "192.168.1.10"} {
		b.Run(s, func(b *testing.B) {
			for b.Loop() {
				a, _ := ParseIPv4(s)
				sinkIPv4 += a
			}
		})
	}
}
