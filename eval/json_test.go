package eval_test

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
	"github.com/santhosh-tekuri/jsonschema/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

const schemaID = "https://github.com/rampolicy/ram/eval/decision.schema.json"

// decisionSchemas compiles the published schema: the whole, and its result and
// explanation definitions.
func decisionSchemas(t testing.TB) (all, result, explanation *jsonschema.Schema) {
	t.Helper()
	text, err := os.ReadFile("decision.schema.json")
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.AssertFormat = true
	require.NoError(t, c.AddResource(schemaID, bytes.NewReader(text)))
	all = c.MustCompile(schemaID)
	result = c.MustCompile(schemaID + "#/$defs/result")
	explanation = c.MustCompile(schemaID + "#/$defs/explanation")
	return all, result, explanation
}

// decodeJSON reads a JSON document as the validator takes it (numbers exact).
func decodeJSON(r io.Reader) (any, error) {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}

// validate marshals v and checks it against s and the whole schema.
func validate(t require.TestingT, name string, v any, s, all *jsonschema.Schema) {
	b, err := json.Marshal(v)
	require.NoError(t, err, name)
	doc, err := decodeJSON(bytes.NewReader(b))
	require.NoError(t, err, name)
	if err := s.Validate(doc); err != nil {
		require.Fail(t, "invalid against the schema", "%s: %#v\n%s", name, err, b)
	}
	require.NoError(t, all.Validate(doc), "%s\n%s", name, b)
}

// TestCorpusDecisionsMatchTheSchema: the decision and the explanation of every request
// case of the decision tables validate against decision.schema.json, and say what the
// Result says.
func TestCorpusDecisionsMatchTheSchema(t *testing.T) {
	t.Parallel()
	all, result, explanation := decisionSchemas(t)
	for _, c := range corpusCases(t, "../testdata/decisions") {
		r := c.evaluate()
		validate(t, c.name, r, result, all)
		validate(t, c.name, c.explain(), explanation, all)

		var back struct {
			Decision  string              `json:"decision"`
			Stage     string              `json:"stage"`
			DecidedBy []eval.StatementRef `json:"decidedBy"`
		}
		b, _ := json.Marshal(r)
		require.NoError(t, json.Unmarshal(b, &back))
		stage, _ := r.Stage.MarshalText()
		assert.Equal(t, r.Decision.String(), back.Decision, c.name)
		assert.Equal(t, string(stage), back.Stage, c.name)
		assert.Equal(t, r.DecidedBy(), append([]eval.StatementRef(nil), back.DecidedBy...), c.name)
	}
}

// TestRandomDecisionsMatchTheSchema: the same for random worlds and requests, invalid
// ones included.
func TestRandomDecisionsMatchTheSchema(t *testing.T) {
	t.Parallel()
	all, result, explanation := decisionSchemas(t)
	rapid.Check(t, func(t *rapid.T) {
		w := worldGen.Draw(t, "world")
		req := requestGen.Draw(t, "request")
		if rapid.IntRange(0, 9).Draw(t, "invalid") == 0 {
			req.Action = "cr:*"
		}
		ev, res := w.compile(t)
		validate(t, "random", ev.Evaluate(req, res), result, all)
		validate(t, "random", ev.Explain(req, res), explanation, all)
	})
}

