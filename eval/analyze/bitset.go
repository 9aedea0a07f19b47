package analyze

// bitset is a fixed-size set of small integers.
type bitset []uint64

func newBitset(n int) bitset { return make(bitset, (n+63)/64) }

func (b bitset) set(i int)      { b[i/64] |= 1 << (uint(i) % 64) }
func (b bitset) has(i int) bool { return i/64 < len(b) && b[i/64]&(1<<(uint(i)%64)) != 0 }
func (b bitset) clone() bitset  { return append(bitset(nil), b...) }
func (b bitset) empty() bool {
	for _, w := range b {
		if w != 0 {
			return false
		}
	}
	return true
}

// key is the set's bytes, for use as a map key.
func (b bitset) key() []byte {
	out := make([]byte, 0, 8*len(b))
	for _, w := range b {
		for k := 0; k < 8; k++ {
			out = append(out, byte(w>>(8*k)))
		}
	}
	return out
}
