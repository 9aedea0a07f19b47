package eval_test

import (
	"strings"
	"testing"

	"github.com/rampolicy/ram/eval"
	"github.com/stretchr/testify/assert"
)

// TestContextBytesBounded: the total size of the context is bounded, so the product of
// a policy's StringLike patterns and the request's values stays small.
func TestContextBytesBounded(t *testing.T) {
	t.Parallel()
	req := &eval.Request{Action: "cr:PullRepository", Resource: "*"}
	req.Context.Set("a:k", strings.Repeat("x", 2048), strings.Repeat("x", 2048), strings.Repeat("x", 2048), strings.Repeat("x", 2048))
	assert.NoError(t, req.Validate(), "exactly at the limit")
	req.Context.Set("a:j", "y")
	err := req.Validate()
	assert.ErrorIs(t, err, eval.ErrInvalidRequest)
	assert.ErrorContains(t, err, "8193 bytes; at most 8192")
}
