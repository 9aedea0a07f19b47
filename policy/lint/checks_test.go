package lint

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rampolicy/ram/policy"
)

// doc wraps statements into an identity or trust document.
func doc(stmts ...string) string {
	return `{"Version": "1", "Statement": [` + strings.Join(stmts, ",\n") + `]}`
}

// allow is an identity statement allowing actions on resources (JSON values as written).
func allow(action, resource string) string {
	return fmt.Sprintf(`{"Effect": "Allow", "Action": %s, "Resource": %s}`, action, resource)
}

func trustStmt(principal, condition string) string {
	s := `{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": ` + principal
	if condition != "" {
		s += `, "Condition": ` + condition
	}
	return s + "}"
}

func run(t *testing.T, kind policy.Kind, account, text string) []Finding {
	t.Helper()
	d, err := policy.Parse([]byte(text), kind)
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, text)
	}
	found, err := Lint(d, Options{Source: []byte(text), Account: account})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// Each check has a document that triggers it (at the pointer given, with the severity
// given) and a near miss that must not.
var checkCases = []struct {
	code    string
	sev     Severity
	kind    policy.Kind
	account string
	pos     string
	ptr     string
	neg     string
}{
	{"UnknownAction", Error, policy.IdentityPolicy, "",
		doc(allow(`["cr:PullRepositry"]`, `"*"`)), "/Statement/0/Action/0",
		doc(allow(`["cr:PullRepository", "cr:Pull*", "oss:PullRepositry"]`, `"*"`))},
	{"UnknownAction", Warning, policy.IdentityPolicy, "",
		doc(allow(`"cr:FrobnicateEverything"`, `"*"`)), "/Statement/0/Action",
		doc(allow(`"ram:PassRole"`, `"*"`))},
	{"ActionCase", Suggestion, policy.IdentityPolicy, "",
		doc(allow(`"CR:pullrepository"`, `"*"`)), "/Statement/0/Action",
		doc(allow(`"cr:PullRepository"`, `"*"`))},
	{"UnknownService", Warning, policy.IdentityPolicy, "",
		doc(allow(`"cr:PullRepository"`, `"acs:rc:*:*:repository/dev/*"`)), "/Statement/0/Resource",
		doc(allow(`["cs:DescribeClusters", "mns:SendMessage", "cc:*", "rc:Frobnicate"]`, `["acs:cs:*:*:cluster/c1", "acs:cc:*:*:*", "acs:vpn:*:*:vpn-gateway/x"]`))},
	{"UnknownService", Warning, policy.IdentityPolicy, "",
		doc(allow(`["rc:GetRepository"]`, `"*"`)), "/Statement/0/Action/0",
		doc(allow(`["cr:GetRepository"]`, `"*"`))},
	{"UnknownResourceType", Error, policy.IdentityPolicy, "",
		doc(allow(`"cr:PullRepository"`, `"acs:cr:*:*:repositories/dev/*"`)), "/Statement/0/Resource",
		doc(allow(`"cr:PullRepository"`, `["acs:cr:*:*:repository/dev/*", "acs:cr:*:*:*", "acs:cr:*:*:repo*"]`))},
	{"MalformedARN", Error, policy.IdentityPolicy, "",
		doc(allow(`"cr:PullRepository"`, `"acs:cr:cn-hangzhou:12345:repository dev/web"`)), "/Statement/0/Resource",
		doc(allow(`"cr:PullRepository"`, `"acs:cr:cn-hangzhou:12345:repository/dev/web"`))},
	{"MalformedARN", Error, policy.IdentityPolicy, "",
		doc(allow(`"cr:PullRepository"`, `["acs:cr:*:*:*", "acs:cr:*:acct:repository/a/b"]`)), "/Statement/0/Resource/1",
		doc(allow(`"ram:GetPolicy"`, `["acs:ram:*:system:policy/AliyunECSFullAccess", "acs:ram::12*:user/a"]`))},
	{"MalformedARN", Warning, policy.IdentityPolicy, "",
		doc(allow(`"cr:PullRepository"`, `"acs:cr:*:*:repository:dev/web"`)), "/Statement/0/Resource",
		doc(allow(`"oss:GetObject"`, `"acs:oss:*:*:bucket:with:colons"`))},
	{"MalformedARN", Warning, policy.IdentityPolicy, "",
		doc(allow(`"cr:PullRepository"`, `"acs:cr:CN_Hangzhou:*:repository/dev/web"`)), "/Statement/0/Resource",
		doc(allow(`"cr:PullRepository"`, `"acs:cr:cn-hangzhou*:*:repository/dev/web"`))},
	{"MalformedARN", Error, policy.IdentityPolicy, "",
		doc(allow(`"cr:PullRepository"`, `"acs:CR:*:*:repository/dev/web"`)), "/Statement/0/Resource",
		doc(allow(`"cr:PullRepository"`, `"acs:c?:*:*:repository/dev/web"`))},
	{"Placeholder", Error, policy.IdentityPolicy, "",
		doc(allow(`"cr:PullRepository"`, `"acs:cr:{#regionId}:*:repository/x/*"`)), "/Statement/0/Resource",
		doc(allow(`"cr:PullRepository"`, `"acs:cr:*:*:repository/x/{a}"`))},
	{"Placeholder", Error, policy.IdentityPolicy, "",
		doc(allow(`"oss:GetObject"`, `"acs:oss:*:*:<oss-bucket-name>/*"`)), "/Statement/0/Resource",
		doc(allow(`"oss:GetObject"`, `"acs:oss:*:*:my-bucket/a<b"`))},
	{"Placeholder", Error, policy.IdentityPolicy, "",
		doc(allow(`"cr:PullRepository"`, `["acs:cr:*:*:repository/$instanceid/*"]`)), "/Statement/0/Resource/0",
		doc(allow(`"cr:PullRepository"`, `["acs:cr:*:*:repository/cri-123/*"]`))},
	{"Placeholder", Error, policy.IdentityPolicy, "",
		doc(allow(`"cr:PullRepository"`, `"acs:cr:${region}:*:repository/x/*"`)), "/Statement/0/Resource",
		doc(allow(`"cr:PullRepository"`, `"acs:cr:cn-hangzhou:*:repository/x/*"`))},
	{"MaskedID", Error, policy.IdentityPolicy, "",
		doc(allow(`"cr:PullRepository"`, `"acs:cr:*:123456789012****:repository/x/y"`)), "/Statement/0/Resource",
		doc(allow(`"cr:PullRepository"`, `"acs:cr:*:1234567890123456:repository/x/*"`))},
	{"NeverApplies", Error, policy.IdentityPolicy, "",
		doc(allow(`"cr:PullRepository"`, `"acs:oss:*:*:bucket/*"`)), "/Statement/0",
		doc(allow(`"sts:AssumeRole"`, `"acs:ram:*:*:role/deploy"`))},
	{"UnmatchedResource", Warning, policy.IdentityPolicy, "",
		doc(allow(`"cr:PullRepository"`, `["acs:cr:*:*:repository/a/*", "acs:oss:*:*:bucket/*"]`)), "/Statement/0/Resource/1",
		doc(allow(`["cr:PullRepository", "oss:GetObject"]`, `["acs:cr:*:*:repository/a/*", "acs:oss:*:*:bucket/*"]`))},
	{"DuplicateAction", Warning, policy.IdentityPolicy, "",
		doc(allow(`["cr:PullRepository", "cr:pullrepository"]`, `"*"`)), "/Statement/0/Action/1",
		doc(allow(`["cr:PullRepository", "cr:PushRepository"]`, `"*"`))},
	{"RedundantAction", Suggestion, policy.IdentityPolicy, "",
		doc(allow(`["cr:Pull*", "cr:PullRepository"]`, `"*"`)), "/Statement/0/Action/1",
		doc(allow(`["cr:Pull*", "cr:Get*"]`, `"*"`))},
	{"DuplicateResource", Warning, policy.IdentityPolicy, "",
		doc(allow(`"cr:PullRepository"`, `["acs:cr:*:*:repository/a/*", "acs:cr:*:*:repository/a/*"]`)), "/Statement/0/Resource/1",
		doc(allow(`"cr:PullRepository"`, `["acs:cr:*:*:repository/a/*", "acs:cr:*:*:repository/A/*"]`))},
	{"RedundantResource", Suggestion, policy.IdentityPolicy, "",
		doc(allow(`"cr:PullRepository"`, `["acs:cr:*:*:repository/a/*", "acs:cr:*:*:repository/a/web"]`)), "/Statement/0/Resource/1",
		doc(allow(`"cr:PullRepository"`, `["acs:cr:*:*:repository/a/*b", "acs:cr:*:*:repository/a/c*"]`))},
	{"DuplicateStatement", Warning, policy.IdentityPolicy, "",
		doc(allow(`["cr:PullRepository", "cr:GetRepository"]`, `"*"`), allow(`["cr:GetRepository", "cr:PullRepository"]`, `["*"]`)), "/Statement/1",
		doc(allow(`"cr:PullRepository"`, `"*"`), `{"Effect": "Deny", "Action": "cr:PullRepository", "Resource": "*"}`)},
	{"RedundantStatement", Warning, policy.IdentityPolicy, "",
		doc(allow(`"cr:*"`, `"acs:cr:*:*:repository/a/*"`),
			`{"Effect": "Allow", "Action": "cr:PullRepository", "Resource": "acs:cr:*:*:repository/a/web", "Condition": {"Bool": {"acs:SecureTransport": "true"}}}`), "/Statement/1",
		// the wider statement has a condition, so it does not decide every request the other does
		doc(`{"Effect": "Allow", "Action": "cr:*", "Resource": "acs:cr:*:*:repository/a/*", "Condition": {"Bool": {"acs:SecureTransport": "true"}}}`,
			allow(`"cr:PullRepository"`, `"acs:cr:*:*:repository/a/web"`))},
	{"AllowAll", SecurityWarning, policy.IdentityPolicy, "",
		doc(allow(`"*"`, `"*"`)), "/Statement/0/Action",
		doc(`{"Effect": "Deny", "Action": "*", "Resource": "*"}`, allow(`"cr:*"`, `"*"`), allow(`"*"`, `"acs:cr:*:*:*"`))},
	{"AllowAll", SecurityWarning, policy.IdentityPolicy, "",
		doc(allow(`["cr:PullRepository", "*:*"]`, `"acs:*:*:*:*"`)), "/Statement/0/Action/1",
		doc(allow(`"*:Get*"`, `"acs:*:*:*:*"`))},
	{"AllowRAMFullAccess", SecurityWarning, policy.IdentityPolicy, "",
		doc(allow(`"ram:*"`, `"*"`)), "/Statement/0/Action",
		doc(allow(`"ram:*"`, `"acs:ram:*:*:user/alice"`))},
	{"AllowPassRoleAll", SecurityWarning, policy.IdentityPolicy, "",
		doc(allow(`["ecs:RunInstances", "ram:PassRole"]`, `"acs:ram:*:*:role/*"`)), "/Statement/0/Action/1",
		doc(allow(`"ram:PassRole"`, `"acs:ram:*:*:role/ecs-reader"`))},
	{"NotActionWithAllow", SecurityWarning, policy.IdentityPolicy, "",
		doc(`{"Effect": "Allow", "NotAction": "ram:*", "Resource": "*"}`), "/Statement/0",
		doc(`{"Effect": "Deny", "NotAction": "cr:*", "Resource": "*"}`)},
	{"TrustAnyone", SecurityWarning, policy.TrustPolicy, "",
		doc(trustStmt(`{"RAM": "*"}`, "")), "/Statement/0/Principal/RAM",
		doc(trustStmt(`{"RAM": "*"}`, `{"StringEquals": {"sts:ExternalId": "abcd1234"}}`))},
	{"TrustCrossAccount", SecurityWarning, policy.TrustPolicy, "1111111111111111",
		doc(trustStmt(`{"RAM": ["acs:ram::1111111111111111:root", "acs:ram::2222222222222222:root"]}`, "")), "/Statement/0/Principal/RAM/1",
		doc(trustStmt(`{"RAM": "acs:ram::2222222222222222:root"}`, `{"StringEquals": {"sts:ExternalId": "abcd1234"}}`))},
	{"OIDCTrustWithoutSub", SecurityWarning, policy.TrustPolicy, "",
		doc(trustStmt(`{"Federated": "acs:ram::1111111111111111:oidc-provider/ack-rrsa-c1"}`, `{"StringEquals": {"oidc:aud": "sts.aliyuncs.com"}, "StringLike": {"oidc:sub": "*"}}`)), "/Statement/0/Principal/Federated",
		doc(trustStmt(`{"Federated": "acs:ram::1111111111111111:oidc-provider/ack-rrsa-c1"}`, `{"StringEquals": {"oidc:aud": "sts.aliyuncs.com", "oidc:sub": "system:serviceaccount:ns:app"}}`))},
	{"OIDCTrustWithoutAud", Warning, policy.TrustPolicy, "",
		doc(trustStmt(`{"Federated": "acs:ram::1111111111111111:oidc-provider/gh"}`, `{"StringEquals": {"oidc:sub": "repo:o/r:ref:refs/heads/main"}}`)), "/Statement/0/Principal/Federated",
		doc(trustStmt(`{"Federated": "acs:ram::1111111111111111:oidc-provider/gh"}`, `{"StringEquals": {"oidc:sub": "repo:o/r:ref:refs/heads/main", "oidc:aud": "sts.aliyuncs.com"}}`))},
	{"SAMLTrustWithoutRecipient", Warning, policy.TrustPolicy, "",
		doc(trustStmt(`{"Federated": "acs:ram::1111111111111111:saml-provider/idp"}`, "")), "/Statement/0/Principal/Federated",
		doc(trustStmt(`{"Federated": "acs:ram::1111111111111111:saml-provider/idp"}`, `{"StringEquals": {"saml:recipient": "https://signin.alibabacloud.com/saml-role/sso"}}`))},
	{"UnknownConditionKey", Warning, policy.IdentityPolicy, "",
		doc(`{"Effect": "Allow", "Action": "cr:*", "Resource": "*", "Condition": {"IpAddress": {"acs:SoureIp": "10.0.0.0/8"}}}`), "/Statement/0/Condition/IpAddress/acs:SoureIp",
		doc(`{"Effect": "Allow", "Action": "cr:*", "Resource": "*", "Condition": {"IpAddress": {"acs:SourceIp": "10.0.0.0/8"}, "StringEquals": {"oss:Prefix": "a", "acs:ResourceTag/team": "dev", "oidc:amr": "x"}}}`)},
	{"UnknownConditionKey", Warning, policy.IdentityPolicy, "",
		doc(`{"Effect": "Allow", "Action": "cr:*", "Resource": "*", "Condition": {"Bool": {"asc:SecureTransport": "true"}}}`), "/Statement/0/Condition/Bool/asc:SecureTransport",
		doc(`{"Effect": "Allow", "Action": "cr:*", "Resource": "*", "Condition": {"Bool": {"acs:SecureTransport": "true"}}}`)},
	{"ConditionKeyCase", Suggestion, policy.IdentityPolicy, "",
		doc(`{"Effect": "Allow", "Action": "cr:*", "Resource": "*", "Condition": {"IpAddress": {"acs:SourceIP": "10.0.0.0/8"}}}`), "/Statement/0/Condition/IpAddress/acs:SourceIP",
		doc(`{"Effect": "Allow", "Action": "cr:*", "Resource": "*", "Condition": {"IpAddress": {"acs:SourceIp": "10.0.0.0/8"}}}`)},
}

