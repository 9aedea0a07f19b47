package eval_test

import (
	"testing"

	"github.com/rampolicy/ram/eval"
	"github.com/stretchr/testify/require"
)

// TestReviewContextCopyIsIndependent: HELPERS.md, "A copy of a value never shares mutable
// state with the original". Context is passed by value (Request.Context, ReachQuery),
// so setting a key on a copy must not change the original's answer.
func TestReviewContextCopyIsIndependent(t *testing.T) {
	t.Parallel()
	var base eval.Context
	base.Set("acs:SourceIp", "10.0.0.1")
	cp := base
	cp.Set("acs:SourceIp", "192.168.0.1")
	v, _ := base.Get("acs:SourceIp")
	require.Equal(t, []string{"10.0.0.1"}, v, "Set on a copy changed the original")
	cp2 := base
	cp2.Add("acs:SourceIp", "172.16.0.1")
	v, _ = base.Get("acs:SourceIp")
	require.Equal(t, []string{"10.0.0.1"}, v, "Add on a copy changed the original")
}
