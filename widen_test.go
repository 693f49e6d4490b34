package strata_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/strata-db/strata"
	"github.com/strata-db/strata/internal/testdb"
)

// lockChecksumsType is the type of the MySQL lock table's
// statement_checksums column, as information_schema says it.
func lockChecksumsType(t *testing.T, db *testdb.DB) string {
	t.Helper()
	var typ string
	err := db.DB.QueryRow(`SELECT data_type FROM information_schema.columns
		WHERE table_schema = DATABASE() AND table_name = 'migration_locks' AND column_name = 'statement_checksums'`).Scan(&typ)
	if err != nil {
		t.Fatal(err)
	}
	return strings.ToLower(typ)
}

// TestUpgradeWidensProgress: tables of format 2, whose MySQL lock table
// kept the checksums of a migration in progress in a TEXT column (64 KB,
// about 3,850 statements: trial 2, F13), upgrade to format 3 with the
// next up, which widens the column; there, a migration of 5,000
// statements applies. On PostgreSQL and SQLite the step changes nothing
// but the mark.
func TestUpgradeWidensProgress(t *testing.T) {
	const n = 5000
	for _, d := range testdb.Dialects {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db := testdb.Open(t, d)
			var big strings.Builder
			big.WriteString("CREATE TABLE big (id INTEGER, s VARCHAR(40));\n")
			for i := 1; i < n; i++ {
				fmt.Fprintf(&big, "INSERT INTO big VALUES (%d, 'row %d;');\n", i, i)
			}
			fsys := fstest.MapFS{
				"001_a.sql":   {Data: []byte("CREATE TABLE a (id INTEGER);\n")},
				"002_big.sql": {Data: []byte(big.String())},
			}
			var upgrades []strata.TablesUpgraded
			m, err := strata.New(db.DB, strata.Dialect(d), fsys, strata.WithLockTimeout(time.Minute),
				strata.WithEvents(func(e strata.Event) {
					if u, ok := e.(strata.TablesUpgraded); ok {
						upgrades = append(upgrades, u)
					}
				}))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := m.Up(ctx, strata.To("1")); err != nil {
				t.Fatal(err)
			}
			if d == "mysql" {
				if typ := lockChecksumsType(t, db); typ != "mediumtext" {
					t.Fatalf("new lock table: statement_checksums is %s; want mediumtext", typ)
				}
				// As format 2 made it.
				if _, err := db.DB.Exec("ALTER TABLE migration_locks MODIFY statement_checksums TEXT"); err != nil {
					t.Fatal(err)
				}
			}
			setFormat(t, db, 2)
			if _, err := m.Up(ctx); err != nil {
				t.Fatalf("up of %d statements on format-2 tables: %v", n, err)
			}
			if len(upgrades) != 1 || upgrades[0] != (strata.TablesUpgraded{From: 2, To: strata.TrackingFormat}) {
				t.Fatalf("upgrades: %+v; want one, from 2 to %d", upgrades, strata.TrackingFormat)
			}
			if f := formatOf(t, db); f != 3 || strata.TrackingFormat != 3 {
				t.Fatalf("format after up: %d (this strata writes %d); want 3", f, strata.TrackingFormat)
			}
			if d == "mysql" {
				if typ := lockChecksumsType(t, db); typ != "mediumtext" {
					t.Fatalf("upgraded lock table: statement_checksums is %s; want mediumtext", typ)
				}
			}
			var rows int
			if err := db.DB.QueryRow("SELECT count(*) FROM big").Scan(&rows); err != nil || rows != n-1 {
				t.Fatalf("big holds %d rows (%v); want %d", rows, err, n-1)
			}
			h, err := m.History(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(h) != 2 || h[0].Version != "2" || !h[0].Success || h[0].StatementsApplied != n {
				t.Fatalf("history: %+v", h[0])
			}
		})
	}
}
