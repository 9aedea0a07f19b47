package arn_test

import (
	"fmt"

	"github.com/rampolicy/ram/arn"
)

func ExampleParse() {
	a, err := arn.Parse("acs:ram::1234567890123456:role/deployer/ci-1")
	if err != nil {
		panic(err)
	}
	fmt.Println(a.Kind(), a.Account(), a.Name(), a.SessionName())
	fmt.Println(a.Role())
	// Output:
	// role session 1234567890123456 deployer ci-1
	// acs:ram::1234567890123456:role/deployer
}

func ExampleParse_error() {
	_, err := arn.Parse("acs:ecs:cn-hangzhou")
	fmt.Println(err)
	// Output:
	// arn.Parse("acs:ecs:cn-hangzhou"): must have five fields acs:service:region:account:resource
}

func ExamplePattern_MatchString() {
	p := arn.MustParsePattern("acs:ram:*:*:user/alice")
	fmt.Println(p.MatchString("acs:ram::1234567890123456:user/alice"))
	fmt.Println(p.MatchString("acs:ram::1234567890123456:user/bob"))
	// Output:
	// true
	// false
}
