package lint

// rule describes a check for SARIF's rule metadata and for documentation.
type rule struct {
	code     string
	severity Severity // the usual severity; a check may report some findings milder
	summary  string
}

// rules lists every check, in the order of the package documentation.
var rules = []rule{
	{"UnknownAction", Error, "An action of a catalogued service that the service does not have."},
	{"ActionCase", Suggestion, "A catalogued action written in another letter case."},
	{"UnknownService", Warning, "A service code that is no RAM service but is near one."},
	{"UnknownResourceType", Error, "A resource type that the catalogued service does not have."},
	{"MalformedARN", Error, "A resource ARN of the wrong shape: white space, a non-numeric account, a bad service or region, or too many fields."},
	{"Placeholder", Error, "A placeholder such as <name>, $name, ${name} or {#name} left in a value."},
	{"MaskedID", Error, "An ID masked the way documentation masks it; its '*' is a wildcard."},
	{"NeverApplies", Error, "A statement whose actions cannot act on any of its resources."},
	{"UnmatchedResource", Warning, "A resource that no action of its statement can act on."},
	{"DuplicateAction", Warning, "An action listed twice in a statement."},
	{"RedundantAction", Suggestion, "An action covered by a wildcard action of the same statement."},
	{"DuplicateResource", Warning, "A resource listed twice in a statement."},
	{"RedundantResource", Suggestion, "A resource covered by a wildcard resource of the same statement."},
	{"DuplicateStatement", Warning, "A statement equal to an earlier one."},
	{"RedundantStatement", Warning, "A statement that another statement of the same effect, without conditions, covers."},
	{"AllowAll", SecurityWarning, "Allow of every action on every resource."},
	{"AllowRAMFullAccess", SecurityWarning, "Allow of ram:* on every RAM resource."},
	{"AllowPassRoleAll", SecurityWarning, "Allow of ram:PassRole on every role."},
	{"NotActionWithAllow", SecurityWarning, "Allow with NotAction: every action not listed, including future ones."},
	{"TrustAnyone", SecurityWarning, "A trust policy admitting every RAM principal of every account without a condition."},
	{"TrustCrossAccount", SecurityWarning, "A trust policy admitting another account without a condition such as sts:ExternalId."},
	{"OIDCTrustWithoutSub", SecurityWarning, "An OIDC trust policy without an oidc:sub condition."},
	{"OIDCTrustWithoutAud", Warning, "An OIDC trust policy without an oidc:aud condition."},
	{"SAMLTrustWithoutRecipient", Warning, "A SAML trust policy without a saml:recipient condition."},
	{"UnknownConditionKey", Warning, "A condition key near a known one that RAM does not set."},
	{"ConditionKeyCase", Suggestion, "A known condition key written in another letter case."},
}

func findRule(code string) (rule, bool) {
	for _, r := range rules {
		if r.code == code {
			return r, true
		}
	}
	return rule{}, false
}
