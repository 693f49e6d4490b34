package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/strata-db/strata/internal/dialect"
)

// lockKey is the primary key of the single row of the lock table.
const lockKey = "strata"

// LockOptions says how to wait for the lock.
type LockOptions struct {
	Timeout time.Duration // give up after this long; 0 means try once
	// Lease is how long a lease (SQLite) stays valid without a heartbeat.
	Lease time.Duration
	Poll  time.Duration // pause between tries
	Host  string        // this machine's name, to recognise holders that died here
	// OnWait is called when the runner starts waiting and whenever the
	// holder changes while it waits. holder is nil when unknown; writing
	// says that it could not be read because another connection is
	// writing to the database (see LockTimeoutError).
	OnWait func(holder *dialect.Holder, writing bool)
	// OnEnded is called when the runner ended the database session of a
	// holder whose process is gone from this machine (see Life).
	OnEnded func(holder *dialect.Holder, session string)
}

// EndedGrace is how long a runner that ended a dead holder's session
// waits for the lock to come free, beyond its timeout: the server frees
// it when the session is gone, within milliseconds unless it is busy.
const EndedGrace = 10 * time.Second

// LockTimeoutError reports that the lock was not free within the timeout.
type LockTimeoutError struct {
	Holder *dialect.Holder // nil when the holder could not be read
	// Writing: the holder could not be read because another connection
	// was writing to the database, which SQLite lets no one read
	// meanwhile.
	Writing bool
	Waited  time.Duration
	// Cause is the context's error when the caller's context ended the
	// wait before the timeout did.
	Cause error
}

// Error implements error.
func (e *LockTimeoutError) Error() string {
	who := DescribeHolder(e.Holder, time.Now())
	if e.Holder == nil && e.Writing {
		who = "held by " + WritingRunner
	}
	if e.Cause != nil {
		return fmt.Sprintf("the wait for the migration lock ended after %s, when the caller's context did (%v): %s", e.Waited.Round(time.Millisecond), e.Cause, who)
	}
	return fmt.Sprintf("the migration lock was not free after %s: %s", e.Waited.Round(time.Millisecond), who)
}

// Unwrap gives the context's error, if it ended the wait.
func (e *LockTimeoutError) Unwrap() error { return e.Cause }

// WritingRunner describes a holder whose row cannot be read because it is
// writing to the database.
const WritingRunner = "a runner that is writing to the database, which SQLite lets no one read meanwhile (so its name cannot be read until that write ends)"

// ErrLockLost reports that this runner's lock row was gone or another
// runner's while this one still worked. Its words fit every database: on
// SQLite the lease expired, on PostgreSQL and MySQL, which have no lease,
// the session lock was released (unlock --force, or a statement that
// released it) and another runner took the row.
var ErrLockLost = errors.New("the migration lock was taken over by another runner while this runner still worked " +
	"(on SQLite its lease expired; on PostgreSQL or MySQL its session lock was released, by strata unlock --force or by a statement that released it)")

// DescribeHolder says who holds the lock, since when, and doing what.
func DescribeHolder(h *dialect.Holder, now time.Time) string {
	if h == nil {
		return "held by a runner that has not written its name yet"
	}
	s := fmt.Sprintf("held by %s (pid %d, strata %s) since %s (%s)", h.LockedBy, h.ProcessID, h.Command,
		h.LockedAt.UTC().Format(time.RFC3339), now.Sub(h.LockedAt).Round(time.Second))
	if h.Version != "" {
		s += fmt.Sprintf(", last reported at version %s", h.Version)
	}
	return s
}

// Acquire waits for the migration lock on conn, which must stay the
// connection that runs the migrations: a session lock lives and dies with
// it. It returns the row of a previous holder that died without releasing
// the lock (nil when there was none), so that the caller can record what
// that runner was doing.
func (s *Store) Acquire(ctx context.Context, conn *sql.Conn, me dialect.Holder, o LockOptions) (stale *dialect.Holder, err error) {
	s.upgraded.Store(nil)
	if s.d.SessionLock() {
		return s.acquireSession(ctx, conn, me, o)
	}
	return s.acquireLease(ctx, conn, me, o)
}

