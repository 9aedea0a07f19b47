package main

import "errors"

// errBindingMissing is returned until the RAM binding is written.
var errBindingMissing = errors.New("the RAM authorizer is not implemented yet: it waits for the ram library's arn, policy and eval packages")

// NewRAMAuthorizer builds the Authorizer backed by the ram library from
// the accounts, users, groups, roles and policies in cfg.
//
// TODO(binding): replace this body. The contract the rest of the example
// (and TestEndToEndRAM, BenchmarkTokenEndpoint) relies on, written against
// the eval API as it stood when this was written (check it again):
//
//   - Parse every cfg.Accounts[i].Policies[name] with policy.Parse(doc,
//     policy.Identity) and every Roles[j].TrustPolicy with policy.Trust
//     (an error names the account and policy). Build eval.NewDirectory
//     from []eval.Account{ID, Users{Name, Policies, Groups}, Groups{Name,
//     Policies}, Roles{Name, Trust, Policies, MaxSessionDuration (seconds)}}.
//     Names refer to the same account's Policies; LoadConfig already
//     checked the references.
//   - Authorize: the identity is d.Identity(arn.User(p.Account, p.Name))
//     for KindUser (cache it), or p.Session.(*eval.Identity) for
//     KindRoleSession. For each check, id.Evaluate(d, &eval.Request{
//     Principal: id.ARN(), Action, Resource, Context:
//     eval.NewContext(rc)}, nil). Effect values equal eval.Decision
//     values; DecidedBy is Result.DecidedBy() rendered with
//     StatementRef.String() ("Policy#N (Sid) at L:C"); tests look for the
//     policy name in it. A Result.Err is an error.
//   - AssumeRole: hop := d.AssumeRole(callerIdentity, eval.AssumeRoleInput{
//     RoleArn: in.RoleARN, SessionName: in.SessionName, DurationSeconds:
//     int(in.Duration.Seconds()), Policy: in.Policy, Context:
//     eval.NewContext(rc)}). hop.Err is bad input (return it; its text
//     reaches the client); otherwise Decision from hop.Result and
//     Session = hop.Session when hop.Allowed().
//   - Be safe for concurrent use.
func NewRAMAuthorizer(cfg *Config) (Authorizer, error) {
	return nil, errBindingMissing
}
