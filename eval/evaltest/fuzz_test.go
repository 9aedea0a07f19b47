package evaltest_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rampolicy/ram/eval/evaltest"
)

// loadSeeds are small decision tables with one case of each kind, so that mutations reach
// every runner; testdata/fuzz/FuzzLoad holds two files of the conformance corpus too.
var loadSeeds = []string{
	`{"description":"request","policies":{"p":{"Version":"1","Statement":[{"Effect":"Allow","Action":"cr:*","Resource":"*","Condition":{"IpAddress":{"acs:SourceIp":"10.0.0.0/8"}}}]},
	  "d":"{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"cr:Push*\",\"Resource\":\"*\"}]}",
	  "r":{"Version":"1","Statement":[{"Effect":"Allow","Action":"cr:*","Resource":"*","Principal":{"RAM":"acs:ram::1:root"}}]}},
	  "cases":[{"name":"a","principal":"acs:ram::1:user/u","policies":["p","d"],"sessionPolicy":"p","resourcePolicy":"r","action":"cr:PullRepository",
	  "resource":"acs:cr:cn:2:repository/a","context":{"acs:SourceIp":["10.1.1.1"],"x:y":"z"},"expect":"Allow","decidedBy":[{"policy":"p","statement":0},{"policy":"r","statement":0}]},
	  {"name":"b","policies":["p"],"action":"","resource":"*","expect":"Error:InvalidRequest"}]}`,
	`{"policies":{"t":{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":["acs:ram::1:root","acs:ram::2:role/b"]},"Condition":{"StringEquals":{"sts:ExternalId":"ex"}}}]},
	  "a":{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]},"c":{"Version":"1","Statement":[{"Effect":"Deny","Action":"ecs:*","Resource":"*"}]}},
	  "directory":{"accounts":{"1":{"users":{"u":{"policies":["a"],"groups":["g"]}},"groups":{"g":{"policies":["a"]}},"controlPolicies":[["a","c"],["a"]]},
	  "2":{"roles":{"b":{"trust":"t","policies":["a"],"maxSessionDuration":7200,"serviceLinked":false},"r":{"trust":"t","policies":["a"]}}}}},
	  "cases":[{"name":"chain","assumeRole":{"caller":"acs:ram::1:user/u","chain":[{"roleArn":"acs:ram::2:role/r","sessionName":"s1","externalId":"ex","policy":"a",
	  "durationSeconds":900,"sourceIdentity":"me","context":{"a:b":"c"}},{"roleArn":"acs:ram::2:role/b","sessionName":"s2"}]},"expect":"ImplicitDeny","failedHop":1,
	  "then":{"action":"cr:GetX","resource":"*","context":{},"expect":"Allow","decidedBy":[]}},
	  {"name":"reach","reach":{"from":"acs:ram::1:user/u","to":"acs:ram::2:role/b","maxHops":3,"context":{"sts:ExternalId":"ex"}},"expect":"ImplicitDeny"},
	  {"name":"who","whoCan":{"action":"ecs:Run","resource":"*","context":{},"maxHops":2},"expect":"Allow","principals":["acs:ram::2:role/b","acs:ram::2:role/r"]},
	  {"name":"user","principal":"acs:ram::1:user/u","action":"ecs:Run","resource":"*","expect":"ExplicitDeny"}]}`,
	`{"cases":[{"name":"p","parse":"{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"allow\",\"Action\":\"a:b\",\"Resource\":\"*\"}]}","kind":"identity","expect":"Error:InvalidEffect","at":"/Statement/0/Effect"},
	  {"name":"q","parse":{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"ecs.aliyuncs.com"}}]},"kind":"trust","expect":"Allow"}]}`,
	`{"cases":[{"name":"x","expect":"Allow"},{"name":"x","expect":"Allow"}]}`,
	`{"Cases":[],"policies":{"p":{"Version":"1","Version":"1"}}}`,
	`[]`, `{"cases":{}}`, `{"policies":{"p":null},"cases":[{"name":"a","policies":["p"],"action":"a:b","resource":"*","expect":"Allow"}]}`,
}

// FuzzLoad: the loader and runner never panic, whatever the bytes of a table; a table
// gives an outcome per case, or failures when it does not load, each naming its file.
func FuzzLoad(f *testing.F) {
	for _, s := range loadSeeds {
		f.Add([]byte(s))
	}
	path := filepath.Join(f.TempDir(), "table.json") // one per fuzzing process; calls are sequential
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		out := evaltest.RunFile(path)
		if len(out) == 0 { // only a table without cases has nothing to report
			var probe struct {
				Cases []json.RawMessage `json:"cases"`
			}
			if err := json.Unmarshal(data, &probe); err != nil || len(probe.Cases) > 0 {
				t.Fatalf("no outcome for %q", data)
			}
		}
		for _, o := range out {
			if o.File != path {
				t.Fatalf("outcome names file %q", o.File)
			}
			if o.Pass && o.Case == "" {
				t.Fatalf("a table that did not load passed: %+v", o)
			}
			if s := o.String(); !strings.Contains(s, path) {
				t.Fatalf("outcome renders without its file: %s", s)
			}
		}
	})
}

// TestSeedsLoad keeps the seeds meaningful: the well-formed ones load and pass.
func TestSeedsLoad(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for i, s := range loadSeeds[:3] {
		p := filepath.Join(dir, "seed.json")
		if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
		for _, o := range evaltest.RunFile(p) {
			if !o.Pass {
				t.Errorf("seed %d: %s", i, o)
			}
		}
	}
}

// TestCaseLinesInLinearTime: outcomes name the line their case starts on, and finding
// those lines takes one pass over the file. It used to look every case up in the whole
// text again: a table of 20,000 cases took 29 s to load instead of 0.4 s.
func TestCaseLinesInLinearTime(t *testing.T) {
	t.Parallel()
	table := func(n int) string {
		var b strings.Builder
		b.WriteString("{\"cases\": [\n")
		for i := range n {
			if i > 0 {
				b.WriteString(",\n")
			}
			b.WriteString(`  {"name": "c` + strconv.Itoa(i) + `", "parse": "{}", "kind": "identity", "expect": "Error:InvalidVersion"}`)
		}
		return b.String() + "\n]}"
	}
	dir := t.TempDir()
	cost := func(n int) time.Duration {
		p := filepath.Join(dir, "t"+strconv.Itoa(n)+".json")
		if err := os.WriteFile(p, []byte(table(n)), 0o600); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		out := evaltest.RunFile(p)
		d := time.Since(start)
		for i, o := range out {
			if !o.Pass || o.Line != i+2 {
				t.Fatalf("case %d: line %d, pass %v: %s", i, o.Line, o.Pass, o)
			}
		}
		return d
	}
	small, large := cost(1000), cost(4000)
	t.Logf("1,000 cases in %v, 4,000 in %v", small, large)
	if large > 10*small+200*time.Millisecond {
		t.Errorf("4x the cases took %.1fx as long", float64(large)/float64(small))
	}
}
