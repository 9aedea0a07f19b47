package arn_test

import (
	"fmt"
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBuilders(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		build func() (arn.ARN, error)
		want  string
		kind  arn.Kind
	}{
		{func() (arn.ARN, error) { return arn.NewRoot("1234567890123456") }, "acs:ram::1234567890123456:root", arn.KindRoot},
		{func() (arn.ARN, error) { return arn.NewUser("1234567890123456", "alice") }, "acs:ram::1234567890123456:user/alice", arn.KindUser},
		{func() (arn.ARN, error) { return arn.NewGroup("1234567890123456", "devs") }, "acs:ram::1234567890123456:group/devs", arn.KindGroup},
		{func() (arn.ARN, error) { return arn.NewRole("1234567890123456", "deployer") }, "acs:ram::1234567890123456:role/deployer", arn.KindRole},
		{func() (arn.ARN, error) { return arn.NewRoleSession("1234567890123456", "deployer", "ci-1") }, "acs:ram::1234567890123456:role/deployer/ci-1", arn.KindRoleSession},
	} {
		a, err := tc.build()
		require.NoError(t, err)
		assert.Equal(t, tc.want, a.String())
		assert.Equal(t, tc.kind, a.Kind())
	}
	for _, bad := range []func() (arn.ARN, error){
		func() (arn.ARN, error) { return arn.NewRoot("12ab") },
		func() (arn.ARN, error) { return arn.NewUser("1", "") },
		func() (arn.ARN, error) { return arn.NewUser("1", "a/b") },
		func() (arn.ARN, error) { return arn.NewRole("1", "r*") },
		func() (arn.ARN, error) { return arn.NewRoleSession("1", "r", "") },
		func() (arn.ARN, error) { return arn.NewUser("", "alice") },
	} {
		_, err := bad()
		assert.ErrorIs(t, err, arn.ErrInvalidField)
	}
}

func ExampleNewRoleSession() {
	s, _ := arn.NewRoleSession("1234567890123456", "deployer", "build-42")
	fmt.Println(s, s.Kind(), s.Role())
	// Output: acs:ram::1234567890123456:role/deployer/build-42 role session acs:ram::1234567890123456:role/deployer
}
