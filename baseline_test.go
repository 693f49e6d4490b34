package strata_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/strata-db/strata"
	"github.com/strata-db/strata/internal/testdb"
)

// TestDownStopsAtBaseline: a baselined migration was never applied by
// strata; its down section would drop tables that predate strata, with
// their rows. Down --all stops above it (with a warning), Down to a
// version below it or Steps crossing it are refused before anything runs,
// as is Redo of it; BelowBaseline rolls it back on purpose. A version
// applied again by Up after such a rollback is strata's own.
func TestDownStopsAtBaseline(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db := testdb.Open(t, d)
			for _, q := range []string{"CREATE TABLE t1 (id INTEGER)", "INSERT INTO t1 VALUES (1)", "CREATE TABLE t2 (id INTEGER)", "INSERT INTO t2 VALUES (2)"} {
				if _, err := db.DB.Exec(q); err != nil {
					t.Fatal(err)
				}
			}
			fsys := fstest.MapFS{}
			for _, n := range []string{"1", "2", "3", "4"} {
				fsys["00"+n+"_t"+n+".sql"] = &fstest.MapFile{Data: []byte("CREATE TABLE t" + n + " (id INTEGER);\n-- strata:down\nDROP TABLE t" + n + ";\n")}
			}
			var warnings []string
			m, err := strata.New(db.DB, strata.Dialect(d), fsys, strata.WithEvents(func(e strata.Event) {
				if w, ok := e.(strata.Warning); ok {
					warnings = append(warnings, w.Version)
				}
			}))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := m.Baseline(ctx, "2"); err != nil {
				t.Fatal(err)
			}
			if _, err := m.Up(ctx); err != nil {
				t.Fatal(err)
			}
			versions := func(rs []strata.Result) []string {
				var out []string
				for _, r := range rs {
					out = append(out, r.Version)
				}
				return out
			}
			current := func() string {
				t.Helper()
				st, err := m.Status(ctx)
				if err != nil {
					t.Fatal(err)
				}
				return st.CurrentVersion
			}
			legacy := func() {
				t.Helper()
				for _, q := range []string{"SELECT id FROM t1", "SELECT id FROM t2"} {
					var id int
					if err := db.DB.QueryRow(q).Scan(&id); err != nil {
						t.Fatalf("%s: %v: a table that predates strata was dropped", q, err)
					}
				}
			}

			for _, c := range []struct {
				name string
				run  func() ([]strata.Result, error)
			}{
				{"down --to 1", func() ([]strata.Result, error) { return m.Down(ctx, strata.To("1")) }},
				{"down --to 0", func() ([]strata.Result, error) { return m.Down(ctx, strata.To("0")) }},
				{"down --steps 3", func() ([]strata.Result, error) { return m.Down(ctx, strata.Steps(3)) }},
				{"down --steps 3 --dry-run", func() ([]strata.Result, error) { return m.Down(ctx, strata.Steps(3), strata.DryRun()) }},
			} {
				rs, err := c.run()
				var me *strata.MigrationError
				if !errors.Is(err, strata.ErrBelowBaseline) || !errors.As(err, &me) || me.Version != "2" || len(rs) != 0 {
					t.Errorf("%s: %v (%v), want ErrBelowBaseline naming version 2 and nothing run", c.name, err, versions(rs))
				}
				if v := current(); v != "4" {
					t.Fatalf("%s: the database went to version %s", c.name, v)
				}
			}

			plan, err := m.Down(ctx, strata.All(), strata.DryRun())
			if got := versions(plan); err != nil || !slices.Equal(got, []string{"4", "3"}) {
				t.Errorf("down --all --dry-run: %v, %v; want 4 and 3", got, err)
			}
			warnings = nil
			rs, err := m.Down(ctx, strata.All())
			if got := versions(rs); err != nil || !slices.Equal(got, []string{"4", "3"}) {
				t.Fatalf("down --all: %v, %v; want 4 and 3", got, err)
			}
			if !slices.Equal(warnings, []string{"2"}) {
				t.Errorf("down --all warned of %v, want version 2 once", warnings)
			}
			legacy()
			if v := current(); v != "2" {
				t.Errorf("after down --all: version %s, want 2", v)
			}
			for name, run := range map[string]func() ([]strata.Result, error){
				"down": func() ([]strata.Result, error) { return m.Down(ctx) },
				"redo": func() ([]strata.Result, error) { return m.Redo(ctx) },
			} {
				if rs, err := run(); !errors.Is(err, strata.ErrBelowBaseline) || len(rs) != 0 {
					t.Errorf("%s of a baselined migration: %v (%v), want ErrBelowBaseline", name, err, versions(rs))
				}
			}
			if rs, err := m.Down(ctx, strata.All()); err != nil || len(rs) != 0 {
				t.Errorf("down --all at the baseline: %v, %v; want nothing", versions(rs), err)
			}
			legacy()

			// On purpose: version 2's down section runs.
			rs, err = m.Down(ctx, strata.Steps(1), strata.BelowBaseline())
			if got := versions(rs); err != nil || !slices.Equal(got, []string{"2"}) {
				t.Fatalf("down --steps 1 --below-baseline: %v, %v", got, err)
			}
			// Applied by strata now, 2 rolls back like any other.
			if _, err := m.Up(ctx); err != nil {
				t.Fatal(err)
			}
			rs, err = m.Down(ctx, strata.All())
			if got := versions(rs); err != nil || !slices.Equal(got, []string{"4", "3", "2"}) {
				t.Errorf("down --all after 2 was applied by strata: %v, %v; want 4, 3 and 2", got, err)
			}
			if v := current(); v != "1" {
				t.Errorf("after down --all: version %s, want 1 (baselined)", v)
			}
		})
	}
}

// TestPlanWarnsOnce: a run plans before taking the lock and again under
// it; the warnings of planning (an applied migration whose file is gone)
// are given once.
func TestPlanWarnsOnce(t *testing.T) {
	ctx := context.Background()
	db := testdb.SQLite(t)
	fsys := fstest.MapFS{
		"001_a.sql": {Data: []byte("CREATE TABLE a (id INTEGER);\n")},
		"002_b.sql": {Data: []byte("CREATE TABLE b (id INTEGER);\n")},
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
	delete(fsys, "001_a.sql")
	fsys["003_c.sql"] = &fstest.MapFile{Data: []byte("CREATE TABLE c (id INTEGER);\n")}
	if rs, err := m.Up(ctx); err != nil || len(rs) != 1 {
		t.Fatalf("up: %v, %v", rs, err)
	}
	if !slices.Equal(warnings, []string{"1"}) {
		t.Errorf("up warned of %v, want version 1 once", warnings)
	}
}
