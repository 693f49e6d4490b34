package lint

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/sqlsplit"
)

func TestParseConfig(t *testing.T) {
	// The shapes BurntSushi/toml decodes a [lint] table into.
	c, err := ParseConfig(map[string]any{
		"disable":              []any{"D105"},
		"severity":             map[string]any{"PG101": "error", "ddl-dml-mix": "info", "D104": "off"},
		"max_statements":       int64(20),
		"max_bytes":            int64(4096),
		"require_lock_timeout": true,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Disable) != 1 || c.MaxStatements != 20 || c.MaxBytes != 4096 || !c.RequireLockTimeout || c.Severity["PG101"] != "error" {
		t.Fatalf("got %+v", c)
	}
	r := c.withDefaults()
	if !r.disabled["D105"] || !r.disabled["D104"] || r.severity["PG101"] != analysis.Error || r.severity["M101"] != analysis.Info {
		t.Fatalf("resolved %+v %+v", r.disabled, r.severity)
	}
	if !r.enabled(lookupAnalyzer("PG109")) || r.enabled(lookupAnalyzer("D105")) {
		t.Fatal("enabled() ignores the configuration")
	}
	if def := (Config{}).withDefaults(); def.MaxStatements != DefaultMaxStatements || def.MaxBytes != DefaultMaxBytes || def.enabled(lookupAnalyzer("PG109")) {
		t.Fatalf("defaults: %+v", def)
	}
}

func TestParseConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		table map[string]any
		want  []string
	}{
		{map[string]any{"disabel": []any{"D105"}}, []string{"unknown key disabel", "did you mean disable?"}},
		{map[string]any{"disable": []any{"PG1O1"}}, []string{`unknown check "PG1O1"`, "did you mean PG101?", "the checks are N100,"}},
		{map[string]any{"disable": "D105"}, []string{"disable must be a list"}},
		{map[string]any{"severity": map[string]any{"PG101": "fatal"}}, []string{`unknown severity "fatal"`, "error, warning, info or off"}},
		{map[string]any{"severity": map[string]any{"index-not-concurently": "error"}}, []string{"did you mean index-not-concurrently?"}},
		{map[string]any{"max_statements": int64(-1)}, []string{"max_statements is -1"}},
		{map[string]any{"max_bytes": "big"}, []string{"max_bytes must be a whole number"}},
		{map[string]any{"require_lock_timeout": "yes"}, []string{"require_lock_timeout must be true or false"}},
	} {
		_, err := ParseConfig(tc.table)
		if err == nil {
			t.Errorf("%v: no error", tc.table)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%v: error %q does not say %q", tc.table, err, w)
			}
		}
	}
}

// TestConfigApplies checks that disabled checks do not run, that
// severities change, and that a bad configuration stops Run.
func TestConfigApplies(t *testing.T) {
	fsys := fstest.MapFS{
		"m/001_a.sql": {Data: []byte("CREATE TABLE a (id int);\n-- strata:down\nDROP TABLE a;\n")},
		"m/002_b.sql": {Data: []byte("CREATE INDEX a_id ON a (id);\nTRUNCATE a;\n-- strata:down\nDROP INDEX a_id;\n")},
	}
	codes := func(cfg Config) map[string]analysis.Severity {
		rep, err := Run(Options{Dialect: sqlsplit.Postgres, FS: fsys, Dir: "m", Config: cfg})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]analysis.Severity{}
		for _, d := range rep.Diagnostics {
			out[d.Code] = d.Severity
		}
		return out
	}
	if got := codes(Config{}); got["PG101"] != analysis.Warning || got["D104"] != analysis.Warning {
		t.Fatalf("defaults: %v", got)
	}
	got := codes(Config{Disable: []string{"truncate"}, Severity: map[string]string{"pg101": "error"}})
	if _, ok := got["D104"]; ok || got["PG101"] != analysis.Error {
		t.Fatalf("configured: %v", got)
	}
	if _, err := Run(Options{Dialect: sqlsplit.Postgres, FS: fsys, Dir: "m", Config: Config{Disable: []string{"X999"}}}); err == nil {
		t.Fatal("Run accepted an unknown check")
	}
	if _, err := Run(Options{FS: fsys, Dir: "m"}); err == nil {
		t.Fatal("Run accepted no dialect")
	}
}

func TestSeverityText(t *testing.T) {
	for _, s := range []analysis.Severity{analysis.Info, analysis.Warning, analysis.Error} {
		b, err := s.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back analysis.Severity
		if err := back.UnmarshalText([]byte(strings.ToUpper(string(b)))); err != nil || back != s {
			t.Fatalf("%v round-trips to %v, %v", s, back, err)
		}
	}
	if _, err := analysis.Severity(0).MarshalText(); err == nil {
		t.Fatal("zero severity marshals")
	}
	if _, err := analysis.ParseSeverity("fatal"); err == nil {
		t.Fatal("ParseSeverity accepts fatal")
	}
}
