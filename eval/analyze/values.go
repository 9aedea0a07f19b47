package analyze

import (
	"fmt"
	"math/big"
	"net/netip"
	"sort"
	"time"

	"github.com/rampolicy/ram/internal/condval"
	"github.com/rampolicy/ram/policy"
)

// A key's request values fall into finitely many classes: values that every condition on
// the key treats alike. valueReps returns one representative per class (possibly a few
// per class; callers merge equal behaviours). Exactness rests on each family's argument:
//
//   - String: the exploration of the languages of every value (literal, case-folded,
//     StringLike pattern) yields one string per set of languages it belongs to.
//   - Numeric: the readable numbers split into the policy's numbers and the open
//     intervals between and around them; one number each (midpoints are exact decimals),
//     plus one unreadable value.
//   - Date: the same over instants at nanosecond resolution (an interval of one
//     nanosecond holds nothing); ends beyond the readable range are empty.
//   - IP: prefixes are nested or disjoint, so an address's class is its deepest
//     containing prefix; one address per prefix outside its sub-prefixes, one outside
//     all (IPv4 and IPv6 apart; IPv4-mapped IPv6 addresses are IPv4), plus unreadable.
//   - Bool: true, false, unreadable.
//
// A key compared by operators of two families (say StringLike and NumericLessThan) is not
// decided: ErrUndecided.
func valueReps(conds []*cond, lim Options) ([]string, error) {
	fam := policy.Family(0)
	for _, c := range conds {
		f := c.Op.Family()
		if fam != 0 && f != fam {
			return nil, fmt.Errorf("%w: context key %q is compared by operators of two families (%s, %s)",
				ErrUndecided, conds[0].name, conds[0].Op, c.Op)
		}
		fam = f
	}
	switch fam {
	case policy.FamilyString:
		var pats []pat
		for _, c := range conds {
			ps, err := c.stringPats()
			if err != nil {
				return nil, err
			}
			pats = append(pats, ps...)
		}
		cells, err := explore(pats, anyString{}, langLimits{maxBytes: lim.MaxValueBytes, maxStates: lim.MaxStates, budget: lim.budget})
		if err != nil {
			return nil, fmt.Errorf("context key %q: %w", conds[0].name, err)
		}
		out := make([]string, len(cells))
		for i, c := range cells {
			out[i] = c.witness
		}
		return out, nil
	case policy.FamilyNumeric:
		return numericReps(conds), nil
	case policy.FamilyDate:
		return dateReps(conds), nil
	case policy.FamilyBool:
		return []string{"true", "false", "unreadable"}, nil
	case policy.FamilyIP:
		return ipReps(conds), nil
	}
	return nil, fmt.Errorf("%w: context key %q has no known operator family", ErrInput, conds[0].name)
}

func numericReps(conds []*cond) []string {
	var rats []*big.Rat
	prec := 0
	for _, c := range conds {
		for _, v := range c.vals {
			r, ok := new(big.Rat).SetString(v)
			if !ok {
				continue // newCond read it; SetString reads every -?D(.D)? spelling
			}
			rats = append(rats, r)
			if i := indexByte(v, '.'); i >= 0 && len(v)-i-1 > prec {
				prec = len(v) - i - 1
			}
		}
	}
	sort.Slice(rats, func(i, j int) bool { return rats[i].Cmp(rats[j]) < 0 })
	out := []string{"unreadable"}
	one := big.NewRat(1, 1)
	two := big.NewRat(2, 1)
	for i, r := range rats {
		out = append(out, r.FloatString(prec))
		if i+1 < len(rats) && rats[i+1].Cmp(r) > 0 {
			mid := new(big.Rat).Add(r, rats[i+1])
			mid.Quo(mid, two)
			out = append(out, mid.FloatString(prec+1))
		}
	}
	if len(rats) > 0 {
		out = append(out, new(big.Rat).Sub(rats[0], one).FloatString(prec),
			new(big.Rat).Add(rats[len(rats)-1], one).FloatString(prec))
	}
	return out
}

func indexByte(s string, b byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == b {
			return i
		}
	}
	return -1
}

var nanos = big.NewInt(1e9)

