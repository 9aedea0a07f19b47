package main

import "errors"

// errBindingMissing is returned until the RAM binding is written.
var errBindingMissing = errors.New("the RAM authorizer is not implemented yet: it waits for the ram library's arn, policy and eval packages")

// NewRAMAuthorizer builds the Authorizer backed by the ram library from
// the accounts, users, groups, roles and policies in cfg.
//
// TODO(binding): replace this body. The contract the rest of the example
// (and TestEndToEndRAM, BenchmarkTokenEndpoint) relies on:
//
//   - Parse every cfg.Accounts[i].Policies[name] with policy.Parse(doc,
//     policy.Identity) and every Roles[j].TrustPolicy with policy.Trust;
//     return an error naming the account and policy on failure. Build an
//     eval.Directory: users with their own and their groups' policies,
//     roles with trust and permission policies (names refer to the same
//     account's Policies; LoadConfig already checked the references).
//   - Authorize: principal arn.User(p.Account, p.Name) for KindUser; for
//     KindRoleSession use p.Session (what AssumeRole returned). Build one
//     eval.Request per check with the context from rc (keys are
//     acs:SourceIp, acs:SecureTransport, acs:CurrentTime), no resource
//     policy. Map eval.Decision to Effect and Result.DecidedBy() to
//     strings "Policy#Statement(Sid)@Line:Column" (Sid part omitted when
//     empty); tests look for the policy name in them.
//   - AssumeRole: call the directory's AssumeRole for caller (a user, or a
//     role session via caller.Session) with in.RoleARN, in.SessionName,
//     in.Duration and in.Policy (parsed with policy.Session when non-nil).
//     Allow only when both the caller's policies and the role's trust
//     policy allow; put the *eval.Session (or equivalent) in Session.
//     Return an error only for bad input; its text reaches the client.
//   - Be safe for concurrent use.
func NewRAMAuthorizer(cfg *Config) (Authorizer, error) {
	return nil, errBindingMissing
}
