package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzConfig feeds arbitrary text to the config reader: it must never
// panic, every error must be a configuration error (exit 2) that names the
// file, and every setting of a file it accepts must expand or fail cleanly.
func FuzzConfig(f *testing.F) {
	for _, seed := range []string{
		"",
		"database = \"sqlite:strata.db\"\ndir = \"migrations\"\n",
		"lock_timeout = \"60s\"\nwarn_after = \"5m\"\nlock_lease = \"30s\"\n",
		"[env.prod]\ndatabase = \"postgres://u:${PW}@db/app\"\nallow_out_of_order = true\n",
		"database = \"mysql://u:$$x@h/db\"\n[env.a]\ndir = \"${DIR}\"\n",
		"[lint]\ndisable = [\"I101\"]\n[lint.severity]\nD100 = \"error\"\n",
		"lock_timeout = 60\n",
		"databse = \"x\"\n",
		"[env.prod\n",
		"database = \"${UNTERMINATED\"\n",
		"history_table = \"a\\\"; DROP TABLE x; --\"\n",
	} {
		f.Add(seed)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, text string) {
		path := filepath.Join(dir, "strata.toml")
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		c, err := loadConfig(path)
		if err != nil {
			var ce *configError
			if !errors.As(err, &ce) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			if !strings.Contains(err.Error(), path) {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		getenv := func(name string) (string, bool) {
			if name == "SET" {
				return "value", true
			}
			return "", false
		}
		fields := []func(fileSettings) *string{
			func(s fileSettings) *string { return s.Database },
			func(s fileSettings) *string { return s.Dir },
			func(s fileSettings) *string { return s.LockTimeout },
			func(s fileSettings) *string { return s.HistoryTable },
			func(s fileSettings) *string { return s.LockTable },
			func(s fileSettings) *string { return s.WarnAfter },
			func(s fileSettings) *string { return s.LockLease },
		}
		for _, env := range append([]string{""}, c.envNames()...) {
			c.lookupBool(env, func(s fileSettings) *bool { return s.AllowOutOfOrder })
			names := []string{"database", "dir", "lock_timeout", "history_table", "lock_table", "warn_after", "lock_lease"}
			for i, get := range fields {
				v, ok := c.lookup(env, names[i], get)
				if !ok {
					continue
				}
				if _, err := c.expand(v, getenv); err != nil {
					var ce *configError
					if !errors.As(err, &ce) || !strings.Contains(err.Error(), path) {
						t.Fatalf("expand error %T does not name the file: %v", err, err)
					}
				}
				if _, err := c.duration(v, getenv); err != nil && !strings.Contains(err.Error(), path) {
					t.Fatalf("duration error does not name the file: %v", err)
				}
			}
		}
	})
}
