package policy_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/rampolicy/ram/policy"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// Parse reads into pooled readers and carves a Document's value lists from chunks its
// lists share. Documents parsed at once on many goroutines must each get exactly their
// own values; editing one list of one Document (an element, or appending) must change
// nothing else, in it, in another Document or in a Clone; and an ErrorList must say the
// same after later Parses have reused the reader it came from, also one that stopped in
// the middle of a document (too deep).

// genSharingDoc draws a trust policy whose every list has 1..4 values tagged with id,
// so that a value seen in the wrong Document names where it came from.
func genSharingDoc(t *rapid.T, id int) string {
	list := func(label, format string) string {
		n := rapid.IntRange(1, 4).Draw(t, label)
		if n == 1 && rapid.Bool().Draw(t, label+" as string") {
			return fmt.Sprintf(`"`+format+`"`, id, 0)
		}
		vals := make([]string, n)
		for i := range vals {
			vals[i] = fmt.Sprintf(`"`+format+`"`, id, i)
		}
		return "[" + strings.Join(vals, ",") + "]"
	}
	var stmts []string
	for range rapid.IntRange(1, 3).Draw(t, "statements") {
		stmts = append(stmts, fmt.Sprintf(`{"Effect":"Allow","Action":%s,"Principal":{"RAM":%s,"Service":%s},"Condition":{"StringEquals":{"test:k":%s}}}`,
			list("actions", "sts:AssumeRole%d_%d"), list("ram", "acs:ram::%d:user/u%d"),
			list("service", "s%d-%d.aliyuncs.com"), list("values", "v%d-%d")))
	}
	return `{"Version":"1","Statement":[` + strings.Join(stmts, ",") + `]}`
}

// lists returns every list of d, for editing.
func lists(d *policy.Document) [][]string {
	var out [][]string
	for i := range d.Statements {
		s := &d.Statements[i]
		out = append(out, s.Actions, s.Resources, s.Principal.RAM, s.Principal.Service, s.Principal.Federated)
		for j := range s.Conditions {
			out = append(out, s.Conditions[j].Values)
		}
	}
	return out
}

func TestConcurrentParsesShareNothing(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(2, 6).Draw(t, "documents")
		texts := make([]string, n)
		want := make([]*policy.Document, n)
		for i := range texts {
			texts[i] = genSharingDoc(t, i)
			d, err := policy.Parse([]byte(texts[i]), policy.TrustPolicy)
			if err != nil {
				t.Fatalf("%s: %v", texts[i], err)
			}
			want[i] = d.Clone()
		}
		// Every document parsed several times at once; a bad one in between, whose
		// errors must survive the reuse of its reader.
		bad := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"RAM":"nope"}},]}`
		_, badErr := policy.Parse([]byte(bad), policy.TrustPolicy)
		require.Error(t, badErr)
		badText := badErr.Error()
		deep := `{"Version":"1","Statement":[{"Effect":"Allow","Action":"a:b","Principal":{"RAM":"*"},"Sid":` + strings.Repeat("[", 200) + `]}]}`
		got := make([][]*policy.Document, n)
		var wg sync.WaitGroup
		for i := range n {
			got[i] = make([]*policy.Document, 3)
			for k := range 3 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, _ = policy.Parse([]byte(bad), policy.TrustPolicy)
					_, _ = policy.Parse([]byte(deep), policy.TrustPolicy) // the reader stops in the middle
					d, err := policy.Parse([]byte(texts[i]), policy.TrustPolicy)
					if err == nil {
						got[i][k] = d
					}
				}()
			}
		}
		wg.Wait()
		require.Equal(t, badText, badErr.Error(), "an ErrorList changed after its reader was reused")
		for i := range n {
			for k := range 3 {
				require.Equal(t, want[i], got[i][k], "document %d, parse %d", i, k)
			}
		}
		// Edit one parse of one document: every element, then an append to every list.
		ei := rapid.IntRange(0, n-1).Draw(t, "edited")
		ek := rapid.IntRange(0, 2).Draw(t, "edited parse")
		edited := got[ei][ek]
		editedWant := edited.Clone()
		for _, l := range lists(edited) {
			for j := range l {
				l[j] = "edited"
			}
		}
		for li, l := range lists(edited) {
			_ = append(l, fmt.Sprintf("appended %d", li))
		}
		// Clone taken before is unchanged; the edited document changed only where written.
		for i := range n {
			for k := range 3 {
				if i == ei && k == ek {
					continue
				}
				require.Equal(t, want[i], got[i][k], "document %d, parse %d after editing document %d parse %d", i, k, ei, ek)
			}
		}
		for li, l := range lists(edited) {
			for j := range l {
				require.Equal(t, "edited", l[j], "list %d", li)
			}
			require.Len(t, l, len(lists(editedWant)[li]), "list %d grew", li)
		}
		require.NotEqual(t, editedWant, edited)
	})
}
