package history

import (
	"context"
	"database/sql"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/strata-db/strata/internal/dialect"
	"github.com/strata-db/strata/internal/dialect/mysql"
	"github.com/strata-db/strata/internal/dialect/postgres"
	"github.com/strata-db/strata/internal/dialect/sqlite"
	"github.com/strata-db/strata/internal/testdb"
)

var dialects = map[string]dialect.Engine{"sqlite": sqlite.Engine{}, "postgres": postgres.Engine{}, "mysql": mysql.Engine{}}

// openStore makes a database of the dialect name with the tracking tables
// and returns their store and a connection to it.
func openStore(t testing.TB, name string) (*Store, *sql.Conn) {
	t.Helper()
	s, _, conn := openStoreDB(t, name)
	return s, conn
}

// openStoreDB is openStore that also returns the database, for reads
// through database/sql's pool.
func openStoreDB(t testing.TB, name string) (*Store, *testdb.DB, *sql.Conn) {
	t.Helper()
	db := testdb.Open(t, name)
	s := NewStore(dialects[name], dialect.Tables{History: "schema_migrations", Locks: "migration_locks"})
	conn, err := db.DB.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if err := s.Ensure(context.Background(), conn); err != nil {
		t.Fatal(err)
	}
	return s, db, conn
}

// TestReadBrief checks what ReadBrief leaves out: of successful attempts
// the columns only the history listing shows, of failed attempts nothing;
// and that the states derived from it are those derived from Read, so
// that an edited applied migration is found the same way.
func TestReadBrief(t *testing.T) {
	for _, name := range testdb.Dialects {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s, conn := openStore(t, name)
			at := time.Date(2026, 1, 2, 3, 4, 5, 678000000, time.UTC)
			full := func(a Attempt) Attempt {
				a.AppliedAt, a.Duration = at, 1234*time.Millisecond
				a.AppliedBy, a.ProcessID, a.StrataVersion = "me@host", 4242, "0.1.0"
				a.StatementsTotal = 3
				return a
			}
			sum := func(c string) string { return "sha256:" + strings.Repeat(c, 64) }
			log := []Attempt{
				full(Attempt{Version: "1", Name: "one", File: "1_one.sql", Checksum: sum("a"), DownChecksum: sum("b"), Direction: Up, Success: true,
					StatementsApplied: 3, StatementChecksums: "h1,h2,h3", Warnings: []string{"tolerated", "second"}}),
				full(Attempt{Version: "2", Name: "two", File: "2_two.sql", Checksum: sum("c"), Direction: Up, Success: false,
					ErrorCode: "42P01", ErrorMessage: "relation does not exist\nDETAIL: x", ErrorStatement: 2, ErrorLine: 7,
					StatementsApplied: 1, StatementChecksums: "h1", Warnings: []string{"w"}}),
				full(Attempt{Version: "3", Name: "three", File: "3_three.sql", Checksum: sum("d"), Direction: Up, Success: true, StatementsApplied: 3}),
				full(Attempt{Version: "3", Name: "three", File: "3_three.sql", Checksum: sum("e"), Direction: Repair, Success: true}),
				full(Attempt{Version: "1", Name: "one", File: "1_one.sql", Checksum: sum("a"), DownChecksum: sum("b"), Direction: Down, Success: true}),
				full(Attempt{Version: "1", Name: "one", File: "1_one.sql", Checksum: sum("f"), Direction: Up, Success: false,
					ErrorCode: CodeInterrupted, ErrorMessage: "runner died", ErrorStatement: 1}),
			}
			for i := range log {
				if err := s.Record(ctx, conn, &log[i]); err != nil {
					t.Fatal(err)
				}
			}
			all, exists, err := s.Read(ctx, conn)
			if err != nil || !exists || len(all) != len(log) {
				t.Fatalf("Read: %d attempts, %v, %v", len(all), exists, err)
			}
			brief, exists, err := s.ReadBrief(ctx, conn)
			if err != nil || !exists || len(brief) != len(log) {
				t.Fatalf("ReadBrief: %d attempts, %v, %v", len(brief), exists, err)
			}
			for i, a := range all {
				want := a
				if a.Success {
					// Only these stay; success rows have no error columns.
					want = Attempt{ID: a.ID, Version: a.Version, Name: a.Name, File: a.File, Checksum: a.Checksum,
						DownChecksum: a.DownChecksum, Direction: a.Direction, AppliedAt: a.AppliedAt, Duration: a.Duration, Success: true}
				}
				if !reflect.DeepEqual(*brief[i], want) {
					t.Errorf("attempt %d:\n brief %+v\n want  %+v", i+1, brief[i], want)
				}
				if !a.Success && !reflect.DeepEqual(a.Warnings, log[i].Warnings) {
					t.Errorf("attempt %d: warnings %q", i+1, a.Warnings)
				}
			}
			for i, a := range all {
				if !a.AppliedAt.Equal(at) || a.AppliedAt.Location() != time.UTC {
					t.Errorf("attempt %d: applied at %v, want %v in UTC", i+1, a.AppliedAt, at)
				}
			}
			vf, vb := Derive(Refs(all)), Derive(brief)
			if len(vf) != len(vb) {
				t.Fatalf("%d states from Read, %d from ReadBrief", len(vf), len(vb))
			}
			for v, f := range vf {
				b := vb[v]
				if b.Applied != f.Applied || b.Checksum != f.Checksum || b.DownChecksum != f.DownChecksum ||
					(b.Failed == nil) != (f.Failed == nil) || b.Partial() != f.Partial() || b.Last.ID != f.Last.ID {
					t.Errorf("version %s: brief state %+v, full %+v", v, b, f)
				}
				if f.Failed != nil && !reflect.DeepEqual(*b.Failed, *f.Failed) {
					t.Errorf("version %s: failed attempt differs", v)
				}
			}
			// Version 3 is applied with the repaired checksum; 1 was rolled
			// back and failed again; 2 failed part way.
			if !vb["3"].Applied || vb["3"].Checksum != sum("e") || vb["1"].Applied || vb["1"].Failed == nil || !vb["2"].Partial() {
				t.Errorf("unexpected states: 1 %+v, 2 %+v, 3 %+v", vb["1"], vb["2"], vb["3"])
			}
		})
	}
}

