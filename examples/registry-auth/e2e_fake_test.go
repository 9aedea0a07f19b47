package main

import (
	"net/http"
	"net/url"
	"slices"
	"testing"
)

// Rules of the fake authorizer for the plumbing test (account 1111… owns
// the registry in region cn-hangzhou).
var plumbingRules = []fakeRule{
	{Principal: "acs:ram::1111111111111111:user/reader", Action: "cr:PullRepository", Resource: "acs:cr:cn-hangzhou:1111111111111111:repository/*/*"},
	{Principal: "acs:ram::1111111111111111:user/reader", Action: "cr:ListRepository", Resource: "acs:cr:cn-hangzhou:1111111111111111:repository/*"},
	{Principal: "acs:ram::1111111111111111:user/dev", Action: "cr:*", Resource: "acs:cr:cn-hangzhou:1111111111111111:repository/*/*"},
	{Principal: "acs:ram::1111111111111111:user/dev", Action: "cr:PushRepository", Resource: "acs:cr:*:*:repository/prod/*", Deny: true},
	{Principal: "acs:ram::2222222222222222:user/outsider", Action: "sts:AssumeRole", Resource: "acs:ram::1111111111111111:role/puller"},
	{Principal: "acs:ram::1111111111111111:assumed-role/puller/*", Action: "cr:PullRepository", Resource: "acs:cr:cn-hangzhou:1111111111111111:repository/*/*"},
}

// TestEndToEndPlumbing runs the real registry and a real client against
// the token service, with the fake authorizer deciding.
func TestEndToEndPlumbing(t *testing.T) {
	cfg := loadTestConfig(t, "fake.yaml")
	fake := &fakeAuthorizer{rules: plumbingRules}
	srv, audit := startTestServer(t, cfg, fake)
	c := client{host: hostOf(t, srv.URL)}

	// A developer pushes to dev/*; pushing to prod/* is refused by the registry.
	img, err := c.push(t, "dev/app:v1", "AKDEV0000001", "dev-secret-000001")
	if err != nil {
		t.Fatalf("dev push dev/app: %v", err)
	}
	if _, err := c.push(t, "prod/app:v1", "AKDEV0000001", "dev-secret-000001"); !isRefused(err) {
		t.Fatalf("dev push prod/app: want a registry refusal, got %v", err)
	}

	// The reader pulls what was pushed, but cannot push.
	got, err := c.pull(t, "dev/app:v1", "AKREADER0001", "reader-secret-0001")
	if err != nil {
		t.Fatalf("reader pull: %v", err)
	}
	if want := mustDigest(t, img); got != want {
		t.Fatalf("pulled digest %s, pushed %s", got, want)
	}
	if _, err := c.push(t, "dev/app:v2", "AKREADER0001", "reader-secret-0001"); !isRefused(err) {
		t.Fatalf("reader push: want a registry refusal, got %v", err)
	}

	// Catalog needs cr:ListRepository.
	repos, err := c.catalog(t, "AKREADER0001", "reader-secret-0001")
	if err != nil || !slices.Contains(repos, "dev/app") {
		t.Fatalf("reader catalog = %v, %v; want dev/app listed", repos, err)
	}
	if _, err := c.catalog(t, "AKDEV0000001", "dev-secret-000001"); !isRefused(err) {
		t.Fatalf("dev catalog: want a registry refusal, got %v", err)
	}

	// Another account's user pulls only after assuming the role.
	if _, err := c.pull(t, "dev/app:v1", "AKOUTSIDER01", "outsider-secret-01"); !isRefused(err) {
		t.Fatalf("outsider pull before AssumeRole: want a registry refusal, got %v", err)
	}
	status, res, body := assumeRole(t, http.DefaultClient, srv.URL, "AKOUTSIDER01", "outsider-secret-01", url.Values{
		"RoleArn": {"acs:ram::1111111111111111:role/puller"}, "RoleSessionName": {"ci"},
	})
	if status != http.StatusOK {
		t.Fatalf("AssumeRole: status %d: %s", status, body)
	}
	if res.AssumedRoleUser.Arn != "acs:ram::1111111111111111:assumed-role/puller/ci" {
		t.Fatalf("AssumedRoleUser.Arn = %q", res.AssumedRoleUser.Arn)
	}
	if _, err := c.pull(t, "dev/app:v1", res.Credentials.AccessKeyID, res.Credentials.AccessKeySecret); err != nil {
		t.Fatalf("pull with role session credentials: %v", err)
	}

	// Wrong secret: the login fails before any registry access.
	if _, err := c.pull(t, "dev/app:v1", "AKREADER0001", "wrong-secret-000000"); err == nil {
		t.Fatal("pull with a wrong secret succeeded")
	}

	// Every decision was audited, without secrets.
	assertAudited(t, audit, "acs:ram::1111111111111111:user/dev", "cr:PushRepository",
		"acs:cr:cn-hangzhou:1111111111111111:repository/prod/app", "ExplicitDeny")
	assertAudited(t, audit, "acs:ram::2222222222222222:user/outsider", "sts:AssumeRole",
		"acs:ram::1111111111111111:role/puller", "Allow")
	assertNoSecrets(t, audit.String(), "dev-secret-000001", "reader-secret-0001", "outsider-secret-01",
		"wrong-secret-000000", res.Credentials.AccessKeySecret)

	// The request context came from the connection.
	rc := fake.lastCall().Context
	if rc[keySourceIP][0] != "127.0.0.1" || rc[keySecureTransport][0] != "false" || rc[keyCurrentTime][0] == "" {
		t.Fatalf("request context = %v", rc)
	}
}

