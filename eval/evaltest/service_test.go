package evaltest_test

import (
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/evaltest"
	"github.com/rampolicy/ram/eval/world"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The assertions work on a service caller, and name it when they fail.
func TestAssertionsOnAServiceCaller(t *testing.T) {
	t.Parallel()
	w, _, err := world.LoadOptions{AllowCases: true}.LoadFile("../../testdata/decisions/sts/ack_cross_account.json")
	require.NoError(t, err)
	worker := "acs:ram::1111111111111111:role/KubernetesWorkerRole-4f3c9a2e-7d61-4b8e-9c05-1a2b3c4d5e6f"
	ecs, err := w.ServiceCaller(arn.MustParseServicePrincipal("1111111111111111@ecs.aliyuncs.com"))
	require.NoError(t, err)
	assume := &eval.Request{Action: "sts:AssumeRole", Resource: worker}
	assert.True(t, evaltest.Allowed(t, ecs, assume, nil, "worker-trust#0"))

	other, err := w.ServiceCaller(arn.MustParseServicePrincipal("2222222222222222@ecs.aliyuncs.com"))
	require.NoError(t, err)
	f := &fakeT{}
	assert.False(t, evaltest.Allowed(f, other, assume, nil))
	require.Len(t, f.errors, 1)
	assert.Contains(t, f.errors[0], "2222222222222222@ecs.aliyuncs.com sts:AssumeRole on "+worker)
	assert.Contains(t, f.errors[0], "principal not admitted")

	// The world itself: the request's Service is the caller.
	req := &eval.Request{Service: other.Service(), Action: "sts:AssumeRole", Resource: worker}
	assert.True(t, evaltest.ImplicitlyDenied(t, w, req, nil))
	f = &fakeT{}
	assert.False(t, evaltest.Allowed(f, w, req, nil))
	require.Len(t, f.errors, 1)
	assert.Contains(t, f.errors[0], "2222222222222222@ecs.aliyuncs.com sts:AssumeRole")
}
