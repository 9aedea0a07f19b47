package eval_test

import (
	"slices"
	"testing"

	"github.com/rampolicy/ram/arn"
	"github.com/rampolicy/ram/eval"
	"pgregory.net/rapid"
)

// fastPathResources add the system account, accounts that are a prefix or an extension
// of the principals' (1111), and text that is not an ARN to the usual request resources.
var fastPathResources = []string{"acs:ram:*:system:policy/P", "acs:ram::system:policy/P", "acs:cr:*:system:x",
	"acs:cr:cn-hangzhou:111:repository/ns/app", "acs:cr:cn-hangzhou:11111:repository/ns/app", "acs:cr::1111",
	"acs:cr:cn-hangzhou:1111", "acs:cr:cn-hangzhou:1111:", "acs:cr:1111:2222:x", "acs:1111::", "acs:", "x:y:z:1111:w",
	"acs:cr:cn-hangzhou:1111/x:repository/ns/app", "acs:cr:cn-hangzhou:*:x", "ACS:cr:cn-hangzhou:2222:x"}

// TestPropertyIdentityOnlyAgreesWithDecide: Evaluate's fast path for the usual
// configuration (identity policies only) decides exactly as decide's stages do
// (DecideReference), with the same stage and deciding statements (compared sorted), for
// every caller (roots, other accounts, services, federated, non-principals) and resource.
func TestPropertyIdentityOnlyAgreesWithDecide(t *testing.T) {
	t.Parallel()
	rapid.Check(t, func(t *rapid.T) {
		w := world{identity: setGen("id", false, 0).Draw(t, "identity")}
		if rapid.IntRange(0, 3).Draw(t, "other") == 0 { // now and then any configuration
			w = worldGen.Draw(t, "world")
		}
		ev, res := w.compile(t)
		req := requestGen.Draw(t, "request")
		if rapid.Bool().Draw(t, "moreResources") {
			req.Resource = rapid.SampledFrom(fastPathResources).Draw(t, "resource")
		}
		if rapid.IntRange(0, 3).Draw(t, "assumeOwn") == 0 { // sts:AssumeRole's rule, same account
			req.Action, req.Resource = "sts:AssumeRole", "acs:ram::1111:role/r"
		}
		switch rapid.IntRange(0, 9).Draw(t, "caller") {
		case 0:
			req.Principal = arn.MustParse("acs:cr:cn-hangzhou:1111:repository/ns/app") // not a principal
		case 1:
			req.Principal = arn.ARN{}
			req.Service = arn.MustParseServicePrincipal("1111@ecs.aliyuncs.com")
		case 2:
			req.Principal = arn.ARN{}
			req.Provider = arn.MustParse("acs:ram::1111:saml-provider/idp")
		case 3:
			req.Principal = arn.MustParse("acs:ram::system:user/x")
		}
		got, want := ev.Evaluate(req, res), eval.DecideReference(ev, req, res)
		if summary(got) != summary(want) || !slices.Equal(got.DecidedBy(), want.DecidedBy()) {
			t.Fatalf("Evaluate %s, decide %s", summary(got), summary(want))
		}
	})
}
