package eval_test

// The benchmark workloads of issue 4. W1–W4 are the workloads of the peers harness
// (bench/peers/workloads.go in the shared benchmark folder): the same policies, the same
// requests and the same expected decisions, so that our figures and the peers' can be
// read side by side. The growth and adversarial workloads are ours.

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
)

const (
	benchAccount   = "1234567890"
	benchRegion    = "cn-hangzhou"
	benchPrincipal = "acs:ram::" + benchAccount + ":user/alice"
)

// benchStatement is one statement of a workload, before it is written as RAM JSON.
type benchStatement struct {
	deny       bool
	actions    []string
	resources  []string
	conditions map[string]map[string][]string // operator -> key -> values
}

// benchPolicy is one named policy of a workload.
type benchPolicy struct {
	name  string
	stmts []benchStatement
}

// document renders the policy as a RAM policy document.
func (p benchPolicy) document() []byte {
	type stmt struct {
		Effect    string                         `json:"Effect"`
		Action    []string                       `json:"Action"`
		Resource  []string                       `json:"Resource"`
		Condition map[string]map[string][]string `json:"Condition,omitempty"`
	}
	doc := struct {
		Version   string `json:"Version"`
		Statement []stmt `json:"Statement"`
	}{Version: "1"}
	for _, s := range p.stmts {
		eff := "Allow"
		if s.deny {
			eff = "Deny"
		}
		doc.Statement = append(doc.Statement, stmt{eff, s.actions, s.resources, s.conditions})
	}
	b, err := json.Marshal(doc)
	if err != nil {
		panic(err)
	}
	return b
}

// benchCase is one request of a workload with its expected decision.
type benchCase struct {
	name string
	req  eval.Request
	want eval.Decision
}

// benchWorkload is a set of identity policies attached to one caller, and its requests.
type benchWorkload struct {
	name     string
	policies []benchPolicy
	cases    []benchCase
}

func (w *benchWorkload) statements() int {
	n := 0
	for _, p := range w.policies {
		n += len(p.stmts)
	}
	return n
}

// documents renders every policy as RAM JSON.
func (w *benchWorkload) documents() [][]byte {
	docs := make([][]byte, len(w.policies))
	for i, p := range w.policies {
		docs[i] = p.document()
	}
	return docs
}

// benchParseOptions parses the workloads' documents. W2 and the growth sets put up to
// 1,000 statements in one document, far over RAM's 6,144 characters for an identity
// policy, so the size limit is raised; every other check stays as Parse has it.
var benchParseOptions = policy.Options{Kind: policy.Identity, Limits: policy.Limits{MaxSize: policy.MaxInputBytes}}

// compileDocs parses and compiles the documents of w: what a service does once, at load.
func compileDocs(w *benchWorkload, docs [][]byte) (*eval.PolicySet, error) {
	ps := make([]eval.Policy, len(docs))
	for i, d := range docs {
		doc, err := benchParseOptions.Parse(d)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", w.policies[i].name, err)
		}
		ps[i] = eval.Policy{Name: w.policies[i].name, Doc: doc}
	}
	return eval.Compile(ps...)
}

// evaluator compiles w into the Evaluator of its caller.
func (w *benchWorkload) evaluator(tb testing.TB) *eval.Evaluator {
	tb.Helper()
	set, err := compileDocs(w, w.documents())
	if err != nil {
		tb.Fatal(err)
	}
	return eval.NewEvaluator(eval.Config{Identity: set})
}

func repoARN(namespace, repo string) string {
	return "acs:cr:" + benchRegion + ":" + benchAccount + ":repository/" + namespace + "/" + repo
}

func benchRequest(action, resource string) eval.Request {
	return eval.Request{Principal: arn.MustParse(benchPrincipal), Action: action, Resource: resource}
}

