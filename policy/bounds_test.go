package policy_test

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/rampolicy/ram/policy"
)

// The cost of rejecting a hostile document: a 220 KB document with one long key and many
// problems under it made Parse allocate about 5 GB and return an error text of 411 MB
// (every problem repeated the whole pointer, duplicate keys were unbounded). Now the list
// holds at most MaxListed problems, pointers and quoted values are elided, and a document
// over its size limit is rejected after a scan that builds nothing.

// longKeyShapes are the documents of the report and their relatives: one long key above
// many problems, as an operator, a condition key, a principal kind, an element name, or
// repeated as a duplicate.
var longKeyShapes = map[string]func(size int) string{
	"long condition key over many bad values": func(size int) string {
		return `{"Version":"1","Statement":[{"Effect":"Allow","Action":"a:b","Resource":"*","Condition":{"NumericEquals":{"a:` +
			strings.Repeat("k", size/2) + `":[` + strings.Repeat(`"x",`, size/8) + `"x"]}}}]}`
	},
	"long operator over many keys": func(size int) string {
		var b strings.Builder
		b.WriteString(`{"Version":"1","Statement":[{"Effect":"Allow","Action":"a:b","Resource":"*","Condition":{"` + strings.Repeat("O", size/2) + `":{`)
		for i := 0; b.Len() < size; i++ {
			fmt.Fprintf(&b, `"%d":1,`, i)
		}
		return b.String() + `"z":1}}}]}`
	},
	"long key repeated as a duplicate": func(size int) string {
		k := `"` + strings.Repeat("d", 1000) + `":1`
		return `{"Version":"1","Statement":[{"` + strings.Repeat("k", size/2) + `":{` + strings.Repeat(k+",", size/2/len(k)) + k + `}}]}`
	},
	"long statement key, many bad actions": func(size int) string {
		return `{"Version":"1","Statement":[{"Effect":"Allow","Resource":"*","` + strings.Repeat("A", size/2) +
			`":1,"Action":[` + strings.Repeat(`"bad",`, size/12) + `"bad"]}]}`
	},
}

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestRejectionCostIsBounded: for every hostile shape at 220 KB, with the default limits
// (rejected as too large after a scan) and with MaxSize raised to MaxInputBytes (checked
// in full), the error text stays under 64 KB and Parse allocates at most 80 bytes per
// input byte plus 1 MB. Not a timing: allocation and length only.
func TestRejectionCostIsBounded(t *testing.T) {
	shapes := map[string]func(int) string{}
	for k, v := range hostileShapes {
		shapes[k] = v
	}
	for k, v := range longKeyShapes {
		shapes[k] = v
	}
	raised := policy.Limits{MaxSize: policy.MaxInputBytes}
	for name, gen := range shapes {
		doc := []byte(gen(220 << 10))
		for _, lim := range []policy.Limits{{}, raised} {
			var err error
			bytes := allocated(func() { _, err = policy.Options{Kind: policy.TrustPolicy, Limits: lim}.Parse(doc) })
			var list policy.ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("%s: want an ErrorList, got %v", name, err)
			}
			text := list.Error()
			t.Logf("%-40s MaxSize %7d: %3d listed, %6d more, %6d bytes of text, %5.1f bytes allocated per input byte",
				name, lim.MaxSize, len(list), list.More(), len(text), float64(bytes)/float64(len(doc)))
			if len(list) > policy.MaxListed || len(text) > 64<<10 {
				t.Errorf("%s: %d problems listed, %d bytes of text", name, len(list), len(text))
			}
			if limit := 80*uint64(len(doc)) + 1<<20; bytes > limit {
				t.Errorf("%s (MaxSize %d): %d bytes allocated for %d bytes of input; want at most %d", name, lim.MaxSize, bytes, len(doc), limit)
			}
		}
	}
}

// BenchmarkHostile parses the worst documents we can build at 220 KB, with the default
// limits and with MaxSize raised to MaxInputBytes; -benchmem shows the bound.
func BenchmarkHostile(b *testing.B) {
	shapes := map[string]func(int) string{}
	for k, v := range hostileShapes {
		shapes[k] = v
	}
	for k, v := range longKeyShapes {
		shapes[k] = v
	}
	for name, gen := range shapes {
		doc := []byte(gen(220 << 10))
		for _, lim := range []policy.Limits{{}, {MaxSize: policy.MaxInputBytes}} {
			label := "default"
			if lim.MaxSize > 0 {
				label = "raised"
			}
			b.Run(strings.ReplaceAll(name, " ", "_")+"/limits="+label, func(b *testing.B) {
				b.SetBytes(int64(len(doc)))
				b.ReportAllocs()
				for b.Loop() {
					_, _ = policy.Options{Kind: policy.TrustPolicy, Limits: lim}.Parse(doc)
				}
			})
		}
	}
}
