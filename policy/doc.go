// Package policy parses Alibaba Cloud RAM policy documents strictly.
//
// A document is Version "1" and a non-empty Statement list. Four kinds of document exist,
// differing in required elements and size ([Kind]): identity policies (attached to users,
// groups and roles), session policies (passed to AssumeRole), control policies (Resource
// Directory) and trust policies (a role's AssumeRolePolicyDocument). Resource-based
// policies are a fifth kind for completeness.
//
// # Strictness
//
// [Parse] rejects everything RAM's policy checker rejects and a little more, and reports
// the problems in document order, each with its JSON Pointer, line and column ([Error],
// [ErrorList]). Each error wraps one exported sentinel per kind of problem, so
// errors.Is(err, policy.ErrInvalidEffect) works on the list; [Code] names the kind as
// RAM's checker does ("InvalidEffect").
//
// Reading happens in a fixed order, because ordinary JSON decoders disagree about
// duplicate keys (encoding/json keeps the last, gjson the first): first the size (a
// document over its kind's size is reported as PolicyTooLarge after a scan that builds
// nothing); then a strict reader rejects syntax errors (a trailing comma is named at the
// comma), duplicate keys at any depth, over-deep nesting, byte order marks and lone
// surrogates, and records positions; then package policy checks structure (element names,
// JSON types, required elements) and values: versions, effects, actions, ARNs,
// principals (RAM, Service in both its forms, Federated), condition operators, keys and
// values. policy.schema.json publishes the structure as a JSON Schema; Parse does not run
// it, and a test holds that every document Parse accepts satisfies it.
//
// Every way into a [Document] applies the same rules: Parse, [Document.UnmarshalJSON]
// (which needs the Kind set first) and [Document.Validate] for a Document built in code,
// which eval.Compile calls.
//
// # Bounded cost
//
// Parsing takes time linear in the input. A list holds at most [MaxListed] problems and
// counts the rest ([ErrorList.More], "... and N more problems"); JSON Pointers and quoted
// values longer than 64 bytes are shown with their middle elided. So the memory a
// rejection takes is linear in the input with a small constant, and with the default
// limits bounded by the kind's size, whatever the input.
//
// Element names, operator names and "Allow"/"Deny" are case-sensitive. Every scalar is a
// JSON string. NotResource, NotPrincipal and Id are rejected. An empty list counts as a
// missing element. No limit RAM does not have (statements, list lengths, pattern lengths,
// wildcards) rejects a document: its size bounds them all.
//
// # Canonical form
//
// [Document.MarshalJSON] writes a canonical form: keys in a fixed order, every value list
// as an array, conditions grouped by operator and key in sorted order. Parse(Marshal(d))
// gives back d (positions aside, conditions in canonical order). The canonical text can be
// a few characters longer than the text it came from (a single value becomes a
// one-element array; U+2028 and U+2029 are escaped), so a document at its kind's size
// limit may need a larger Limits.MaxSize to be read back.
package policy
