package analyze

import "fmt"

// search looks for requests that the new set allows and the old one does not, over the
// model's options, one dimension at a time. It keeps, per statement, how many of its
// atoms are false (dead) and how many are not yet decided (pending), and cuts a branch
// as soon as its outcome is known: no new Allow can still match, a new Deny matches, or
// the old set allows already.
type search struct {
	m       *model
	dead    []int
	pending []int
	choice  []*dimOption
	found   [][]*dimOption
	want    int
	nodes   int
	max     int
	err     error
	restart bool // after a find, go back to the first dimension for a different one

	// groups[side] lists each stage's Allow and Deny statements. A side allows when every
	// one of its stages allows: some Allow matches and no Deny does (one stage for a
	// single policy set; control levels and identity policies for a principal).
	groups [2][]stage
}

type stage struct{ allows, denies []int }

func (m *model) search(lim Options) ([][]*dimOption, int, error) {
	s := &search{m: m, dead: make([]int, len(m.stmts)), pending: make([]int, len(m.stmts)),
		choice: make([]*dimOption, len(m.dims)), want: lim.MaxWitnesses, max: lim.MaxNodes}
	for sd := range s.groups {
		s.groups[sd] = make([]stage, m.stages[sd])
	}
	for i, st := range m.stmts {
		g := &s.groups[st.side][st.stage]
		if st.allow {
			g.allows = append(g.allows, i)
		} else {
			g.denies = append(g.denies, i)
		}
	}
	for _, d := range m.dims {
		for _, st := range d.atoms {
			s.pending[st]++
		}
	}
	for _, d := range m.dims {
		if d.lazy == nil && len(d.opts) == 0 {
			return nil, 0, nil // no request at all (say, no action matches the query)
		}
	}
	if !s.hopeless() {
		s.dfs(0)
	}
	return s.found, s.nodes, s.err
}

func (s *search) alive(i int) bool { return s.dead[i] == 0 }
func (s *search) holds(i int) bool { return s.dead[i] == 0 && s.pending[i] == 0 }

func (s *search) anyAlive(list []int) bool {
	for _, i := range list {
		if s.alive(i) {
			return true
		}
	}
	return false
}

func (s *search) anyHolds(list []int) bool {
	for _, i := range list {
		if s.holds(i) {
			return true
		}
	}
	return false
}

// allows says, under the choices so far, whether a side surely allows (yes), surely
// does not (no), or may still go either way: three-valued logic over its stages.
func (s *search) allows(side side) (yes, no bool) {
	yes = true
	for _, g := range s.groups[side] {
		gYes := s.anyHolds(g.allows) && !s.anyAlive(g.denies)
		gNo := !s.anyAlive(g.allows) || s.anyHolds(g.denies)
		if gNo {
			return false, true
		}
		yes = yes && gYes
	}
	return yes, false
}

// hopeless reports that no completion of the current choices is a witness: the new
// side surely does not allow, or the old one surely does.
func (s *search) hopeless() bool {
	if _, no := s.allows(sideNew); no {
		return true
	}
	yes, _ := s.allows(sideOld)
	return yes
}

func (s *search) dfs(d int) {
	if s.err != nil || len(s.found) >= s.want {
		return
	}
	s.nodes++
	if s.nodes > s.max {
		s.err = fmt.Errorf("%w: more than %d search nodes", ErrLimit, s.max)
		return
	}
	if d == len(s.m.dims) {
		// Every atom is decided, so each side's answer is known.
		if yes, _ := s.allows(sideNew); yes {
			s.found = append(s.found, append([]*dimOption(nil), s.choice...))
			s.restart = true
		}
		return
	}
	dm := &s.m.dims[d]
	var live []int // atoms of statements still alive
	for a, st := range dm.atoms {
		if s.alive(st) {
			live = append(live, a)
		}
	}
	opts := dm.opts
	if dm.lazy != nil {
		var err error
		if opts, err = dm.lazy(live); err != nil {
			s.err = err
			return
		}
	}
	seen := map[string]bool{}
	for oi := range opts {
		o := &opts[oi]
		key := make([]byte, len(live))
		for j, a := range live {
			if o.bits.has(a) {
				key[j] = 1
			}
		}
		if seen[string(key)] {
			continue // same as an option already tried, for every statement that matters
		}
		seen[string(key)] = true
		for _, a := range live {
			st := dm.atoms[a]
			s.pending[st]--
			if !o.bits.has(a) {
				s.dead[st]++
			}
		}
		s.choice[d] = o
		if !s.hopeless() {
			s.dfs(d + 1)
		}
		for _, a := range live {
			st := dm.atoms[a]
			s.pending[st]++
			if !o.bits.has(a) {
				s.dead[st]--
			}
		}
		if s.err != nil || len(s.found) >= s.want {
			return
		}
		if s.restart && d > 0 {
			return
		}
		s.restart = false
	}
}
