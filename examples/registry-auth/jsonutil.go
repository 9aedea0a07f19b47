package main

import (
	"encoding/json"
	"fmt"
)

// jsonUnmarshalString decodes a JSON string literal into v, with an error
// that does not echo the input (which may be a secret).
func jsonUnmarshalString(b []byte, v *string) error {
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("want a JSON string")
	}
	return nil
}
