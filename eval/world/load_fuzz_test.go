package world_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/rampolicy/ram/eval/world"
	"github.com/rampolicy/ram/policy"
)

// FuzzLoad: whatever the bytes of a world file, Load never panics; it fails with a
// *LoadError that names the file and a position, or gives a world whose every principal
// is a caller and whose every policy parses, as any kind, or fails without a panic.
func FuzzLoad(f *testing.F) {
	for _, s := range []string{worldText, `{}`, `{"policies": {"p": "{\"Version\":\"1\"}"}}`, `{"cases": []}`,
		`{"policies": {"p": {"file": "../shared/push.json"}}, "directory": {"accounts": {"1": {"users": {"u": {"policies": ["p"]}}}}}}`,
		`{"directory": {"accounts": {"1": {"roles": {"r": {"trust": "t", "maxSessionDuration": 1e3}}, "controlPolicies": [[]]}}}}`} {
		f.Add([]byte(s), false)
	}
	f.Fuzz(func(t *testing.T, data []byte, allowCases bool) {
		fsys := worldFS(string(data))
		w, pols, err := world.LoadOptions{AllowCases: allowCases}.Load(fsys, "worlds/prod.json")
		if err != nil {
			var le *world.LoadError
			if !errors.As(err, &le) || le.File == "" || !errors.Is(err, world.ErrWorld) {
				t.Fatalf("error %v (%T) is not a placed LoadError", err, err)
			}
			if le.Line < 1 || le.Column < 1 {
				t.Fatalf("error without a position: %v", err)
			}
			if !strings.HasPrefix(err.Error(), le.File+":") {
				t.Fatalf("error does not start with its file: %v", err)
			}
			return
		}
		for _, p := range w.Principals() {
			if _, err := w.Caller(p); err != nil {
				t.Fatalf("principal %s is not a caller: %v", p, err)
			}
		}
		for _, n := range pols.Names() {
			for _, k := range []policy.Kind{policy.IdentityPolicy, policy.TrustPolicy, policy.SessionPolicy, policy.ControlPolicy} {
				if _, err := pols.Set(k, n); err == nil {
					if _, err := pols.Text(n); err != nil {
						t.Fatalf("policy %q parses but has no text", n)
					}
				}
			}
		}
	})
}
