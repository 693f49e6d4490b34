package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConfigSyntaxErrorHidesDatabase: a TOML syntax error in the database
// value names the file and the line, but not the parser's words, which
// quote what it did not expect: a piece of the password. Elsewhere the
// parser's words stay, as they help.
func TestConfigSyntaxErrorHidesDatabase(t *testing.T) {
	for _, tc := range []struct {
		config string
		line   string // the location the error must start with
		hidden bool   // the parser's words left out
	}{
		{`database = "postgres://u:Sx7"qZy9@h/db"`, "strata.toml:1: ", true},
		{`database = "postgres://u:Sx7\qZy9@h/db"`, "strata.toml:1: ", true},
		{`database = postgres://u:Sx7qZy9@h/db`, "strata.toml:1: ", true},
		{"database = \"\"\"postgres://u:Sx7qZy9@h/db", "strata.toml:1: ", true},
		{"dir = \"m\"\n[env.prod]\n  'database' = 'postgres://u:Sx7'qZy9@h/db'", "strata.toml:3: ", true},
		{`lock_timeout = "5s" x`, "strata.toml:1: ", false},
	} {
		path := filepath.Join(t.TempDir(), "strata.toml")
		if err := os.WriteFile(path, []byte(tc.config+"\n"), 0o666); err != nil {
			t.Fatal(err)
		}
		_, err := loadConfig(path)
		if err == nil {
			t.Errorf("%s: no error", tc.config)
			continue
		}
		msg := strings.TrimPrefix(err.Error(), filepath.Dir(path)+string(filepath.Separator))
		if !strings.HasPrefix(msg, tc.line) || exitCode(ran(err)) != exitUsage {
			t.Errorf("%s: %q (exit %d), want it to start with %q and exit %d", tc.config, msg, exitCode(ran(err)), tc.line, exitUsage)
		}
		for _, piece := range []string{"Sx7", "qZy9", `\q`, "'q'", `"q"`, "://u"} {
			if strings.Contains(msg, piece) {
				t.Errorf("%s: the error quotes %q: %s", tc.config, piece, msg)
			}
		}
		if got := strings.Contains(msg, "parser's words are not shown"); got != tc.hidden {
			t.Errorf("%s: hidden %v, want %v: %s", tc.config, got, tc.hidden, msg)
		}
	}
}
