package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// postSTS posts an AssumeRole request with the parameters in the query
// string (as clients of the STS API may) and returns status and body.
func postSTS(t *testing.T, base, id, secret string, query url.Values) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, base+"/sts/assume-role?"+query.Encode(), nil)
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth(id, secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, body
}

// TestURLAndParameterSizesAreCapped: the 16 KiB body cap used to leave the
// query string open. A 330 KB session policy in the URL took the server to
// 2.1 GB and answered a 206 MB error; now a long URL is refused before any
// parsing, and so is a long parameter in the body.
func TestURLAndParameterSizesAreCapped(t *testing.T) {
	srv, _, _ := tokenServer(t, nil)
	huge := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"cr:*","Resource":"*","Condition":{"StringEquals":{"` +
		strings.Repeat("k", 64<<10) + `":"x"}}}]}`
	status, body := postSTS(t, srv.URL, partnerID, partnerSecret, url.Values{
		"RoleArn": {ciPullerARN}, "RoleSessionName": {"s1"}, "Policy": {huge}})
	if status != http.StatusRequestURITooLong || len(body) > 1024 {
		t.Errorf("a 64 KiB query: status %d, %d bytes of body; want 414 and a short answer", status, len(body))
	}
	// The request of the report, 330 KB of URL: net/http refuses it (431)
	// before any handler runs.
	status, body = postSTS(t, srv.URL, partnerID, partnerSecret, url.Values{
		"RoleArn": {ciPullerARN}, "RoleSessionName": {"s1"}, "Policy": {strings.Repeat(huge, 5)}})
	if status != http.StatusRequestHeaderFieldsTooLarge || len(body) > 1024 {
		t.Errorf("a 330 KB query: status %d, %d bytes of body; want 431 and a short answer", status, len(body))
	}
	status, body = getToken(t, http.DefaultClient, srv.URL, "ram-registry", readerID, readerSecret,
		"repository:dev/"+strings.Repeat("a", 64<<10)+":pull")
	if status != http.StatusRequestURITooLong || len(body) > 1024 {
		t.Errorf("GET /token with a 64 KiB query: status %d, %d bytes; want 414", status, len(body))
	}
	// In the body, under the body cap, a parameter longer than the STS API
	// takes is refused by name.
	status, _, body = assumeRole(t, http.DefaultClient, srv.URL, partnerID, partnerSecret, url.Values{
		"RoleArn": {ciPullerARN}, "RoleSessionName": {"s1"}, "Policy": {huge[:12<<10]}})
	if status != http.StatusBadRequest || !strings.Contains(string(body), `"InvalidParameter.Policy","Message":"Policy is longer than 8192 bytes"`) || len(body) > 1024 {
		t.Errorf("a 12 KiB Policy: status %d body %.300s; want 400 InvalidParameter.Policy", status, body)
	}
	// A parameter given twice is ambiguous: refused, not guessed.
	status, _, body = assumeRole(t, http.DefaultClient, srv.URL, partnerID, partnerSecret, url.Values{
		"RoleArn": {ciPullerARN, "acs:ram::1111111111111111:role/release"}, "RoleSessionName": {"s1"}})
	if status != http.StatusBadRequest || !strings.Contains(string(body), "InvalidParameter.RoleArn") {
		t.Errorf("RoleArn twice: status %d body %s; want 400 InvalidParameter.RoleArn", status, body)
	}
}

// TestPolicyGrammarAnswerIsBounded: a session policy of 8 KiB with one
// long key and hundreds of problems under it used to be answered with a
// 2.7 MB message listing each problem with the full pointer. (policy.Parse
// now answers a document over its size with PolicyTooLarge alone, so the
// document here stays within a session policy's 2,048 characters.)
func TestPolicyGrammarAnswerIsBounded(t *testing.T) {
	srv, _, audit := tokenServer(t, nil)
	doc := `{"` + strings.Repeat("k", 300) + `":{` + strings.TrimSuffix(strings.Repeat(`"a":1,`, 250), ",") + `}}`
	status, _, body := assumeRole(t, http.DefaultClient, srv.URL, partnerID, partnerSecret, url.Values{
		"RoleArn": {ciPullerARN}, "RoleSessionName": {"s1"}, "Policy": {doc}})
	var e stsError
	json.Unmarshal(body, &e)
	if status != http.StatusBadRequest || e.Code != "InvalidParameter.PolicyGrammar" || len(body) > 2048 {
		t.Errorf("status %d, code %s, %d bytes of body; want 400 PolicyGrammar in under 2 KiB", status, e.Code, len(body))
	}
	if !strings.Contains(e.Message, "more") {
		t.Errorf("message %q does not say there were more problems", e.Message)
	}
	// A caller the role does not admit gets the denial; the audit line
	// keeps the reason, bounded too.
	status, _, _ = assumeRole(t, http.DefaultClient, srv.URL, partnerID, partnerSecret, url.Values{
		"RoleArn": {"acs:ram::1111111111111111:role/release"}, "RoleSessionName": {"s1"}, "Policy": {doc}})
	lines := audit.lines(t)
	last := lines[len(lines)-1]
	if status != http.StatusForbidden || len(toString(last["error"])) > 4096 || !strings.Contains(toString(last["error"]), "Policy") && !strings.Contains(toString(last["error"]), "policy") {
		t.Errorf("status %d, audit line %.300v", status, last)
	}
}

// TestScopesPerRequestAreBounded: 30,000 scopes used to give 90,000 audit
// lines and a 6 MB token.
func TestScopesPerRequestAreBounded(t *testing.T) {
	srv, cfg, audit := tokenServer(t, nil)
	var scopes []string
	for i := range maxScopes + 1 {
		scopes = append(scopes, fmt.Sprintf("repository:dev/r%d:pull", i))
	}
	before := strings.Count(audit.String(), "\n")
	status, body := getToken(t, http.DefaultClient, srv.URL, cfg.Service, readerID, readerSecret, strings.Join(scopes, " "))
	if status != http.StatusBadRequest || !strings.Contains(string(body), "too many scopes") {
		t.Errorf("%d scopes: status %d body %.200s; want 400 too many scopes", len(scopes), status, body)
	}
	if n := strings.Count(audit.String(), "\n") - before; n > 1 {
		t.Errorf("%d scopes refused, but %d audit lines written", len(scopes), n)
	}
	// The bound itself is fine, and repeated scopes and actions count once.
	status, body = getToken(t, http.DefaultClient, srv.URL, cfg.Service, readerID, readerSecret, scopes[:maxScopes]...)
	if status != http.StatusOK {
		t.Errorf("%d scopes: status %d body %.200s", maxScopes, status, body)
	}
	before = strings.Count(audit.String(), "\n")
	status, body = getToken(t, http.DefaultClient, srv.URL, cfg.Service, readerID, readerSecret,
		strings.Repeat("repository:dev/app:pull,pull,pull ", 2*maxScopes))
	_, access, _ := decodeToken(t, srv, cfg, body)
	if status != http.StatusOK || len(access) != 1 || len(access[0].Actions) != 1 {
		t.Errorf("one scope repeated: status %d access %+v", status, access)
	}
	if n := strings.Count(audit.String(), "\n") - before; n != 1 {
		t.Errorf("one scope repeated: %d audit lines, want 1", n)
	}
}

// TestDurationSecondsIsReadStrictly: only plain decimal digits, no sign, no
// leading zero; "0" used to mean the default.
func TestDurationSecondsIsReadStrictly(t *testing.T) {
	srv, _, _ := tokenServer(t, nil)
	for _, v := range []string{"0", "+900", "0900", "-900", " 900", "900 ", "9e2", "900.0", "0x384", "１２００"} {
		status, _, body := assumeRole(t, http.DefaultClient, srv.URL, partnerID, partnerSecret, url.Values{
			"RoleArn": {ciPullerARN}, "RoleSessionName": {"s1"}, "DurationSeconds": {v}})
		if status != http.StatusBadRequest || !strings.Contains(string(body), "InvalidParameter.DurationSeconds") {
			t.Errorf("DurationSeconds %q: status %d body %s; want 400 InvalidParameter.DurationSeconds", v, status, body)
		}
	}
	status, res, body := assumeRole(t, http.DefaultClient, srv.URL, partnerID, partnerSecret, url.Values{
		"RoleArn": {ciPullerARN}, "RoleSessionName": {"s1"}, "DurationSeconds": {"900"}})
	if status != http.StatusOK || res.Credentials.AccessKeyID == "" {
		t.Errorf("DurationSeconds 900: status %d body %s", status, body)
	}
}

// TestRoleExistenceIsNotRevealed: a caller that may not assume a role
// learns nothing about whether it exists, whatever else is wrong with the
// request. It used to get 404 EntityNotExist.Role for a missing role and
// 403 for an existing one.
func TestRoleExistenceIsNotRevealed(t *testing.T) {
	srv, _, _ := tokenServer(t, nil)
	requestID := regexp.MustCompile(`"RequestId":"[^"]*"`)
	answer := func(role string, extra url.Values) string {
		params := url.Values{"RoleArn": {role}, "RoleSessionName": {"s1"}}
		for k, v := range extra {
			params[k] = v
		}
		status, _, body := assumeRole(t, http.DefaultClient, srv.URL, partnerID, partnerSecret, params)
		return fmt.Sprintf("%d %s", status, requestID.ReplaceAll(body, nil))
	}
	existing := "acs:ram::1111111111111111:role/release" // trusts its own account only
	missing := "acs:ram::1111111111111111:role/no-such-role"
	for _, extra := range []url.Values{
		nil,
		{"RoleSessionName": {"x"}},
		{"DurationSeconds": {"43200"}},
		{"ExternalId": {"x"}},
		{"SourceIdentity": {"who me"}},
		{"Policy": {"{not json"}},
	} {
		a, b := answer(existing, extra), answer(missing, extra)
		if a != b {
			t.Errorf("with %v: an existing role answers %s, a missing one %s", extra, a, b)
		}
		if !strings.HasPrefix(a, "403 ") || !strings.Contains(a, "NoPermission") {
			t.Errorf("with %v: %s, want 403 NoPermission", extra, a)
		}
	}
	// A caller the role trusts still gets the precise error.
	status, _, body := assumeRole(t, http.DefaultClient, srv.URL, partnerID, partnerSecret, url.Values{
		"RoleArn": {ciPullerARN}, "RoleSessionName": {"x"}})
	var e stsError
	json.Unmarshal(body, &e)
	if status != http.StatusBadRequest || e.Code != "InvalidParameter.RoleSessionName" {
		t.Errorf("trusted caller, bad session name: %d %s", status, body)
	}
}

// TestServiceIsCheckedAfterAuthentication: an anonymous caller used to
// learn that a service name is wrong (400) before being asked to log in.
func TestServiceIsCheckedAfterAuthentication(t *testing.T) {
	srv, _, _ := tokenServer(t, nil)
	for _, id := range [][2]string{{"", ""}, {readerID, "wrong-secret-0000"}} {
		status, _ := getToken(t, http.DefaultClient, srv.URL, "other-service", id[0], id[1])
		if status != http.StatusUnauthorized {
			t.Errorf("credentials %q, unknown service: status %d, want 401", id[0], status)
		}
	}
	if status, _ := getToken(t, http.DefaultClient, srv.URL, "other-service", readerID, readerSecret); status != http.StatusBadRequest {
		t.Errorf("authenticated, unknown service: status %d, want 400", status)
	}
}
