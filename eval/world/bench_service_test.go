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

// serviceRoles are the roles services assume in account i of the large directory, as in
// an ACK cluster with log shipping:
//
//   - KubernetesWorkerRole-i trusts ecs.aliyuncs.com (ECS acting for account i) and may
//     assume any role (AliyunSTSAssumeRoleAccess);
//   - log-ship trusts log.aliyuncs.com acting for the previous account, and may push to
//     namespace ns3 of its own account.
func serviceRoles(i int) []world.Role {
	id := bigAccountID(i)
	workerTrust := eval.Policy{Name: "worker-trust", Doc: mustDoc(policy.TrustPolicy,
		`{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"ecs.aliyuncs.com"}}]}`)}
	sts := eval.Policy{Name: "AliyunSTSAssumeRoleAccess", Doc: mustDoc(policy.IdentityPolicy,
		`{"Version":"1","Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Resource":"*"}]}`)}
	logTrust := eval.Policy{Name: "log-trust", Doc: mustDoc(policy.TrustPolicy,
		`{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"`+bigAccountID(i+bigAccounts-1)+`@log.aliyuncs.com"}}]}`)}
	push := eval.Policy{Name: "push-ns3", Doc: mustDoc(policy.IdentityPolicy,
		`{"Version":"1","Statement":[{"Effect":"Allow","Action":"cr:PushRepository","Resource":"acs:cr:*:`+id+`:repository/ns3/*"}]}`)}
	return []world.Role{
		{Name: fmt.Sprintf("KubernetesWorkerRole-%d", i), Trust: workerTrust, Policies: []eval.Policy{sts}},
		{Name: "log-ship", Trust: logTrust, Policies: []eval.Policy{push}},
	}
}

var (
	bigServicesOnce sync.Once
	bigServicesDir  *world.World
)

func bigServiceDirectory(tb testing.TB) *world.World {
	bigServicesOnce.Do(func() {
		d, err := world.New(bigAccountList(true))
		if err != nil {
			tb.Fatal(err)
		}
		bigServicesDir = d
	})
	return bigServicesDir
}

// BenchmarkWhoCanServices is BenchmarkWhoCan's query on the large directory with 200
// service-trusted roles: who-can considers exactly the 200 service callers those trust
// policies name, and a role's predecessors hold only the services its trust names.
func BenchmarkWhoCanServices(b *testing.B) {
	d := bigServiceDirectory(b)
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

func BenchmarkReachService(b *testing.B) {
	d := bigServiceDirectory(b)
	// ECS acting for account 0 -> KubernetesWorkerRole-0 -> deployer-40 of account 99
	// (trusts account 0) -> admin-45 there.
	from := arn.MustParseServicePrincipal(bigAccountID(0) + "@ecs.aliyuncs.com")
	to := arn.MustParse("acs:ram::" + bigAccountID(99) + ":role/admin-45")
	q := world.ReachQuery{MaxHops: 4}
	res, err := d.ReachService(from, to, q)
	if err != nil || len(res.Hops) != 3 {
		b.Fatalf("reach: %v, %d hops", err, len(res.Hops))
	}
	b.ReportAllocs()
	for b.Loop() {
		d.ReachService(from, to, q)
	}
}

// TestWhoCanServicesOnLargeDirectory pins the services the benchmark's query finds.
func TestWhoCanServicesOnLargeDirectory(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 7,200-principal directory")
	}
	d := bigServiceDirectory(t)
	req := &eval.Request{Action: "cr:PushRepository", Resource: "acs:cr:cn-hangzhou:" + bigAccountID(7) + ":repository/ns3/web"}
	var services []string
	found, err := d.WhoCan(req, world.ReachQuery{MaxHops: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range found {
		if f.Service.IsValid() {
			services = append(services, f.String())
		}
	}
	// One hop: Log Service acting for account 6 assumes account 7's log-ship. ECS for
	// account 7 needs two (worker role, then app-3).
	want := []string{bigAccountID(6) + "@log.aliyuncs.com"}
	if fmt.Sprint(services) != fmt.Sprint(want) {
		t.Fatalf("one hop: services %v, want %v", services, want)
	}
	found, _ = d.WhoCan(req, world.ReachQuery{MaxHops: 2})
	services = nil
	for _, f := range found {
		if f.Service.IsValid() {
			services = append(services, f.String())
		}
	}
	// Two hops: also ECS acting for account 7 (its worker role, then app-3, which trusts
	// account 7's root). ECS acting for account 8 needs three (worker role, deployer-40 of
	// account 7, which trusts account 8's root, then an admin role).
	want = []string{bigAccountID(6) + "@log.aliyuncs.com", bigAccountID(7) + "@ecs.aliyuncs.com"}
	if fmt.Sprint(services) != fmt.Sprint(want) {
		t.Fatalf("two hops: services %v, want %v", services, want)
	}
}
