package world_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/eval/world"
	"github.com/santhosh-tekuri/jsonschema/v5"
	"github.com/stretchr/testify/require"
)

const answerID = "https://github.com/rampolicy/ram/eval/world/answer.schema.json"

// answerSchemas compiles answer.schema.json (with eval's decision schema, which it
// references) and returns its hop, chain and whoCan definitions.
func answerSchemas(t *testing.T) (hop, chain, whoCan *jsonschema.Schema) {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	for id, file := range map[string]string{
		answerID: "answer.schema.json",
		"https://github.com/rampolicy/ram/eval/decision.schema.json": "../decision.schema.json",
	} {
		text, err := os.ReadFile(file)
		require.NoError(t, err)
		require.NoError(t, c.AddResource(id, bytes.NewReader(text)))
	}
	c.MustCompile(answerID)
	return c.MustCompile(answerID + "#/$defs/hop"), c.MustCompile(answerID + "#/$defs/chain"), c.MustCompile(answerID + "#/$defs/whoCan")
}

func validJSON(t *testing.T, s *jsonschema.Schema, v any) {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	var doc any
	require.NoError(t, json.Unmarshal(b, &doc))
	require.NoError(t, s.Validate(doc), "%s", b)
}

// TestAnswersValidateAgainstTheSchema: over the worlds of the STS corpus, every hop
// (allowed, denied, failing a parameter check), every chain Reach finds or misses and
// every who-can answer marshals to what answer.schema.json allows.
func TestAnswersValidateAgainstTheSchema(t *testing.T) {
	t.Parallel()
	hopS, chainS, whoS := answerSchemas(t)
	files, err := filepath.Glob("../../testdata/decisions/sts/*.json")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	n := 0
	for _, f := range files {
		w, _, err := world.LoadOptions{AllowCases: true}.LoadFile(f)
		if err != nil || len(w.Accounts()) == 0 {
			continue // a table about a broken world, or one without a directory
		}
		var roles []arn.ARN
		principals := w.Principals()
		for _, p := range principals {
			if p.Kind() == arn.KindRole {
				roles = append(roles, p)
			}
		}
		for _, p := range principals {
			caller, err := w.Caller(p)
			require.NoError(t, err)
			for _, r := range roles {
				for _, session := range []string{"s1", "x"} { // "x" fails its check
					validJSON(t, hopS, w.AssumeRole(caller, world.AssumeRoleInput{RoleARN: r.String(), SessionName: session}))
					n++
				}
				if p != r {
					res, err := w.Reach(p, r, world.ReachQuery{MaxHops: 3})
					require.NoError(t, err)
					validJSON(t, chainS, res)
				}
			}
			validJSON(t, chainS, w.Chain(caller, []world.AssumeRoleInput{{RoleARN: "acs:ram::1:role/none", SessionName: "s1"}}))
		}
		for _, action := range []string{"cr:PushRepository", "sts:AssumeRole", "ecs:RunInstances"} {
			found, err := w.WhoCan(&eval.Request{Action: action, Resource: "*"}, world.ReachQuery{MaxHops: 3})
			require.NoError(t, err)
			validJSON(t, whoS, found)
		}
	}
	require.Greater(t, n, 100, "the worlds hold enough hops to mean something")
}

// TestAnswerSchemaRejects: the schema is not vacuous.
func TestAnswerSchemaRejects(t *testing.T) {
	t.Parallel()
	hopS, chainS, whoS := answerSchemas(t)
	for _, c := range []struct {
		s    *jsonschema.Schema
		text string
	}{
		{hopS, `{"allowed": true}`}, // no role, result or session
		{hopS, `{"allowed": false, "result": {"decision":"ImplicitDeny","stage":"identity","decidedBy":[]}, "error": {"message":"x"}}`},
		{hopS, `{"allowed": false, "caller": "acs:ram::1:user/a", "service": "1@ecs.aliyuncs.com", "error": {"message":"x"}}`},
		{chainS, `{"allowed": true, "hops": []}`}, // no final session
		{chainS, `{"allowed": false, "hops": [], "extra": 1}`},
		{whoS, `[{"via": []}]`},
		{whoS, `[{"principal": "alice", "via": []}]`},
	} {
		var doc any
		require.NoError(t, json.Unmarshal([]byte(c.text), &doc))
		require.Error(t, c.s.Validate(doc), c.text)
	}
}
