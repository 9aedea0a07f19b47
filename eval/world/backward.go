package world

// Reach's backward pass. Before its forward search evaluates any hop, Reach marks, from
// the target backwards over the trust index, the roles from which the target could be
// reached at all within the hops left; the forward search then skips every other role.
// See World.reach for why this changes no answer.

// reachScratch is the working memory of one Reach, kept in the graph's pool between
// searches: sized by the world's roles, it would otherwise be allocated (and the whole
// heap, the world included, scanned by the GC more often) on every query.
type reachScratch struct {
	dist     []int32  // per role index: 1 + hops to the target, 0 when not within the bound
	marked   []int32  // the roles whose dist is set, in order: the pass's queue
	acctDone []bool   // per account index: its roles were marked
	seen     []uint32 // per role index: the candidates call that listed it last (see gen)
	gen      uint32
	out      []int32 // candidates' result
	visited  []bool  // per role index: the forward search has reached it
	reached  []int32 // the roles visited, in order
}

func (g *graph) getScratch() *reachScratch {
	if s, ok := g.scratch.Get().(*reachScratch); ok {
		return s
	}
	return &reachScratch{dist: make([]int32, len(g.roles)), acctDone: make([]bool, len(g.acctRoles)),
		seen: make([]uint32, len(g.roles)), visited: make([]bool, len(g.roles))}
}

// putScratch clears what the search set and returns the scratch to the pool.
func (g *graph) putScratch(s *reachScratch) {
	for _, i := range s.marked {
		s.dist[i] = 0
	}
	for _, i := range s.reached {
		s.visited[i] = false
	}
	clear(s.acctDone)
	s.marked, s.reached, s.out = s.marked[:0], s.reached[:0], s.out[:0]
	g.scratch.Put(s)
}

// nextGen starts a candidates call: a role is listed once per call.
func (s *reachScratch) nextGen() uint32 {
	s.gen++
	if s.gen == 0 { // wrapped: forget every earlier call
		clear(s.seen)
		s.gen = 1
	}
	return s.gen
}

// towards is the backward pass: it sets s.dist for every role that could reach target in
// at most limit hops to 1 + the fewest such hops (the target's is 1). A hop c -> r counts
// here whenever r is among c's candidates, so this over-approximates the hops AssumeRole
// allows (it ignores identity policies, conditions and Deny statements): a role that
// cannot reach the target here cannot reach it at all. Its cost is one visit of each role
// within the bound and of each trusted account once, not an evaluation.
func (g *graph) towards(s *reachScratch, target *role, limit int) {
	mark := func(lo, hi, d int32) { // roles[lo:hi] are d-1 hops from the target, or nearer
		for j := lo; j < hi; j++ {
			if s.dist[j] == 0 {
				s.dist[j] = d
				s.marked = append(s.marked, j)
			}
		}
	}
	allDone := false
	t := g.roleIdx[target]
	mark(t, t+1, 1)
	// Breadth first, so a role's first mark is its fewest hops, and an account's roles
	// (or every role, for "*") need marking once only.
	for next := 0; next < len(s.marked); next++ {
		i := s.marked[next]
		d := s.dist[i]
		if int(d-1) >= limit {
			continue // the roles that could call it would be too far from the target
		}
		adm := g.admits[i]
		if adm.anyRAM {
			if !allDone {
				allDone = true
				mark(0, int32(len(g.roles)), d+1)
			}
			continue
		}
		for _, ref := range g.admitRefs[adm.from:adm.to] {
			if ref >= 0 {
				mark(ref, ref+1, d+1)
			} else if a := -1 - ref; !s.acctDone[a] {
				s.acctDone[a] = true
				mark(g.acctRoles[a][0], g.acctRoles[a][1], d+1)
			}
		}
	}
}

// within reports whether role i can reach the target in at most left hops.
func (s *reachScratch) within(i int32, left int) bool {
	v := s.dist[i]
	return v != 0 && int(v-1) <= left
}

// anyWithin reports whether any of roles can reach the target in at most left hops.
func (s *reachScratch) anyWithin(roles []int32, left int) bool {
	for _, i := range roles {
		if s.within(i, left) {
			return true
		}
	}
	return false
}

// visit marks role i reached by the forward search.
func (s *reachScratch) visit(i int32) {
	s.visited[i] = true
	s.reached = append(s.reached, i)
}
