package eval

// DecideReference is Evaluate without its fast path for the usual configuration: every
// request goes through decide's stages. The fast path's property test compares the two.
func DecideReference(e *Evaluator, req *Request, resource *PolicySet) Result {
	if err := req.Validate(); err != nil {
		return Result{Stage: StageInvalid, Err: err}
	}
	st := newReqState(req)
	return e.decide(&st, resource, nil)
}
