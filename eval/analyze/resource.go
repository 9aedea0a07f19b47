package analyze

import (
	"fmt"
	"strings"

	"github.com/rampolicy/ram/eval"
)

// The resource dimension.

func (m *model) resourceDim(q query, lim Options) error {
	d := dim{name: "resource"}
	var idx [][]string // each atom's patterns
	for i, s := range m.stmts {
		if s.src.Resources == nil {
			continue
		}
		d.atoms = append(d.atoms, i)
		idx = append(idx, s.src.Resources)
	}
	for _, r := range q.resources {
		if r == "" {
			return fmt.Errorf("%w: an empty resource pattern", ErrInput)
		}
	}
	// Resource patterns usually start with a service and a star ("acs:oss:*:..."), and a
	// star crosses ':' and '/': strings matching any subset of them exist, so the cells of
	// all of a set's patterns together can be exponentially many. Only the statements
	// still alive once the action is chosen matter, so the cells are explored per set of
	// live statements, and cached.
	cache := map[string][]dimOption{}
	d.lazy = func(live []int) ([]dimOption, error) {
		var ps patterns
		lidx := make([][]int, len(live))
		for j, a := range live {
			for _, r := range idx[a] {
				lidx[j] = append(lidx[j], ps.add(r))
			}
		}
		var qidx []int
		for _, r := range q.resources {
			qidx = append(qidx, ps.add(r))
		}
		key := strings.Join(ps.src, "\x00") + "\x01" + fmt.Sprint(live)
		if opts, ok := cache[key]; ok {
			return opts, nil
		}
		cells, err := resourceCells(ps.src, q.caller.Account(), lim)
		if err != nil {
			return nil, err
		}
		text := resourceText(ps.src, q.caller.Account())
		var opts []dimOption
		seen := map[string]bool{}
		for _, c := range cells {
			if q.resources != nil && !anyBit(c.bits, qidx) {
				continue
			}
			bits := newBitset(len(d.atoms))
			for j, a := range live {
				if anyBit(c.bits, lidx[j]) {
					bits.set(a)
				}
			}
			if k := string(bits.key()); !seen[k] {
				seen[k] = true
				opts = append(opts, dimOption{bits: bits, cell: c.bits, text: text, resource: c.witness})
			}
		}
		if len(cache) < 4096 {
			cache[key] = opts
		}
		return opts, nil
	}
	m.dims = append(m.dims, d)
	return nil
}

// resourceCells explores the resource patterns: twice when acs:ram: resources fold case
// (once for them, with the patterns folded, once for the others).
func resourceCells(src []string, account string, lim Options) ([]cell, error) {
	var cells []cell
	for _, ram := range []bool{false, true} {
		if ram && !ramResourcesFold {
			break // the evaluator matches every resource case-sensitively: one exploration
		}
		f := foldNone
		if ram {
			f = foldASCII // semantics.md: acs:ram: resources match ASCII-case-insensitively
		}
		pats := make([]pat, len(src))
		for i, s := range src {
			p, err := wildcardPat(s, f)
			if err != nil {
				return nil, err
			}
			pats[i] = p
		}
		v := validity(resourceValid{ram: ram})
		if !ramResourcesFold {
			v = anyString{nonEmpty: true}
		}
		if account != "" {
			v = both{v, sameAccount{account: account}}
		}
		cs, err := explore(pats, v, langLimits{maxBytes: eval.MaxResourceLength, maxStates: lim.MaxStates, budget: lim.budget})
		if err != nil {
			return nil, fmt.Errorf("resources: %w", err)
		}
		cells = append(cells, cs...)
	}
	return cells, nil
}
