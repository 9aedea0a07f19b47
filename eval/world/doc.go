// Package world models the accounts of Alibaba Cloud RAM: users, groups, roles, their
// policies, trust policies and Resource Directory control policies. It decides their
// requests with package eval, simulates STS AssumeRole, AssumeRoleWithSAML and
// AssumeRoleWithOIDC and chains of them, and answers reachability (World.Reach) and
// who-can (World.WhoCan) questions.
//
// # World files
//
// Load, LoadFile and LoadOptions.Read build a World from a JSON world file: the
// "policies" and "directory" of a decision table, each policy written inline or kept in
// its own file. They return the file's named Policies too, so that a caller can decide
// with a policy by name (a session policy, a resource policy, an extra identity
// policy). Reading is strict, and every error is a *LoadError that names the file, the
// JSON Pointer, the line and the column. See LoadOptions for the format.
//
// # Callers
//
// A Caller is a user, an account root or a role session of a World, bound to it: its
// Evaluate and Explain decide with the caller's identity policies, its account's control
// policies and (for sessions) its session policy, and for sts:AssumeRole on a role of the
// world, with that role's trust policy. World.Evaluate does the same for a request whose
// Principal names the caller.
//
// # Role assumption
//
// AssumeRole checks its parameters in a fixed order, each failure a distinct error
// ([ErrRootCannotAssumeRole] ... [ErrInvalidSourceIdentity]), then the caller's identity
// policies and the role's trust policy must both allow. The trust policy sees
// sts:ExternalId and sts:SourceIdentity only from the call's parameters (and a carried
// SourceIdentity): values under those keys in the call's context are dropped. A chained
// session has the new role's permissions only; a SourceIdentity, once set, is carried and
// may not change.
//
// # Services as callers
//
// An Alibaba Cloud service acting for an account is a caller too (World.ServiceCaller,
// written UID@SERVICE): ECS assuming the role attached to an instance of account UID is
// 1111111111111111@ecs.aliyuncs.com calling AssumeRole. It has no policies of its own; the
// role's trust policy alone decides, and only a Service principal admits it: SERVICE when
// the role is in account UID, UID@SERVICE when the UIDs are equal. The parameter checks are
// those of any caller, no control policy of the role's account gates the call, and the
// session it gets is an ordinary role session. World.ReachService starts a search from a
// service, and World.WhoCan reports services (Reached.Service) beside users and roles.
//
// # Reach and who-can
//
// Every hop of a search is a full AssumeRole decision with no session policy, no
// ExternalId and no SourceIdentity, under the query's context. Searches never loop and
// stop at MaxHops; each (caller, role) edge is decided at most once per query.
//
// # Concurrency
//
// World and Caller are immutable after construction and safe for concurrent use.
package world