// TestReadPathsAgree checks that a read on a connection gives exactly
// what a read through the pool gives, long texts and warnings included.
func TestReadPathsAgree(t *testing.T) {
	for _, name := range testdb.Dialects {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s, db, conn := openStoreDB(t, name)
			at := time.Date(2026, 3, 4, 5, 6, 7, 890000000, time.UTC)
			for i, a := range []Attempt{
				{Version: "1", Name: "one", File: "1_one.sql", Checksum: "sha256:a", DownChecksum: "sha256:b", Direction: Up, Success: true, StatementsTotal: 2, StatementsApplied: 2},
				{Version: "2", Name: "two ✓", File: "2_two.sql", Checksum: "sha256:c", Direction: Up, ErrorCode: "42P01", ErrorMessage: strings.Repeat("long message ", 1000),
					ErrorStatement: 2, ErrorLine: 9, StatementChecksums: "h1,h2", Warnings: []string{"first", "second"}},
				{Version: "1", Name: "one", File: "1_one.sql", Checksum: "sha256:a", Direction: Down, Success: true},
				{Version: "3", Name: "three", File: "3_three.sql", Checksum: "sha256:d", Direction: "sideways", Success: true},
			} {
				a.AppliedAt, a.Duration, a.AppliedBy, a.ProcessID, a.StrataVersion = at.Add(time.Duration(i)*time.Second), 1500*time.Millisecond, "me@host", 42, "0.1.0"
				if err := s.Record(ctx, conn, &a); err != nil {
					t.Fatal(err)
				}
			}
			for _, brief := range []bool{false, true} {
				read := func(q dialect.Querier) []Attempt {
					if !brief {
						all, _, err := s.Read(ctx, q)
						if err != nil {
							t.Fatal(err)
						}
						return all
					}
					refs, _, err := s.ReadBrief(ctx, q)
					if err != nil {
						t.Fatal(err)
					}
					var out []Attempt
					for _, a := range refs {
						out = append(out, *a)
					}
					return out
				}
				onConn, onDB := read(conn), read(db.DB)
				if len(onConn) != 4 || !reflect.DeepEqual(onConn, onDB) {
					t.Errorf("brief %v: on a connection\n%+v\nthrough database/sql\n%+v", brief, onConn, onDB)
				}
				if onConn[1].ErrorMessage != strings.Repeat("long message ", 1000) || onConn[3].Direction != "sideways" {
					t.Errorf("brief %v: message of %d bytes, direction %q", brief, len(onConn[1].ErrorMessage), onConn[3].Direction)
				}
			}
		})
	}
}

