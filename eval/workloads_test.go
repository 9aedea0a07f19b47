package eval_test

// The benchmark workloads of issue 4. W1–W4 are the workloads of the peers harness
// (bench/peers/workloads.go in the shared benchmark folder): the same policies, the same
// requests and the same expected decisions, so that our figures and the peers' can be
// read side by side. The growth and adversarial workloads are ours.

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/internal/syntax"
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
var benchParseOptions = policy.Options{Kind: policy.IdentityPolicy, Limits: policy.Limits{MaxSize: policy.MaxInputBytes}}

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
	return eval.NewEvaluator(eval.Config{IdentityPolicies: set})
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

// Adversarial workloads. An identity policy may hold 6,144 characters, and a pattern
// anything up to that size (RAM has no pattern limits of its own). A matcher that backtracks
// is slowest on a star followed by a long run of '?' and literals that almost match
// everywhere; an automaton is slowest when its states all stay live to the last byte. The
// adversarial pattern is both:
//
//	acs:cr:*:*:*aaaaaaa?aaaaaaa?...aaaaaaa?c?      (244 characters, 33 wildcards)
//
// against a resource of 'a's: every '*' and '?' can be placed in many ways, every state
// of the automaton is live after a few bytes, and the 'c' that would complete a match
// never comes. It is as wide as a pattern can be and still apply to a 256-byte resource
// (a shorter resource is rejected at once, on its length), so the same pattern serves
// every resource length measured.
const adversarialRuns = 29

// adversarialPattern returns the pattern above, ending in the letter last.
func adversarialPattern(last byte) string {
	return "acs:cr:*:*:*" + strings.Repeat("aaaaaaa?", adversarialRuns) + string(last) + "?"
}

// adversarialResource is a resource of n bytes that the pattern almost matches.
func adversarialResource(n int) string {
	head := "acs:cr:" + benchRegion + ":" + benchAccount + ":repository/"
	return head + strings.Repeat("a", n-len(head))
}

// workloadAdversarial is one identity policy whose statement allows cr:PullRepository on
// the adversarial pattern (patterns == 1), or on as many variants of it (each ending in
// another letter) as fit in the 6,144 characters of an identity policy (patterns == 0),
// requested on an n-byte resource that none of them matches.
func workloadAdversarial(n, patterns int) *benchWorkload {
	st := benchStatement{actions: []string{"cr:PullRepository"}}
	for i := 0; patterns == 0 || i < patterns; i++ {
		st.resources = append(st.resources, adversarialPattern(byte('c'+i%20)))
		doc := benchPolicy{stmts: []benchStatement{st}}.document()
		if len(doc) > policy.DefaultLimits(policy.IdentityPolicy).MaxSize {
			st.resources = st.resources[:len(st.resources)-1]
			break
		}
	}
	return &benchWorkload{
		name:     "adversarial",
		policies: []benchPolicy{{name: "adversarial", stmts: []benchStatement{st}}},
		cases: []benchCase{
			{"almost", benchRequest("cr:PullRepository", adversarialResource(n)), eval.ImplicitDeny},
		},
	}
}

