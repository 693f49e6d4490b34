package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/strata-db/strata"
)

// defaultConfigFile is read when it exists in the working directory and
// --config is not given.
const defaultConfigFile = "strata.toml"

// fileSettings are the keys allowed at the top level of strata.toml and in
// each [env.NAME] table. Pointers tell a key that is absent from one set to
// a zero value.
type fileSettings struct {
	Database        *string `toml:"database"`
	Dir             *string `toml:"dir"`
	LockTimeout     *string `toml:"lock_timeout"`
	HistoryTable    *string `toml:"history_table"`
	LockTable       *string `toml:"lock_table"`
	AllowOutOfOrder *bool   `toml:"allow_out_of_order"`
	WarnAfter       *string `toml:"warn_after"`
	LockLease       *string `toml:"lock_lease"`
}

// config is strata.toml as read from disk.
type config struct {
	path string // as given, for messages
	dir  string // the file's directory: relative paths in it start there
	data []byte // the text, to find the line of a key

	top  fileSettings
	envs map[string]fileSettings
	// lint is the [lint] table, checked when the file is read: a misspelt
	// key there is an error for every command, as it is anywhere else.
	lint strata.LintConfig
}

// fileConfig is the shape BurntSushi/toml decodes into.
type fileConfig struct {
	fileSettings
	Env  map[string]fileSettings `toml:"env"`
	Lint map[string]any          `toml:"lint"`
}

// configError is a problem with the config file; it exits with code 2.
type configError struct{ msg string }

func (e *configError) Error() string { return e.msg }

// loadConfig reads and checks a config file. Unknown keys are errors, so
// that a misspelt setting never silently falls back to its default.
func loadConfig(path string) (*config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, &configError{fmt.Sprintf("config file %s does not exist\nTry: check the --config flag, or leave it out to read %s from the working directory when there is one", path, defaultConfigFile)}
		}
		return nil, &configError{fmt.Sprintf("cannot read config file: %v", err)}
	}
	var fc fileConfig
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&fc)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			// Names a key, never quotes a value.
			if m := definedTwice.FindStringSubmatch(pe.Message); m != nil {
				return nil, duplicateKey(path, data, m[1], pe.Position.Line)
			}
			if holdsDatabase(data, pe) {
				// The parser quotes what it did not expect: a piece of
				// the password, in a database URL.
				return nil, &configError{fmt.Sprintf("%s:%d: the value of database is not a well-formed TOML string (the parser's words are not shown: they may quote the password)\n"+
					"Try: write the URL between single quotes, database = 'postgres://…', where every character stands for itself, or escape \\ and \" as \\\\ and \\\" between double quotes", path, pe.Position.Line)}
			}
			msg := fmt.Sprintf("%s:%d: %s", path, pe.Position.Line, pe.Message)
			if pe.LastKey != "" {
				msg += fmt.Sprintf(" (after key %s)", pe.LastKey)
			}
			return nil, &configError{msg + "\nTry: fix the TOML syntax at that line"}
		}
		// Type mismatches come as `toml: line N (last key "k"): …`.
		msg := strings.TrimPrefix(err.Error(), "toml: ")
		if m := decodeErrorAt.FindStringSubmatch(msg); m != nil {
			msg = m[1] + ": " + m[2] + ": " + m[3]
		} else {
			msg = " " + msg
		}
		return nil, &configError{fmt.Sprintf("%s:%s\nTry: durations, URLs and names are quoted strings (lock_timeout = \"60s\"); allow_out_of_order is true or false", path, msg)}
	}
	c := &config{path: path, dir: filepath.Dir(path), data: data, top: fc.fileSettings, envs: fc.Env}
	var unknown []error
	for _, k := range md.Undecoded() {
		// Everything under [lint] is lint's business, checked below.
		if len(k) > 0 && k[0] == "lint" {
			continue
		}
		unknown = append(unknown, &configError{fmt.Sprintf("%s: unknown key %s%s", c.at(k), k, suggestKey(k))})
	}
	if n := len(unknown); n > 0 {
		last := unknown[n-1].(*configError)
		last.msg += "\nTry: remove or fix the key; the keys are " + strings.Join(configKeys(), ", ") + ", in [env.NAME] tables too, and a [lint] table"
		return nil, errors.Join(unknown...)
	}
	if c.lint, err = strata.ParseLintConfig(fc.Lint); err != nil {
		return nil, c.lintErrors(err)
	}
	return c, nil
}

// lintErrors places the problems of the [lint] table at their lines.
func (c *config) lintErrors(err error) error {
	var errs []error
	var walk func(error)
	walk = func(err error) {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		var ce *strata.LintConfigError
		if errors.As(err, &ce) {
			errs = append(errs, &configError{fmt.Sprintf("%s: %s", c.at(append(toml.Key{"lint"}, ce.Key...)), ce.Msg)})
			return
		}
		errs = append(errs, &configError{fmt.Sprintf("%s: %v", c.path, err)})
	}
	walk(err)
	last := errs[len(errs)-1].(*configError)
	last.msg += "\nTry: see strata lint --help for the keys of [lint], and internal/lint/testdata/codes.md for the checks"
	return errors.Join(errs...)
}

// databaseKey is a line that sets database.
var databaseKey = regexp.MustCompile(`^\s*("database"|'database'|database)\s*=`)

// holdsDatabase reports whether a TOML syntax error is in the value of a
// database key, which may hold a password.
func holdsDatabase(data []byte, pe toml.ParseError) bool {
	if pe.LastKey == "database" || strings.HasSuffix(pe.LastKey, ".database") {
		return true
	}
	lines := strings.Split(string(data), "\n")
	return pe.Position.Line >= 1 && pe.Position.Line <= len(lines) && databaseKey.MatchString(lines[pe.Position.Line-1])
}