// TestReadBriefNoTable checks that ReadBrief, like Read, reports a
// missing history table as no attempts and creates nothing.
func TestReadBriefNoTable(t *testing.T) {
	db := testdb.SQLite(t)
	s := NewStore(sqlite.Engine{}, dialect.Tables{History: "schema_migrations", Locks: "migration_locks"})
	a, exists, err := s.ReadBrief(context.Background(), db.DB)
	if err != nil || exists || a != nil {
		t.Fatalf("got %v, %v, %v", a, exists, err)
	}
	if s.missing(context.Background(), db.DB, "schema_migrations") != true {
		t.Fatal("the history table was created")
	}
}

// TestReadBlocks reads more attempts than fit in one block, and exactly
// one block's worth: all of them, in id order.
func TestReadBlocks(t *testing.T) {
	for _, n := range []int{readBlock, 2*readBlock + 3} {
		db := testdb.SQLite(t)
		ctx := context.Background()
		s := NewStore(sqlite.Engine{}, dialect.Tables{History: "schema_migrations", Locks: "migration_locks"})
		conn, err := db.DB.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Ensure(ctx, conn); err != nil {
			t.Fatal(err)
		}
		for i := 1; i <= n; i++ {
			a := Attempt{Version: strconv.Itoa(i), Name: "m", File: "m.sql", Checksum: "sha256:x", Direction: Up, Success: i%100 != 0,
				AppliedAt: time.Now(), AppliedBy: "me", StrataVersion: "0"}
			if err := s.Record(ctx, conn, &a); err != nil {
				t.Fatal(err)
			}
		}
		conn.Close()
		brief := func(ctx context.Context, q dialect.Querier) ([]Attempt, bool, error) {
			refs, exists, err := s.ReadBrief(ctx, q)
			var out []Attempt
			for _, a := range refs {
				out = append(out, *a)
			}
			return out, exists, err
		}
		for _, read := range []func(context.Context, dialect.Querier) ([]Attempt, bool, error){s.Read, brief} {
			got, _, err := read(ctx, db.DB)
			if err != nil || len(got) != n {
				t.Fatalf("%d attempts of %d: %v", len(got), n, err)
			}
			for i, a := range got {
				if a.ID != int64(i+1) || a.Version != strconv.Itoa(i+1) || a.Success != ((i+1)%100 != 0) {
					t.Fatalf("attempt %d is %+v", i+1, a)
				}
			}
		}
	}
}

// TestReadHolderTimes checks that the lock row's times read back as
// written, to the microsecond and in UTC, and an unset start as zero.
func TestReadHolderTimes(t *testing.T) {
	for _, name := range testdb.Dialects {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s, conn := openStore(t, name)
			locked := time.Date(2026, 11, 27, 21, 0, 0, 123456000, time.UTC)
			beat := locked.Add(90 * time.Second)
			me := dialect.Holder{Owner: "o", LockedAt: locked, LockedBy: "me@host", ProcessID: 1, Command: "up", Heartbeat: beat}
			if err := s.writeHolder(ctx, conn, me); err != nil {
				t.Fatal(err)
			}
			h, err := s.ReadHolder(ctx, conn)
			if err != nil || h == nil {
				t.Fatalf("ReadHolder: %+v, %v", h, err)
			}
			if !h.LockedAt.Equal(locked) || !h.Heartbeat.Equal(beat) || !h.Started.IsZero() ||
				h.LockedAt.Location() != time.UTC || h.Heartbeat.Location() != time.UTC {
				t.Errorf("times read back as locked %v, heartbeat %v, started %v", h.LockedAt, h.Heartbeat, h.Started)
			}
			started := locked.Add(time.Second)
			if err := s.SetProgress(ctx, conn, "o", Progress{Version: "7", Direction: Up, File: "7_x.sql", Started: started, Statements: 2}, beat); err != nil {
				t.Fatal(err)
			}
			if h, err = s.ReadHolder(ctx, conn); err != nil || !h.Started.Equal(started) || h.Version != "7" || h.Statements != 2 {
				t.Errorf("after progress: %+v, %v", h, err)
			}
		})
	}
}