// TestIndexAgreesWithExplain checks the index against the exhaustive walk: Explain visits
// every statement of every set, Evaluate only those the index files under the request's
// action prefixes and resource tokens. On random sets and requests built to hit the
// index's corners (keys that extend each other, statements under several tokens, tokens
// repeated in the resource, more indexed tokens than the inline visited-set holds, upper
// case actions, NotAction, '?' and '*' everywhere) both must give the same Result, and
// DecidedBy must hold no statement twice.
func TestIndexAgreesWithExplain(t *testing.T) {
	t.Parallel()
	actions := []string{"cr:Get*", "cr:GetRepo*", "cr:GetRepository", "CR:pull*", "cr:PullRepository", "cr:*",
		"*", "cr:?etRepository", "c*:Get*", "cr:Push*", "ecs:Describe*", "cr:G*Repo?itory", "cr:List*"}
	resources := []string{"*", "acs:cr:*:123:repository/ns1/*", "acs:cr:*:*:repository/*/app",
		"acs:cr:cn-hangzhou:123:repository/ns?/app", "acs:cr:*:123:repository/ns1/app", "acs:*:*:*:*",
		"acs:cr:*:123:repository/app/*", "acs:cr:*:123:repository/t3/*", "acs:cr:*:123:repository/*/t7/*",
		"acs:cr:*:123:*t1*", "acs:cr:*:123:repository/t10/t11", "acs:cr:*:123:repository/ns2/*"}
	for i := range 12 {
		resources = append(resources, "acs:cr:*:*:repository/t"+strconv.Itoa(i)+"/*", "acs:cr:*:*:*/t"+strconv.Itoa(i)+"/*")
	}
	reqActions := []string{"cr:GetRepository", "CR:GETREPOSITORY", "cr:PullRepository", "cr:pushrepository",
		"cr:GetRepo", "cr:Get", "ecs:DescribeInstances", "cr:ListTags", "cr:DeleteRepository", "c:Get"}
	reqResources := []string{"acs:cr:cn-hangzhou:123:repository/ns1/app", "acs:cr:cn-hangzhou:123:repository/app/app",
		"acs:cr:cn-hangzhou:123:repository/ns2/web", "acs:cr:cn-hangzhou:456:repository/ns1/app",
		"acs:cr:cn-hangzhou:123:repository/t0/t1/t2/t3/t4/t5/t6/t7/t8/t9/t10/t11/t1/t3/app",
		"acs:cr:cn-hangzhou:123:repository/t10/t11", "acs:ecs:cn-hangzhou:123:instance/i-1", "*",
		"acs:cr:cn-hangzhou:123:repository/nsX/app"}
	r := rand.New(rand.NewPCG(4, 4))
	pick := func(list []string, max int) []string {
		n := 1 + r.IntN(max)
		out := make([]string, n)
		for i := range out {
			out[i] = list[r.IntN(len(list))]
		}
		return out
	}
	for round := range 400 {
		var stmts []string
		n := 1 + r.IntN(12)
		if round%4 == 0 {
			n = 30 // many statements: more indexed tokens than the inline visited-set holds
		}
		for range n {
			effect := "Allow"
			if r.IntN(4) == 0 {
				effect = "Deny"
			}
			elem := "Action"
			if r.IntN(10) == 0 {
				elem = "NotAction"
			}
			cond := ""
			if r.IntN(6) == 0 {
				cond = `,"Condition":{"StringLike":{"acs:Tag":["p*"]}}`
			}
			a, _ := json.Marshal(pick(actions, 3))
			res, _ := json.Marshal(pick(resources, 3))
			stmts = append(stmts, `{"Effect":"`+effect+`","`+elem+`":`+string(a)+`,"Resource":`+string(res)+cond+`}`)
		}
		doc, err := policy.Parse([]byte(`{"Version":"1","Statement":[`+strings.Join(stmts, ",")+`]}`), policy.IdentityPolicy)
		if err != nil {
			t.Fatal(err)
		}
		set := eval.MustCompile(eval.Policy{Name: "p", Doc: doc})
		ev := eval.NewEvaluator(eval.Config{IdentityPolicies: set})
		for range 20 {
			req := eval.Request{
				Principal: arn.MustParse("acs:ram::123:user/alice"),
				Action:    reqActions[r.IntN(len(reqActions))],
				Resource:  reqResources[r.IntN(len(reqResources))],
			}
			if r.IntN(3) == 0 {
				req.Context.Set("acs:Tag", "prod")
			}
			// The same set as identity and resource policy shares one recorder.
			var resource *eval.PolicySet
			if r.IntN(4) == 0 {
				resource = set
			}
			got, want := ev.Evaluate(&req, resource), ev.Explain(&req, resource).Result
			g, w := refList(got.DecidedBy()), refList(want.DecidedBy())
			if got.Decision != want.Decision || got.Stage != want.Stage || g != w {
				t.Fatalf("round %d: %s %s on %s\nEvaluate: %v %s\nExplain:  %v %s", round, strings.Join(stmts, ",\n"),
					req.Action, req.Resource, got.Decision, g, want.Decision, w)
			}
		}
	}
}

// refList renders statement references sorted, keeping duplicates.
func refList(refs []eval.StatementRef) string {
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = r.String()
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}

// referenceValidate is Request.Validate as it was before its fast path: every check, in
// order, through the arn and policy packages. TestValidateFastPath holds Validate to it.
func referenceValidate(r *eval.Request) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", eval.ErrInvalidRequest, fmt.Sprintf(format, args...))
	}
	if r.Principal.IsValid() && !r.Principal.IsPrincipal() {
		return bad("principal %q is not an account root, user, role or role session", r.Principal)
	}
	if len(r.Action) > eval.MaxActionLength {
		return bad("action is %d bytes; at most %d", len(r.Action), eval.MaxActionLength)
	}
	if r.Action == "*" || strings.ContainsAny(r.Action, "*?") {
		return bad("action %q holds a wildcard; a request names one action", r.Action)
	}
	if i := strings.IndexFunc(r.Action, func(c rune) bool { return c >= utf8.RuneSelf }); i >= 0 {
		return bad("action %q holds a character outside ASCII at byte %d; RAM's action names are ASCII", r.Action, i)
	}
	if msg := syntax.ActionProblem(r.Action); msg != "" {
		return bad("action %q: %s", r.Action, msg)
	}
	if r.Resource == "" {
		return bad("resource is empty")
	}
	if len(r.Resource) > eval.MaxResourceLength {
		return bad("resource is %d bytes; at most %d", len(r.Resource), eval.MaxResourceLength)
	}
	if n := r.Context.Len(); n > eval.MaxContextKeys {
		return bad("context has %d keys; at most %d", n, eval.MaxContextKeys)
	}
	for _, k := range r.Context.Keys() {
		values, _ := r.Context.Get(k)
		if msg := syntax.KeyProblem(k); msg != "" {
			return bad("context key %q: %s", k, msg)
		}
		if len(values) > eval.MaxContextValues {
			return bad("context key %q has %d values; at most %d", k, len(values), eval.MaxContextValues)
		}
		for _, v := range values {
			if len(v) > eval.MaxValueLength {
				return bad("a value of context key %q is %d bytes; at most %d", k, len(v), eval.MaxValueLength)
			}
		}
	}
	return nil
}

