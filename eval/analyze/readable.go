package analyze

import (
	"strings"

	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/internal/wildcard"
)

// The exploration's witnesses are shortest strings: correct, but "oss:e" or "x" tell a
// reviewer little. A string stands for its cell only through the patterns it matches, so
// any other valid string that matches exactly the same patterns may replace it. readable
// tries the policies' own patterns with their wildcards filled in, and keeps the first
// that lands in the same cell.

// cellText records what readable needs about one field's patterns.
type cellText struct {
	src   []string
	comp  map[bool][]wildcard.Pattern // compiled src, by folding; built on first use
	fold  func(s string) bool         // whether a string of this field matches folding ASCII case
	valid func(s string) bool
}

func (c *cellText) bits(s string) bitset {
	b := newBitset(len(c.src))
	f := c.fold(s)
	if c.comp == nil {
		c.comp = map[bool][]wildcard.Pattern{}
	}
	ws, ok := c.comp[f]
	if !ok {
		for _, p := range c.src {
			ws = append(ws, wildcard.Compile(p, f))
		}
		c.comp[f] = ws
	}
	for i := range ws {
		if ws[i].Match(s) {
			b.set(i)
		}
	}
	return b
}

// readable returns a more telling string of the cell with bits, or w.
func (c *cellText) readable(w string, bits bitset) string {
	if c == nil {
		return w
	}
	want := string(bits.key())
	for _, fill := range []string{"example", ""} {
		for _, p := range c.src {
			s := strings.NewReplacer("*", fill, "?", "x").Replace(p)
			if s != w && c.valid(s) && string(c.bits(s).key()) == want {
				return s
			}
		}
	}
	return w
}

func runsValid(v validity, max int) func(string) bool {
	return func(s string) bool {
		if len(s) > max {
			return false
		}
		st := v.start()
		for _, r := range s {
			if st = v.step(st, r); st < 0 {
				return false
			}
		}
		return v.accept(st)
	}
}

func actionText(src []string) *cellText {
	return &cellText{src: src, fold: func(string) bool { return true }, valid: runsValid(actionValid{}, eval.MaxActionLength)}
}

func resourceText(src []string, account string) *cellText {
	same := runsValid(sameAccount{account: account}, eval.MaxResourceLength)
	return &cellText{src: src,
		fold: func(s string) bool { return ramResourcesFold && strings.HasPrefix(s, ramPrefix) },
		valid: func(s string) bool {
			return s != "" && len(s) <= eval.MaxResourceLength && (account == "" || same(s))
		}}
}
