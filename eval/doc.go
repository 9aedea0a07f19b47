// Package eval decides Alibaba Cloud RAM requests: Allow, ExplicitDeny or ImplicitDeny,
// with the statements that decided.
//
// Compile policies once into a [PolicySet]; combine sets for one principal in an
// [Evaluator]; decide many requests. Both are immutable and safe for concurrent use, and
// a decision that matches a few statements does not allocate. Package
// [github.com/rampolicy/ram/eval/world] builds on it: accounts, users, groups and roles,
// STS AssumeRole and role chains, reachability and who-can.
//
// # Precedence
//
// Within one set of policies: any matching Deny statement gives ExplicitDeny; else any
// matching Allow gives Allow; else ImplicitDeny. Statement and policy order never matter.
// The zero [Decision] is ImplicitDeny, and the zero [Result] denies.
//
// A request passes these steps; a step that does not allow ends the evaluation and keeps
// its kind (ExplicitDeny or ImplicitDeny):
//
//  1. The account root (acs:ram::UID:root) is allowed everything on resources of its own
//     account without evaluation, and cannot call sts:AssumeRole.
//  2. Control policies, level by level from the account up to the root folder: each level
//     must allow. They do not apply to the account root or to service-linked roles.
//  3. The session policy, when the principal is a role session that has one.
//  4. Identity policies (decision A) and the resource-based policy (decision B): any
//     ExplicitDeny wins; otherwise either allows. For sts:AssumeRole (in any letter case),
//     and when the resource's account differs from the principal's, A and B must both
//     allow; without a resource policy such a request is an ImplicitDeny. An empty or '*'
//     account in the resource, or a resource that is not an ARN, counts as the
//     principal's own. A cross-account request that only one side allowed is denied at
//     [StageCrossAccount].
//
// # Matching
//
// A statement applies when its Action (or NotAction: every action but those) matches,
// one of its Resource patterns matches (a trust policy without Resource matches any), its
// Principal admits the caller (trust and resource policies), and every condition holds.
// Actions match case-insensitively (ASCII letters); resources and StringLike values
// case-sensitively, except that names of RAM entities are case-insensitive: a resource of
// service ram (acs:ram:...) matches Resource patterns ignoring ASCII case, whatever the
// pattern (so a Deny on role/resourcedirectoryaccountaccessrole covers
// role/ResourceDirectoryAccountAccessRole), and String operators on acs:PrincipalARN
// compare ignoring ASCII case. '*' matches any run of characters across ':' and '/', '?'
// exactly one character; matching is linear in the input.
//
// # Conditions
//
// Values under one key are OR'ed, keys under one operator and operators AND'ed. A key
// absent from the request (or given an empty list) makes positive operators false and
// negated ones (StringNot*, NumericNotEquals, DateNotEquals, NotIpAddress) true;
// ForAllValues: is then true and ForAnyValue: false. A multi-valued key without a set
// prefix holds for a positive operator when any value matches, and for a negated one when
// no value matches any policy value. A request value the operator cannot read (not a
// decimal, not an RFC 3339 time, not an IP address, not true/false) matches nothing.
// Keys are matched case-insensitively. acs:PrincipalARN is derived from the principal, as
// RAM derives it from the authenticated caller: a user's ARN, or for a role session the
// role's ARN. A request with a principal never supplies it, in any letter case and not
// even as an empty list; only a request without a principal may carry its own.
//
// # Principals in trust and resource policies
//
// RAM principals are "*" (any RAM identity), acs:ram::UID:root (every user and role
// session of that account), a user or a role (any of its sessions); names compare
// case-insensitively, accounts exactly. Service principals never match users or roles.
// A federated caller (Request.Provider) matches only a Federated principal naming its
// provider, and the resource policy alone decides its requests.
//
// A service caller (Request.Service, UID@SERVICE: the service acting for account UID)
// matches only a Service principal: SERVICE when UID is the resource's account (for a
// trust policy, the role's account), UID@SERVICE when the UIDs are equal. No RAM
// principal admits it, not even "*", and it has no acs:PrincipalARN. As for a federated
// caller, the resource policy alone decides, with no identity, session or control
// policies: ECS assuming an instance's role is decided by the role's trust policy.
//
// # Errors
//
// Compile errors wrap [ErrCompile] and the policy package's sentinel for the problem.
// An invalid request is never allowed: its Result is an ImplicitDeny whose Err wraps
// [ErrInvalidRequest]. [Code] names any error's kind as the decision-table format does.
//
// # Decisions as data
//
// A [Result] and an [Explanation] marshal to JSON (decision, stage, control level, error
// code and message, deciding statements with policy, index, Sid, line and column; per
// stage and statement the verdicts and condition reasons). The form is stable and
// specified by the JSON Schema decision.schema.json in this package's directory, whose
// $defs other schemas may reference. An Explanation's Result always equals the Result
// Evaluate gives, and one of its stages is the stage that decided.
//
// # Nil values
//
// A nil *Evaluator, a nil *Request or a nil resource *PolicySet never panics: the first
// two are invalid requests (an ImplicitDeny whose Err says what was nil), the last an
// empty set.
//
// # Concurrency
//
// PolicySet and Evaluator are immutable after construction and safe for concurrent use. A Request and its Context are only read by an evaluation.
package eval