// configKeys lists the settings keys, in file order.
func configKeys() []string {
	return []string{"database", "dir", "lock_timeout", "history_table", "lock_table", "allow_out_of_order", "warn_after", "lock_lease"}
}

// suggestKey proposes the known key an unknown one was probably meant to be.
func suggestKey(k toml.Key) string {
	last := strings.ToLower(k[len(k)-1])
	norm := func(s string) string { return strings.NewReplacer("-", "", "_", "").Replace(s) }
	for _, known := range append(configKeys(), "env", "lint") {
		if norm(known) == norm(last) || editDistance(known, last) <= 2 {
			return fmt.Sprintf(" (did you mean %s?)", known)
		}
	}
	return ""
}

// editDistance is the Levenshtein distance of two short strings.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

var decodeErrorAt = regexp.MustCompile(`^line (\d+) \(last key "([^"]+)"\): (.*)$`)

var tableHeader = regexp.MustCompile(`^\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$`)

// at names the file and, when it can be found, the line of key k.
// BurntSushi/toml does not expose key positions, so the line is found in
// the text: the key's assignment under its table header. A key inside an
// inline table is placed on the line of the table's key; keys written in
// other ways (dotted) are named without a line.
func (c *config) at(k toml.Key) string {
	for n := len(k); n > 0; n-- {
		if at, ok := c.line(k[:n]); ok {
			return at
		}
	}
	return c.path
}

// line finds the line of key k, as at describes.
func (c *config) line(k toml.Key) (string, bool) {
	table, key := strings.Join(k[:len(k)-1], "."), k[len(k)-1]
	assign := regexp.MustCompile(`^\s*("?)` + regexp.QuoteMeta(key) + `("?)\s*=`)
	current := ""
	for i, line := range strings.Split(string(c.data), "\n") {
		if m := tableHeader.FindStringSubmatch(line); m != nil {
			current = strings.ReplaceAll(m[1], " ", "")
			current = strings.ReplaceAll(current, `"`, "")
			// The table itself, or the first table under it.
			if joined := strings.Join(k, "."); current == joined || strings.HasPrefix(current, joined+".") {
				return fmt.Sprintf("%s:%d", c.path, i+1), true
			}
			continue
		}
		if current == table && assign.MatchString(line) {
			return fmt.Sprintf("%s:%d", c.path, i+1), true
		}
	}
	return "", false
}

// envNames lists the environments of the file.
func (c *config) envNames() []string {
	names := make([]string, 0, len(c.envs))
	for n := range c.envs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// configValue is one setting found in the config file.
type configValue struct {
	raw string
	key toml.Key // where it was found, e.g. env.prod.database
}

// lookup finds a string setting in the environment's table, then at the top
// level. get picks the field.
func (c *config) lookup(env string, name string, get func(fileSettings) *string) (configValue, bool) {
	if env != "" {
		if v := get(c.envs[env]); v != nil {
			return configValue{*v, toml.Key{"env", env, name}}, true
		}
	}
	if v := get(c.top); v != nil {
		return configValue{*v, toml.Key{name}}, true
	}
	return configValue{}, false
}

// lookupBool is lookup for a boolean setting; an absent one is false.
func (c *config) lookupBool(env string, get func(fileSettings) *bool) bool {
	if v := get(c.envs[env]); env != "" && v != nil {
		return *v
	}
	if v := get(c.top); v != nil {
		return *v
	}
	return false
}

// expand replaces ${VAR} with the environment variable VAR, and $$ with $.
// A $ followed by anything else stays as it is, so that passwords holding
// a $ need no escaping unless a { follows it.
func (c *config) expand(v configValue, getenv func(string) (string, bool)) (string, error) {
	s := v.raw
	if !strings.Contains(s, "$") {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '$' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		switch s[i+1] {
		case '$':
			b.WriteByte('$')
			i++
		case '{':
			end := strings.IndexByte(s[i+2:], '}')
			if end < 0 {
				// The value is not quoted: it may hold a password.
				return "", &configError{fmt.Sprintf("%s: %s: a ${ in the value is never closed\nTry: close it with }, or write $$ for a literal $", c.at(v.key), v.key)}
			}
			name := s[i+2 : i+2+end]
			val, ok := getenv(name)
			if !ok {
				return "", &configError{fmt.Sprintf("%s: %s: environment variable %s is not set\nTry: set %s, or write $$ for a literal $", c.at(v.key), v.key, name, name)}
			}
			b.WriteString(val)
			i += 2 + end
		default:
			b.WriteByte('$')
		}
	}
	return b.String(), nil
}

// duration reads a duration setting.
func (c *config) duration(v configValue, getenv func(string) (string, bool)) (time.Duration, error) {
	s, err := c.expand(v, getenv)
	if err != nil {
		return 0, err
	}
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil {
		return 0, &configError{fmt.Sprintf("%s: %s: %q is not a duration\nTry: write it like \"60s\", \"5m\" or \"1h30m\"", c.at(v.key), v.key, s)}
	}
	name := v.key[len(v.key)-1]
	if positive[name] && d <= 0 || d < 0 {
		allowed := "0s or more"
		if positive[name] {
			allowed = "more than 0s"
		}
		return 0, &configError{fmt.Sprintf("%s: %s: %q is out of range: %s must be %s\nTry: write a duration of %s, like \"30s\" or \"5m\"", c.at(v.key), v.key, s, name, allowed, allowed)}
	}
	return d, nil
}

// positive are the duration settings that must be more than 0: a lease
// of no time would expire as it is taken.
var positive = map[string]bool{"lock_lease": true}
