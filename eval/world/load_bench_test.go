package world_test

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rampolicy/ram/eval/world"
)

// bigWorld is a world file of n users in one account, each with its own inline policy
// and one shared group.
func bigWorld(n int) fstest.MapFS {
	var pol, users strings.Builder
	for i := range n {
		if i > 0 {
			pol.WriteString(",\n")
			users.WriteString(",\n")
		}
		fmt.Fprintf(&pol, `"p%d": {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "cr:PullRepository", "Resource": "acs:cr:*:1111111111111111:repository/team%d/*"}]}`, i, i)
		fmt.Fprintf(&users, `"u%d": {"policies": ["p%d"], "groups": ["all"]}`, i, i)
	}
	text := `{"policies": {` + pol.String() + `,
"shared": {"Version": "1", "Statement": [{"Effect": "Deny", "Action": "cr:DeleteRepository", "Resource": "*"}]}},
"directory": {"accounts": {"1111111111111111": {"groups": {"all": {"policies": ["shared"]}}, "users": {` + users.String() + `}}}}}`
	return fstest.MapFS{"world.json": {Data: []byte(text)}}
}

// BenchmarkLoad: loading costs time linear in the file (compare the sizes).
//
//	go test -run '^$' -bench Load -benchmem ./eval/world
func BenchmarkLoad(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		fsys := bigWorld(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := world.Load(fsys, "world.json"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
