// Package analyze answers change-safety questions about RAM policies exactly, with a
// concrete request as proof:
//
//   - NoNewAccess (and Compare, both ways): does a new policy set allow any request the
//     old one does not?
//   - AccessNotGranted: does a set ever allow one of some actions on one of some
//     resources (patterns)?
//   - NoExternalAccess: does a trust or resource policy admit any caller outside some
//     accounts?
//   - PrincipalNoNewAccess (and ComparePrincipal): may a user or role make any request
//     in its new state that it could not make in its old one? Its account's control
//     levels and its identity policies are stages that must each allow, as
//     eval.Evaluator combines them.
//   - CompareWorlds: between two directories, which users and roles gain or lose access
//     (PrincipalNoNewAccess for each) and which AssumeRole chains appear.
//
// A set is compared as one evaluation step, eval.PolicySet's Evaluate: Deny wins, then
// Allow, else ImplicitDeny. A principal is compared as eval.Evaluator decides its own
// requests: every control level, then its identity policies, on resources of its own
// account (the cross-account rule needs a resource policy), sts:AssumeRole left out (a
// trust policy decides it: compare those with NoNewAccess). Session policies, resource
// policies and the account root (allowed everything on its account) are not modelled.
//
// # Answers
//
// A Result with Pass true means no request exists. Otherwise its Witnesses are requests
// with both decisions; each is run through package eval before it is reported, and a
// disagreement is the error ErrUnconfirmed, never an answer. An analysis that cannot
// decide within its Options returns ErrLimit; an input it does not decide exactly returns
// ErrUndecided. No error is ever a PASS.
//
// # How
//
// A request is an action, a resource, a caller (trust and resource policies) and a
// context. Each is cut into finitely many classes of values that every statement of both
// sets treats alike; searching one value per class is searching every request.
//
//   - Actions, resources and caller ARNs: every pattern (Action, NotAction, Resource,
//     RAM principals, the String values of conditions on acs:PrincipalARN) is a regular
//     language. The deterministic product of the patterns' position automata and an
//     automaton of the valid field (a request action as eval accepts it, a non-empty
//     resource, a principal ARN) is explored shortest-first in bytes, up to the field's
//     length limit, over an alphabet of the runes the patterns name plus one
//     representative per character class they do not: each reachable set of accepting
//     patterns is a class, with a witness string. This is containment decided, not
//     sampled.
//   - Context keys: for each key, its request values fall into classes (see valueReps):
//     the String languages of its values, numeric and date intervals between the
//     policy's values, IP prefixes outside their sub-prefixes, Bool's true/false, and an
//     unreadable value. A request carries a key absent or as a non-empty set of values;
//     sets are explored class by class and kept by their effect on every condition, set
//     prefixes (ForAllValues, ForAnyValue) and negated operators included.
//   - The search assigns one dimension at a time and cuts a branch when its outcome is
//     known: no Allow of the new set can still match, a Deny of the new set matches, or
//     the old set allows. Resource classes are explored for the statements still alive
//     once the action is chosen.
//
// # Decided exactly
//
// Every request eval accepts: actions of SERVICE:NAME (ASCII, case folded), resources up
// to eval.MaxResourceLength bytes, context values up to Options.MaxValueBytes bytes,
// any number of keys and values. Patterns with '*' and '?' anywhere; every operator
// family and set prefix of semantics.md; absent keys and empty lists; several values per
// key. A witness the model builds that is not a valid eval.Request (more than
// eval.MaxContextKeys keys, say) is ErrUndecided; since the model's requests include all
// valid ones, a PASS stays exact. For a principal, its resources are restricted to its
// own account exactly as eval reads a resource's account (an automaton over the ARN's
// fields), and acs:PrincipalARN is the principal's.
//
// CompareWorlds' AssumeRole chains are world.Reach's under an empty context: a chain
// that needs some context to exist is not reported (this part is not exact).
//
// Callers of trust and resource policies: every RAM root, user and role (session) of
// every account (names compared with Unicode simple folding, as eval does), every
// service acting for every account (SERVICE admits the owner's account, UID@SERVICE
// account UID; the owner is Options.Owner, or every account the policies name and one
// they do not), every federated identity provider (eval.Request.Provider). Witnesses
// with a service caller are decided by this package's model, not by eval, whose Request
// has no such caller yet; Witness.Checked says so.
//
// acs:PrincipalARN: in trust and resource policies it is the caller's ARN (a role
// session's role), never taken from the context. In identity, session and control
// policies a request without a principal may carry any value, so the key is free there.
//
// Case rules of semantics.md that eval may not follow yet (acs:ram: resources and String
// operators on acs:PrincipalARN compared ASCII-case-insensitively) are followed as eval
// follows them: the package asks eval once (see probe.go).
//
// # Not decided (ErrUndecided)
//
//   - A context key compared by operators of two families (StringLike and NumericEquals
//     on one key): the interplay of a string language with number syntax is not modelled.
//   - A StringEqualsIgnoreCase value holding U+FFFD (strings.EqualFold reads an invalid
//     request byte as U+FFFD).
//   - A pattern that is not valid UTF-8 (only possible in documents built in code).
//
// # Cost
//
// The exploration of one field costs (states x alphabet x patterns alive in a state);
// states are bounded by Options.MaxStates. Resource patterns of one service starting
// with a star can be matched together in any combination, so k of them alive at once
// give up to 2^k classes: the bound is reached, not the memory. The search visits at
// most Options.MaxNodes nodes, and all explorations of a call together at most
// Options.MaxTotalStates states; a key's value sets at most Options.MaxBehaviours
// behaviours. Every call is bounded by these.
package analyze
