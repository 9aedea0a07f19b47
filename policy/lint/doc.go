// Package lint finds mistakes in RAM policies that parse but are wrong or dangerous, the
// way AWS Access Analyzer's policy validation does for IAM: a misspelt action, a resource
// ARN of the wrong shape, a placeholder copied from documentation, a statement that can
// never apply or is made redundant by another, an Allow of everything, a trust policy
// that lets anyone assume the role.
//
// Parsing stays strict and separate: [policy.Parse] rejects what RAM rejects, and [Lint]
// looks at a document that parsed. Give Lint the source text too ([Options].Source) and
// every finding points at the value it is about (JSON Pointer, line and column);
// without it, findings point at the statement.
//
// # Severities
//
// A finding is an [Error] when the policy cannot mean what it says (an action that does
// not exist, an ARN no request can match), a [SecurityWarning] when it grants more than
// is safe, a [Warning] when it is probably a mistake, and a [Suggestion] when it works
// but could be written better.
//
// # Checks
//
//	UnknownAction         an action of a catalogued service (cr, ram, sts) it does not have
//	ActionCase            a catalogued action in another letter case (works; matching ignores case)
//	UnknownService        a misspelt catalogued service whose action or resource type fits (acs:rc: → cr)
//	UnknownResourceType   a resource type a catalogued service does not have (repositories/)
//	MalformedARN          white space, a non-numeric account, a bad service or region field,
//	                      or a resource part holding ':'
//	Placeholder           <name>, $name, ${name} or {#name} left in a value
//	MaskedID              an ID masked the way documentation masks it (123456789012****)
//	NeverApplies          actions and resources of different services: the statement matches nothing
//	UnmatchedResource     a resource no action of the statement can act on
//	DuplicateAction       the same action twice in a statement (also DuplicateResource)
//	RedundantAction       an action covered by a wildcard action of the same statement
//	                      (also RedundantResource)
//	DuplicateStatement    a statement equal to an earlier one
//	RedundantStatement    a statement every request of which another statement already decides
//	AllowAll              Allow of * on *
//	AllowRAMFullAccess    Allow of ram:* on every RAM resource
//	AllowPassRoleAll      Allow of ram:PassRole on every role
//	NotActionWithAllow    Allow with NotAction: everything else, including future actions
//	TrustAnyone           a trust statement admitting "RAM": "*" without any condition
//	TrustCrossAccount     a trust statement admitting another account without any condition
//	                      such as sts:ExternalId (needs [Options].Account)
//	OIDCTrustWithoutSub   an OIDC trust without an oidc:sub condition: every identity of the
//	                      provider (every service account of an ACK cluster) may assume the role
//	OIDCTrustWithoutAud   an OIDC trust without an oidc:aud condition
//	SAMLTrustWithoutRecipient a SAML trust without a saml:recipient condition
//	UnknownConditionKey   a condition key near a known one (acs:SoureIp, asc:SecureTransport)
//	ConditionKeyCase      a known condition key in another letter case (acs:SourceIP)
//
// # Exactness
//
// Redundancy is reported only when it can be proved. A pattern covers another when every
// way of filling the other's wildcards gives a string the first matches (decided by
// matching the first against the second with the second's wildcards as symbols only the
// first's '*' may absorb: sound, not complete). A statement is redundant when another of
// the same effect, without conditions and without NotAction, covers all its actions,
// resources and principals. The pairwise comparisons share one work budget, so a huge
// document built in code gets fewer findings, never wrong ones.
//
// The catalogue of actions (see catalogue.go for its sources) may miss actions, so an
// uncatalogued action is an error only when it is a near miss of a catalogued one (at
// most two edits: cr:PullRepositry), and a warning otherwise. Services other than cr,
// ram and sts are not catalogued: their actions are never reported unknown.
package lint
