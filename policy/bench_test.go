package policy_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rampolicy/ram/policy"
)

// BenchmarkParse parses documents shaped like the load workloads: an identity policy of
// n statements, each with an action list, a resource and (every other one) a condition,
// and the repository's sample policies. ns/stmt and allocs are the numbers issue 11
// targets (parse + compile <= 3 µs and <= 20 allocations per statement; see eval's
// BenchmarkCompile for the sum).
func BenchmarkParse(b *testing.B) {
	docs := map[string][]byte{}
	for _, n := range []int{1, 10, 40} {
		var s strings.Builder
		s.WriteString(`{"Version":"1","Statement":[`)
		for i := range n {
			if i > 0 {
				s.WriteByte(',')
			}
			fmt.Fprintf(&s, `{"Sid":"s%d","Effect":"Allow","Action":["cr:Get*","cr:List*","cr:PullRepository"],"Resource":"acs:cr:*:*:repository/ns%d/*"`, i, i)
			if i%2 == 1 {
				s.WriteString(`,"Condition":{"IpAddress":{"acs:SourceIp":["10.0.0.0/8"]},"Bool":{"acs:SecureTransport":"true"}}`)
			}
			s.WriteByte('}')
		}
		s.WriteString(`]}`)
		docs[fmt.Sprintf("statements=%d", n)] = []byte(s.String())
	}
	for name, text := range docs {
		doc, err := policy.Options{Kind: policy.IdentityPolicy, Limits: policy.Limits{MaxSize: policy.MaxInputBytes}}.Parse(text)
		if err != nil {
			b.Fatal(err)
		}
		n := len(doc.Statements)
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				_, _ = policy.Options{Kind: policy.IdentityPolicy, Limits: policy.Limits{MaxSize: policy.MaxInputBytes}}.Parse(text)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/stmt")
		})
	}
}
