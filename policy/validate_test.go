package policy_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"testing"

	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// problems renders an error's list as "pointer code: message" lines, sorted.
func problems(t interface{ Fatalf(string, ...any) }, err error) []string {
	var list policy.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("want an ErrorList, got %v", err)
	}
	var out []string
	for _, e := range list {
		out = append(out, fmt.Sprintf("%s %s: %s", e.Pointer, policy.Code(e), e.Msg))
	}
	sort.Strings(out)
	return out
}

// The trap of issue 9: documents Parse rejects were accepted when built in code and
// compiled. Each way in now gives the same errors: Parse of the text, Validate and
// eval.Compile of the Document built in code.
func TestEveryWayInAppliesTheSameRules(t *testing.T) {
	t.Parallel()
	stmt := policy.Statement{Effect: policy.EffectAllow, Actions: []string{"cr:GetRepository"}, Resources: []string{"*"}}
	for _, tc := range []struct {
		name string
		text string
		edit func(*policy.Document)
		code string
	}{
		{"short ARN", `{"Version":"1","Statement":[{"Effect":"Allow","Action":["cr:GetRepository"],"Resource":["acs:cr"]}]}`,
			func(d *policy.Document) { d.Statements[0].Resources = []string{"acs:cr"} }, "MissingARNField"},
		{"AWS ARN", `{"Version":"1","Statement":[{"Effect":"Allow","Action":["cr:GetRepository"],"Resource":["arn:aws:s3:::x"]}]}`,
			func(d *policy.Document) { d.Statements[0].Resources = []string{"arn:aws:s3:::x"} }, "InvalidARNPrefix"},
		{"AWS version", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["cr:GetRepository"],"Resource":["*"]}]}`,
			func(d *policy.Document) { d.Version = "2012-10-17" }, "InvalidVersion"},
	} {
		_, perr := policy.Parse([]byte(tc.text), policy.IdentityPolicy)
		require.Error(t, perr, tc.name)
		doc := &policy.Document{Kind: policy.IdentityPolicy, Version: "1", Statements: []policy.Statement{stmt}}
		doc.Statements[0].Resources = append([]string(nil), stmt.Resources...)
		tc.edit(doc)
		verr := doc.Validate()
		require.Error(t, verr, tc.name)
		_, cerr := eval.Compile(eval.Policy{Name: "p", Doc: doc})
		require.Error(t, cerr, tc.name)
		assert.ErrorIs(t, cerr, eval.ErrCompile, tc.name)
		assert.Equal(t, tc.code, policy.Code(perr), tc.name)
		assert.Equal(t, tc.code, policy.Code(cerr), tc.name)
		assert.Equal(t, problems(t, perr), problems(t, verr), tc.name)
		var clist policy.ErrorList
		require.True(t, errors.As(cerr, &clist), tc.name)
		assert.Equal(t, problems(t, perr), problems(t, clist), tc.name)
	}
}

const trustText = `{
  "Version": "1",
  "Statement": [{"Sid": "ecs", "Effect": "Allow", "Action": "sts:AssumeRole",
    "Principal": {"Service": ["ecs.aliyuncs.com", "1654218965343050@log.aliyuncs.com"]},
    "Condition": {"StringEquals": {"sts:ExternalId": "abc"}}}]
}`

// json.Unmarshal into a Document runs Parse: the same Document for a valid text, the
// same errors for an invalid one, and an error when the kind was not set first.
func TestUnmarshalJSONIsParse(t *testing.T) {
	t.Parallel()
	want, err := policy.Parse([]byte(trustText), policy.TrustPolicy)
	require.NoError(t, err)
	got := policy.Document{Kind: policy.TrustPolicy}
	require.NoError(t, json.Unmarshal([]byte(trustText), &got))
	assert.Equal(t, *want, got)
	assert.NoError(t, got.Validate())

	// Inside a larger value, with the kind set beforehand.
	cfg := struct{ Trust policy.Document }{Trust: policy.Document{Kind: policy.TrustPolicy}}
	require.NoError(t, json.Unmarshal([]byte(`{"Trust":`+trustText+`}`), &cfg))
	assert.Equal(t, want.Statements[0].Principal, cfg.Trust.Statements[0].Principal)

	for _, bad := range []string{
		`{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"*"},"Effect":"Deny"}]}`, // duplicate key
		`{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"ECS"}}]}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"*"}}]}`,
		`null`,
	} {
		_, perr := policy.Parse([]byte(bad), policy.TrustPolicy)
		d := policy.Document{Kind: policy.TrustPolicy}
		uerr := json.Unmarshal([]byte(bad), &d)
		require.Error(t, uerr, bad)
		assert.Equal(t, perr.Error(), uerr.Error(), bad)
	}

	var unset policy.Document
	err = json.Unmarshal([]byte(trustText), &unset)
	assert.ErrorIs(t, err, policy.ErrInvalidKind)
	assert.Empty(t, unset.Statements, "nothing is read into a document without a kind")
}

// Validate of a Document gives the problems Parse gives for its canonical text, for
// documents built at random from good and bad values of every element.
func TestValidateAgreesWithParse(t *testing.T) {
	t.Parallel()
	raised := policy.Limits{MaxSize: policy.MaxInputBytes}
	rapid.Check(t, func(t *rapid.T) {
		d := genDocument(t)
		text, err := d.MarshalJSON()
		if err != nil {
			t.Skip("not writable:", err)
		}
		_, perr := policy.Options{Kind: d.Kind, Limits: raised}.Parse(text)
		verr := d.Validate()
		if (perr == nil) != (verr == nil) {
			t.Fatalf("Parse: %v\nValidate: %v\ntext %s", perr, verr, text)
		}
		if perr != nil {
			p, v := problems(t, perr), problems(t, verr)
			if fmt.Sprint(p) != fmt.Sprint(v) {
				t.Fatalf("Parse and Validate disagree on %s\nParse:    %q\nValidate: %q", text, p, v)
			}
		}
	})
}

func genDocument(t *rapid.T) *policy.Document {
	kind := rapid.SampledFrom([]policy.Kind{policy.IdentityPolicy, policy.SessionPolicy, policy.ControlPolicy, policy.TrustPolicy, policy.ResourcePolicy}).Draw(t, "kind")
	list := func(label string, pool []string) []string {
		if rapid.IntRange(0, 9).Draw(t, label+"-nil") == 0 {
			return nil
		}
		return rapid.SliceOfN(rapid.SampledFrom(pool), 0, 3).Draw(t, label)
	}
	actions := []string{"*", "cr:Get*", "ecs:Describe?", "PullRepository", "cr:", ":x", "a:b:c", "c r:x", "cr:Pull Image"}
	resources := []string{"*", "acs:cr:*:*:repository/*", "acs:cr", "arn:aws:s3:::x", "acs:cr:*:123456789012****:x/*", "acs:ram::1:role/*"}
	rams := []string{"*", "acs:ram::123:root", "acs:ram::123:role/r", "acs:ram::123:role/r/s", "acs:ram::*:root", "acs:ram::123456789012****:root", "x"}
	services := []string{"ecs.aliyuncs.com", "1654218965343050@log.aliyuncs.com", "ECS", "ecs", "*.aliyuncs.com", "12****@log.aliyuncs.com", ""}
	feds := []string{"acs:ram::1:saml-provider/idp", "acs:ram::1:oidc-provider/x", "acs:ram::1:user/u"}
	ops := []policy.Operator{{Op: policy.StringEquals}, {Op: policy.StringLike}, {Op: policy.NumericLessThan}, {Op: policy.DateGreaterThan},
		{Op: policy.Bool}, {Op: policy.IPAddress}, {Set: policy.ForAnyValue, Op: policy.StringNotEquals}, {Set: policy.ForAllValues, Op: policy.Bool}, {}}
	keys := []string{"acs:SourceIp", "acs:CurrentTime", "sts:ExternalId", "nokey", ":x", "a b:c", "x:"}
	values := []string{"10.0.0.0/8", "10.0.0.1/33", "2026-01-02T03:04:05Z", "2026-01-02", "5", "1e3", "true", "TRUE", "yes", "x*", ""}

	d := &policy.Document{Kind: kind, Version: rapid.SampledFrom([]string{"1", "1", "1", "2012-10-17", ""}).Draw(t, "version")}
	n := rapid.IntRange(0, 3).Draw(t, "statements")
	for range n {
		s := policy.Statement{
			Sid:       rapid.SampledFrom([]string{"", "s"}).Draw(t, "sid"),
			Effect:    rapid.SampledFrom([]policy.Effect{policy.EffectAllow, policy.EffectDeny}).Draw(t, "effect"),
			NotAction: rapid.Bool().Draw(t, "notAction"),
			Actions:   rapid.SliceOfN(rapid.SampledFrom(actions), 0, 3).Draw(t, "actions"),
			Resources: list("resources", resources),
		}
		if rapid.IntRange(0, 3).Draw(t, "principal") > 0 == (kind == policy.TrustPolicy || kind == policy.ResourcePolicy) {
			s.Principal = &policy.Principal{RAM: list("ram", rams), Service: list("service", services), Federated: list("federated", feds)}
		}
		seen := map[string]bool{}
		for range rapid.IntRange(0, 3).Draw(t, "conditions") {
			c := policy.Condition{Operator: rapid.SampledFrom(ops).Draw(t, "op"), Key: rapid.SampledFrom(keys).Draw(t, "key"), Values: list("values", values)}
			if id := c.Operator.String() + "\x00" + c.Key; !seen[id] { // one JSON object holds one of each
				seen[id] = true
				s.Conditions = append(s.Conditions, c)
			}
		}
		d.Statements = append(d.Statements, s)
	}
	return d
}