// TestDecisionJSON pins the form of a decision: the names, what is left out, and the
// order of the deciding statements.
func TestDecisionJSON(t *testing.T) {
	t.Parallel()
	ctl := mustSet(t, policy.ControlPolicy, `{"Version":"1","Statement":[
		{"Effect":"Allow","Action":"*","Resource":"*"},
		{"Sid":"no-delete","Effect":"Deny","Action":"cr:Delete*","Resource":"*"}]}`)
	id := mustSet(t, policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"cr:*","Resource":"*"}]}`)
	ev := eval.NewEvaluator(eval.Config{IdentityPolicies: id, ControlPolicies: []*eval.PolicySet{ctl}})
	alice := arn.MustParse("acs:ram::1111111111111111:user/alice")
	for _, tc := range []struct {
		req  eval.Request
		want string
	}{
		{eval.Request{Principal: alice, Action: "cr:DeleteRepository", Resource: "*"},
			`{"decision":"ExplicitDeny","stage":"control","level":0,"decidedBy":[{"policy":"a","statement":1,"sid":"no-delete","line":3,"column":3}]}`},
		{eval.Request{Principal: alice, Action: "cr:PullRepository", Resource: "*"},
			`{"decision":"Allow","stage":"identity","decidedBy":[{"policy":"a","statement":0,"line":1,"column":29}]}`},
		{eval.Request{Principal: alice, Action: "cr:PullRepository", Resource: "acs:cr:cn-hangzhou:2222222222222222:repository/a/b"},
			`{"decision":"ImplicitDeny","stage":"cross-account","decidedBy":[]}`},
		{eval.Request{Principal: alice, Action: "cr:*", Resource: "*"},
			`{"decision":"ImplicitDeny","stage":"invalid","error":{"code":"InvalidRequest","message":"invalid request: action \"cr:*\" holds a wildcard; a request names one action"},"decidedBy":[]}`},
	} {
		b, err := json.Marshal(ev.Evaluate(&tc.req, nil))
		require.NoError(t, err)
		assert.JSONEq(t, tc.want, string(b))
	}
	b, err := json.Marshal(eval.Result{})
	require.NoError(t, err)
	assert.JSONEq(t, `{"decision":"ImplicitDeny","stage":"none","decidedBy":[]}`, string(b), "the zero Result")

	// An explanation: a stage per set, a line per rule, a reason per failing condition.
	cond := mustSet(t, policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"cr:*","Resource":"*",
		"Condition":{"IpAddress":{"acs:SourceIp":"10.0.0.0/8"}}}]}`)
	x := eval.NewEvaluator(eval.Config{IdentityPolicies: cond}).Explain(&eval.Request{Principal: alice, Action: "cr:PullRepository", Resource: "*"}, nil)
	b, err = json.Marshal(x)
	require.NoError(t, err)
	assert.JSONEq(t, `{"result":{"decision":"ImplicitDeny","stage":"identity","decidedBy":[]},
		"stages":[{"stage":"identity","set":"identity","outcome":"ImplicitDeny","statements":[
			{"ref":{"policy":"a","statement":0,"line":1,"column":29},"effect":"Allow","matched":false,
			 "why":"IpAddress acs:SourceIp: key missing","action":true,"resource":true,"principal":true,
			 "conditions":[{"operator":"IpAddress","key":"acs:SourceIp","present":false,"values":[],"holds":false,"reason":"key missing"}]}]}]}`,
		string(b))
}

// TestSchemaRejects: the schema is not vacuous; it rejects what the engine never
// writes.
func TestSchemaRejects(t *testing.T) {
	t.Parallel()
	all, result, _ := decisionSchemas(t)
	for _, bad := range []string{
		`{"decision":"Allow","stage":"control","decidedBy":[]}`,            // control without level
		`{"decision":"Allow","stage":"identity","level":0,"decidedBy":[]}`, // level elsewhere
		`{"decision":"Allow","stage":"invalid","decidedBy":[]}`,            // invalid without error
		`{"decision":"ImplicitDeny","stage":"identity","error":{"message":"x"},"decidedBy":[]}`,
		`{"decision":"ExplicitDeny","stage":"identity","decidedBy":[]}`, // a deny by nothing
		`{"decision":"ImplicitDeny","stage":"identity","decidedBy":[{"policy":"p","statement":0}]}`,
		`{"decision":"Maybe","stage":"identity","decidedBy":[]}`,
		`{"decision":"Allow","stage":"later","decidedBy":[]}`,
		`{"decision":"Allow","stage":"identity"}`,
		`{"decision":"Allow","stage":"identity","decidedBy":[{"policy":"p","statement":-1}]}`,
		`{"decision":"Allow","stage":"identity","decidedBy":[{"policy":"p","statement":0,"line":3}]}`,
		`{"decision":"Allow","stage":"identity","decidedBy":[],"extra":1}`,
	} {
		doc, err := decodeJSON(strings.NewReader(bad))
		require.NoError(t, err)
		assert.Error(t, result.Validate(doc), bad)
		assert.Error(t, all.Validate(doc), bad)
	}
}

// TestSchemaDefinitionsAreReferencable: another schema (as package world's will, for
// hops, chains and who-can answers) can use the definitions by the schema's $id.
func TestSchemaDefinitionsAreReferencable(t *testing.T) {
	t.Parallel()
	text, err := os.ReadFile("decision.schema.json")
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	require.NoError(t, c.AddResource(schemaID, bytes.NewReader(text)))
	require.NoError(t, c.AddResource("https://example.com/hop.json", strings.NewReader(`{
		"$schema": "https://json-schema.org/draft/2020-12/schema",
		"type": "object", "required": ["role", "result"], "additionalProperties": false,
		"properties": {"role": {"type": "string"},
			"result": {"$ref": "`+schemaID+`#/$defs/result"}}}`)))
	hop := c.MustCompile("https://example.com/hop.json")
	r, _ := json.Marshal(eval.Result{Decision: eval.ImplicitDeny, Stage: eval.StageCrossAccount})
	good, err := decodeJSON(strings.NewReader(`{"role":"acs:ram::1:role/r","result":` + string(r) + `}`))
	require.NoError(t, err)
	assert.NoError(t, hop.Validate(good))
	bad, err := decodeJSON(strings.NewReader(`{"role":"acs:ram::1:role/r","result":{"decision":"Allow"}}`))
	require.NoError(t, err)
	assert.Error(t, hop.Validate(bad))
}
