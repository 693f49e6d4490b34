package strata_test

import (
	"context"
	"testing"
	"testing/fstest"

	"github.com/strata-db/strata"
	"github.com/strata-db/strata/internal/testdb"
)

// Status lists an applied migration whose file is gone as missing, in
// version order among the files, and only then: a version rolled back
// before its file was deleted is not listed at all. up warns of it.
func TestStatusMissingFiles(t *testing.T) {
	ctx := context.Background()
	db := testdb.SQLite(t)
	fsys := fstest.MapFS{
		"001_a.sql": {Data: []byte("CREATE TABLE a (id INT);\n-- strata:down\nDROP TABLE a;\n")},
		"002_b.sql": {Data: []byte("CREATE TABLE b (id INT);\n-- strata:down\nDROP TABLE b;\n")},
		"003_c.sql": {Data: []byte("CREATE TABLE c (id INT);\n-- strata:down\nDROP TABLE c;\n")},
		"004_d.sql": {Data: []byte("CREATE TABLE d (id INT);\n-- strata:down\nDROP TABLE d;\n")},
	}
	var warnings []string
	m, err := strata.New(db.DB, strata.SQLite, fsys, strata.WithEvents(func(e strata.Event) {
		if w, ok := e.(strata.Warning); ok {
			warnings = append(warnings, w.Version)
		}
	}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Up(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Down(ctx); err != nil { // 004 rolled back
		t.Fatal(err)
	}
	states := func() []string {
		t.Helper()
		st, err := m.Status(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, ms := range st.Migrations {
			out = append(out, ms.Version+" "+ms.State)
		}
		return out
	}
	check := func(got []string, want ...string) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("status %q, want %q", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("status %q, want %q", got, want)
			}
		}
	}
	check(states(), "1 applied", "2 applied", "3 applied", "4 pending")

	delete(fsys, "002_b.sql")
	delete(fsys, "004_d.sql")
	check(states(), "1 applied", "2 missing", "3 applied")

	warnings = nil
	if _, err := m.Up(ctx); err != nil {
		t.Fatal(err)
	}
	check(warnings, "2")
}
