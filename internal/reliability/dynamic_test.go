package reliability

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/strata-db/strata/internal/testdb"
)

// TestDynamicEmptyingOfHistory: a PostgreSQL migration that empties
// strata's history table through a name built at run time, which the
// guard cannot read, fails: strata checks, in the same request and just
// before its history row, that the newest row it read is still there, so
// the transaction rolls back and the history keeps every row. The report
// names the file and what to do.
func TestDynamicEmptyingOfHistory(t *testing.T) {
	cases := []struct{ name, stmt string }{
		{"truncate", "DO $$ BEGIN EXECUTE format('TRUNCATE %I', 'schema_' || 'migrations'); END $$;"},
		{"delete", "DO $$ BEGIN EXECUTE 'DELETE FROM ' || quote_ident('schema_' || 'migrations'); END $$;"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := testdb.Open(t, "postgres")
			dir := t.TempDir()
			files := map[string]string{
				"001_a.sql": "CREATE TABLE a (id int);\n",
				"002_b.sql": "CREATE TABLE b (id int);\n",
			}
			for name, text := range files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			ctx := waitTimeout(time.Minute)
			if r := strata(ctx, db.URL, dir, "up"); r.code != 0 {
				t.Fatalf("up: %s", r)
			}
			if err := os.WriteFile(filepath.Join(dir, "003_x.sql"), []byte("CREATE TABLE c (id int);\n"+c.stmt+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			r := strata(ctx, db.URL, dir, "up")
			if r.code != 1 || !strings.Contains(r.stderr, "003_x.sql") || !strings.Contains(r.stderr, "deleted rows of strata's history table") ||
				!strings.Contains(r.stderr, "Nothing of this migration was applied") {
				t.Fatalf("up of the emptying migration: %s", r)
			}
			var got []string
			for _, a := range attemptRows(t, db.DB) {
				got = append(got, a.version+" "+a.direction+" "+map[bool]string{true: "ok", false: "failed"}[a.success])
			}
			if want := "1 up ok,2 up ok,3 up failed"; strings.Join(got, ",") != want {
				t.Errorf("history %v, want %s", got, want)
			}
			var c int
			if err := db.DB.QueryRow("SELECT count(*) FROM pg_tables WHERE tablename = 'c'").Scan(&c); err != nil || c != 0 {
				t.Errorf("table c: %d, %v: the migration's transaction was not rolled back", c, err)
			}
			if st := strata(ctx, db.URL, dir, "status"); !strings.Contains(st.stdout, "is at version 2; 1 pending") || !strings.Contains(st.stdout, "3 failed") {
				t.Errorf("status: %s", st)
			}
		})
	}
}
