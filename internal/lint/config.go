package lint

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/lint/checks/postgres"
)

// Defaults for the size check (Z101).
const (
	DefaultMaxStatements = 50
	DefaultMaxBytes      = 64 << 10
)

// Config is the lint section of strata.toml:
//
//	[lint]
//	disable = ["D105", "naming-convention"]   # codes or names
//	severity = { PG101 = "error", M101 = "info", D104 = "off" }
//	max_statements = 50                       # per up section; 0: default
//	max_bytes = 65536                         # per up section; 0: default
//	require_lock_timeout = true               # turn on PG109
//
// The zero value means every default. Checks are named by code ("PG101")
// or by name ("index-not-concurrently"), in any case.
type Config struct {
	// Disable lists checks not to run.
	Disable []string `toml:"disable" json:"disable,omitempty"`
	// Severity changes the severity of checks: "error", "warning",
	// "info", or "off" (same as Disable).
	Severity map[string]string `toml:"severity" json:"severity,omitempty"`
	// MaxStatements is the most statements an up section may hold before
	// Z101 reports it; 0 means DefaultMaxStatements.
	MaxStatements int `toml:"max_statements" json:"max_statements,omitempty"`
	// MaxBytes is the largest up section, in bytes, before Z101 reports
	// it; 0 means DefaultMaxBytes.
	MaxBytes int `toml:"max_bytes" json:"max_bytes,omitempty"`
	// RequireLockTimeout turns on PG109: migrations that take strong
	// locks on existing tables must SET lock_timeout first.
	RequireLockTimeout bool `toml:"require_lock_timeout" json:"require_lock_timeout,omitempty"`

	// Resolved by withDefaults.
	disabled map[string]bool
	severity map[string]analysis.Severity
}

// ConfigError is one problem of the [lint] table. Key is the key it is
// about, below [lint] ("disable", or "severity", "PG101"), so that the
// caller, which has the file, can say on which line it is.
type ConfigError struct {
	Key []string
	Msg string
}

func (e *ConfigError) Error() string { return e.Msg }

// configErr is a ConfigError about key.
func configErr(key []string, format string, args ...any) error {
	return &ConfigError{Key: key, Msg: fmt.Sprintf(format, args...)}
}

// configKeys are the keys of the [lint] table, in documentation order.
var configKeys = []string{"disable", "severity", "max_statements", "max_bytes", "require_lock_timeout"}

// ParseConfig turns the lint section as decoded from TOML into a Config
// and validates it. Unknown keys, values of the wrong type, unknown
// checks and unknown severities are errors that say what is allowed.
func ParseConfig(table map[string]any) (Config, error) {
	var c Config
	var errs []error
	keys := make([]string, 0, len(table))
	for k := range table {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := table[k]
		switch k {
		case "disable":
			list, ok := stringList(v)
			if !ok {
				errs = append(errs, configErr([]string{k}, "[lint] disable must be a list of check codes or names, e.g. disable = [\"D105\", \"PG109\"]"))
			}
			c.Disable = list
		case "severity":
			m, ok := v.(map[string]any)
			if !ok {
				errs = append(errs, configErr([]string{k}, "[lint] severity must be a table of check = severity, e.g. severity = { PG101 = \"error\" }"))
				continue
			}
			c.Severity = make(map[string]string, len(m))
			for code, sv := range m {
				s, ok := sv.(string)
				if !ok {
					errs = append(errs, configErr([]string{k, code}, "[lint] severity.%s must be a string: error, warning, info or off", code))
					continue
				}
				c.Severity[code] = s
			}
		case "max_statements", "max_bytes":
			n, ok := v.(int64)
			if !ok {
				if i, isInt := v.(int); isInt {
					n, ok = int64(i), true
				}
			}
			if !ok {
				errs = append(errs, configErr([]string{k}, "[lint] %s must be a whole number", k))
				continue
			}
			if k == "max_statements" {
				c.MaxStatements = int(n)
			} else {
				c.MaxBytes = int(n)
			}
		case "require_lock_timeout":
			b, ok := v.(bool)
			if !ok {
				errs = append(errs, configErr([]string{k}, "[lint] require_lock_timeout must be true or false"))
			}
			c.RequireLockTimeout = b
		default:
			hint := ""
			if s := closest(k, configKeys); s != "" {
				hint = fmt.Sprintf(" (did you mean %s?)", s)
			}
			errs = append(errs, configErr([]string{k}, "[lint] unknown key %s%s; the keys are %s", k, hint, strings.Join(configKeys, ", ")))
		}
	}
	// Every problem at once: the checks named too, in what could be read.
	if err := errors.Join(append(errs, c.Validate())...); err != nil {
		return Config{}, err
	}
	return c, nil
}

