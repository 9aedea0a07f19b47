package lint

import (
	"strings"
	"testing"

	"github.com/rampolicy/ram/internal/syntax"
)

// The catalogue is well formed: every action a valid, unique, wildcard-free name; every
// service in the fixed order; every key prefixed by its service.
func TestCatalogueWellFormed(t *testing.T) {
	if len(catalogueOrder) != len(catalogue) {
		t.Fatalf("catalogueOrder lists %d services, catalogue has %d", len(catalogueOrder), len(catalogue))
	}
	for _, name := range catalogueOrder {
		svc := catalogue[name]
		if svc == nil || svc.name != name || len(svc.actions) == 0 || len(svc.resourceServices) == 0 {
			t.Fatalf("service %q is incomplete", name)
		}
		seen := map[string]bool{}
		for _, a := range svc.actions {
			if p := syntax.ActionProblem(name + ":" + a); p != "" || hasWildcard(a) {
				t.Errorf("%s:%s: %s", name, a, p)
			}
			if seen[strings.ToLower(a)] {
				t.Errorf("%s:%s listed twice", name, a)
			}
			seen[strings.ToLower(a)] = true
		}
		for _, k := range svc.keys {
			if !strings.HasPrefix(k, name+":") {
				t.Errorf("key %s of service %s", k, name)
			}
		}
	}
	for _, s := range knownServices {
		if catalogue[s] != nil {
			t.Errorf("%s is both catalogued and merely known", s)
		}
	}
}

// Action names used in Alibaba's published policies are in the catalogue.
func TestCataloguePublishedActions(t *testing.T) {
	for _, a := range []string{
		"cr:GetAuthorizationToken", "cr:ListInstanceEndpoint", "cr:PullRepository", "cr:PushRepository",
		"cr:GetRepository", "cr:GetRepositoryTag", "cr:GetRepoTagManifest", "cr:GetRepositoryManifest",
		"cr:GetArtifactTag", "cr:GetInstanceVpcEndpoint", "cr:GetInstance", "cr:CreateArtifactBuildTask",
		"cr:GetArtifactBuildRule", "cr:GetNamespace", "cr:CreateNamespace", "cr:UpdateNamespace",
		"cr:ListNamespace", "cr:ListRepository", "cr:CreateRepository", "cr:UpdateRepository",
		"cr:DeleteRepository", "cr:CancelBuildRepository", "cr:BuildRepositoryByRule",
		"ram:PassRole", "ram:CreateServiceLinkedRole", "ram:CreateUser", "ram:AttachPolicyToRole",
		"sts:AssumeRole",
	} {
		svc, name, _ := strings.Cut(a, ":")
		if !contains(catalogue[svc].actions, name) {
			t.Errorf("%s is not catalogued", a)
		}
	}
}
