package world_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/world"
	"github.com/rampolicy/ram/policy"
)

// Large directory: 100 accounts, each with 20 users and 50 roles (2,000 users, 5,000
// roles). The trust graph is a realistic mix:
//
//   - app-0..app-39 trust their own account root and may push to one namespace each;
//   - deployer-40..44 trust the next account's root (cross-account) and may assume any
//     app role of their own account;
//   - admin-45..49 trust deployer-40 of their own account and may do anything in cr;
//   - every user may assume roles of its own account; every tenth user any role.
const (
	bigAccounts = 100
	bigUsers    = 20
	bigRoles    = 50
)

func bigAccountID(i int) string { return fmt.Sprintf("%016d", 1000000000000000+i%bigAccounts) }

func mustDoc(kind policy.Kind, text string) *policy.Document {
	d, err := policy.Parse([]byte(text), kind)
	if err != nil {
		panic(err)
	}
	return d
}

func buildBigDirectory(tb testing.TB) *world.World {
	tb.Helper()
	d, err := world.New(bigAccountList(false))
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// bigAccountList returns the large directory's accounts; withServices adds to each
// account the roles services assume (see bench_service_test.go).
func bigAccountList(withServices bool) []world.Account {
	crossUser := eval.Policy{Name: "assume-any", Doc: mustDoc(policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}`)}
	var accounts []world.Account
	for i := 0; i < bigAccounts; i++ {
		id := bigAccountID(i)
		own := eval.Policy{Name: "assume-own", Doc: mustDoc(policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"acs:ram:*:`+id+`:role/*"}]}`)}
		trustRoot := eval.Policy{Name: "trust-own", Doc: mustDoc(policy.TrustPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"acs:ram::`+id+`:root"}}]}`)}
		trustNext := eval.Policy{Name: "trust-next", Doc: mustDoc(policy.TrustPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"acs:ram::`+bigAccountID(i+1)+`:root"}}]}`)}
		trustDeployer := eval.Policy{Name: "trust-deployer", Doc: mustDoc(policy.TrustPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"acs:ram::`+id+`:role/deployer-40"}}]}`)}
		deployer := eval.Policy{Name: "deployer", Doc: mustDoc(policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"acs:ram:*:`+id+`:role/*"}]}`)}
		admin := eval.Policy{Name: "admin", Doc: mustDoc(policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"cr:*","Resource":"acs:cr:*:`+id+`:*"}]}`)}
		acct := world.Account{ID: id}
		for u := 0; u < bigUsers; u++ {
			ps := []eval.Policy{own}
			if u%10 == 0 {
				ps = append(ps, crossUser)
			}
			acct.Users = append(acct.Users, world.User{Name: fmt.Sprintf("user-%d", u), Policies: ps})
		}
		for r := 0; r < bigRoles; r++ {
			switch {
			case r < 40:
				push := eval.Policy{Name: fmt.Sprintf("push-ns%d", r), Doc: mustDoc(policy.IdentityPolicy, fmt.Sprintf(
					`{"Version":"1","Statement":[{"Effect":"Allow","Action":["cr:PullRepository","cr:PushRepository"],"Resource":"acs:cr:*:%s:repository/ns%d/*"}]}`, id, r))}
				acct.Roles = append(acct.Roles, world.Role{Name: fmt.Sprintf("app-%d", r), Trust: trustRoot, Policies: []eval.Policy{push}})
			case r < 45:
				acct.Roles = append(acct.Roles, world.Role{Name: fmt.Sprintf("deployer-%d", r), Trust: trustNext, Policies: []eval.Policy{deployer}})
			default:
				acct.Roles = append(acct.Roles, world.Role{Name: fmt.Sprintf("admin-%d", r), Trust: trustDeployer, Policies: []eval.Policy{admin}})
			}
		}
		if withServices {
			acct.Roles = append(acct.Roles, serviceRoles(i)...)
		}
		accounts = append(accounts, acct)
	}
	return accounts
}

var (
	bigOnce sync.Once
	bigDir  *world.World
)

func bigDirectory(tb testing.TB) *world.World {
	bigOnce.Do(func() { bigDir = buildBigDirectory(tb) })
	return bigDir
}

// BenchmarkDirectoryBuild measures world.New on the large directory: compiling,
// uniting and indexing its policies and building the trust graph. Its documents are
// parsed once, outside the timed loop (BenchmarkDirectoryParseAndBuild includes them).
func BenchmarkDirectoryBuild(b *testing.B) {
	accounts := bigAccountList(false)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := world.New(accounts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDirectoryParseAndBuild is BenchmarkDirectoryBuild with the parsing of its
// 100 x (7 + 40) policy documents inside the timed loop.
func BenchmarkDirectoryParseAndBuild(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		buildBigDirectory(b)
	}
}

func BenchmarkAssumeRole(b *testing.B) {
	d := bigDirectory(b)
	caller, err := d.Caller(arn.MustParse("acs:ram::" + bigAccountID(3) + ":user/user-7"))
	if err != nil {
		b.Fatal(err)
	}
	in := world.AssumeRoleInput{RoleARN: "acs:ram::" + bigAccountID(3) + ":role/app-12", SessionName: "bench"}
	if !d.AssumeRole(caller, in).Allowed() {
		b.Fatal("expected the hop to be allowed")
	}
	b.ReportAllocs()
	for b.Loop() {
		d.AssumeRole(caller, in)
	}
}

func BenchmarkReach(b *testing.B) {
	d := bigDirectory(b)
	from := arn.MustParse("acs:ram::" + bigAccountID(0) + ":user/user-0") // may assume any role
	for _, tc := range []struct {
		name string
		to   string
		hops int
	}{
		// user-0 of account 0 -> deployer-40 of account 99 (trusts account 0) -> admin-45 there.
		{"cross-account-2-hops", "acs:ram::" + bigAccountID(99) + ":role/admin-45", 2},
		// admin roles of account 50 trust only account 50's deployer, which trusts account 51.
		{"unreachable", "acs:ram::" + bigAccountID(50) + ":role/admin-45", 0},
	} {
		b.Run(tc.name, func(b *testing.B) {
			to := arn.MustParse(tc.to)
			q := world.ReachQuery{MaxHops: 4}
			res, err := d.Reach(from, to, q)
			if err != nil || len(res.Hops) != tc.hops || res.Allowed() != (tc.hops > 0) {
				b.Fatalf("reach: %v hops=%d allowed=%v", err, len(res.Hops), res.Allowed())
			}
			b.ReportAllocs()
			for b.Loop() {
				d.Reach(from, to, q)
			}
		})
	}
}

func BenchmarkWhoCan(b *testing.B) {
	d := bigDirectory(b)
	req := &eval.Request{Action: "cr:PushRepository", Resource: "acs:cr:cn-hangzhou:" + bigAccountID(7) + ":repository/ns3/web"}
	for _, hops := range []int{0, 1, 3} {
		b.Run(fmt.Sprintf("maxHops=%d", hops), func(b *testing.B) {
			found, err := d.WhoCan(req, world.ReachQuery{MaxHops: hops})
			if err != nil || len(found) == 0 {
				b.Fatalf("who-can: %v, %d found", err, len(found))
			}
			b.ReportMetric(float64(len(found)), "principals")
			b.ReportAllocs()
			for b.Loop() {
				d.WhoCan(req, world.ReachQuery{MaxHops: hops})
			}
		})
	}
}

// TestWhoCanOnLargeDirectory pins the answer of the benchmark's query, so the benchmark
// measures a correct search.
func TestWhoCanOnLargeDirectory(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 7,000-principal directory")
	}
	d := bigDirectory(t)
	req := &eval.Request{Action: "cr:PushRepository", Resource: "acs:cr:cn-hangzhou:" + bigAccountID(7) + ":repository/ns3/web"}
	direct, err := d.WhoCan(req, world.ReachQuery{MaxHops: 0})
	if err != nil {
		t.Fatal(err)
	}
	// Directly: app-3 and the five admin roles of account 7.
	if len(direct) != 6 {
		t.Fatalf("direct: %d principals: %v", len(direct), direct)
	}
	one, _ := d.WhoCan(req, world.ReachQuery{MaxHops: 1})
	// One hop more: app-3 trusts account 7's root, which admits account 7's 20 users and
	// its 5 deployer roles (they may assume roles of their account); app roles may not
	// assume roles, and other accounts' users are not admitted. 6 + 20 + 5.
	if len(one) != 31 {
		t.Fatalf("one hop: %d principals", len(one))
	}
	for _, f := range one {
		if len(f.Via) > 1 {
			t.Fatalf("%s via %v: longer than one hop", f.Principal, f.Via)
		}
	}
}
