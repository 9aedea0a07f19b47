package analyze

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
	"pgregory.net/rapid"
)

// The properties check the analysis against package eval over a small universe of
// requests, enumerated exhaustively in action and resource (short strings over the same
// few characters the generated patterns use) with contexts drawn from value pools that
// hit every condition value and its neighbours:
//
//   - PASS: no request of the universe is allowed by new and not by old;
//   - FAIL: every witness is decided so by eval (the analysis checks it; the test checks
//     it again, independently).

var (
	actionChars   = []string{"a", "b", "A", "*", "?"}
	resourceChars = []string{"a", "b", "B", "*", "?", "/"}
	uniActions    = func() (out []string) {
		for _, svc := range []string{"s", "S", "t"} {
			for _, n := range strs([]string{"a", "b", "c", "A", "B"}, 1, 2) {
				out = append(out, svc+":"+n)
			}
		}
		return out
	}()
	uniResources = func() (out []string) {
		for _, p := range []string{"acs:x:::", "acs:x:r:1:", "acs:ram:::", "acs:RAM:::"} {
			for _, n := range strs([]string{"a", "b", "A", "B", "/"}, 0, 2) {
				out = append(out, p+n)
			}
		}
		return out
	}()
)

// strs returns every string of min..max characters from chars.
func strs(chars []string, min, max int) []string {
	out := []string{}
	cur := []string{""}
	for n := 0; n <= max; n++ {
		if n >= min {
			out = append(out, cur...)
		}
		var next []string
		for _, c := range cur {
			for _, ch := range chars {
				next = append(next, c+ch)
			}
		}
		cur = next
	}
	return out
}

type keySpec struct {
	key     string
	ops     []string
	pool    []string   // policy values
	request [][]string // request value lists (nil: absent)
}

var keySpecs = []keySpec{
	{key: "k:s", ops: []string{"StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike"},
		pool:    []string{"a", "A", "b", "a*", "?", "*b"},
		request: [][]string{nil, {"a"}, {"A"}, {"b"}, {"ab"}, {""}, {"c"}, {"a", "b"}, {"c", "A"}, {"ab", "b"}}},
	{key: "k:n", ops: []string{"NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals"},
		pool:    []string{"1", "2", "1.5"},
		request: [][]string{nil, {"0"}, {"1"}, {"1.2"}, {"1.5"}, {"1.7"}, {"2"}, {"3"}, {"x"}, {"0", "3"}, {"1", "2"}}},
	{key: "k:i", ops: []string{"IpAddress", "NotIpAddress"},
		pool:    []string{"10.0.0.0/8", "10.1.0.0/16", "::/0"},
		request: [][]string{nil, {"10.1.2.3"}, {"10.2.0.1"}, {"11.0.0.1"}, {"::1"}, {"x"}, {"10.1.2.3", "11.0.0.1"}}},
	{key: "k:b", ops: []string{"Bool"}, pool: []string{"true", "false"},
		request: [][]string{nil, {"true"}, {"FALSE"}, {"x"}, {"true", "false"}}},
	{key: "acs:PrincipalARN", ops: []string{"StringEquals", "StringNotEquals", "StringLike", "StringNotLike", "StringEqualsIgnoreCase"},
		pool:    []string{"acs:ram::1:user/a", "acs:ram::1:*", "*/B"},
		request: [][]string{nil, {"acs:ram::1:user/a"}, {"ACS:RAM::1:USER/A"}, {"acs:ram::2:user/b"}, {"acs:ram::1:user/B"}}},
}

func genPattern(t *rapid.T, label string, chars []string, prefix string, n int) string {
	var b strings.Builder
	b.WriteString(prefix)
	k := rapid.IntRange(1, n).Draw(t, label+"len")
	for i := 0; i < k; i++ {
		b.WriteString(rapid.SampledFrom(chars).Draw(t, label+"c"))
	}
	return b.String()
}

