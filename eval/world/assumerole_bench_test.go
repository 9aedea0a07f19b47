package world_test

import (
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/world"
)

// BenchmarkAssumeRoleWith is BenchmarkAssumeRole's call with what a service passes on
// the way: a request context (the source IP and TLS, as a registry has them), or a
// call that is denied (the role of another account's trust).
func BenchmarkAssumeRoleWith(b *testing.B) {
	d := bigDirectory(b)
	caller, err := d.Caller(arn.MustParse("acs:ram::" + bigAccountID(3) + ":user/user-7"))
	if err != nil {
		b.Fatal(err)
	}
	var ctx eval.Context
	ctx.Set("acs:SourceIp", "192.0.2.10")
	ctx.Set("acs:SecureTransport", "true")
	for _, tc := range []struct {
		name    string
		in      world.AssumeRoleInput
		allowed bool
	}{
		{"context", world.AssumeRoleInput{RoleARN: "acs:ram::" + bigAccountID(3) + ":role/app-12", SessionName: "bench", Context: ctx}, true},
		{"denied", world.AssumeRoleInput{RoleARN: "acs:ram::" + bigAccountID(3) + ":role/admin-45", SessionName: "bench"}, false},
	} {
		b.Run(tc.name, func(b *testing.B) {
			if d.AssumeRole(caller, tc.in).Allowed() != tc.allowed {
				b.Fatalf("want allowed=%v", tc.allowed)
			}
			b.ReportAllocs()
			for b.Loop() {
				d.AssumeRole(caller, tc.in)
			}
		})
	}
}
