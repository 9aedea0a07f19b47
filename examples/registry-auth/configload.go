package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
)

// LoadConfig reads a JSON (.json) or YAML (.yaml, .yml) configuration file,
// applies defaults and validates it. Unknown fields are errors.
func LoadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	cfg, err := ParseConfig(data, filepath.Ext(path))
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	return cfg, nil
}

// ParseConfig parses configuration data; ext (".json", ".yaml", ".yml")
// selects the format, and anything else is read as YAML, which also
// accepts JSON.
func ParseConfig(data []byte, ext string) (*Config, error) {
	if !strings.EqualFold(ext, ".json") {
		var err error
		if data, err = yamlToJSON(data); err != nil {
			return nil, err
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var cfg Config
	if err := dec.Decode(&cfg); err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("decode: trailing data after the configuration object")
	}
	cfg.applyDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	return &cfg, nil
}

// yamlToJSON converts a YAML document to JSON so that one set of struct
// tags (and json.RawMessage policy documents) serves both formats.
func yamlToJSON(data []byte) ([]byte, error) {
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		return nil, fmt.Errorf("yaml: %w", err)
	}
	v, err := jsonCompatible(v, "")
	if err != nil {
		return nil, err
	}
	return json.Marshal(v)
}

// jsonCompatible rewrites YAML maps with non-string keys into
// map[string]any, failing on keys that are not scalars.
func jsonCompatible(v any, path string) (any, error) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			y, err := jsonCompatible(x, path+"."+k)
			if err != nil {
				return nil, err
			}
			v[k] = y
		}
		return v, nil
	case map[any]any:
		m := make(map[string]any, len(v))
		for k, x := range v {
			ks := fmt.Sprint(k)
			if _, ok := k.(string); !ok && !isScalar(k) {
				return nil, fmt.Errorf("yaml: %s: key %v is not a scalar", path, k)
			}
			y, err := jsonCompatible(x, path+"."+ks)
			if err != nil {
				return nil, err
			}
			m[ks] = y
		}
		return m, nil
	case []any:
		for i, x := range v {
			y, err := jsonCompatible(x, fmt.Sprintf("%s[%d]", path, i))
			if err != nil {
				return nil, err
			}
			v[i] = y
		}
		return v, nil
	default:
		return v, nil
	}
}

// isScalar reports whether a YAML key is a number or boolean.
func isScalar(k any) bool {
	switch k.(type) {
	case int, int64, uint64, float64, bool:
		return true
	}
	return false
}
