package history

import (
	"context"
	"testing"
	"time"

	"github.com/strata-db/strata/internal/dialect"
	"github.com/strata-db/strata/internal/testdb"
)

// TestStoreNamesItsSchema moves a lock session, once it holds the lock,
// to a place where the tracking tables' unqualified names mean other
// tables of the same shape: PostgreSQL's search_path, MySQL's USE of
// another strata database, an SQLite TEMP table. Every statement of the
// store must still reach the tables the session opened with, and the lock
// must be free after Release.
func TestStoreNamesItsSchema(t *testing.T) {
	for _, name := range testdb.Dialects {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			db := testdb.Open(t, name)
			d := dialects[name]
			conn, err := db.DB.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			tables := dialect.Tables{History: "schema_migrations", Locks: "migration_locks"}
			sess, err := d.OpenSession(ctx, conn, tables)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]string{"postgres": "public", "mysql": db.Name, "sqlite": "main"}[name]
			if sess.Tables.Schema != want {
				t.Fatalf("the session's tables are in %q, want %q", sess.Tables.Schema, want)
			}
			s := NewStore(d, tables)
			s.SetTables(sess.Tables)
			now := time.Now().UTC()
			me := dialect.Holder{Owner: "me", LockedAt: now, LockedBy: "t@h", ProcessID: 1, Command: "up", Heartbeat: now}
			if _, err := s.Acquire(ctx, conn, me, LockOptions{Lease: time.Minute, Poll: 10 * time.Millisecond}); err != nil {
				t.Fatal(err)
			}
			// The decoy: tables of the same names where the session now
			// looks first.
			decoy := map[string]string{
				"postgres": "decoy.",
				"sqlite":   "temp.",
			}[name]
			var moves []string
			switch name {
			case "postgres":
				moves = []string{"CREATE SCHEMA decoy",
					"CREATE TABLE decoy.schema_migrations (LIKE public.schema_migrations INCLUDING ALL)",
					"CREATE TABLE decoy.migration_locks (LIKE public.migration_locks INCLUDING ALL)",
					"SELECT set_config('search_path', 'decoy', false)"}
			case "mysql":
				other := testdb.Open(t, "mysql")
				oc, err := other.DB.Conn(ctx)
				if err != nil {
					t.Fatal(err)
				}
				defer oc.Close()
				if err := NewStore(d, tables).Ensure(ctx, oc); err != nil {
					t.Fatal(err)
				}
				decoy = "`" + other.Name + "`."
				moves = []string{"USE `" + other.Name + "`"}
			case "sqlite":
				moves = []string{"CREATE TEMP TABLE schema_migrations AS SELECT * FROM main.schema_migrations WHERE 0",
					"CREATE TEMP TABLE migration_locks AS SELECT * FROM main.migration_locks WHERE 0"}
			}
			for _, q := range moves {
				if _, err := conn.ExecContext(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			if err := s.SetProgress(ctx, conn, "me", Progress{Version: "1", Direction: Up, File: "1_a.sql", Started: now, Statements: 1}, now); err != nil {
				t.Fatalf("SetProgress: %v", err)
			}
			h, err := s.ReadHolder(ctx, conn)
			if err != nil || h == nil || h.Owner != "me" || h.Statements != 1 {
				t.Fatalf("ReadHolder: %+v, %v", h, err)
			}
			if err := s.Record(ctx, conn, &Attempt{Version: "1", Name: "a", File: "1_a.sql", Checksum: "c", Direction: Up,
				AppliedAt: now, Success: true, AppliedBy: "t", ProcessID: 1, StrataVersion: "0"}); err != nil {
				t.Fatalf("Record: %v", err)
			}
			got, exists, err := s.ReadBrief(ctx, conn)
			if err != nil || !exists || len(got) != 1 || got[0].Version != "1" {
				t.Fatalf("ReadBrief: %d attempts, exists %v, %v", len(got), exists, err)
			}
			if err := s.Release(ctx, conn, db.DB, "me"); err != nil {
				t.Fatalf("Release: %v", err)
			}
			for _, tbl := range []string{"schema_migrations", "migration_locks"} {
				var n int
				if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM "+decoy+tbl).Scan(&n); err != nil {
					t.Fatal(err)
				}
				if n != 0 {
					t.Errorf("%d rows went to %s%s", n, decoy, tbl)
				}
			}
			// Another session takes the lock at once.
			if d.SessionLock() {
				c2, err := db.DB.Conn(ctx)
				if err != nil {
					t.Fatal(err)
				}
				defer c2.Close()
				ok, err := d.TryLock(ctx, c2, sess.Tables)
				if err != nil || !ok {
					t.Errorf("the lock is still held after Release (%v)", err)
				}
			}
		})
	}
}