func (s *Store) acquireSession(ctx context.Context, conn *sql.Conn, me dialect.Holder, o LockOptions) (*dialect.Holder, error) {
	w := waiter{o: o, start: time.Now()}
	ended := map[string]bool{}
	for {
		ok, err := s.d.TryLock(ctx, conn, s.n().tables)
		if err != nil {
			return nil, fmt.Errorf("taking the migration lock: %w", err)
		}
		if ok {
			break
		}
		holder := w.read(ctx, s, conn)
		w.report(holder)
		// A holder that died on this machine may have left its session
		// working (a long statement, then a COMMIT): end it rather than
		// wait for it, and give the server a moment to free the lock.
		if s.endOrphan(ctx, conn, holder, o, ended) {
			w.o.Timeout = max(w.o.Timeout, time.Since(w.start)+EndedGrace)
		}
		if err := w.wait(ctx, holder); err != nil {
			return nil, err
		}
	}
	// From here on this runner holds the lock; on any error it lets go.
	stale, err := s.claim(ctx, conn, me)
	if err != nil {
		s.d.Unlock(context.WithoutCancel(ctx), conn, s.n().tables)
		return nil, err
	}
	return stale, nil
}

// claim makes sure the tables exist and replaces the lock row with this
// runner's. Any row still there belongs to a runner that died holding the
// lock, since a runner deletes its row when it lets go.
func (s *Store) claim(ctx context.Context, conn *sql.Conn, me dialect.Holder) (*dialect.Holder, error) {
	format, err := s.ensure(ctx, conn)
	if err != nil {
		return nil, err
	}
	if format < Format {
		if err := s.upgrade(ctx, conn); err != nil {
			return nil, err
		}
	}
	stale, err := s.ReadHolder(ctx, conn)
	if err != nil {
		return nil, err
	}
	if err := s.replaceHolder(ctx, conn, me); err != nil {
		return nil, err
	}
	return stale, nil
}

func (s *Store) acquireLease(ctx context.Context, conn *sql.Conn, me dialect.Holder, o LockOptions) (*dialect.Holder, error) {
	w := waiter{o: o, start: time.Now()}
	if bw, ok := s.d.(dialect.BusyWaiter); ok {
		// The holder keeps the database's write lock for a whole
		// migration: each try waits for it at most one poll, so that the
		// waiting is this loop's, bounded by the timeout, and it reports
		// the holder, instead of one long wait inside a statement. The
		// connection gets its own wait back for the migrations.
		if prev, err := bw.SetBusyWait(ctx, conn, o.Poll); err == nil {
			defer bw.SetBusyWait(context.WithoutCancel(ctx), conn, prev)
		}
	}
	ensured, format := false, 0
	for {
		if !ensured {
			// CREATE TABLE IF NOT EXISTS is safe here: SQLite serialises
			// writers, so two runners cannot both create the tables.
			var err error
			if format, err = s.ensure(ctx, conn); err != nil {
				if !IsBusy(err) {
					return nil, err
				}
				holder := w.read(ctx, s, conn)
				if err := w.wait(ctx, holder); err != nil {
					return nil, err
				}
				continue
			}
			ensured = true
		}
		got, holder, err := s.tryLease(ctx, conn, me, o, format < Format)
		if err != nil && !IsBusy(err) {
			return nil, fmt.Errorf("taking the migration lock: %w", err)
		}
		if got {
			return holder, nil
		}
		if err != nil {
			holder = w.read(ctx, s, conn)
		} else {
			w.known, w.writing = holder, false
		}
		if err := w.wait(ctx, holder); err != nil {
			return nil, err
		}
	}
}

