package eval

// PolicySet is a compiled, indexed set of policies: the unit of one evaluation step
// (a principal's identity policies, a session policy, one control-policy level, a
// resource policy). It is immutable and safe for concurrent use; a nil *PolicySet is an
// empty set.
//
// How it is indexed, so that a decision looks only at statements that could match, is
// described in index.go.
//
// Immutability is what lets sets share memory: a united set shares its parts'
// compiled statements (patterns, conditions, principals) and Union may return a part
// itself; a set's pattern lists are carved from one slice, its buckets and always list
// from another (each capped at its length). Nothing writes to a set, its statements or
// its index once Compile or Union has returned it; code that would must copy first.
type PolicySet struct {
	names   []string
	stmts   []statement
	actions keyTable // literal action prefixes, lower-cased
	tokens  keyTable // complete resource tokens
	always  []int32
	// multi marks statements filed under more than one token: one request may find them
	// twice, so recording them checks for duplicates. No other statement can be found
	// twice (see buildIndex), and recording those skips the check.
	multi []bool
}

// Names returns the names of the set's policies in the order given to Compile.
func (ps *PolicySet) Names() []string {
	if ps == nil {
		return nil
	}
	return append([]string(nil), ps.names...)
}

// Len returns the number of statements in the set.
func (ps *PolicySet) Len() int {
	if ps == nil {
		return 0
	}
	return len(ps.stmts)
}

// Evaluate decides the request against this one set: ExplicitDeny when a Deny statement
// matches, else Allow when an Allow statement matches, else ImplicitDeny. It is the basic
// step of RAM's evaluation; Evaluator.Evaluate combines such steps.
func (ps *PolicySet) Evaluate(req *Request) Result {
	if err := req.Validate(); err != nil {
		return Result{Stage: StageInvalid, Err: err}
	}
	st := newReqState(req)
	var rec recorder
	out := ps.eval(&st, &rec)
	switch {
	case out.denied:
		return rec.denies.result(ExplicitDeny, StageIdentity, 0)
	case out.allowed:
		return rec.allows.result(Allow, StageIdentity, 0)
	}
	return Result{Stage: StageIdentity}
}
