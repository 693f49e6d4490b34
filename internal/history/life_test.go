package history

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/strata-db/strata/internal/dialect"
	"github.com/strata-db/strata/internal/testdb"
)

// deadPID is the id of a process of this machine that has exited.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

// victim is a session that holds the migration lock, with a lock row that
// names it, as a runner leaves them.
type victim struct {
	conn    *sql.Conn
	session string
	row     dialect.Holder
}

// takeLock makes a victim on a connection of its own.
func takeLock(t *testing.T, s *Store, db *testdb.DB, host string, pid int) *victim {
	t.Helper()
	ctx := context.Background()
	conn, err := db.DB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	v := &victim{conn: conn}
	sess, err := s.d.OpenSession(ctx, conn, s.Tables())
	if err != nil {
		t.Fatal(err)
	}
	v.session = sess.ID
	if s.d.SessionLock() {
		if ok, err := s.d.TryLock(ctx, conn, s.Tables()); err != nil || !ok {
			t.Fatalf("taking the lock: %v %v", ok, err)
		}
	}
	now := time.Now().UTC()
	v.row = dialect.Holder{Owner: NewOwner("victim", v.session), LockedAt: now, LockedBy: "someone@" + host, ProcessID: pid, Command: "up", Heartbeat: now}
	if err := s.writeHolder(ctx, conn, v.row); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestLifeOf tells live holders from dead ones and from dead runners
// whose database session still holds the lock, on every dialect, from
// lock rows as runners leave them.
func TestLifeOf(t *testing.T) {
	host, _ := os.Hostname()
	dead := deadPID(t)
	for _, name := range testdb.Dialects {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s, db, conn := openStoreDB(t, name)
			v := takeLock(t, s, db, host, dead)
			o := LockOptions{Host: host, Lease: time.Minute}
			type tc struct {
				what    string
				change  func(h *dialect.Holder)
				want    Life
				session bool
			}
			var cases []tc
			if s.d.SessionLock() {
				cases = []tc{
					{"process gone here, session holds the lock", func(h *dialect.Holder) {}, Orphaned, true},
					{"process running here", func(h *dialect.Holder) { h.ProcessID = os.Getpid() }, Alive, true},
					{"another machine", func(h *dialect.Holder) { h.LockedBy = "someone@elsewhere" }, Alive, true},
					{"row of another session", func(h *dialect.Holder) { h.Owner = NewOwner("victim", "999999") }, Dead, false},
					{"older row without its session, process gone", func(h *dialect.Holder) { h.Owner = "victim" }, Dead, false},
					{"older row without its session, process running", func(h *dialect.Holder) { h.Owner, h.ProcessID = "victim", os.Getpid() }, Alive, false},
					{"session started after the lock was taken", func(h *dialect.Holder) { h.LockedAt = h.LockedAt.AddDate(-10, 0, 0) }, Dead, false},
				}
			} else {
				cases = []tc{
					{"process gone here", func(h *dialect.Holder) {}, Dead, false},
					{"process running here", func(h *dialect.Holder) { h.ProcessID = os.Getpid() }, Alive, false},
					{"another machine, fresh lease", func(h *dialect.Holder) { h.LockedBy = "someone@elsewhere" }, Alive, false},
					{"another machine, lease expired", func(h *dialect.Holder) {
						h.LockedBy, h.Heartbeat = "someone@elsewhere", h.Heartbeat.Add(-2*time.Minute)
					}, Dead, false},
				}
			}
			for _, c := range cases {
				h := v.row
				c.change(&h)
				life, session, err := s.LifeOf(ctx, conn, &h, time.Now(), o)
				if err != nil {
					t.Fatalf("%s: %v", c.what, err)
				}
				if life != c.want || (session != "" && session == v.session) != c.session {
					t.Errorf("%s: life %d, session %q; want %d, session %v (%s)", c.what, life, session, c.want, c.session, v.session)
				}
			}
			if s.d.SessionLock() {
				if err := s.d.Unlock(ctx, v.conn, s.Tables()); err != nil {
					t.Fatal(err)
				}
				h := v.row
				h.ProcessID = os.Getpid()
				if life, _, err := s.LifeOf(ctx, conn, &h, time.Now(), o); err != nil || life != Dead {
					t.Errorf("lock free, row left: life %d, %v; want dead", life, err)
				}
			}
		})
	}
}

// TestAcquireEndsOrphanedSession: the lock is held by the session of a
// runner whose process is gone from this machine, and that session is
// still busy with a long statement. The next runner ends the session and
// takes the lock within seconds, though its timeout is shorter, and gets
// the dead runner's row back to record. A holder on another machine is
// waited for as before.
func TestAcquireEndsOrphanedSession(t *testing.T) {
	host, _ := os.Hostname()
	for _, name := range []string{"postgres", "mysql"} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s, db, conn := openStoreDB(t, name)
			v := takeLock(t, s, db, host, deadPID(t))
			sleeping := make(chan error, 1)
			go func() {
				_, err := v.conn.ExecContext(ctx, testdb.Sleep(name, 30*time.Second))
				sleeping <- err
			}()
			time.Sleep(200 * time.Millisecond) // into the sleep

			var ended []string
			o := LockOptions{Timeout: 500 * time.Millisecond, Poll: 50 * time.Millisecond, Host: host,
				OnEnded: func(h *dialect.Holder, session string) { ended = append(ended, session) }}
			// From another machine, the same row is a live holder's.
			other := o
			other.Host = "elsewhere"
			me := dialect.Holder{Owner: NewOwner("me", "x"), LockedAt: time.Now(), LockedBy: "me@" + host, ProcessID: os.Getpid(), Command: "up", Heartbeat: time.Now()}
			var lt *LockTimeoutError
			if _, err := s.Acquire(ctx, conn, me, other); !errors.As(err, &lt) {
				t.Fatalf("from another machine: %v, want a lock timeout", err)
			}
			if len(ended) != 0 {
				t.Fatalf("ended %v from another machine", ended)
			}

			start := time.Now()
			stale, err := s.Acquire(ctx, conn, me, o)
			took := time.Since(start)
			if err != nil {
				t.Fatalf("Acquire: %v", err)
			}
			if len(ended) != 1 || ended[0] != v.session {
				t.Errorf("ended sessions %v, want [%s]", ended, v.session)
			}
			if stale == nil || stale.Owner != v.row.Owner || stale.ProcessID != v.row.ProcessID {
				t.Errorf("stale row %+v, want the dead runner's %+v", stale, v.row)
			}
			select {
			case err := <-sleeping:
				if err == nil {
					t.Error("the dead runner's statement ran to its end")
				}
			case <-time.After(10 * time.Second):
				t.Error("the dead runner's statement still runs")
			}
			if took > 5*time.Second {
				t.Errorf("took the lock after %s", took)
			}
			t.Logf("%s: took the lock over in %s", name, took.Round(time.Millisecond))
		})
	}
}
