package analyze

// Benchmarks of the analysis. Run with
//
//	go test -run '^$' -bench . -benchmem -benchtime 3x ./eval/analyze

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
)

var benchServices = []string{"oss", "ecs", "rds", "slb", "vpc", "cr", "kms", "log", "cms", "ram"}
var benchVerbs = []string{"Get", "List", "Describe", "Create", "Delete", "Put", "Update", "Modify"}

// bigSet returns n statements in the shapes of real identity policies: a few actions of
// one service (named, or a verb with a star), a bucket or repository prefix in one of a
// few accounts, now and then a Deny and a condition (source IP, a tag, an expiry).
func bigSet(tb testing.TB, n int, seed uint64, edits int) Set {
	rng := rand.New(rand.NewPCG(seed, 7))
	var stmts []map[string]any
	for i := 0; i < n; i++ {
		svc := benchServices[rng.IntN(len(benchServices))]
		var acts []string
		for k := 1 + rng.IntN(3); k > 0; k-- {
			v := benchVerbs[rng.IntN(len(benchVerbs))]
			if rng.IntN(3) == 0 {
				acts = append(acts, svc+":"+v+"*")
			} else {
				acts = append(acts, fmt.Sprintf("%s:%sResource%d", svc, v, rng.IntN(5)))
			}
		}
		res := fmt.Sprintf("acs:%s:*:%d:bucket-%d/*", svc, 1000+rng.IntN(3), rng.IntN(20))
		st := map[string]any{"Effect": "Allow", "Action": acts, "Resource": res}
		if rng.IntN(8) == 0 {
			st["Effect"] = "Deny"
		}
		switch rng.IntN(6) {
		case 0:
			st["Condition"] = map[string]any{"IpAddress": map[string]any{"acs:SourceIp": fmt.Sprintf("10.%d.0.0/16", rng.IntN(4))}}
		case 1:
			st["Condition"] = map[string]any{"StringEquals": map[string]any{"acs:RequestTag/team": fmt.Sprintf("team-%d", rng.IntN(4))}}
		case 2:
			st["Condition"] = map[string]any{"DateLessThan": map[string]any{"acs:CurrentTime": fmt.Sprintf("202%d-01-01T00:00:00Z", 5+rng.IntN(3))}}
		}
		stmts = append(stmts, st)
	}
	for e := 0; e < edits; e++ { // widen a resource
		i := rng.IntN(len(stmts))
		stmts[i]["Resource"] = strings.Replace(stmts[i]["Resource"].(string), "bucket-", "bucket", 1)
	}
	// Split into policies of at most 20 statements (a document's size limit).
	s := Set{Kind: policy.IdentityPolicy}
	for p := 0; p*20 < len(stmts); p++ {
		part := stmts[p*20 : min(len(stmts), (p+1)*20)]
		text, _ := json.Marshal(map[string]any{"Version": "1", "Statement": part})
		doc, err := policy.Parse(text, policy.IdentityPolicy)
		if err != nil {
			tb.Fatal(err)
		}
		s.Policies = append(s.Policies, eval.Policy{Name: fmt.Sprintf("p%d", p), Doc: doc})
	}
	return s
}

func benchCompare(b *testing.B, old, new Set, opts *Options) {
	b.Helper()
	var nodes int
	for i := 0; i < b.N; i++ {
		d, err := Compare(old, new, opts)
		if err != nil {
			b.Fatal(err)
		}
		nodes = d.Added.Nodes + d.Removed.Nodes
	}
	b.ReportMetric(float64(nodes), "nodes/op")
}

func BenchmarkCompare100Statements(b *testing.B) {
	old := bigSet(b, 100, 1, 0)
	b.Run("same", func(b *testing.B) { benchCompare(b, old, old, nil) })
	b.Run("one-widened", func(b *testing.B) { benchCompare(b, old, bigSet(b, 100, 1, 1), nil) })
	b.Run("unrelated", func(b *testing.B) { benchCompare(b, old, bigSet(b, 100, 2, 0), nil) })
}

func BenchmarkCompareGrowth(b *testing.B) {
	for _, n := range []int{25, 50, 100, 200} {
		old, new := bigSet(b, n, 1, 0), bigSet(b, n, 1, 1)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) { benchCompare(b, old, new, nil) })
	}
}

func BenchmarkACRSystemPolicies(b *testing.B) {
	load := func(name string) Set {
		text, err := os.ReadFile("../../testdata/policies/" + name + ".json")
		if err != nil {
			b.Fatal(err)
		}
		doc, err := policy.Parse(text, policy.IdentityPolicy)
		if err != nil {
			b.Fatal(err)
		}
		return Set{Kind: policy.IdentityPolicy, Policies: []eval.Policy{{Name: name, Doc: doc}}}
	}
	full, ro, team := load("AliyunContainerRegistryFullAccess"), load("AliyunContainerRegistryReadOnlyAccess"), load("team-dev-namespace")
	b.Run("readonly-vs-full", func(b *testing.B) { benchCompare(b, ro, full, nil) })
	b.Run("team-vs-full", func(b *testing.B) { benchCompare(b, team, full, nil) })
}

// pathological: n patterns "*a_i*" over distinct letters: every subset of letters is a
// cell, so the automaton has 2^n states; MaxStates stops it.
func pathological(n int) Set {
	var res []string
	for i := 0; i < n; i++ {
		res = append(res, fmt.Sprintf("acs:oss:*:*:*%c*", 'a'+i))
	}
	var stmts []policy.Statement
	for i, r := range res {
		eff := policy.EffectAllow
		if i%2 == 1 {
			eff = policy.EffectDeny
		}
		stmts = append(stmts, policy.Statement{Effect: eff, Actions: []string{"oss:*"}, Resources: []string{r}})
	}
	return Set{Kind: policy.IdentityPolicy, Policies: []eval.Policy{{Name: "p", Doc: &policy.Document{Kind: policy.IdentityPolicy, Version: "1", Statements: stmts}}}}
}

func BenchmarkPathological(b *testing.B) {
	for _, n := range []int{4, 8, 12} {
		s := pathological(n)
		b.Run(fmt.Sprintf("stars=%d", n), func(b *testing.B) {
			benchCompare(b, Set{Kind: policy.IdentityPolicy}, s, nil)
		})
	}
	b.Run("stars=20/limited", func(b *testing.B) {
		s := pathological(20)
		for i := 0; i < b.N; i++ {
			if _, err := Compare(Set{Kind: policy.IdentityPolicy}, s, &Options{MaxStates: 20_000}); err == nil {
				b.Fatal("want ErrLimit")
			}
		}
	})
}
