package strata_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/strata-db/strata"
	"github.com/strata-db/strata/internal/testdb"
)

// TestSlowWarningNamesRunningStatement: the slow-migration warning names
// the statement that runs when it fires, the fourth of four here, with
// its line, on every dialect; on PostgreSQL, where the whole migration
// travels in one request, the server is asked.
func TestSlowWarningNamesRunningStatement(t *testing.T) {
	// Long enough to outlast the warning however fast this machine
	// counts (SQLite); the run is cancelled once it warned. The first
	// case has the slow statement first, where PostgreSQL shows no mark.
	cases := []struct {
		name       string
		sql        string
		stmt, line int
	}{
		{"first", "-- the slow one\n%s;\nCREATE TABLE a (id INTEGER);\n", 1, 2},
		{"fourth", "CREATE TABLE a (id INTEGER);\nCREATE TABLE b (id INTEGER);\n\nCREATE TABLE c (id INTEGER);\n-- the slow one\n%s;\n", 4, 6},
	}
	for _, d := range testdb.Dialects {
		for _, c := range cases {
			t.Run(d+"/"+c.name, func(t *testing.T) {
				db := testdb.Open(t, d)
				sql := fmt.Sprintf(c.sql, testdb.Sleep(d, 30*time.Second))
				var (
					mu   sync.Mutex
					slow []strata.SlowMigration
				)
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				m, err := strata.New(db.DB, strata.Dialect(d), fstest.MapFS{"001_four.sql": {Data: []byte(sql)}},
					strata.WithWarnAfter(700*time.Millisecond), strata.WithEvents(func(e strata.Event) {
						if s, ok := e.(strata.SlowMigration); ok {
							mu.Lock()
							slow = append(slow, s)
							mu.Unlock()
							cancel()
						}
					}))
				if err != nil {
					t.Fatal(err)
				}
				// MariaDB's SLEEP returns quietly when stopped, so the last
				// statement may count as done.
				if _, err := m.Up(ctx); err != nil && !errors.Is(err, strata.ErrInterrupted) {
					t.Fatalf("up: %v", err)
				}
				mu.Lock()
				defer mu.Unlock()
				if len(slow) == 0 {
					t.Fatal("no slow-migration warning")
				}
				if s := slow[0]; s.Statement != c.stmt || s.Line != c.line || s.File != "001_four.sql" {
					t.Errorf("warning names statement %d at %s:%d, want statement %d at 001_four.sql:%d", s.Statement, s.File, s.Line, c.stmt, c.line)
				}
			})
		}
	}
}