// tryLease takes the lease if it is free or expired, inside one exclusive
// transaction, and, when upgrade is set, upgrades the tables in that same
// transaction: if the upgrade fails, the lease and a dead holder's row
// stay as they were. It returns the holder it found: stale when got is
// true, the live holder otherwise.
func (s *Store) tryLease(ctx context.Context, conn *sql.Conn, me dialect.Holder, o LockOptions, upgrade bool) (got bool, holder *dialect.Holder, err error) {
	if _, err := conn.ExecContext(ctx, s.d.BeginExclusive()); err != nil {
		return false, nil, err
	}
	rollback := func() { conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK") }
	holder, err = s.ReadHolder(ctx, conn)
	if err != nil {
		rollback()
		return false, nil, err
	}
	if holder != nil && holder.Owner != me.Owner && LeaseAlive(holder, time.Now(), o.Lease, o.Host) {
		rollback()
		return false, holder, nil
	}
	if upgrade {
		if err := s.upgradeIn(ctx, conn); err != nil {
			rollback()
			return false, nil, err
		}
	}
	if err := s.writeHolder(ctx, conn, me); err != nil {
		rollback()
		return false, nil, err
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		rollback()
		return false, nil, err
	}
	return true, holder, nil
}

// LeaseAlive reports whether a lease holder may still be working: its
// heartbeat is younger than the lease, and, when it ran on this machine,
// its process still exists.
func LeaseAlive(h *dialect.Holder, now time.Time, lease time.Duration, host string) bool {
	if now.Sub(h.Heartbeat) > lease {
		return false
	}
	if host != "" && HolderHost(h) == host && !processAlive(h.ProcessID) {
		return false
	}
	return true
}

// HolderHost is the host part of a holder's user@host.
func HolderHost(h *dialect.Holder) string {
	if i := strings.LastIndexByte(h.LockedBy, '@'); i >= 0 {
		return h.LockedBy[i+1:]
	}
	return ""
}

// IsBusy reports an SQLite "database is locked" error: another writer
// holds the write lock for now. The text is SQLite's own message for
// SQLITE_BUSY, which both drivers (modernc.org/sqlite, mattn/go-sqlite3)
// pass on; modernc.org/sqlite adds the code name too.
func IsBusy(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "database is locked") || strings.Contains(msg, "SQLITE_BUSY")
}

func (s *Store) replaceHolder(ctx context.Context, conn *sql.Conn, me dialect.Holder) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := s.writeHolder(ctx, tx, me); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

func (s *Store) writeHolder(ctx context.Context, q dialect.Querier, me dialect.Holder) error {
	p := s.d.Placeholder
	if _, err := q.ExecContext(ctx, "DELETE FROM "+s.n().l+" WHERE lock_key = "+p(1), lockKey); err != nil {
		return fmt.Errorf("writing the lock holder to %s: %w", s.n().tables.Locks, err)
	}
	ph := make([]string, 7)
	for i := range ph {
		ph[i] = p(i + 1)
	}
	_, err := q.ExecContext(ctx, "INSERT INTO "+s.n().l+" (lock_key, owner, locked_at, locked_by, process_id, command, heartbeat_at) VALUES ("+strings.Join(ph, ", ")+")",
		lockKey, me.Owner, s.d.TimeArg(me.LockedAt), me.LockedBy, me.ProcessID, me.Command, s.d.TimeArg(me.Heartbeat))
	if err != nil {
		return fmt.Errorf("writing the lock holder to %s: %w", s.n().tables.Locks, err)
	}
	return nil
}

