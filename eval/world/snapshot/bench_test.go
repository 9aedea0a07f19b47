package snapshot

import (
	"encoding/json"
	"fmt"
	"testing"
	"testing/fstest"
)

// generated is a snapshot of 1,000 users, 500 roles, 20 groups and 100 custom policies,
// with 2,000 policy attachments (one per user, two per role) and 1,000 memberships.
func generated(tb testing.TB) fstest.MapFS {
	const acct = "1111111111111111"
	js := func(v any) *fstest.MapFile {
		b, err := json.Marshal(v)
		if err != nil {
			tb.Fatal(err)
		}
		return &fstest.MapFile{Data: b}
	}
	fs := fstest.MapFS{"GetCallerIdentity.json": js(map[string]any{"AccountId": acct})}
	type m = map[string]any
	var users, groups, roles []m
	for i := range 20 {
		groups = append(groups, m{"GroupName": fmt.Sprintf("g%d", i)})
		fs[fmt.Sprintf("ListPoliciesForGroup/g%d.json", i)] = js(m{"Policies": m{"Policy": []m{}}})
	}
	pol := func(n int) m { return m{"PolicyName": fmt.Sprintf("p%d", n), "PolicyType": "Custom"} }
	for i := range 1000 {
		users = append(users, m{"UserName": fmt.Sprintf("u%d", i)})
		fs[fmt.Sprintf("ListGroupsForUser/u%d.json", i)] = js(m{"Groups": m{"Group": []m{{"GroupName": fmt.Sprintf("g%d", i%20)}}}})
		fs[fmt.Sprintf("ListPoliciesForUser/u%d.json", i)] = js(m{"Policies": m{"Policy": []m{pol(i % 100)}}})
	}
	for i := range 500 {
		name := fmt.Sprintf("r%d", i)
		roles = append(roles, m{"RoleName": name, "Arn": "acs:ram::" + acct + ":role/" + name})
		trust := fmt.Sprintf(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::%s:user/u%d"]}}]}`, acct, i)
		fs["GetRole/"+name+".json"] = js(m{"Role": m{"RoleName": name, "AssumeRolePolicyDocument": trust, "MaxSessionDuration": 3600}})
		fs["ListPoliciesForRole/"+name+".json"] = js(m{"Policies": m{"Policy": []m{pol(i % 100), {"PolicyName": "AliyunContainerRegistryReadOnlyAccess", "PolicyType": "System"}}}})
	}
	for i := range 100 {
		doc := fmt.Sprintf(`{"Version":"1","Statement":[{"Effect":"Allow","Action":["cr:Pull*","cr:Push*"],"Resource":"acs:cr:*:%s:repository/team%d/*"},`+
			`{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"acs:ram::%s:role/r%d"},`+
			`{"Effect":"Deny","Action":"cr:Delete*","Resource":"*","Condition":{"Bool":{"acs:MFAPresent":"false"}}}]}`, acct, i, acct, i)
		fs[fmt.Sprintf("GetPolicy/Custom/p%d.json", i)] = js(m{"DefaultPolicyVersion": m{"PolicyDocument": doc}})
	}
	fs["ListUsers.json"] = js(m{"IsTruncated": false, "Users": m{"User": users}})
	fs["ListGroups.json"] = js(m{"Groups": m{"Group": groups}})
	fs["ListRoles.json"] = js(m{"Roles": m{"Role": roles}})
	return fs
}

func TestGeneratedSnapshot(t *testing.T) {
	imp, err := Read(generated(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := imp.World.Directory.Accounts["1111111111111111"]
	n := 0
	for _, u := range a.Users {
		n += len(u.Policies)
	}
	for _, r := range a.Roles {
		n += len(r.Policies)
	}
	if len(a.Users) != 1000 || len(a.Roles) != 500 || n != 2000 || len(imp.Unresolved) != 0 {
		t.Fatalf("%d users, %d roles, %d attachments, %v", len(a.Users), len(a.Roles), n, imp.Unresolved)
	}
}

// BenchmarkReadSnapshot: the import alone, from responses in memory to a world file.
func BenchmarkReadSnapshot(b *testing.B) {
	fs := generated(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Read(fs, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadSnapshotToWorld: the import and the world built from it (every policy
// parsed as its kind and compiled, the trust graph built).
func BenchmarkReadSnapshotToWorld(b *testing.B) {
	fs := generated(b)
	b.ReportAllocs()
	for b.Loop() {
		imp, err := Read(fs, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := imp.World.World(); err != nil {
			b.Fatal(err)
		}
	}
}
