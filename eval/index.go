package eval

import (
	"hash/maphash"
)

// How a PolicySet is indexed.
//
// The index lets a decision look only at statements that could match. Each statement is
// filed in exactly one of three places, chosen at compile time as the most selective it
// has (the one whose buckets hold the fewest statements):
//
//   - actions: under the literal prefix of each of its actions, lower-cased: cr:Get* is
//     filed under "cr:get", cr:PullRepository under "cr:pullrepository". Every action
//     that matches the pattern starts with that prefix, so a request finds the statement
//     by looking up the prefixes of its own action, one lookup per distinct key length;
//   - tokens: for every resource pattern, under one complete token of its literal text. A
//     token is a run between ':' and '/' that the pattern spells out with a delimiter (or
//     the pattern's anchored start or end) on both sides, so every matching resource holds
//     it as a whole token: acs:cr:*:123:repository/ns7/* is filed under "ns7". A ram
//     resource matches ignoring case and looks its tokens up lower-cased, so a pattern
//     that can match one is filed under its token lower-cased as well (acs:ram::1:role/Ops
//     under "ops"; acs:*:*:*:role/Ops under "Ops" and "ops");
//   - always: statements with neither (NotAction, '*' actions on '*' resources).
//
// A decision therefore visits the statements filed under its action's prefixes and its
// resource's tokens, and the always list: its cost does not grow with statements that
// cannot match. The lookups use open-addressing tables (keyTable) probed with one seeded
// hash per candidate key; no Go map is touched and nothing is allocated.

func isDelim(c byte) bool { return c == ':' || c == '/' }

// maxListed is the most keys an actions table compares one by one instead of hashing:
// W1's four keys are checked in the time that lower-casing the action and hashing one of
// its prefixes takes. The bound keeps the cost independent of the set's size.
const maxListed = 8

// keyTable maps keys to lists of statement ids. It is an open-addressing hash table
// (linear probing, at most half full) built once; lookups hash the probe once with a
// per-table seed and compare the full key only when the stored hash agrees. The seed
// keeps policy authors from choosing keys that collide. A table of a few keys may instead
// be listed: its slots are just the keys, compared one by one.
type keyTable struct {
	seed  maphash.Seed
	slots []keySlot // a power of two long; nil when the table is empty
	// listed is set for a table of at most maxListed keys: slots then holds just the
	// keys, and a lookup compares each of them, which is cheaper than hashing.
	listed bool
	ids    []int32 // the buckets' statement ids, one bucket after the other
	// proof, nil or as long as ids, says for each filing of the actions table what a hit on
	// its key proves (proofPrefix, proofExact; see actionProof): the statement's check
	// then skips its Action patterns. The tokens table proves nothing: a resource holding
	// a pattern's token does not match it for that.
	proof []uint8
	// lens lists the distinct key lengths in ascending order. filter has the bit
	// filterBit(key) set for every key: a candidate whose bit is clear is in no bucket, and
	// is skipped without hashing it (most of a resource's tokens are).
	lens   []int
	filter [filterWords]uint64
}

const filterWords = 16 // 1,024 bits

// filterBit mixes a key's length, first and last byte into a bit of keyTable.filter.
func filterBit(n int, first, last byte) uint32 {
	return (uint32(n)*0x9E3779B1 ^ uint32(first)*0x85EBCA77 ^ uint32(last)*0xC2B2AE3D) >> 22
}

// mayHold reports whether a key of length n with that first and last byte may be in the
// table.
func (t *keyTable) mayHold(n int, first, last byte) bool {
	b := filterBit(n, first, last)
	return t.filter[b>>6]&(1<<(b&63)) != 0
}

type keySlot struct {
	key      string
	hash     uint64
	off, end int32 // ids[off:end]; end == 0 marks an empty slot (a bucket is never empty)
}

// find returns the slot holding key, or -1.
func (t *keyTable) find(key string) int {
	return t.probe(maphash.String(t.seed, key), key)
}

// findBytes is find for a key held in a byte slice; it does not allocate.
func (t *keyTable) findBytes(key []byte) int {
	return t.probe(maphash.Bytes(t.seed, key), string(key)) // probe does not keep the string
}

func (t *keyTable) probe(h uint64, key string) int {
	if t.listed {
		for i := range t.slots {
			if t.slots[i].key == key {
				return i
			}
		}
		return -1
	}
	mask := len(t.slots) - 1
	for i := int(h) & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.end == 0 {
			return -1
		}
		if s.hash == h && s.key == key {
			return i
		}
	}
}

// findLower returns the slot holding key with its ASCII letters lower-cased, or -1: the
// lookup of a ram resource's tokens. It does not allocate: a short key is lower-cased
// into a stack buffer and hashed at once, a long one hashed byte by byte.
func (t *keyTable) findLower(key string) int {
	var h uint64
	var buf [64]byte
	if len(key) <= len(buf) {
		b := buf[:len(key)]
		for i := range b {
			b[i] = foldByte(key[i])
		}
		h = maphash.Bytes(t.seed, b)
	} else {
		var mh maphash.Hash
		mh.SetSeed(t.seed)
		for i := 0; i < len(key); i++ {
			mh.WriteByte(foldByte(key[i]))
		}
		h = mh.Sum64()
	}
	if t.listed {
		for i := range t.slots {
			if isLowerOf(t.slots[i].key, key) {
				return i
			}
		}
		return -1
	}
	mask := len(t.slots) - 1
	for i := int(h) & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.end == 0 {
			return -1
		}
		if s.hash == h && isLowerOf(s.key, key) {
			return i
		}
	}
}

// isLowerOf reports whether lower is s with its ASCII letters lower-cased.
func isLowerOf(lower, s string) bool {
	if len(lower) != len(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if lower[i] != foldByte(s[i]) {
			return false
		}
	}
	return true
}

// bucket returns the statement ids of a slot.
func (t *keyTable) bucket(slot int) []int32 {
	return t.ids[t.slots[slot].off:t.slots[slot].end]
}
