package system_test

import (
	"errors"
	"fmt"

	"github.com/rampolicy/ram/policy/system"
)

func ExampleLookup() {
	doc, err := system.Lookup("AliyunContainerRegistryReadOnlyAccess")
	if err != nil {
		panic(err)
	}
	fmt.Println(doc.Statements[0].Actions)

	_, err = system.Lookup("AliyunECSFullAccess")
	fmt.Println(errors.Is(err, system.ErrNotEmbedded))
	// Output:
	// [cr:Get* cr:List* cr:Pull*]
	// true
}
