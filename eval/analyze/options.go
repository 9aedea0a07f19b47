package analyze

// Options bound an analysis. Every call's cost is bounded by them: the automata explored
// for one field (MaxStates states, each over at most the set's patterns), the behaviours
// of one context key (MaxBehaviours) and the search over combinations (MaxNodes). A
// bound that is hit is an ErrLimit error, never an answer. The zero value means the
// defaults.
type Options struct {
	MaxStates int // automaton states per field exploration; default 200,000
	// MaxTotalStates bounds the states of all explorations of one call together (resource
	// classes are explored again for each set of live statements); default 5,000,000.
	MaxTotalStates int
	MaxBehaviours  int // distinct behaviours of one context key's value sets; default 4,096
	MaxNodes       int // search nodes; default 2,000,000
	MaxWitnesses   int // witnesses reported per answer; default 3
	// Owner is the account that owns the role (trust policies) or the resource (resource
	// policies): a Service principal written without an account admits the service acting
	// for this account. Empty: every account the policies name and one they do not.
	Owner string
	// MaxValueBytes bounds a context value the analysis considers; default 2,048
	// (eval.MaxValueLength).
	MaxValueBytes int

	budget *int // what is left of MaxTotalStates in the current call
}

func (o *Options) withDefaults() Options {
	var d Options
	if o != nil {
		d = *o
	}
	if d.MaxStates <= 0 {
		d.MaxStates = 200_000
	}
	if d.MaxBehaviours <= 0 {
		d.MaxBehaviours = 4096
	}
	if d.MaxNodes <= 0 {
		d.MaxNodes = 2_000_000
	}
	if d.MaxWitnesses <= 0 {
		d.MaxWitnesses = 3
	}
	if d.MaxValueBytes <= 0 {
		d.MaxValueBytes = 2048
	}
	if d.MaxTotalStates <= 0 {
		d.MaxTotalStates = 5_000_000
	}
	left := d.MaxTotalStates
	d.budget = &left // a fresh budget per call: a copied Options never shares it
	return d
}
