package synth

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// The benchmark compares runs on different days; that only works if the
// same parameters give the same migrations.
func TestDeterministic(t *testing.T) {
	for _, d := range Dialects {
		a, err := Generate(d, 500, DefaultSeed)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := Generate(d, 500, DefaultSeed)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: two generations with the same seed differ", d)
		}
		c, _ := Generate(d, 500, DefaultSeed+1)
		if reflect.DeepEqual(a, c) {
			t.Errorf("%s: another seed gave the same migrations", d)
		}
	}
}

func TestShape(t *testing.T) {
	for _, d := range Dialects {
		migs, err := Generate(d, 1000, DefaultSeed)
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string]int{}
		for i, m := range migs {
			if m.Version != i+1 {
				t.Fatalf("%s: migration %d has version %d", d, i+1, m.Version)
			}
			if len(m.Up) == 0 || len(m.Down) == 0 {
				t.Errorf("%s %d: up or down section empty", d, m.Version)
			}
			kind, _, _ := strings.Cut(m.Name, "_")
			kinds[kind]++
			routine := kind == "function" || kind == "procedure" || kind == "trigger"
			if routine != (m.Version%20 == 0) {
				t.Errorf("%s %d (%s): a routine must come exactly every 20th migration", d, m.Version, m.Name)
			}
		}
		for _, k := range []string{"create", "add", "index", "seed"} {
			if kinds[k] < 50 {
				t.Errorf("%s: only %d %q migrations in 1000: %v", d, kinds[k], k, kinds)
			}
		}
	}
}

func TestWidth(t *testing.T) {
	for n, want := range map[int]int{1: 4, 100: 4, 1000: 4, 9999: 4, 10000: 5, 123456: 6} {
		if got := Width(n); got != want {
			t.Errorf("Width(%d) = %d, want %d", n, got, want)
		}
	}
	if got := (Migration{Version: 7, Name: "create_x"}).FileName(5); got != "00007_create_x.sql" {
		t.Errorf("FileName = %q", got)
	}
}

// The client scripts must run as the clients need them: psql stops at the
// first error and runs each migration in its own transaction; mariadb gets
// DELIMITER around bodies holding ';'; sqlite3 bails out on errors.
func TestScripts(t *testing.T) {
	dir := t.TempDir()
	for _, d := range Dialects {
		out := filepath.Join(dir, string(d))
		migs, err := Write(out, d, 200, DefaultSeed)
		if err != nil {
			t.Fatal(err)
		}
		files, _ := os.ReadDir(filepath.Join(out, "migrations"))
		if len(files) != 200 || files[0].Name() != migs[0].FileName(4) {
			t.Fatalf("%s: %d files, first %q", d, len(files), files[0].Name())
		}
		first, _ := os.ReadFile(filepath.Join(out, "migrations", files[0].Name()))
		if strings.Count(string(first), "-- strata:down\n") != 1 {
			t.Errorf("%s: %s has no single down marker:\n%s", d, files[0].Name(), first)
		}
		for _, name := range []string{"up.sql", "down.sql"} {
			b, err := os.ReadFile(filepath.Join(out, name))
			if err != nil {
				t.Fatal(err)
			}
			s := string(b)
			switch d {
			case Postgres:
				if !strings.HasPrefix(s, "\\set ON_ERROR_STOP on\n") || strings.Count(s, "BEGIN;\n") != 200 || strings.Count(s, "COMMIT;\n") != 200 {
					t.Errorf("%s %s: want ON_ERROR_STOP and 200 transactions", d, name)
				}
			case SQLite:
				if !strings.HasPrefix(s, ".bail on\n") || strings.Count(s, "BEGIN;\n") != 200 {
					t.Errorf("%s %s: want .bail on and 200 transactions", d, name)
				}
			case MySQL:
				if strings.Contains(s, "BEGIN;\n") {
					t.Errorf("%s %s: MySQL DDL commits by itself; the script must not pretend otherwise", d, name)
				}
				if name == "up.sql" && strings.Count(s, "DELIMITER //\n") != 10 {
					t.Errorf("%s %s: want DELIMITER around each of the 10 routines, got %d", d, name, strings.Count(s, "DELIMITER //\n"))
				}
			}
		}
		if _, err := Write(out, d, 200, DefaultSeed); err == nil {
			t.Errorf("%s: writing over an existing set must fail", d)
		}
	}
}