// readOnlyStatements is the system policy AliyunContainerRegistryReadOnlyAccess plus a
// Deny of pushes to prod.
func readOnlyStatements() []benchStatement {
	return []benchStatement{
		{actions: []string{"cr:Get*", "cr:List*", "cr:PullRepository"}, resources: []string{"*"}},
		{deny: true, actions: []string{"cr:PushRepository"}, resources: []string{"acs:cr:*:*:repository/prod/*"}},
	}
}

// workloadW1 is the small set: one system policy and one Deny.
func workloadW1() *benchWorkload {
	return &benchWorkload{
		name:     "W1",
		policies: []benchPolicy{{name: "AliyunContainerRegistryReadOnlyAccess+DenyProdPush", stmts: readOnlyStatements()}},
		cases: []benchCase{
			{"pull-dev", benchRequest("cr:PullRepository", repoARN("dev", "app")), eval.Allow},
			{"push-prod", benchRequest("cr:PushRepository", repoARN("prod", "app")), eval.ExplicitDeny},
			{"delete-dev", benchRequest("cr:DeleteRepository", repoARN("dev", "app")), eval.ImplicitDeny},
		},
	}
}

// workloadW2 is one policy of 1,000 statements: statement i allows (denies when i%10 == 5)
// cr:Get<i>* on acs:cr:*:<account>:repository/ns<i>/*.
func workloadW2() *benchWorkload {
	const n = 1000
	stmts := make([]benchStatement, n)
	for i := range stmts {
		stmts[i] = benchStatement{
			deny:      i%10 == 5,
			actions:   []string{"cr:Get" + strconv.Itoa(i) + "*"},
			resources: []string{"acs:cr:*:" + benchAccount + ":repository/ns" + strconv.Itoa(i) + "/*"},
		}
	}
	return &benchWorkload{
		name:     "W2",
		policies: []benchPolicy{{name: "many-statements", stmts: stmts}},
		cases: []benchCase{
			{"match-first", benchRequest("cr:Get0Repository", repoARN("ns0", "app")), eval.Allow},
			{"match-last", benchRequest("cr:Get999Repository", repoARN("ns999", "app")), eval.Allow},
			{"match-deny", benchRequest("cr:Get505Repository", repoARN("ns505", "app")), eval.ExplicitDeny},
			// The action matches statements 4 and 42, the resource neither.
			{"match-none", benchRequest("cr:Get42Repository", repoARN("ns43", "app")), eval.ImplicitDeny},
		},
	}
}

var registryVerbs = [10]string{"Get", "List", "Pull", "Push", "Delete", "Update", "Create", "Tag", "Scan", "Sync"}

// namespaceGrants is the shape of W3: policy p grants cr:<Verb>* on
// acs:cr:*:<account>:repository/ns<p>/* for ten verbs, of which cr:Delete* is a Deny.
func namespaceGrants(policies int) []benchPolicy {
	pols := make([]benchPolicy, policies)
	for p := range pols {
		res := "acs:cr:*:" + benchAccount + ":repository/ns" + strconv.Itoa(p) + "/*"
		stmts := make([]benchStatement, len(registryVerbs))
		for j, verb := range registryVerbs {
			stmts[j] = benchStatement{deny: verb == "Delete", actions: []string{"cr:" + verb + "*"}, resources: []string{res}}
		}
		pols[p] = benchPolicy{name: "ns" + strconv.Itoa(p) + "-grants", stmts: stmts}
	}
	return pols
}

// workloadW3 is 10,000 statements over 1,000 per-namespace policies.
func workloadW3() *benchWorkload {
	return &benchWorkload{
		name:     "W3",
		policies: namespaceGrants(1000),
		cases: []benchCase{
			{"match-one", benchRequest("cr:PullRepository", repoARN("ns500", "app")), eval.Allow},
			{"match-deny", benchRequest("cr:DeleteRepository", repoARN("ns999", "app")), eval.ExplicitDeny},
			{"match-none", benchRequest("cr:PullRepository", repoARN("unknown", "app")), eval.ImplicitDeny},
		},
	}
}

