package analyze

import (
	"errors"
	"testing"

	"github.com/rampolicy/ram/eval"
	"github.com/rampolicy/ram/policy"
)

func TestLimitsAreErrors(t *testing.T) {
	empty := Set{Kind: policy.IdentityPolicy}
	if _, err := NoNewAccess(empty, pathological(16), &Options{MaxStates: 1000}); !errors.Is(err, ErrLimit) {
		t.Fatalf("MaxStates: got %v", err)
	}
	if _, err := NoNewAccess(empty, pathological(8), &Options{MaxTotalStates: 50}); !errors.Is(err, ErrLimit) {
		t.Fatalf("MaxTotalStates: got %v", err)
	}
	old := bigSet(t, 40, 1, 0)
	new := bigSet(t, 40, 2, 0)
	if _, err := NoNewAccess(old, new, &Options{MaxNodes: 3}); !errors.Is(err, ErrLimit) {
		t.Fatalf("MaxNodes: got %v", err)
	}
	many := mustSet(t, policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{
		"ForAllValues:StringEquals":{"k:a":["1","2","3","4","5","6","7","8"]},
		"ForAnyValue:StringNotEquals":{"k:a":["1","3","5","7"]},
		"StringEquals":{"k:a":["2","4","6","8"]}}}]}`)
	if _, err := NoNewAccess(empty, many, &Options{MaxBehaviours: 4}); !errors.Is(err, ErrLimit) {
		t.Fatalf("MaxBehaviours: got %v", err)
	}
	if _, err := NoNewAccess(empty, many, nil); err != nil {
		t.Fatalf("default limits: %v", err)
	}
}

func TestInputErrors(t *testing.T) {
	id := mustSet(t, policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)
	tr := mustSet(t, policy.TrustPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"*"}}]}`)
	mixed := mustSet(t, policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{
		"StringLike":{"k:n":"1*"},"NumericLessThan":{"k:n":"5"}}}]}`)
	tests := []struct {
		name string
		err  error
		call func() error
	}{
		{"kinds differ", ErrInput, func() error { _, err := NoNewAccess(id, tr, nil); return err }},
		{"nil document", ErrInput, func() error {
			_, err := NoNewAccess(id, Set{Kind: policy.IdentityPolicy, Policies: []eval.Policy{{Name: "x"}}}, nil)
			return err
		}},
		{"kind unset", ErrInput, func() error { _, err := NoNewAccess(Set{}, Set{}, nil); return err }},
		{"a trust policy compared as identity", ErrInput, func() error {
			_, err := NoNewAccess(id, Set{Kind: policy.IdentityPolicy, Policies: tr.Policies}, nil)
			return err
		}},
		{"two families on one key", ErrUndecided, func() error { _, err := NoNewAccess(id, mixed, nil); return err }},
		{"external on identity", ErrInput, func() error { _, err := NoExternalAccess(id, []string{"1"}, nil); return err }},
		{"external without accounts", ErrInput, func() error { _, err := NoExternalAccess(tr, nil, nil); return err }},
		{"not granted without actions", ErrInput, func() error { _, err := AccessNotGranted(id, nil, []string{"*"}, nil); return err }},
		{"bad query action", ErrInput, func() error { _, err := AccessNotGranted(id, []string{"nocolon"}, []string{"*"}, nil); return err }},
	}
	for _, tc := range tests {
		if err := tc.call(); !errors.Is(err, tc.err) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.err)
		}
	}
}

// Value classes at the edges of each family.
func TestValueEdges(t *testing.T) {
	cases := []struct {
		name     string
		old, new string
		pass     bool
	}{
		{"one nanosecond apart holds nothing between", `"DateLessThan":{"k:d":"2020-01-01T00:00:00.000000001Z"}`,
			`"DateLessThanEquals":{"k:d":"2020-01-01T00:00:00Z"}`, true},
		{"two nanoseconds apart hold one", `"DateLessThanEquals":{"k:d":"2020-01-01T00:00:00Z"}`,
			`"DateLessThan":{"k:d":"2020-01-01T00:00:00.000000002Z"}`, false},
		{"10 equals 10.0", `"NumericEquals":{"k:n":"10"}`, `"NumericEquals":{"k:n":"10.000"}`, true},
		{"an IPv4-mapped IPv6 prefix is IPv4", `"IpAddress":{"k:i":"10.0.0.0/8"}`, `"IpAddress":{"k:i":"::ffff:10.0.0.0/104"}`, true},
		{"IPv6 everything is not IPv4", `"IpAddress":{"k:i":"10.0.0.0/8"}`, `"IpAddress":{"k:i":"::/0"}`, false},
		{"a /8 without its /16 is the rest", `"IpAddress":{"k:i":"10.1.0.0/16"}`, `"IpAddress":{"k:i":"10.0.0.0/8"}`, false},
		{"Bool in any letter case", `"Bool":{"k:b":"true"}`, `"Bool":{"k:b":"TRUE"}`, true},
		{"ForAllValues is true when absent", `"StringEquals":{"k:s":"a"}`, `"ForAllValues:StringEquals":{"k:s":"a"}`, false},
		{"ForAnyValue on one value is the plain operator", `"StringEquals":{"k:s":["a","b"]}`, `"ForAnyValue:StringEquals":{"k:s":["b","a"]}`, true},
		{"negated with several values", `"StringNotEquals":{"k:s":["a","b"]}`, `"StringNotEquals":{"k:s":"a"}`, false},
		{"IgnoreCase folds Unicode", `"StringEqualsIgnoreCase":{"k:s":"straße"}`, `"StringEqualsIgnoreCase":{"k:s":"STRASSE"}`, false},
		{"IgnoreCase folds Kelvin", `"StringEqualsIgnoreCase":{"k:s":"k"}`, `"StringEqualsIgnoreCase":{"k:s":"K"}`, true},
	}
	for _, c := range cases {
		old := mustSet(t, policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{`+c.old+`}}]}`)
		new := mustSet(t, policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{`+c.new+`}}]}`)
		res, err := NoNewAccess(old, new, nil)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if res.Pass != c.pass {
			t.Errorf("%s: pass %v, want %v; witnesses %+v", c.name, res.Pass, c.pass, res.Witnesses)
		}
	}
}

// Actions fold ASCII case only, and a non-ASCII action name is a request when the
// evaluator accepts it: the answers follow the evaluator either way.
func TestNonASCIIActions(t *testing.T) {
	lower := mustSet(t, policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"svc:gét","Resource":"*"}]}`)
	upper := mustSet(t, policy.IdentityPolicy, `{"Version":"1","Statement":[{"Effect":"Allow","Action":"SVC:GÉT","Resource":"*"}]}`)
	res, err := NoNewAccess(lower, upper, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Pass == nonASCIIActions {
		t.Fatalf("pass %v with an evaluator that accepts non-ASCII actions: %v", res.Pass, nonASCIIActions)
	}
	for _, w := range res.Witnesses {
		if w.Action != "SVC:GÉT" && w.Action != "svc:gÉt" {
			t.Logf("witness %s", w.Action)
		}
	}
}