func TestChecks(t *testing.T) {
	for _, c := range checkCases {
		t.Run(c.code+c.ptr, func(t *testing.T) {
			pos := run(t, c.kind, c.account, c.pos)
			hit := false
			for _, f := range pos {
				if f.Code == c.code && f.Pointer == c.ptr {
					hit = true
					if f.Severity != c.sev {
						t.Errorf("severity %s, want %s: %v", f.Severity, c.sev, f)
					}
					if f.Line == 0 || f.Column == 0 {
						t.Errorf("no position: %v", f)
					}
				}
			}
			if !hit {
				t.Errorf("no %s at %s in\n%s\ngot %v", c.code, c.ptr, c.pos, pos)
			}
			for _, f := range run(t, c.kind, c.account, c.neg) {
				if f.Code == c.code {
					t.Errorf("near miss reported: %v\n%s", f, c.neg)
				}
			}
		})
	}
}

// Every check of the package documentation has a test case, and every code a rule.
func TestEveryRuleTested(t *testing.T) {
	tested := map[string]bool{}
	for _, c := range checkCases {
		tested[c.code] = true
	}
	for _, r := range rules {
		if !tested[r.code] {
			t.Errorf("rule %s has no test case", r.code)
		}
	}
	for code := range tested {
		if _, ok := findRule(code); !ok {
			t.Errorf("code %s has no rule", code)
		}
	}
}
