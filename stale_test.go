package strata_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/strata-db/strata"
	"github.com/strata-db/strata/internal/source"
	"github.com/strata-db/strata/internal/testdb"
)

// staleRow is a lock row as a runner that died leaves it.
type staleRow struct {
	command, version, direction string
	started                     time.Time // zero: NULL
	done                        int
	inTx                        bool
	hashes                      string // of the statements done
}

// stmtHash is a statement's hash as progress records keep it.
func stmtHash(text string) string {
	sum := sha256.Sum256([]byte(source.Normalize(text)))
	return hex.EncodeToString(sum[:8])
}

// writeStaleRow writes r as the lock row of a runner of another machine
// that took the lock an hour ago and whose session is gone.
func writeStaleRow(t *testing.T, db *testdb.DB, r staleRow) {
	t.Helper()
	q := "INSERT INTO migration_locks (lock_key, owner, locked_at, locked_by, process_id, command, heartbeat_at, version, direction, filename, started_at, statements_done, in_transaction, statement_checksums) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	past := time.Now().Add(-time.Hour).UTC()
	tm := func(t time.Time) any {
		switch db.Dialect {
		case "mysql":
			return t.Format("2006-01-02 15:04:05.000000")
		case "sqlite":
			return t.Format("2006-01-02T15:04:05.000000Z")
		}
		return t
	}
	var v, d, f, s, h any
	if r.version != "" {
		v, d, f = r.version, r.direction, "00"+r.version+"_x.sql"
	}
	if !r.started.IsZero() {
		s = tm(r.started)
	}
	if r.hashes != "" {
		h = r.hashes
	}
	var tx any = r.inTx
	switch db.Dialect {
	case "postgres":
		for i := 1; strings.Contains(q, "?"); i++ {
			q = strings.Replace(q, "?", "$"+strconv.Itoa(i), 1)
		}
	case "sqlite":
		tx = map[bool]int{true: 1}[r.inTx]
	}
	if _, err := db.DB.Exec(q, "strata", "ghost/123456789", tm(past), "ghost@elsewhere", 4242, r.command, tm(past), v, d, f, s, r.done, tx, h); err != nil {
		t.Fatal(err)
	}
}

const (
	staleUsers = "CREATE TABLE users (id INTEGER PRIMARY KEY);\n-- strata:down\nDROP TABLE users;\n"
	staleTags  = "CREATE TABLE tags (id INTEGER PRIMARY KEY);\nCREATE TABLE tags2 (id INTEGER PRIMARY KEY);\n-- strata:down\nDROP TABLE tags2;\nDROP TABLE tags;\n"
	staleMore  = "CREATE TABLE more (id INTEGER PRIMARY KEY);\n"
)

