package eval_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// Context is a value: copies are independent whatever is called on either, and it keeps
// nothing of the caller's slices. These tests failed when a Context was a slice of entries
// that copies shared.

// snapshot renders every key of c with its values, in order.
func snapshot(c eval.Context) string {
	var b strings.Builder
	for _, k := range c.Keys() {
		v, ok := c.Get(k)
		fmt.Fprintf(&b, "%s=%q/%v ", k, v, ok)
	}
	return b.String()
}

// contextShapes are base contexts of every storage shape: keys held inline only, keys
// past the inline ones, several values per key, a key with no values.
func contextShapes() map[string]eval.Context {
	shapes := map[string]eval.Context{}
	var one eval.Context
	one.Set("acs:SourceIp", "10.0.0.1")
	shapes["one key"] = one
	var many eval.Context
	for i := range 9 {
		many.Set(fmt.Sprintf("k:%d", i), fmt.Sprint(i))
	}
	shapes["more keys than inline"] = many
	multi := many
	multi.Add("k:1", "1b", "1c")
	multi.Add("k:7", "7b")
	multi.Set("k:8")
	shapes["several values and none"] = multi
	return shapes
}

// contextEdits change a Context in every way its methods can, on keys held inline, past
// them, present and absent.
var contextEdits = map[string]func(c *eval.Context){
	"Set first key":    func(c *eval.Context) { c.Set(c.Keys()[0], "changed") },
	"Set last key":     func(c *eval.Context) { c.Set(c.Keys()[c.Len()-1], "changed", "twice") },
	"Add first key":    func(c *eval.Context) { c.Add(strings.ToUpper(c.Keys()[0]), "added") },
	"Add last key":     func(c *eval.Context) { c.Add(c.Keys()[c.Len()-1], "added") },
	"Set to no values": func(c *eval.Context) { c.Set(c.Keys()[0]) },
	"Set new key":      func(c *eval.Context) { c.Set("new:key", "v") },
	"Add new keys": func(c *eval.Context) {
		for i := range 6 {
			c.Add(fmt.Sprintf("new:%d", i), "v", "w")
		}
	},
	"Add to every key": func(c *eval.Context) {
		for _, k := range c.Keys() {
			c.Add(k, "x")
		}
	},
}

func TestContextCopiesAreIndependent(t *testing.T) {
	t.Parallel()
	for shape, base := range contextShapes() {
		for name, edit := range contextEdits {
			t.Run(shape+"/"+name, func(t *testing.T) {
				orig := base
				want := snapshot(orig)
				cp := orig
				edit(&cp)
				require.NotEqual(t, want, snapshot(cp), "the edit changes the copy")
				assert.Equal(t, want, snapshot(orig), "a change to the copy shows in the original")

				// The other way round: the copy made first, the original changed after.
				orig2 := base
				cp2 := orig2
				edit(&orig2)
				assert.Equal(t, want, snapshot(cp2), "a change to the original shows in the copy")

				// Two copies changed alike stay apart from each other too.
				a, b := base, base
				edit(&a)
				edit(&b)
				b.Set("only:b", "b")
				_, ok := a.Get("only:b")
				assert.False(t, ok, "a key set on one copy shows in its sibling")
			})
		}
	}
}

func TestContextKeepsNoCallerSlice(t *testing.T) {
	t.Parallel()
	var c eval.Context
	vals := []string{"a", "b"}
	c.Set("x:set", vals...)
	c.Add("x:add", vals...)
	one := []string{"solo"}
	c.Set("x:one", one...)
	vals[0], one[0] = "changed", "changed"
	for key, want := range map[string][]string{"x:set": {"a", "b"}, "x:add": {"a", "b"}, "x:one": {"solo"}} {
		got, _ := c.Get(key)
		assert.Equal(t, want, got, "%s: the Context kept the caller's slice", key)
	}

	got, _ := c.Get("x:set")
	got[0] = "changed through Get"
	again, _ := c.Get("x:set")
	assert.Equal(t, []string{"a", "b"}, again, "Get returned the Context's own slice")
}

