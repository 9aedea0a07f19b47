package eval

import (
	"fmt"

	"github.com/rampolicy/ram/policy"
)

// Union returns a set holding the policies of every given set, without compiling them
// again. Nil sets are skipped. Policy names must stay unique, except that the same
// policy from two sets (same name, same statements) is kept once.
func Union(sets ...*PolicySet) (*PolicySet, error) {
	out := &PolicySet{}
	from := map[string]*PolicySet{}
	for _, s := range sets {
		if s == nil {
			continue
		}
		for _, name := range s.names {
			if prev, ok := from[name]; ok && prev != s {
				if !samePolicy(prev, s, name) {
					return nil, fmt.Errorf("%w: two different policies named %q", ErrCompile, name)
				}
				continue
			}
			from[name] = s
			out.names = append(out.names, name)
			for _, st := range s.stmts {
				if st.ref.Policy == name {
					out.stmts = append(out.stmts, st)
				}
			}
		}
	}
	out.buildIndex()
	return out, nil
}

// samePolicy reports whether two sets hold the same policy under name: the same
// statements, compiled from the same source statements.
func samePolicy(a, b *PolicySet, name string) bool {
	var sa, sb []*policy.Statement
	for i := range a.stmts {
		if a.stmts[i].ref.Policy == name {
			sa = append(sa, a.stmts[i].src)
		}
	}
	for i := range b.stmts {
		if b.stmts[i].ref.Policy == name {
			sb = append(sb, b.stmts[i].src)
		}
	}
	if len(sa) != len(sb) {
		return false
	}
	for i := range sa {
		if sa[i] != sb[i] {
			return false
		}
	}
	return true
}