func errText(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// validateCorpus holds the principals, actions and keys that the fast path of Validate
// must get right: every kind of ARN, names with wildcards and slashes, actions and keys
// with every character class the rules mention, ASCII and not.
var validateCorpus = struct{ principals, actions, keys []string }{
	principals: []string{"", "acs:ram::123:root", "acs:ram::123:user/alice", "acs:ram::123:user/", "acs:ram::123:user/a/b",
		"acs:ram::123:user/a*", "acs:ram::123:group/devs", "acs:ram::123:role/r", "acs:ram::123:role/r/s", "acs:ram::123:role/r/s/t",
		"acs:ram::123:role//s", "acs:ram::123:role/r/", "acs:ram::123:role/r?/s", "acs:ram::123:role/r/s*", "acs:ram:cn:123:user/a",
		"acs:ram::system:user/a", "acs:ram:::user/a", "acs:cr::123:user/a", "acs:ram::123:roots", "acs:ram::123:root/x",
		"acs:ram::123:User/a", "acs:ram::123:role", "acs:ram::123:userx/a", "acs:ram::123:user/ä", "acs:ram::123:rolex/r"},
	actions: []string{"cr:PullRepository", "cr:Pull Repository", "cr:Pull\tX", "cr:", ":Pull", "cr", "cr:a:b", "*", "cr:*",
		"cr:Get?", "c_r:Get", "c-r9:Get", "CR:GET", "cr:Pullé", "cré:Pull", "cr:Pull\u00a0X", "cr:Pull\u0085X", "cr:[x]{y}\\",
		"", "c*:Get", "cr:Get\x00", "cr:Get\x7f", "cr:Get\xff", "cr:" + strings.Repeat("a", 253), "cr:" + strings.Repeat("a", 254)},
	keys: []string{"acs:SourceIp", "acs:", ":x", "acs", "ac s:x", "acs\t:x", "acs:x y", "acsé:x", "acs\u00a0:x", "a:b:c", "x:/"},
}

// TestValidateFastPath holds Validate to referenceValidate, error text included.
func TestValidateFastPath(t *testing.T) {
	t.Parallel()
	c := validateCorpus
	for _, p := range c.principals {
		for _, a := range c.actions {
			for _, k := range c.keys {
				r := eval.Request{Action: a, Resource: "acs:cr:cn-hangzhou:123:repository/a/b"}
				if p != "" {
					pa, err := arn.Parse(p)
					if err != nil {
						continue
					}
					r.Principal = pa
				}
				r.Context.Set(k, "v")
				if got, want := errText(r.Validate()), errText(referenceValidate(&r)); got != want {
					t.Errorf("principal %q action %q key %q: Validate says %s, the reference %s", p, a, k, got, want)
				}
			}
		}
	}
}

func FuzzValidate(f *testing.F) {
	c := validateCorpus
	for i, p := range c.principals {
		f.Add(p, c.actions[i%len(c.actions)], c.keys[i%len(c.keys)], "acs:cr:cn-hangzhou:123:repository/a/b")
	}
	f.Fuzz(func(t *testing.T, principal, action, key, resource string) {
		r := eval.Request{Action: action, Resource: resource}
		if pa, err := arn.Parse(principal); err == nil {
			r.Principal = pa
		}
		r.Context.Set(key, "v")
		if got, want := errText(r.Validate()), errText(referenceValidate(&r)); got != want {
			t.Fatalf("principal %q action %q key %q: Validate says %s, the reference %s", principal, action, key, got, want)
		}
		// Evaluate runs Validate's two passes itself (and a fast path after them): it
		// must refuse exactly what Validate refuses, and decide as decide's stages do.
		got, want := fuzzEvaluator.Evaluate(&r, nil), eval.DecideReference(fuzzEvaluator, &r, nil)
		if errText(got.Err) != errText(r.Validate()) || summary(got) != summary(want) {
			t.Fatalf("principal %q action %q key %q: Evaluate %s (%v), decide %s", principal, action, key, summary(got), got.Err, summary(want))
		}
	})
}

// fuzzEvaluator allows everything to identity-only callers: an invalid request that
// got past the checks would show as an Allow.
var fuzzEvaluator = func() *eval.Evaluator {
	set, err := eval.Compile(eval.Policy{Name: "all", Doc: &policy.Document{Kind: policy.IdentityPolicy, Version: "1",
		Statements: []policy.Statement{{Effect: policy.EffectAllow, Actions: []string{"*"}, Resources: []string{"*"}}}}})
	if err != nil {
		panic(err)
	}
	return eval.NewEvaluator(eval.Config{IdentityPolicies: set})
}()
