package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// UID is an account ID. It may be written as a JSON string or number, so
// that an unquoted YAML value such as 1234567890123456 works.
type UID string

// UnmarshalJSON accepts a string or an integer literal.
func (u *UID) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return fmt.Errorf("account ID: %w", err)
		}
		*u = UID(s)
		return nil
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return fmt.Errorf("account ID %s: want digits", b)
		}
	}
	*u = UID(b)
	return nil
}

// Duration is a time.Duration written as a Go duration string ("5m") or
// as a number of seconds.
type Duration time.Duration

// UnmarshalJSON accepts "1h30m" or 5400.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("duration: %w", err)
	}
	switch v := v.(type) {
	case string:
		x, err := time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("duration %q: %w", v, err)
		}
		*d = Duration(x)
	case float64:
		*d = Duration(time.Duration(v * float64(time.Second)))
	default:
		return fmt.Errorf("duration %s: want a string such as \"5m\" or seconds", b)
	}
	return nil
}

// MarshalJSON writes the duration as a Go duration string.
func (d Duration) MarshalJSON() ([]byte, error) {
	return json.Marshal(time.Duration(d).String())
}