func instantInt(t condval.Instant) *big.Int {
	n := new(big.Int).Mul(big.NewInt(t.Sec), nanos)
	return n.Add(n, big.NewInt(int64(t.Nsec)))
}

// formatInstant writes the instant (nanoseconds since the epoch) as RFC 3339 that
// condval.ParseDate reads back to the same instant, or "" when no spelling does (the
// instant is outside the readable range).
func formatInstant(n *big.Int) string {
	sec, ns := new(big.Int).DivMod(n, nanos, new(big.Int))
	if !sec.IsInt64() {
		return ""
	}
	t := time.Unix(sec.Int64(), ns.Int64())
	want := condval.Instant{Sec: sec.Int64(), Nsec: int32(ns.Int64())}
	const span = 23*3600 + 59*60
	for _, zone := range []*time.Location{time.UTC, time.FixedZone("", span), time.FixedZone("", -span)} {
		s := t.In(zone).Format("2006-01-02T15:04:05.999999999Z07:00")
		if got, ok := condval.ParseDate(s); ok && got == want {
			return s
		}
	}
	return ""
}

func dateReps(conds []*cond) []string {
	var ns []*big.Int
	for _, c := range conds {
		for _, d := range c.Dates {
			ns = append(ns, instantInt(d))
		}
	}
	sort.Slice(ns, func(i, j int) bool { return ns[i].Cmp(ns[j]) < 0 })
	out := []string{"unreadable"}
	add := func(n *big.Int) {
		if s := formatInstant(n); s != "" {
			out = append(out, s)
		}
	}
	for i, n := range ns {
		add(n)
		if i+1 < len(ns) {
			gap := new(big.Int).Sub(ns[i+1], n)
			if gap.Cmp(big.NewInt(2)) >= 0 {
				add(new(big.Int).Add(n, gap.Rsh(gap, 1)))
			}
		}
	}
	if len(ns) > 0 {
		add(new(big.Int).Sub(ns[0], big.NewInt(1)))
		add(new(big.Int).Add(ns[len(ns)-1], big.NewInt(1)))
	}
	return out
}

// mapped is the IPv4-mapped IPv6 block: its addresses are read as IPv4.
var mapped = netip.MustParsePrefix("::ffff:0:0/96")

func ipReps(conds []*cond) []string {
	var pfx []netip.Prefix
	for _, c := range conds {
		pfx = append(pfx, c.Prefixes...)
	}
	roots := []netip.Prefix{netip.MustParsePrefix("0.0.0.0/0"), netip.MustParsePrefix("::/0")}
	out := []string{"unreadable"}
	for _, p := range append(roots, pfx...) {
		var kids []netip.Prefix
		for _, q := range pfx {
			if q.Addr().Is4() == p.Addr().Is4() && q.Bits() > p.Bits() && p.Contains(q.Addr()) {
				kids = append(kids, q)
			}
		}
		if p.Addr().Is6() {
			kids = append(kids, mapped)
		}
		if a, ok := gapIn(p, kids); ok {
			out = append(out, a.String())
		}
	}
	return out
}

// gapIn returns an address of p outside every prefix of kids.
func gapIn(p netip.Prefix, kids []netip.Prefix) (netip.Addr, bool) {
	sort.Slice(kids, func(i, j int) bool { return kids[i].Addr().Less(kids[j].Addr()) })
	a := p.Masked().Addr()
	for _, k := range kids {
		if !p.Contains(k.Addr()) {
			continue
		}
		if a.Less(k.Addr()) {
			return a, true
		}
		if last := lastAddr(k); !last.Less(a) {
			a = last.Next()
			if !a.IsValid() {
				return a, false
			}
		}
	}
	return a, p.Contains(a)
}

func lastAddr(p netip.Prefix) netip.Addr {
	b := p.Masked().Addr().AsSlice()
	for i := p.Bits(); i < len(b)*8; i++ {
		b[i/8] |= 0x80 >> (i % 8)
	}
	a, _ := netip.AddrFromSlice(b)
	return a
}

// behaviour is what a key's request values do to the conditions on the key: for a set S
// of values, which conditions match some value (orM), hold for some value (orH) and hold
// for every value (andH). Every condition's verdict follows from these three.
type behaviour struct {
	orM, orH, andH bitset
	vals           []string
}

