package syntax

import "testing"

func TestActionAndKeyProblems(t *testing.T) {
	for s, bad := range map[string]bool{
		"*": false, "cr:Get*": false, "ecs:?escribe[x]": false, "a-b:c{d}": false,
		"PullRepository": true, ":x": true, "cr:": true, "a:b:c": true, "c r:x": true, "cr:Pull Image": true, "ü:x": true,
	} {
		if got := ActionProblem(s) != ""; got != bad {
			t.Errorf("ActionProblem(%q) = %q", s, ActionProblem(s))
		}
	}
	for k, bad := range map[string]bool{
		"acs:SourceIp": false, "oss:x/y:z": false, "nokey": true, ":x": true, "a b:c": true, "x:": true,
	} {
		if got := KeyProblem(k) != ""; got != bad {
			t.Errorf("KeyProblem(%q) = %q", k, KeyProblem(k))
		}
	}
}
