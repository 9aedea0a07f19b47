package policy

import "encoding/json"

// jsonNumber keeps a number's text for the validator, which only needs its type.
func jsonNumber(s string) json.Number { return json.Number(s) }