// ReadHolder returns the lock row, or nil when there is none (or no lock
// table yet).
func (s *Store) ReadHolder(ctx context.Context, q dialect.Querier) (*dialect.Holder, error) {
	t := s.d.TimeExpr
	rows, err := q.QueryContext(ctx, "SELECT owner, "+t("locked_at")+", locked_by, process_id, command, "+t("heartbeat_at")+
		", version, direction, filename, "+t("started_at")+", statements_done, statement_checksums, in_transaction FROM "+s.n().l+
		" WHERE lock_key = "+s.d.Placeholder(1), lockKey)
	if err != nil {
		if s.missing(ctx, q, s.n().qt.Locks) {
			return nil, nil
		}
		return nil, fmt.Errorf("reading the lock holder from %s: %w", s.n().tables.Locks, err)
	}
	defer rows.Close()
	if !rows.Next() {
		return nil, rows.Err()
	}
	var (
		h                                dialect.Holder
		lockedAt, heartbeat, started     any
		version, direction, file, hashes sql.NullString
		done                             sql.NullInt64
		inTx                             sql.NullBool
	)
	if err := rows.Scan(&h.Owner, &lockedAt, &h.LockedBy, &h.ProcessID, &h.Command, &heartbeat,
		&version, &direction, &file, &started, &done, &hashes, &inTx); err != nil {
		return nil, fmt.Errorf("reading the lock holder from %s: %w", s.n().tables.Locks, err)
	}
	if h.LockedAt, err = s.timeOf(lockedAt); err != nil {
		return nil, err
	}
	if h.Heartbeat, err = s.timeOf(heartbeat); err != nil {
		return nil, err
	}
	if h.Started, err = s.timeOf(started); err != nil {
		return nil, err
	}
	h.Version, h.Direction, h.File, h.StmtHashes = version.String, direction.String, file.String, hashes.String
	h.Statements, h.Transaction = int(done.Int64), inTx.Bool
	return &h, rows.Err()
}

// Progress is what a runner is doing, written to its lock row so that a
// runner that dies leaves evidence of where it was.
type Progress struct {
	Version     string
	Direction   string
	File        string
	Started     time.Time
	Statements  int    // statements known to have completed (and committed)
	StmtHashes  string // their hashes, then that of the statement running, if any
	Transaction bool   // the migration runs in one transaction
}

