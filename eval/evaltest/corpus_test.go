package evaltest_test

import (
	"testing"

	"github.com/rampolicy/ram/eval/evaltest"
)

// TestCorpus runs the project's conformance corpus: every decision table under
// testdata/decisions.
func TestCorpus(t *testing.T) {
	evaltest.Run(t, "../../testdata/decisions")
}