// TestDeadRunnerLeftovers pins every branch of what the next runner makes
// of a lock row that a dead runner left, on each dialect, with the rows
// that dialect's runner writes: the reading commands show it (a dead
// runner, the migration it was in, how far it got) without writing, and
// the next up records exactly that and carries on.
func TestDeadRunnerLeftovers(t *testing.T) {
	type scenario struct {
		name string
		// setup applies what the dead runner finished and returns its row.
		setup func(t *testing.T, db *testdb.DB, m *strata.Migrator) staleRow
		// interrupted is the version the interruption is recorded on, ""
		// for none; committed is how many of its statements committed.
		interrupted string
		committed   int
	}
	upTo := func(t *testing.T, m *strata.Migrator, v string) time.Time {
		t.Helper()
		if _, err := m.Up(context.Background(), strata.To(v)); err != nil {
			t.Fatal(err)
		}
		h, err := m.History(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return h[0].AppliedAt
	}
	byDialect := map[string][]scenario{
		"postgres": {
			{"killed in a transaction: its progress names it", func(t *testing.T, db *testdb.DB, m *strata.Migrator) staleRow {
				upTo(t, m, "1")
				return staleRow{"up", "2", "up", time.Now().Add(-time.Minute), 0, true, ""}
			}, "2", 0},
			{"killed in a transaction that the server committed after its death", func(t *testing.T, db *testdb.DB, m *strata.Migrator) staleRow {
				at := upTo(t, m, "2")
				return staleRow{"up", "2", "up", at, 0, true, ""}
			}, "", 0},
			{"killed between two transactions", func(t *testing.T, db *testdb.DB, m *strata.Migrator) staleRow {
				upTo(t, m, "1")
				return staleRow{command: "up"}
			}, "", 0},
		},
		"sqlite": {
			// A lease's progress commits with its migration: the row names
			// the last one done, and the runner was on the next.
			{"killed in a transaction", func(t *testing.T, db *testdb.DB, m *strata.Migrator) staleRow {
				at := upTo(t, m, "1")
				return staleRow{"up", "1", "up", at, 0, true, ""}
			}, "2", 0},
		},
		"mysql": {
			{"killed after statement 1 committed", func(t *testing.T, db *testdb.DB, m *strata.Migrator) staleRow {
				upTo(t, m, "1")
				if _, err := db.DB.Exec("CREATE TABLE tags (id INTEGER PRIMARY KEY)"); err != nil {
					t.Fatal(err)
				}
				return staleRow{"up", "2", "up", time.Now().Add(-time.Minute), 1, false, stmtHash("CREATE TABLE tags (id INTEGER PRIMARY KEY)")}
			}, "2", 1},
			{"killed before its first progress record", func(t *testing.T, db *testdb.DB, m *strata.Migrator) staleRow {
				at := upTo(t, m, "1")
				return staleRow{"up", "1", "up", at, 0, false, ""}
			}, "2", 0},
		},
	}
	for _, d := range testdb.Dialects {
		for _, sc := range byDialect[d] {
			t.Run(d+"/"+sc.name, func(t *testing.T) {
				ctx := context.Background()
				db := testdb.Open(t, d)
				fsys := fstest.MapFS{
					"001_users.sql": {Data: []byte(staleUsers)},
					"002_tags.sql":  {Data: []byte(staleTags)},
					"003_more.sql":  {Data: []byte(staleMore)},
				}
				var events []strata.Event
				m, err := strata.New(db.DB, strata.Dialect(d), fsys, strata.WithLockTimeout(10*time.Second),
					strata.WithEvents(func(e strata.Event) { events = append(events, e) }))
				if err != nil {
					t.Fatal(err)
				}
				writeStaleRow(t, db, sc.setup(t, db, m))
				before, err := m.History(ctx)
				if err != nil {
					t.Fatal(err)
				}

				// The reading commands tell the truth and write nothing.
				st, err := m.Status(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if st.Lock != nil || st.StaleLock == nil || st.StaleLock.Holder.ProcessID != 4242 {
					t.Fatalf("status: lock %+v, stale lock %+v; want the dead runner's leftover", st.Lock, st.StaleLock)
				}
				states := map[string]strata.MigrationStatus{}
				for _, ms := range st.Migrations {
					states[ms.Version] = ms
				}
				if sc.interrupted != "" {
					a := st.StaleLock.Attempt
					if a == nil || a.Version != sc.interrupted || a.StatementsApplied != sc.committed || a.ErrorCode != "interrupted" {
						t.Fatalf("status: unfinished attempt %+v, want version %s with %d statements committed", a, sc.interrupted, sc.committed)
					}
					if ms := states[sc.interrupted]; ms.State != strata.StateFailed || !ms.Interrupted {
						t.Errorf("status: version %s is %s (interrupted %v), want failed and interrupted", sc.interrupted, ms.State, ms.Interrupted)
					}
				} else if a := st.StaleLock.Attempt; a != nil {
					t.Fatalf("status: unfinished attempt %+v, want none: the runner left no migration unfinished", a)
				}
				problems, err := m.Validate(ctx)
				if err != nil {
					t.Fatal(err)
				}
				wantKind := "interrupted"
				if sc.interrupted == "" {
					wantKind = "stale-lock"
				}
				found := false
				for _, p := range problems {
					if p.Kind == wantKind && p.Version == sc.interrupted && strings.Contains(p.Message, "Try: strata up") {
						found = true
					}
				}
				if !found {
					t.Errorf("validate: %+v, want a %s problem on version %q saying what to do", problems, wantKind, sc.interrupted)
				}
				hr, err := m.Health(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if hr.Healthy || hr.StaleLock == nil || hr.Lock != nil {
					t.Errorf("health: healthy %v, stale lock %+v, lock %+v; want a dead runner's leftover that needs attention", hr.Healthy, hr.StaleLock, hr.Lock)
				}
				if after, _ := m.History(ctx); len(after) != len(before) {
					t.Fatalf("a reading command wrote %d history rows", len(after)-len(before))
				}

				// The next up records exactly that and completes the run.
				events = nil
				res, err := m.Up(ctx)
				if err != nil {
					t.Fatalf("up after the dead runner: %v", err)
				}
				var rec *strata.RecoveredInterrupted
				for _, e := range events {
					if r, ok := e.(strata.RecoveredInterrupted); ok {
						rec = &r
					}
				}
				if rec == nil {
					t.Fatal("no RecoveredInterrupted event")
				}
				h, err := m.History(ctx)
				if err != nil {
					t.Fatal(err)
				}
				var interrupted []strata.Attempt
				for _, a := range h {
					if a.ErrorCode == "interrupted" {
						interrupted = append(interrupted, a)
					}
				}
				switch {
				case sc.interrupted == "" && (len(interrupted) != 0 || rec.Attempt != nil):
					t.Errorf("recorded %+v for a runner that left no migration unfinished", interrupted)
				case sc.interrupted != "" && (len(interrupted) != 1 || interrupted[0].Version != sc.interrupted || interrupted[0].ProcessID != 4242 ||
					interrupted[0].StatementsApplied != sc.committed || rec.Attempt == nil):
					t.Errorf("recorded %+v, want one interruption of version %s by pid 4242 with %d statements committed", interrupted, sc.interrupted, sc.committed)
				}
				// The resume names the attempt it goes on from by its number.
				if sc.interrupted != "" && len(interrupted) == 1 {
					if rec.Attempt.ID != interrupted[0].ID {
						t.Errorf("RecoveredInterrupted names attempt #%d, the history #%d", rec.Attempt.ID, interrupted[0].ID)
					}
					for _, r := range res {
						if r.Version == sc.interrupted && r.ResumedAt > 1 {
							if w := strings.Join(r.Warnings, "\n"); !strings.Contains(w, fmt.Sprintf("after attempt #%d;", interrupted[0].ID)) {
								t.Errorf("resume warnings %q do not name attempt #%d", w, interrupted[0].ID)
							}
						}
					}
				}
				successes := map[string]int{}
				for _, a := range h {
					if a.Success && a.Direction == "up" {
						successes[a.Version]++
					}
				}
				for _, v := range []string{"1", "2", "3"} {
					if successes[v] != 1 {
						t.Errorf("version %s applied %d times", v, successes[v])
					}
				}
				st, err = m.Status(ctx)
				if err != nil || st.StaleLock != nil || st.Lock != nil {
					t.Errorf("after up: stale lock %+v, lock %+v, %v", st.StaleLock, st.Lock, err)
				}
			})
		}
	}
}

// TestLiveHolderNotCalledDead: while a runner holds the lock, the reading
// commands show it as the lock holder, never as a dead runner's leftover,
// and unlock leaves it alone.
func TestLiveHolderNotCalledDead(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			db := testdb.Open(t, d)
			fsys := fstest.MapFS{"001_users.sql": {Data: []byte(staleUsers)}}
			// The runner stops, holding the lock, where its migration starts.
			started, release := make(chan struct{}), make(chan struct{})
			m, err := strata.New(db.DB, strata.Dialect(d), fsys, strata.WithEvents(func(e strata.Event) {
				if _, ok := e.(strata.MigrationStarted); ok {
					close(started)
					<-release
				}
			}))
			if err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { _, err := m.Up(ctx); done <- err }()
			<-started
			reader, err := strata.New(db.DB, strata.Dialect(d), fsys)
			if err != nil {
				t.Fatal(err)
			}
			st, err := reader.Status(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if st.StaleLock != nil || st.Lock == nil {
				t.Errorf("status while the runner works: lock %+v, stale lock %+v", st.Lock, st.StaleLock)
			}
			if p, err := reader.Validate(ctx); err != nil || len(p) != 0 {
				t.Errorf("validate while the runner works: %+v %v", p, err)
			}
			_, err = reader.Unlock(ctx)
			var le *strata.LiveHolderError
			if !errors.As(err, &le) || !strings.Contains(err.Error(), "may be alive") || !strings.Contains(err.Error(), "is running on this machine") {
				t.Errorf("unlock of a live holder: %v", err)
			}
			close(release)
			if err := <-done; err != nil {
				t.Fatal(err)
			}
		})
	}
}