// TestContextDerivedConcurrently derives per-request contexts from one base on many
// goroutines, as a service does, and decides each: every decision must follow the
// request's own values, and the base must stay as it was. Run with -race.
func TestContextDerivedConcurrently(t *testing.T) {
	t.Parallel()
	set := mustSet(t, policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"cr:PullRepository",
		"Resource":"*","Condition":{"StringEquals":{"app:Tenant":"t7"},"IpAddress":{"acs:SourceIp":"10.0.0.0/8"}}}]}`)
	ev := eval.NewEvaluator(eval.Config{IdentityPolicies: set})
	var base eval.Context
	base.Set("acs:SecureTransport", "true")
	for i := range 6 { // past the inline keys, so copies share storage
		base.Set(fmt.Sprintf("app:k%d", i), "base")
	}
	base.Add("app:k5", "second")
	base.Set("app:Tenant", "none")
	want := snapshot(base)

	var wg sync.WaitGroup
	errs := make(chan error, goroutines)
	for g := range goroutines {
		wg.Go(func() {
			for i := range 200 {
				req := eval.Request{Principal: arn.MustParse("acs:ram::1111:user/alice"), Action: "cr:PullRepository",
					Resource: "acs:cr:cn-hangzhou:1111:repository/a/b", Context: base}
				tenant := fmt.Sprintf("t%d", (g+i)%10)
				req.Context.Set("APP:TENANT", tenant)
				req.Context.Add("app:k5", tenant)
				req.Context.Set("acs:SourceIp", "10.0.0.1")
				req.Context.Set(fmt.Sprintf("app:extra%d", i%3), "x")
				wantAllow := tenant == "t7"
				if got := ev.Evaluate(&req, nil); (got.Decision == eval.Allow) != wantAllow || got.Err != nil {
					errs <- fmt.Errorf("goroutine %d, tenant %s: %v", g, tenant, got)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	assert.Equal(t, want, snapshot(base), "deriving contexts changed the base")
}

// contextModel is what a Context must hold: its keys in order, each with its values.
type contextModel struct {
	keys   []string
	values [][]string
}

func (m *contextModel) find(key string) int {
	//lint:ignore SA6005 the contract is equality of strings.ToLower, which EqualFold is not for every rune
	return slices.IndexFunc(m.keys, func(k string) bool { return strings.ToLower(k) == strings.ToLower(key) })
}

func (m *contextModel) set(key string, vals []string, add bool) {
	vals = slices.Clone(vals)
	i := m.find(key)
	switch {
	case i < 0:
		m.keys, m.values = append(m.keys, key), append(m.values, vals)
	case add:
		m.values[i] = append(slices.Clone(m.values[i]), vals...)
	default:
		m.values[i] = vals
	}
}

func (m *contextModel) String() string {
	var b strings.Builder
	for i, k := range m.keys {
		v := m.values[i]
		if v == nil {
			v = []string{}
		}
		fmt.Fprintf(&b, "%s=%q/true ", k, v)
	}
	return b.String()
}

// TestPropertyContextIsAValue runs random Set and Add calls on a family of copies, each
// copy taken at a random point, and compares every copy with a model of its own.
func TestPropertyContextIsAValue(t *testing.T) {
	t.Parallel()
	keys := []string{"acs:SourceIp", "ACS:SOURCEIP", "a:1", "a:2", "A:2", "b:3", "b:4", "c:5", "c:6", "Ünï:kéy", "ÜNÏ:KÉY"}
	rapid.Check(t, func(t *rapid.T) {
		ctxs := []eval.Context{{}}
		models := []contextModel{{}}
		for range rapid.IntRange(1, 40).Draw(t, "steps") {
			i := rapid.IntRange(0, len(ctxs)-1).Draw(t, "which")
			switch rapid.IntRange(0, 4).Draw(t, "op") {
			case 0: // copy
				ctxs = append(ctxs, ctxs[i])
				m := models[i]
				models = append(models, contextModel{keys: slices.Clone(m.keys), values: slices.Clone(m.values)})
			default:
				key := rapid.SampledFrom(keys).Draw(t, "key")
				vals := rapid.SliceOfN(rapid.SampledFrom([]string{"v", "w", ""}), 0, 3).Draw(t, "values")
				add := rapid.Bool().Draw(t, "add")
				if add {
					ctxs[i].Add(key, vals...)
				} else {
					ctxs[i].Set(key, vals...)
				}
				models[i].set(key, vals, add)
				if len(vals) > 0 {
					vals[0] = "scribbled" // the Context keeps no slice of the caller's
				}
			}
			for j := range ctxs {
				if got, want := snapshot(ctxs[j]), models[j].String(); got != want {
					t.Fatalf("context %d:\n got %s\nwant %s", j, got, want)
				}
			}
		}
	})
}

// TestContextKeys checks the case-insensitive keys of Context, ASCII and not, and that
// replacing the value of a key already present does not allocate.
func TestContextKeys(t *testing.T) {
	var c eval.Context
	c.Set("acs:SourceIp", "10.0.0.1")
	c.Add("ACS:SOURCEIP", "10.0.0.2")
	c.Set("Ünï:Kéy", "u")
	c.Add("\u212Acs:x", "kelvin") // KELVIN SIGN lower-cases to an ASCII 'k'
	for key, want := range map[string]string{"acs:sourceip": "10.0.0.1 10.0.0.2", "Acs:SourceIP": "10.0.0.1 10.0.0.2",
		"ünï:kéy": "u", "ÜNÏ:KÉY": "u", "kcs:x": "kelvin", "KCS:X": "kelvin", "acs:other": ""} {
		v, ok := c.Get(key)
		if got := strings.Join(v, " "); got != want || ok != (want != "") {
			t.Errorf("Get(%q) = %q, %v; want %q", key, got, ok, want)
		}
	}
	if c.Len() != 3 {
		t.Errorf("Len() = %d, want 3: %v", c.Len(), c.Keys())
	}
	ip := []string{"10.9.9.9"}
	if n := testing.AllocsPerRun(100, func() { c.Set("ACS:SourceIp", ip...) }); n != 0 {
		t.Errorf("Set on a present key allocates %v times", n)
	}
}

// TestNewContextIsDeterministic: keys differing only in case merge in sorted order, not in
// map order.
func TestNewContextIsDeterministic(t *testing.T) {
	t.Parallel()
	m := map[string][]string{"a:K": {"1"}, "A:k": {"2"}, "a:k": {"3"}, "b:x": {"4"}}
	want := snapshot(eval.NewContext(m))
	assert.Equal(t, `A:k=["2" "1" "3"]/true b:x=["4"]/true `, want)
	for range 20 {
		assert.Equal(t, want, snapshot(eval.NewContext(m)))
	}
}

// TestDecideRawAllocatesNothing: building the Request and its Context per call and
// deciding it allocates nothing, for every workload request (the registry case of
// issue 11). BenchmarkDecideRaw measures the time; this guards the count.
func TestDecideRawAllocatesNothing(t *testing.T) {
	for _, w := range []*benchWorkload{workloadW1(), workloadW4()} {
		ev := w.evaluator(t)
		for i := range w.cases {
			c := &w.cases[i]
			raw := c.raw(t)
			var r eval.Result
			if n := testing.AllocsPerRun(100, func() { r = decideRaw(ev, &raw) }); n != 0 {
				t.Errorf("%s/%s: %v allocations per decision from a raw request", w.name, c.name, n)
			}
			if r.Decision != c.want || r.Err != nil {
				t.Errorf("%s/%s: %v, want %v", w.name, c.name, r, c.want)
			}
		}
	}
}

var foldKeyPieces = []string{"a", "A", "k", "K", "\u212a", "s", "\u017f", "i", "I", "\u0130", "@", "`", "[", "{", "z", "Z", "\xc1", "\xff", "0"}

// foldKey draws a context key of a prefix and pieces whose lower case is unusual: the
// KELVIN SIGN, the long s, the dotted I, and bytes that are not UTF-8.
func foldKey(t *rapid.T, label string) string {
	var b strings.Builder
	b.WriteString(rapid.SampledFrom([]string{"acs:", "ACS:", "x:", "xx:yyyyyy"}).Draw(t, label+"pfx"))
	for range rapid.IntRange(0, 18).Draw(t, label+"n") {
		b.WriteString(rapid.SampledFrom(foldKeyPieces).Draw(t, label+"c"))
	}
	return b.String()
}

// TestPropertyContextKeysFoldLikeToLower: Context against a map keyed by strings.ToLower,
// under Set, Add and copies; and a StringEquals condition on a key finds the request's
// values exactly when the keys lower-case alike.
func TestPropertyContextKeysFoldLikeToLower(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		var c eval.Context
		model := map[string][]string{}
		var keys []string
		for i := range rapid.IntRange(1, 12).Draw(t, "ops") {
			k := foldKey(t, "k")
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
				cp.Add(foldKey(t, "ck"), "copy")
			}
		}
		for _, k := range append(keys, foldKey(t, "probe")) {
			got, ok := c.Get(k)
			want, wok := model[strings.ToLower(k)]
			if ok != wok || !slices.Equal(got, want) {
				t.Fatalf("Get(%q) = %q %v, want %q %v", k, got, ok, want, wok)
			}
		}
		// Through a compiled condition (keys in policies must be valid: prefix ASCII).
		pk := rapid.SampledFrom(keys).Draw(t, "pk")
		if rapid.Bool().Draw(t, "other") {
			pk = foldKey(t, "pk2")
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

// A service keeps the keys every request shares in a base Context and derives each
// request's own from it: a copy, changed freely, never changes the base.
func ExampleContext() {
	var base eval.Context
	base.Set("acs:SecureTransport", "true")

	req := eval.Request{Action: "cr:PullRepository", Resource: "acs:cr:cn-hangzhou:1111:repository/dev/app", Context: base}
	req.Context.Set("acs:SourceIp", "10.1.2.3")
	req.Context.Set("acs:SecureTransport", "false")

	tls, _ := base.Get("acs:SecureTransport")
	fmt.Println("base:", base.Keys(), tls)
	tls, _ = req.Context.Get("acs:securetransport")
	fmt.Println("request:", req.Context.Keys(), tls)
	// Output:
	// base: [acs:SecureTransport] [true]
	// request: [acs:SecureTransport acs:SourceIp] [false]
}
