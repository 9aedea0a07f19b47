package main

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// ramTestServer starts the service on the shipped config.yaml with the
// real RAM authorizer. It skips the test while the binding is missing.
func ramTestServer(t *testing.T) (*Server, *Config, *syncBuffer) {
	t.Helper()
	cfg := loadTestConfig(t, "../config.yaml")
	authz, err := NewRAMAuthorizer(cfg)
	if errors.Is(err, errBindingMissing) {
		t.Skip("RAM binding not implemented yet: ", err)
	}
	if err != nil {
		t.Fatalf("NewRAMAuthorizer(config.yaml): %v", err)
	}
	srv, audit := startTestServer(t, cfg, authz)
	return srv, cfg, audit
}

// Demo credentials from config.yaml.
const (
	readerID, readerSecret         = "LTAIdemoReader01", "demo-reader-secret-01"
	devID, devSecret               = "LTAIdemoDev00001", "demo-dev-secret-0001"
	contractorID, contractorSecret = "LTAIdemoContr001", "demo-contractor-secret"
	adminID, adminSecret           = "LTAIdemoAdmin001", "demo-admin-secret-001"
	partnerID, partnerSecret       = "LTAIdemoPartner1", "demo-partner-secret-01"
)

// TestEndToEndRAM is the acceptance test of issue 6: a real registry, a
// real client and the real policy engine, with the shipped configuration.
func TestEndToEndRAM(t *testing.T) {
	srv, cfg, audit := ramTestServer(t)
	runIssue6Scenarios(t, srv, cfg, audit)
}

// runIssue6Scenarios runs the acceptance scenarios against a server
// started on config.yaml.
func runIssue6Scenarios(t *testing.T, srv *Server, cfg *Config, audit *syncBuffer) {
	c := client{host: hostOf(t, srv.URL)}
	repo := func(name string) string { return "acs:cr:cn-hangzhou:1111111111111111:repository/" + name }

	// The admin seeds both namespaces.
	seeded, err := c.push(t, "prod/app:v1", adminID, adminSecret)
	if err != nil {
		t.Fatalf("admin push prod/app: %v", err)
	}
	if _, err := c.push(t, "dev/app:v1", adminID, adminSecret); err != nil {
		t.Fatalf("admin push dev/app: %v", err)
	}

	t.Run("read-only user pulls but cannot push", func(t *testing.T) {
		got, err := c.pull(t, "prod/app:v1", readerID, readerSecret)
		if err != nil || got != mustDigest(t, seeded) {
			t.Fatalf("reader pull: %v, %v", got, err)
		}
		if _, err := c.push(t, "dev/reader:v1", readerID, readerSecret); !isRefused(err) {
			t.Fatalf("reader push: want a registry refusal, got %v", err)
		}
	})

	t.Run("namespace-scoped user pushes to dev only", func(t *testing.T) {
		if _, err := c.push(t, "dev/tool:v1", devID, devSecret); err != nil {
			t.Fatalf("dev push dev/tool: %v", err)
		}
		if _, err := c.push(t, "prod/tool:v1", devID, devSecret); !isRefused(err) {
			t.Fatalf("dev push prod/tool: want a registry refusal, got %v", err)
		}
	})

	t.Run("explicit deny wins over a broad allow", func(t *testing.T) {
		if _, err := c.push(t, "dev/contract:v1", contractorID, contractorSecret); err != nil {
			t.Fatalf("contractor push dev/contract: %v", err)
		}
		if _, err := c.push(t, "prod/contract:v1", contractorID, contractorSecret); !isRefused(err) {
			t.Fatalf("contractor push prod/contract: want a registry refusal, got %v", err)
		}
		line := findAudit(t, audit, "acs:ram::1111111111111111:user/contractor", "cr:PushRepository", repo("prod/contract"))
		if line["decision"] != "ExplicitDeny" || !strings.Contains(toString(line["decided_by"]), "DenyProdWrite") {
			t.Fatalf("audit %v: want ExplicitDeny decided by DenyProdWrite", line)
		}
	})

	t.Run("other account pulls only after assuming a trusting role", func(t *testing.T) {
		if _, err := c.pull(t, "prod/app:v1", partnerID, partnerSecret); !isRefused(err) {
			t.Fatalf("partner pull before AssumeRole: want a registry refusal, got %v", err)
		}
		status, res, body := assumeRole(t, http.DefaultClient, srv.URL, partnerID, partnerSecret, url.Values{
			"RoleArn": {"acs:ram::1111111111111111:role/ci-puller"}, "RoleSessionName": {"partner-ci"},
		})
		if status != http.StatusOK {
			t.Fatalf("AssumeRole ci-puller: status %d: %s", status, body)
		}
		if _, err := c.pull(t, "prod/app:v1", res.Credentials.AccessKeyID, res.Credentials.AccessKeySecret); err != nil {
			t.Fatalf("pull as role session: %v", err)
		}
		if _, err := c.push(t, "dev/partner:v1", res.Credentials.AccessKeyID, res.Credentials.AccessKeySecret); !isRefused(err) {
			t.Fatalf("push as read-only role session: want a registry refusal, got %v", err)
		}
		// A user of the owning account is not trusted by the role.
		status, _, _ = assumeRole(t, http.DefaultClient, srv.URL, devID, devSecret, url.Values{
			"RoleArn": {"acs:ram::1111111111111111:role/ci-puller"}, "RoleSessionName": {"dev"},
		})
		if status != http.StatusForbidden {
			t.Fatalf("dev AssumeRole ci-puller: status %d, want 403", status)
		}
	})

	t.Run("disallowed scope yields a token without that action", func(t *testing.T) {
		status, body := getToken(t, http.DefaultClient, srv.URL, cfg.Service, readerID, readerSecret,
			"repository:prod/app:pull,push,delete", "registry:catalog:*")
		if status != http.StatusOK {
			t.Fatalf("status %d: %s", status, body)
		}
		_, access, _ := decodeToken(t, srv, cfg, body)
		if len(access) != 2 || !slices.Equal(access[0].Actions, []string{"pull"}) || access[1].Name != "catalog" {
			t.Fatalf("access = %+v, want pull on prod/app and the catalog", access)
		}
		for _, leak := range []string{"Deny", "push", "delete", "policy", "Statement"} {
			if strings.Contains(string(body), leak) {
				t.Fatalf("token response mentions %q: %s", leak, body)
			}
		}
		repos, err := c.catalog(t, readerID, readerSecret)
		if err != nil || !slices.Contains(repos, "prod/app") {
			t.Fatalf("reader catalog = %v, %v", repos, err)
		}
		if _, err := c.catalog(t, devID, devSecret); !isRefused(err) {
			t.Fatalf("dev catalog: want a registry refusal, got %v", err)
		}
	})

	assertNoSecrets(t, audit.String(), readerSecret, devSecret, contractorSecret, adminSecret, partnerSecret)
}

// findAudit returns the last decision line for principal, action, resource.
func findAudit(t *testing.T, audit *syncBuffer, principal, action, resource string) map[string]any {
	t.Helper()
	var found map[string]any
	for _, l := range audit.lines(t) {
		if l["msg"] == "decision" && l["principal"] == principal && l["action"] == action && l["resource"] == resource {
			found = l
		}
	}
	if found == nil {
		t.Fatalf("no audit line for %s %s %s in:\n%s", principal, action, resource, audit)
	}
	return found
}

// toString renders a decoded JSON value for substring checks.
func toString(v any) string {
	if list, ok := v.([]any); ok {
		var parts []string
		for _, x := range list {
			if s, ok := x.(string); ok {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, " ")
	}
	s, _ := v.(string)
	return s
}
