package eval_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
	"pgregory.net/rapid"
)

var reviewKeyPieces = []string{"a", "A", "k", "K", "\u212a", "s", "\u017f", "i", "I", "\u0130", "@", "`", "[", "{", "z", "Z", "\xc1", "\xff", "0"}

func reviewKey(t *rapid.T, label string) string {
	var b strings.Builder
	b.WriteString(rapid.SampledFrom([]string{"acs:", "ACS:", "x:", "xx:yyyyyy"}).Draw(t, label+"pfx"))
	for range rapid.IntRange(0, 18).Draw(t, label+"n") {
		b.WriteString(rapid.SampledFrom(reviewKeyPieces).Draw(t, label+"c"))
	}
	return b.String()
}

// TestReviewContextModel: Context against a map keyed by strings.ToLower, under Set, Add
// and copies; and a StringEquals condition on a key finds the request's values exactly
// when the keys lower-case alike.
func TestReviewContextModel(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		var c eval.Context
		model := map[string][]string{}
		var keys []string
		for i := range rapid.IntRange(1, 12).Draw(t, "ops") {
			k := reviewKey(t, "k")
			if len(keys) > 0 && rapid.Bool().Draw(t, "reuse") {
				k = rapid.SampledFrom(keys).Draw(t, "old")
			}
			keys = append(keys, k)
			v := []string{string(rune('a' + i%26))}
			if rapid.Bool().Draw(t, "add") {
				c.Add(k, v...)
				model[strings.ToLower(k)] = append(slices.Clone(model[strings.ToLower(k)]), v...)
			} else {
				c.Set(k, v...)
				model[strings.ToLower(k)] = v
			}
			if rapid.Bool().Draw(t, "copy") {
				cp := c
				cp.Set(k, "copy")
				cp.Add(reviewKey(t, "ck"), "copy")
			}
		}
		for _, k := range append(keys, reviewKey(t, "probe")) {
			got, ok := c.Get(k)
			want, wok := model[strings.ToLower(k)]
			if ok != wok || !slices.Equal(got, want) {
				t.Fatalf("Get(%q) = %q %v, want %q %v", k, got, ok, want, wok)
			}
		}
		// Through a compiled condition (keys in policies must be valid: prefix ASCII).
		pk := rapid.SampledFrom(keys).Draw(t, "pk")
		if rapid.Bool().Draw(t, "other") {
			pk = reviewKey(t, "pk2")
		}
		doc := &policy.Document{Kind: policy.IdentityPolicy, Version: "1", Statements: []policy.Statement{{
			Effect: policy.EffectAllow, Actions: []string{"cr:*"}, Resources: []string{"*"},
			Conditions: []policy.Condition{{Operator: policy.Operator{Op: policy.StringEquals, Set: policy.ForAnyValue}, Key: pk, Values: []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "copy"}}}}}}
		set, err := eval.Compile(eval.Policy{Name: "p", Doc: doc})
		if err != nil {
			return
		}
		got := set.Evaluate(&eval.Request{Action: "cr:Get", Resource: "*", Context: c})
		if got.Err != nil {
			return
		}
		want := false
		for _, v := range model[strings.ToLower(pk)] {
			want = want || v != "copy" && v < "m"
		}
		if (got.Decision == eval.Allow) != want {
			t.Fatalf("key %q: %v, model values %q", pk, got.Decision, model[strings.ToLower(pk)])
		}
	})
}