// workloadGrowth is W3's shape with n statements (n/10 policies), and W3's match-one
// request aimed at the middle namespace.
func workloadGrowth(n int) *benchWorkload {
	p := n / len(registryVerbs)
	return &benchWorkload{
		name:     "growth-" + strconv.Itoa(n),
		policies: namespaceGrants(p),
		cases: []benchCase{
			{"match-one", benchRequest("cr:PullRepository", repoARN("ns"+strconv.Itoa(p/2), "app")), eval.Allow},
		},
	}
}

// workloadW4 is W1 with the Allow statement limited to 10.0.0.0/8 over TLS.
func workloadW4() *benchWorkload {
	stmts := readOnlyStatements()
	stmts[0].conditions = map[string]map[string][]string{
		"IpAddress": {"acs:SourceIp": {"10.0.0.0/8"}},
		"Bool":      {"acs:SecureTransport": {"true"}},
	}
	pull := func(ip string) eval.Request {
		r := benchRequest("cr:PullRepository", repoARN("dev", "app"))
		if ip != "" {
			r.Context.Set("acs:SourceIp", ip)
		}
		r.Context.Set("acs:SecureTransport", "true")
		return r
	}
	return &benchWorkload{
		name:     "W4",
		policies: []benchPolicy{{name: "ReadOnlyFromIntranet+DenyProdPush", stmts: stmts}},
		cases: []benchCase{
			{"ip-in", pull("10.1.2.3"), eval.Allow},
			{"ip-absent", pull(""), eval.ImplicitDeny},
			{"ip-out", pull("192.168.1.10"), eval.ImplicitDeny},
		},
	}
}

func decideWorkloads() []*benchWorkload {
	return []*benchWorkload{workloadW1(), workloadW2(), workloadW3(), workloadW4()}
}

// Adversarial workload. An identity policy may hold 6,144 characters, one pattern at most
// 2,048 bytes and 256 wildcards (policy.DefaultLimits). The worst pattern for a matcher
// is the longest one that keeps the most partial matches alive over the whole input:
//
//	*a?*a?*a?* ... (the wildcard budget) ... aaaa...ab
//
// with the resource "acs:cr:…:repository/" followed by 'a's: every '*' and '?' can be
// placed in many ways, every literal 'a' has a candidate everywhere, and the final 'b'
// that would complete the match never comes. A backtracking matcher tries the placements
// of the stars one after the other (polynomial in the input, with the number of stars as
// the degree); an automaton keeps all of them as one state vector.
const (
	adversarialPrefix = "acs:cr:*:" + benchAccount + ":repository/"
	// advStarQ pairs of "*a?" use 2 wildcards each; 127 pairs stay under 256 with the
	// final '*'.
	advPairs = 127
)

// adversarialPattern is the pattern above, padded with 'a's to 2,048 bytes.
func adversarialPattern() string {
	var b strings.Builder
	b.WriteString(adversarialPrefix)
	for range advPairs {
		b.WriteString("*a?")
	}
	b.WriteString("*")
	for b.Len() < policy.DefaultLimits(policy.Identity).MaxPatternLength-1 {
		b.WriteByte('a')
	}
	b.WriteByte('b')
	return b.String()
}

// adversarialResource is a resource of n bytes that the pattern almost matches: the right
// prefix, then 'a's, and no final 'b'.
func adversarialResource(n int) string {
	head := "acs:cr:" + benchRegion + ":" + benchAccount + ":repository/"
	return head + strings.Repeat("a", n-len(head))
}

// workloadAdversarial is one identity policy, within every default limit (6,144
// characters), whose one statement allows cr:PullRepository on the adversarial pattern,
// requested on an n-byte resource that does not match.
func workloadAdversarial(n int) *benchWorkload {
	return &benchWorkload{
		name: "adversarial",
		policies: []benchPolicy{{name: "adversarial", stmts: []benchStatement{
			{actions: []string{"cr:PullRepository"}, resources: []string{adversarialPattern()}},
		}}},
		cases: []benchCase{
			{"almost", benchRequest("cr:PullRepository", adversarialResource(n)), eval.ImplicitDeny},
		},
	}
}