func genStatement(t *rapid.T, kind policy.Kind) map[string]any {
	st := map[string]any{"Effect": rapid.SampledFrom([]string{"Allow", "Allow", "Deny"}).Draw(t, "effect")}
	var acts []string
	for i := rapid.IntRange(1, 2).Draw(t, "nact"); i > 0; i-- {
		switch rapid.IntRange(0, 5).Draw(t, "actshape") {
		case 0:
			acts = append(acts, "*")
		case 1:
			acts = append(acts, genPattern(t, "svc", []string{"s", "*", "?", "t"}, "", 2)+":"+genPattern(t, "an", actionChars, "", 2))
		default:
			acts = append(acts, genPattern(t, "an", actionChars, "s:", 2))
		}
	}
	if rapid.IntRange(0, 4).Draw(t, "notaction") == 0 {
		st["NotAction"] = acts
	} else {
		st["Action"] = acts
	}
	if kind != policy.TrustPolicy || rapid.Bool().Draw(t, "hasres") {
		var res []string
		for i := rapid.IntRange(1, 2).Draw(t, "nres"); i > 0; i-- {
			switch rapid.IntRange(0, 5).Draw(t, "resshape") {
			case 0:
				res = append(res, "*")
			case 1:
				res = append(res, genPattern(t, "rr", resourceChars, "acs:ram:::", 2))
			default:
				res = append(res, genPattern(t, "rx", resourceChars, rapid.SampledFrom([]string{"acs:x:::", "acs:x:*:*:", "acs:x:r:1:"}).Draw(t, "rp"), 2))
			}
		}
		st["Resource"] = res
	}
	if hasPrincipal(kind) {
		pool := []string{"*", "acs:ram::1:root", "acs:ram::2:root", "acs:ram::1:user/a", "acs:ram::1:user/A", "acs:ram::2:role/r"}
		var ram []string
		for i := rapid.IntRange(1, 2).Draw(t, "nprin"); i > 0; i-- {
			ram = append(ram, rapid.SampledFrom(pool).Draw(t, "prin"))
		}
		st["Principal"] = map[string]any{"RAM": ram}
	}
	conds := map[string]map[string][]string{}
	for i := rapid.IntRange(0, 2).Draw(t, "ncond"); i > 0; i-- {
		ks := rapid.SampledFrom(keySpecs).Draw(t, "key")
		op := rapid.SampledFrom(ks.ops).Draw(t, "op")
		if op != "Bool" {
			op = rapid.SampledFrom([]string{"", "", "ForAllValues:", "ForAnyValue:"}).Draw(t, "set") + op
		}
		var vals []string
		n := 1
		if ks.key != "k:b" {
			n = rapid.IntRange(1, 2).Draw(t, "nval")
		}
		for ; n > 0; n-- {
			vals = append(vals, rapid.SampledFrom(ks.pool).Draw(t, "val"))
		}
		if op == "NumericLessThan" || strings.HasPrefix(ks.key, "k:n") || ks.key == "k:i" || ks.key == "k:b" {
			// keep only values the family reads
		}
		if conds[op] == nil {
			conds[op] = map[string][]string{}
		}
		if _, dup := conds[op][ks.key]; dup {
			continue
		}
		conds[op][ks.key] = vals
	}
	if len(conds) > 0 {
		st["Condition"] = conds
	}
	return st
}

func genStatements(t *rapid.T, label string, kind policy.Kind) []map[string]any {
	var stmts []map[string]any
	for i := rapid.IntRange(0, 3).Draw(t, label+"n"); i > 0; i-- {
		stmts = append(stmts, genStatement(t, kind))
	}
	return stmts
}

// mutate returns the statements after one small edit, as a change under review makes:
// drop one, add one, or replace one.
func mutate(t *rapid.T, stmts []map[string]any, kind policy.Kind) []map[string]any {
	out := append([]map[string]any(nil), stmts...)
	switch op := rapid.IntRange(0, 2).Draw(t, "mutation"); {
	case op == 0 && len(out) > 0:
		i := rapid.IntRange(0, len(out)-1).Draw(t, "drop")
		out = append(out[:i], out[i+1:]...)
	case op == 1 && len(out) > 0:
		out[rapid.IntRange(0, len(out)-1).Draw(t, "replace")] = genStatement(t, kind)
	default:
		out = append(out, genStatement(t, kind))
	}
	return out
}

func toSet(t *rapid.T, label string, kind policy.Kind, stmts []map[string]any) (Set, string) {
	s := Set{Kind: kind}
	if len(stmts) == 0 {
		return s, "(empty)"
	}
	text, _ := json.Marshal(map[string]any{"Version": "1", "Statement": stmts})
	doc, err := policy.Parse(text, kind)
	if err != nil {
		t.Skipf("generated an invalid policy: %v\n%s", err, text)
	}
	s.Policies = []eval.Policy{{Name: label, Doc: doc}}
	return s, string(text)
}

