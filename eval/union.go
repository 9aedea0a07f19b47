package eval

import (
	"fmt"
	"reflect"
)

// Union returns a set holding the policies of every given set, without compiling them
// again. Nil sets are skipped. Policy names must stay unique, except that the same
// policy from two sets (same name, same statements) is kept once; so is a set given
// twice.
//
// A united set shares its parts' compiled statements (their patterns, conditions and
// principals) and is indexed from their indexes, not from scratch: all of it is
// immutable once Compile returns, so no set can see a change through another. For the
// same reason, when one set already holds every policy of the union (the others are
// nil, empty or hold only policies it holds too), Union returns that set itself.
func Union(sets ...*PolicySet) (*PolicySet, error) {
	// keep[k][j] says whether policy j of the k-th non-nil set is taken from it.
	var parts []*PolicySet
	var keep [][]bool
	from := map[string]*PolicySet{}
	names, stmts := 0, 0
	for _, s := range sets {
		if s == nil {
			continue
		}
		k := make([]bool, len(s.names))
		for j, name := range s.names {
			if prev, ok := from[name]; ok {
				if prev != s && !samePolicy(prev, s, name) {
					return nil, fmt.Errorf("%w: two different policies named %q", ErrCompile, name)
				}
				continue
			}
			from[name] = s
			k[j] = true
			names++
		}
		parts, keep = append(parts, s), append(keep, k)
	}
	var whole *PolicySet // a part that holds every policy of the union, if one does
	for i, s := range parts {
		n := 0
		for _, kept := range keep[i] {
			if kept {
				n++
			}
		}
		if n == names && n == len(s.names) {
			whole = s
		}
		if n > 0 && n == len(s.names) {
			stmts += len(s.stmts)
		} else if n > 0 {
			stmts += countKept(s, keep[i])
		}
	}
	if whole != nil {
		return whole, nil // immutable: sharing it is sharing its parts, as below
	}
	out := &PolicySet{names: make([]string, 0, names), stmts: make([]statement, 0, stmts)}
	remaps := make([][]int32, len(parts))
	for i, s := range parts {
		remap := make([]int32, len(s.stmts))
		j := 0
		for id := range s.stmts {
			// A set holds its statements policy by policy, in the order of its names.
			for s.stmts[id].ref.Policy != s.names[j] {
				j++
			}
			if !keep[i][j] {
				remap[id] = -1
				continue
			}
			remap[id] = int32(len(out.stmts))
			out.stmts = append(out.stmts, s.stmts[id])
		}
		for j, name := range s.names {
			if keep[i][j] {
				out.names = append(out.names, name)
			}
		}
		remaps[i] = remap
	}
	out.mergeIndex(parts, remaps)
	return out, nil
}

// countKept counts the statements of s's kept policies.
func countKept(s *PolicySet, keep []bool) int {
	n, j := 0, 0
	for id := range s.stmts {
		for s.stmts[id].ref.Policy != s.names[j] {
			j++
		}
		if keep[j] {
			n++
		}
	}
	return n
}

// samePolicy reports whether a and b hold the same compilation of the policy name: the
// statements of the same Document, compiled to the same thing. The Document's address
// alone is not enough: a Document edited and compiled again is another policy, and
// keeping either one silently could drop the other's Deny.
func samePolicy(a, b *PolicySet, name string) bool {
	var sa, sb []*statement
	for i := range a.stmts {
		if a.stmts[i].ref.Policy == name {
			sa = append(sa, &a.stmts[i])
		}
	}
	for i := range b.stmts {
		if b.stmts[i].ref.Policy == name {
			sb = append(sb, &b.stmts[i])
		}
	}
	if len(sa) != len(sb) {
		return false
	}
	for i := range sa {
		// Compiling is deterministic, so equal compilations of one statement are deeply
		// equal; this runs only when two different sets name one policy.
		if sa[i].src != sb[i].src || !reflect.DeepEqual(*sa[i], *sb[i]) {
			return false
		}
	}
	return true
}