// stringList converts a TOML array of strings.
func stringList(v any) ([]string, bool) {
	switch l := v.(type) {
	case []string:
		return l, true
	case []any:
		out := make([]string, 0, len(l))
		for _, x := range l {
			s, ok := x.(string)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	}
	return nil, false
}

// Validate checks that every check named exists, that every severity is
// one of error, warning, info and off, and that the limits are not
// negative. All problems are returned together.
func (c Config) Validate() error {
	var errs []error
	for _, name := range c.Disable {
		if lookupAnalyzer(name) == nil {
			errs = append(errs, unknownCheck([]string{"disable"}, "disable", name))
		}
	}
	codes := make([]string, 0, len(c.Severity))
	for k := range c.Severity {
		codes = append(codes, k)
	}
	sort.Strings(codes)
	for _, name := range codes {
		if lookupAnalyzer(name) == nil {
			errs = append(errs, unknownCheck([]string{"severity", name}, "severity", name))
		}
		if v := c.Severity[name]; !strings.EqualFold(v, "off") {
			if _, err := analysis.ParseSeverity(v); err != nil {
				errs = append(errs, configErr([]string{"severity", name}, "[lint] severity.%s: unknown severity %q; use error, warning, info or off", name, v))
			}
		}
	}
	if c.MaxStatements < 0 {
		errs = append(errs, configErr([]string{"max_statements"}, "[lint] max_statements is %d; give a positive number, or 0 for the default %d (disable Z101 to turn the check off)", c.MaxStatements, DefaultMaxStatements))
	}
	if c.MaxBytes < 0 {
		errs = append(errs, configErr([]string{"max_bytes"}, "[lint] max_bytes is %d; give a positive number, or 0 for the default %d (disable Z101 to turn the check off)", c.MaxBytes, DefaultMaxBytes))
	}
	return errors.Join(errs...)
}

func unknownCheck(at []string, key, name string) error {
	hint := ""
	if s := suggestCheck(name); s != "" {
		hint = fmt.Sprintf(" (did you mean %s?)", s)
	}
	var codes []string
	for _, a := range Analyzers() {
		codes = append(codes, a.Code)
	}
	return configErr(at, "[lint] %s: unknown check %q%s; the checks are %s", key, name, hint, strings.Join(codes, ", "))
}

// withDefaults returns a copy with the limits' defaults filled in and the
// check names resolved to codes. The receiver must be valid.
func (c Config) withDefaults() Config {
	if c.MaxStatements == 0 {
		c.MaxStatements = DefaultMaxStatements
	}
	if c.MaxBytes == 0 {
		c.MaxBytes = DefaultMaxBytes
	}
	c.disabled = map[string]bool{}
	c.severity = map[string]analysis.Severity{}
	for _, name := range c.Disable {
		c.disabled[lookupAnalyzer(name).Code] = true
	}
	for name, v := range c.Severity {
		code := lookupAnalyzer(name).Code
		if strings.EqualFold(v, "off") {
			c.disabled[code] = true
			continue
		}
		c.severity[code], _ = analysis.ParseSeverity(v)
	}
	return c
}

// enabled reports whether analyzer a runs under this configuration.
func (c *Config) enabled(a *analysis.Analyzer) bool {
	if c.disabled[a.Code] {
		return false
	}
	if a.OptIn {
		return a.Code == postgres.CodeLockTimeout && c.RequireLockTimeout
	}
	return true
}

// lookupAnalyzer finds a check by code or name, in any case.
func lookupAnalyzer(name string) *analysis.Analyzer {
	for _, a := range Analyzers() {
		if strings.EqualFold(a.Code, name) || strings.EqualFold(a.Name, name) {
			return a
		}
	}
	return nil
}

// closest returns the candidate nearest to s when it is near enough to be
// a likely typo, or "".
func closest(s string, candidates []string) string {
	best, bestD := "", 3
	ls := strings.ToLower(s)
	for _, c := range candidates {
		if d := editDistance(ls, strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	if best != "" && bestD > len(s)/2 {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance of two short strings.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