// SetProgress writes p into this runner's lock row and refreshes its
// heartbeat. q is the lock connection, or the migration's transaction when
// the record must commit (or vanish) with the migration itself. It fails
// with ErrLockLost when the row is no longer this runner's.
func (s *Store) SetProgress(ctx context.Context, q dialect.Querier, owner string, p Progress, now time.Time) error {
	res, err := q.ExecContext(ctx, s.progressSQL(s.d.Placeholder), s.progressArgs(owner, p, now)...)
	if err != nil {
		return fmt.Errorf("writing progress to %s: %w", s.n().tables.Locks, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return ErrLockLost
	}
	return nil
}

// SetProgressScriptSQL is SetProgress as one statement with literals, to
// travel in a script (see dialect.ScriptRunner). Unlike SetProgress it
// cannot tell that the row is no longer owner's.
func (s *Store) SetProgressScriptSQL(owner string, p Progress, now time.Time, sr dialect.ScriptRunner) string {
	args := s.progressArgs(owner, p, now)
	return s.progressSQL(func(n int) string { return sr.Literal(args[n-1]) })
}

// progressSQL is the UPDATE of SetProgress with the n-th value written
// by arg(n).
func (s *Store) progressSQL(arg func(n int) string) string {
	return "UPDATE " + s.n().l + " SET version = " + arg(1) + ", direction = " + arg(2) + ", filename = " + arg(3) +
		", started_at = " + arg(4) + ", statements_done = " + arg(5) + ", statement_checksums = " + arg(6) + ", in_transaction = " + arg(7) +
		", heartbeat_at = " + arg(8) + " WHERE lock_key = " + arg(9) + " AND owner = " + arg(10)
}

// progressArgs are the values of progressSQL.
func (s *Store) progressArgs(owner string, p Progress, now time.Time) []any {
	var version, direction, file, started, hashes any
	if p.Version != "" {
		version, direction, file, started = p.Version, p.Direction, p.File, s.d.TimeArg(p.Started)
	}
	if p.StmtHashes != "" {
		hashes = p.StmtHashes
	}
	return []any{version, direction, file, started, p.Statements, hashes, p.Transaction, s.d.TimeArg(now), lockKey, owner}
}

// CheckOwner returns ErrLockLost unless owner still holds the lock row.
// Inside a transaction that will write, it is how a lease holder (SQLite)
// makes sure that nobody took the lease over before it commits: once the
// transaction has read the row, no other connection can commit a change
// to it until the transaction ends. Unlike SetProgress it writes nothing.
func (s *Store) CheckOwner(ctx context.Context, q dialect.Querier, owner string) error {
	var n int
	p := s.d.Placeholder
	err := q.QueryRowContext(ctx, "SELECT count(*) FROM "+s.n().l+" WHERE lock_key = "+p(1)+" AND owner = "+p(2), lockKey, owner).Scan(&n)
	if err != nil {
		return fmt.Errorf("reading %s: %w", s.n().tables.Locks, err)
	}
	if n == 0 {
		return ErrLockLost
	}
	return nil
}

// DropHolder deletes this runner's lock row. A runner's last history row
// commits together with it, so that a lock row left behind always means
// its runner died before the end of its plan (see the recovery of a dead
// runner's attempt). The session lock, if any, stays held until Release.
func (s *Store) DropHolder(ctx context.Context, q dialect.Querier, owner string) error {
	_, err := q.ExecContext(ctx, s.dropHolderSQL(s.d.Placeholder(1), s.d.Placeholder(2)), lockKey, owner)
	if err != nil {
		return fmt.Errorf("clearing the lock row in %s: %w", s.n().tables.Locks, err)
	}
	return nil
}

// DropHolderScriptSQL is DropHolder as one statement with literals, to
// travel in a script (see dialect.ScriptRunner).
func (s *Store) DropHolderScriptSQL(owner string, sr dialect.ScriptRunner) string {
	return s.dropHolderSQL(sr.Literal(lockKey), sr.Literal(owner))
}

func (s *Store) dropHolderSQL(key, owner string) string {
	return "DELETE FROM " + s.n().l + " WHERE lock_key = " + key + " AND owner = " + owner
}

// Release deletes this runner's lock row and lets go of the session lock.
// It runs even when ctx was cancelled, so that an interrupted runner never
// leaves the lock behind. When conn itself is dead (its session lock died
// with it), the row is deleted through pool, any other connection.
func (s *Store) Release(ctx context.Context, conn *sql.Conn, pool dialect.Querier, owner string) error {
	ctx = context.WithoutCancel(ctx)
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	del := s.dropHolderSQL(s.d.Placeholder(1), s.d.Placeholder(2))
	if _, err := conn.ExecContext(ctx, del, lockKey, owner); err != nil {
		// The owner check makes this safe even if another runner holds
		// the lock by now.
		if _, perr := pool.ExecContext(ctx, del, lockKey, owner); perr != nil {
			return fmt.Errorf("releasing the migration lock: %w", err)
		}
		return nil
	}
	if s.d.SessionLock() {
		return s.d.Unlock(ctx, conn, s.n().tables)
	}
	return nil
}

// Clear deletes the lock row whoever wrote it, for `strata unlock`. The
// caller has made sure its holder is gone.
func (s *Store) Clear(ctx context.Context, q dialect.Querier) error {
	_, err := q.ExecContext(ctx, "DELETE FROM "+s.n().l+" WHERE lock_key = "+s.d.Placeholder(1), lockKey)
	return err
}

// Expire ends the lease of the holder owner at once, so that the next
// runner takes it over as a dead holder's: for `strata unlock --force` on
// SQLite, when the user knows the holder is gone.
func (s *Store) Expire(ctx context.Context, q dialect.Querier, owner string) error {
	p := s.d.Placeholder
	_, err := q.ExecContext(ctx, "UPDATE "+s.n().l+" SET heartbeat_at = "+p(1)+" WHERE lock_key = "+p(2)+" AND owner = "+p(3),
		s.d.TimeArg(time.Unix(0, 0)), lockKey, owner)
	return err
}