// genPair returns two sets: unrelated, or the second a small edit of the first.
func genPair(t *rapid.T, kind policy.Kind) (old Set, oldText string, new Set, newText string) {
	a := genStatements(t, "old", kind)
	var b []map[string]any
	if rapid.Bool().Draw(t, "edit") {
		b = mutate(t, a, kind)
	} else {
		b = genStatements(t, "new", kind)
	}
	old, oldText = toSet(t, "old", kind, a)
	new, newText = toSet(t, "new", kind, b)
	return
}

var uniCallers = []string{"acs:ram::1:root", "acs:ram::2:root", "acs:ram::1:user/a", "acs:ram::1:user/A",
	"acs:ram::1:user/b", "acs:ram::2:user/a", "acs:ram::2:role/r", "acs:ram::2:role/R", "acs:ram::1:role/r", "acs:ram::3:role/x"}

// universeCheck runs every action and resource of the universe, each with a random
// context (and caller, for trust policies), through both sets and returns the first
// request new allows and old does not.
func universeCheck(old, new Set, rng *rand.Rand) (*eval.Request, error) {
	oldPS, err := eval.Compile(old.Policies...)
	if err != nil {
		return nil, err
	}
	newPS, err := eval.Compile(new.Policies...)
	if err != nil {
		return nil, err
	}
	for _, a := range uniActions {
		for _, r := range uniResources {
			for rep := 0; rep < 2; rep++ {
				req := eval.Request{Action: a, Resource: r}
				m := map[string][]string{}
				for _, ks := range keySpecs {
					if hasPrincipal(new.Kind) && ks.key == "acs:PrincipalARN" {
						continue
					}
					if v := ks.request[rng.IntN(len(ks.request))]; v != nil {
						m[ks.key] = v
					}
				}
				req.Context = eval.NewContext(m)
				if hasPrincipal(new.Kind) {
					req.Principal = arn.MustParse(uniCallers[rng.IntN(len(uniCallers))])
				}
				if newPS.Evaluate(&req).Decision == eval.Allow && oldPS.Evaluate(&req).Decision != eval.Allow {
					return &req, nil
				}
			}
		}
	}
	return nil, nil
}

func checkPair(t *rapid.T, kind policy.Kind) {
	old, oldText, new, newText := genPair(t, kind)
	res, err := NoNewAccess(old, new, &Options{MaxWitnesses: 2})
	if err != nil {
		if IsUndecided(err) && !strings.Contains(err.Error(), "Unconfirmed") && !errorsIsUnconfirmed(err) {
			t.Skipf("undecided: %v", err)
		}
		t.Fatalf("old %s\nnew %s\nerror: %v", oldText, newText, err)
	}
	oldPS, _ := eval.Compile(old.Policies...)
	newPS, _ := eval.Compile(new.Policies...)
	if !res.Pass {
		for _, w := range res.Witnesses {
			if !w.Checked {
				continue
			}
			if newPS.Evaluate(&w.Request).Decision != eval.Allow || oldPS.Evaluate(&w.Request).Decision == eval.Allow {
				t.Fatalf("witness does not verify: %+v", w)
			}
		}
		return
	}
	seed := rapid.Uint64().Draw(t, "seed")
	if req, _ := universeCheck(old, new, rand.New(rand.NewPCG(seed, 1))); req != nil {
		t.Fatalf("PASS, but new allows and old does not:\naction %s resource %s principal %s context %v\nold %s\nnew %s",
			req.Action, req.Resource, req.Principal, ctxMap(req.Context), oldText, newText)
	}
}

func ctxMap(c eval.Context) map[string][]string {
	m := map[string][]string{}
	for _, k := range c.Keys() {
		v, _ := c.Get(k)
		m[k] = v
	}
	return m
}

func errorsIsUnconfirmed(err error) bool {
	return err != nil && strings.Contains(fmt.Sprint(err), ErrUnconfirmed.Error())
}

func TestPropertyIdentity(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) { checkPair(t, policy.IdentityPolicy) })
}

func TestPropertyTrust(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) { checkPair(t, policy.TrustPolicy) })
}

func TestPropertyResource(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) { checkPair(t, policy.ResourcePolicy) })
}