// assertAudited fails unless a decision line with these fields exists.
func assertAudited(t *testing.T, audit *syncBuffer, principal, action, resource, decision string) {
	t.Helper()
	for _, l := range audit.lines(t) {
		if l["msg"] == "decision" && l["principal"] == principal && l["action"] == action &&
			l["resource"] == resource && l["decision"] == decision {
			return
		}
	}
	t.Fatalf("no audit line %s %s %s %s in:\n%s", principal, action, resource, decision, audit.String())
}

// configYAMLRules mirror, for the fake, what the policies of config.yaml
// mean. They only validate the scenarios and the plumbing; the real
// decisions come from TestEndToEndRAM once the binding exists.
var configYAMLRules = []fakeRule{
	{Principal: "acs:ram::1111111111111111:user/reader", Action: "cr:PullRepository", Resource: "acs:cr:*:1111111111111111:repository/*", Ref: "RegistryReadOnly#0 (PullAndList)"},
	{Principal: "acs:ram::1111111111111111:user/reader", Action: "cr:ListRepository", Resource: "acs:cr:*:1111111111111111:repository/*", Ref: "RegistryReadOnly#0 (PullAndList)"},
	{Principal: "acs:ram::1111111111111111:user/dev", Action: "cr:P*Repository", Resource: "acs:cr:*:1111111111111111:repository/dev/*", Ref: "DevNamespaceWrite#0 (DevReadWrite)"},
	{Principal: "acs:ram::1111111111111111:user/contractor", Action: "cr:*", Resource: "*", Ref: "RegistryFullAccess#0"},
	{Principal: "acs:ram::1111111111111111:user/contractor", Action: "cr:PushRepository", Resource: "acs:cr:*:*:repository/prod/*", Deny: true, Ref: "DenyProdWrite#0 (NoProdWrites)"},
	{Principal: "acs:ram::1111111111111111:user/admin", Action: "cr:*", Resource: "*", Ref: "RegistryFullAccess#0"},
	{Principal: "acs:ram::2222222222222222:user/partner", Action: "sts:AssumeRole", Resource: "acs:ram::1111111111111111:role/ci-puller", Ref: "AssumeCIPuller#0"},
	{Principal: "acs:ram::1111111111111111:assumed-role/ci-puller/*", Action: "cr:PullRepository", Resource: "acs:cr:*:1111111111111111:repository/*", Ref: "RegistryReadOnly#0 (PullAndList)"},
	{Principal: "acs:ram::1111111111111111:assumed-role/ci-puller/*", Action: "cr:ListRepository", Resource: "acs:cr:*:1111111111111111:repository/*", Ref: "RegistryReadOnly#0 (PullAndList)"},
}

// TestEndToEndScenariosWithFake runs the issue 6 acceptance scenarios on
// config.yaml with the fake, proving the scenarios and the plumbing.
func TestEndToEndScenariosWithFake(t *testing.T) {
	cfg := loadTestConfig(t, "../config.yaml")
	srv, audit := startTestServer(t, cfg, &fakeAuthorizer{rules: configYAMLRules})
	runIssue6Scenarios(t, srv, cfg, audit)
}
