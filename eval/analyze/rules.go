package analyze

// The rules of semantics.md that decide which requests exist and how names compare, as
// package eval applies them; the analysis must agree with the evaluator on every
// request, and TestEvaluatorFollowsTheRules checks that eval still follows these.
const (
	// ramResourcesFold: an acs:ram: resource matches Resource patterns ignoring ASCII
	// case ("Names of RAM entities", rule 1).
	ramResourcesFold = true
	// ramServiceFolds: a resource that starts with "acs:", the service "ram" in any
	// letter case and ':' (acs:RAM:...) is a RAM resource too; "ACS:" is no ARN prefix.
	ramServiceFolds = true
	// principalARNFolds: String operators on acs:PrincipalARN ignore ASCII case (rule 2).
	principalARNFolds = true
	// nonASCIIActions: false, a request action with a character outside ASCII is an
	// invalid request ("Requests"), so no such request exists to be a witness.
	nonASCIIActions = false
)