// keyOption is one way a request can carry a key, as the search sees it.
type keyOption struct {
	holds  bitset // over the key's conditions
	absent bool
	vals   []string
}

// keyOptions returns the distinct ways the request can treat the conditions on one key:
// absent, or any non-empty set of values. Sets of values are explored by adding one
// class at a time, keeping one set per distinct behaviour, which reaches every behaviour
// (a behaviour of S ∪ {v} follows from S's and v's). ErrLimit beyond lim.MaxBehaviours.
func keyOptions(conds []*cond, reps []string, lim Options) ([]keyOption, error) {
	n := len(conds)
	neg := newBitset(n)
	for i, c := range conds {
		if c.Op.Negated() {
			neg.set(i)
		}
	}
	type class struct {
		m, h bitset
		rep  string
	}
	var classes []class
	seenClass := map[string]bool{}
	for _, r := range reps {
		m := newBitset(n)
		for i, c := range conds {
			if c.Matches(r) {
				m.set(i)
			}
		}
		if k := string(m.key()); !seenClass[k] {
			seenClass[k] = true
			h := m.clone()
			for w := range h {
				h[w] ^= neg[w]
			}
			classes = append(classes, class{m: m, h: h, rep: r})
		}
	}
	var behs []behaviour
	seen := map[string]bool{}
	addBeh := func(b behaviour) error {
		k := string(b.orM.key()) + "|" + string(b.orH.key()) + "|" + string(b.andH.key())
		if seen[k] {
			return nil
		}
		if len(behs) >= lim.MaxBehaviours {
			return fmt.Errorf("%w: context key %q has more than %d behaviours of value sets", ErrLimit, conds[0].name, lim.MaxBehaviours)
		}
		seen[k] = true
		behs = append(behs, b)
		return nil
	}
	for _, c := range classes {
		if err := addBeh(behaviour{orM: c.m, orH: c.h, andH: c.h, vals: []string{c.rep}}); err != nil {
			return nil, err
		}
	}
	for i := 0; i < len(behs); i++ {
		for _, c := range classes {
			b := behs[i]
			nb := behaviour{orM: b.orM.clone(), orH: b.orH.clone(), andH: b.andH.clone(),
				vals: append(append([]string(nil), b.vals...), c.rep)}
			for w := range nb.orM {
				nb.orM[w] |= c.m[w]
				nb.orH[w] |= c.h[w]
				nb.andH[w] &= c.h[w]
			}
			if err := addBeh(nb); err != nil {
				return nil, err
			}
		}
	}
	absent := newBitset(n)
	for i, c := range conds {
		if c.holdsAbsent() {
			absent.set(i)
		}
	}
	opts := []keyOption{{holds: absent, absent: true}}
	seenHolds := map[string]bool{string(absent.key()) + "a": true}
	for _, b := range behs {
		h := newBitset(n)
		for i, c := range conds {
			var v bool
			switch c.set {
			case policy.ForAllValues:
				v = b.andH.has(i)
			case policy.ForAnyValue:
				v = b.orH.has(i)
			default:
				v = b.orM.has(i) != c.Op.Negated()
			}
			if v {
				h.set(i)
			}
		}
		if k := string(h.key()); !seenHolds[k] && !seenHolds[k+"a"] {
			seenHolds[k] = true
			opts = append(opts, keyOption{holds: h, vals: b.vals})
		}
	}
	return opts, nil
}

// holdsFor evaluates every condition on one list of values (the acs:PrincipalARN a
// caller carries, or nothing).
func holdsFor(conds []*cond, vals []string) bitset {
	h := newBitset(len(conds))
	for i, c := range conds {
		var v bool
		if len(vals) == 0 {
			v = c.holdsAbsent()
		} else {
			switch c.set {
			case policy.ForAllValues:
				v = true
				for _, x := range vals {
					v = v && c.Matches(x) != c.Op.Negated()
				}
			case policy.ForAnyValue:
				for _, x := range vals {
					v = v || c.Matches(x) != c.Op.Negated()
				}
			default:
				for _, x := range vals {
					v = v || c.Matches(x)
				}
				v = v != c.Op.Negated()
			}
		}
		if v {
			h.set(i)
		}
	}
	return h
}
