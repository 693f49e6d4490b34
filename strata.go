// Package strata applies versioned SQL schema migrations to PostgreSQL,
// MySQL/MariaDB and SQLite, keeping an append-only record of every attempt.
//
// A Migrator reads migration files from any fs.FS (embed.FS included),
// takes a database-wide lock so that only one runner works at a time,
// refuses edited or out-of-order migrations, applies each migration in its
// own transaction where the database allows it, and records the outcome:
//
//	m, err := strata.New(db, strata.Postgres, os.DirFS("migrations"), strata.WithLockTimeout(time.Minute))
//	results, err := m.Up(ctx)
//
// Options come in one style: New takes Options (WithDir, WithLockTimeout,
// WithLogger, WithExcludeVersions, …); each call takes its own kind of
// option type (UpOption for Up, DownOption for Down, HealthOption for
// Health, UnlockOption for Unlock), so that an option a call cannot use
// does not compile.
//
// A Migrator is safe for concurrent use by several goroutines. Calls that
// write (Up, Down, Redo, Baseline, Repair, Unlock) take the database's
// migration lock, so two of them, on one Migrator or on several, in one
// process or in many, run one after the other: the second waits for the
// lock (up to WithLockTimeout) and then finds what the first did, and no
// migration is applied twice. Reading calls (Status, History, HasPending,
// …) take no lock.
//
// The library never prints. Progress is reported through typed events (see
// WithEvents, or WithLogger for a *slog.Logger) and failures through errors
// that work with errors.Is (the ErrXxx sentinels) and errors.As
// (*MigrationError and friends).
package strata

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"strings"
	"sync"
	"time"

	"github.com/strata-db/strata/internal/dialect"
	"github.com/strata-db/strata/internal/dialect/mysql"
	"github.com/strata-db/strata/internal/dialect/postgres"
	"github.com/strata-db/strata/internal/dialect/sqlite"
	"github.com/strata-db/strata/internal/history"
	"github.com/strata-db/strata/internal/source"
)

// Version is strata's release, recorded in every history row.
const Version = "0.1.0"

// Dialect names a database family.
type Dialect string

// The supported dialects.
const (
	Postgres Dialect = "postgres"
	MySQL    Dialect = "mysql"
	SQLite   Dialect = "sqlite"
)

// ParseDialect accepts a dialect name as users write it.
func ParseDialect(s string) (Dialect, error) {
	switch strings.ToLower(s) {
	case "postgres", "postgresql", "pg":
		return Postgres, nil
	case "mysql", "mariadb":
		return MySQL, nil
	case "sqlite", "sqlite3":
		return SQLite, nil
	}
	return "", fmt.Errorf("%w: unknown dialect %q (use postgres, mysql or sqlite)", ErrUsage, s)
}

func (d Dialect) impl() (dialect.Engine, error) {
	switch d {
	case Postgres:
		return postgres.Engine{}, nil
	case MySQL:
		return mysql.Engine{}, nil
	case SQLite:
		return sqlite.Engine{}, nil
	}
	return nil, fmt.Errorf("%w: unknown dialect %q (use strata.Postgres, strata.MySQL or strata.SQLite)", ErrUsage, string(d))
}

// Migrator runs the migrations of one directory against one database. It
// is safe for concurrent use: the database's migration lock keeps its
// writing calls apart, as it keeps separate Migrators and processes apart.
type Migrator struct {
	db    *sql.DB
	d     dialect.Engine
	name  Dialect
	fsys  fs.FS
	o     options
	store *history.Store
	mode  sessionMode // MySQL's sql_mode, for the splitter
	// scratch is set on the Migrator of a Drift or Verify scratch
	// database: its statements must stay inside it (scratchguard.go).
	scratch *scratchGuard

	emitMu sync.Mutex // events come from the runner and from its slow-migration timer
}

// New returns a Migrator for db, whose dialect is d, reading migrations
// from the root of fsys (use WithDir for a subdirectory). It checks its
// arguments but does not touch the database or the files yet.
func New(db *sql.DB, d Dialect, fsys fs.FS, opts ...Option) (*Migrator, error) {
	if db == nil {
		return nil, fmt.Errorf("%w: strata.New needs a *sql.DB", ErrUsage)
	}
	if fsys == nil {
		return nil, fmt.Errorf("%w: strata.New needs an fs.FS holding the migrations", ErrUsage)
	}
	impl, err := d.impl()
	if err != nil {
		return nil, err
	}
	if err := checkDriver(db, d); err != nil {
		return nil, err
	}
	o := defaultOptions()
	for _, opt := range opts {
		if err := opt(&o); err != nil {
			return nil, err
		}
	}
	if err := checkTableNames(d, o.historyTable, o.lockTable); err != nil {
		return nil, err
	}
	if o.dir != "." {
		// The migrations' names are relative to their directory, whichever
		// way it is given: the history then records "001_x.sql" both for
		// WithDir("db/migrations") and for os.DirFS("db/migrations"), as
		// the CLI does, and one database can be migrated either way.
		sub, err := fs.Sub(fsys, o.dir)
		if err != nil {
			return nil, fmt.Errorf("%w: WithDir(%q): %v", ErrUsage, o.dir, err)
		}
		fsys = sub
	}
	if len(o.excludeNames) > 0 || len(o.excludeVersions) > 0 {
		fsys = excludeFS{FS: fsys, names: o.excludeNames, versions: o.excludeVersions}
	}
	return &Migrator{
		db: db, d: impl, name: d, fsys: fsys, o: o,
		store: history.NewStore(impl, dialect.Tables{History: o.historyTable, Locks: o.lockTable}),
	}, nil
}

// emit delivers an event to the WithEvents callback, one at a time.
func (m *Migrator) emit(e Event) {
	if m.o.events == nil && m.o.logger == nil {
		return
	}
	m.emitMu.Lock()
	defer m.emitMu.Unlock()
	if m.o.logger != nil {
		logEvent(m.o.logger, e)
	}
	if m.o.events != nil {
		m.o.events(e)
	}
}

// load reads and checks the migration files.
func (m *Migrator) load() ([]*source.Migration, error) { return m.loadWith(source.ReadOptions{}) }

// loadWith is load with read options: SkipSQL for a state that
// only needs the checksums (m.split loads the SQL of what it plans).
func (m *Migrator) loadWith(o source.ReadOptions) ([]*source.Migration, error) {
	migs, err := source.ReadWith(m.fsys, ".", o)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) && pe.Path == "." && m.o.dir != "." {
			// The directory as the caller named it, not as fs.Sub sees it.
			err = fmt.Errorf("reading migrations directory: %w", &fs.PathError{Op: pe.Op, Path: m.o.dir, Err: pe.Err})
		}
		// Read still returns the files that had no problem; their syntax
		// problems belong in the same report, so that one run lists them all.
		fe := &FilesError{Err: err}
		for _, mig := range migs {
			for _, sec := range []*source.Section{&mig.Up, &mig.Down} {
				if !sec.Present {
					continue
				}
				if _, serr := m.split(mig, sec, ""); serr != nil {
					var me *MigrationError
					if errors.As(serr, &me) {
						fe.more = append(fe.more, Problem{Kind: "files", Version: me.Version, File: me.File, Line: me.Line,
							Message: me.Message + hintSuffix(me.Hint)})
					}
				}
			}
		}
		return nil, fe
	}
	return migs, nil
}

// identity is who runs: written into lock rows and history rows.
type identity struct {
	owner     string // random per run
	osUser    string
	host      string
	dbUser    string
	pid       int
	sessionID string // server id of the lock session, for cancelling its statement
}

func (id identity) lockedBy() string { return id.osUser + "@" + id.host }

func (id identity) appliedBy() string {
	if id.dbUser == "" {
		return id.lockedBy()
	}
	return id.dbUser + " (" + id.lockedBy() + ")"
}

func newIdentity() identity {
	id := identity{osUser: "unknown", host: hostName(), pid: os.Getpid()}
	if u, err := user.Current(); err == nil && u.Username != "" {
		id.osUser = u.Username
	} else if u := os.Getenv("USER"); u != "" {
		id.osUser = u
	}
	var b [8]byte
	rand.Read(b[:])
	id.owner = hex.EncodeToString(b[:])
	return id
}

// hostName is this machine's name as lock rows record it.
func hostName() string {
	if h, err := os.Hostname(); err == nil && h != "" {
		return h
	}
	return "unknown"
}

// lockOptions are the lock settings of this Migrator on this machine.
func (m *Migrator) lockOptions() history.LockOptions {
	host := hostName()
	if host == "unknown" {
		host = "" // no way to tell this machine from another
	}
	return history.LockOptions{Lease: m.o.lockLease, Poll: m.o.lockPoll, Host: host}
}

// session is a runner holding the lock on its own connection.
type session struct {
	m    *Migrator
	conn *sql.Conn
	// sess is what the dialect knows of the session on conn, and how it
	// puts it back after each migration (see run).
	sess *dialect.Session
	id   identity
	cmd  string
	// stale is the lock row of a runner that died holding the lock.
	stale *dialect.Holder
	// next is the step the plan runs after the current one, nil after
	// the last; continues is set while a plan runs that more steps follow
	// under the same lock (redo's roll back).
	next      *step
	continues bool
	// beat is when this runner last refreshed its lease (SQLite); zero
	// until its first migration.
	beat time.Time
	// mark is historyMark of the state the run began with, once known.
	mark *int64
}

// last reports whether the running step is the last of the run: its
// history row commits together with the removal of the lock row.
func (s *session) last() bool { return s.next == nil && !s.continues }

// lock opens a connection and takes the migration lock on it, waiting for
// it when wait is set and trying once otherwise. A runner
// that died holding the lock is left in s.stale for the caller to record,
// once it has read the state. The caller must call release.
func (m *Migrator) lock(ctx context.Context, command string, timeout time.Duration, report bool) (*session, error) {
	conn, err := m.conn(ctx)
	if err != nil {
		return nil, err
	}
	id := newIdentity()
	sess, err := m.d.OpenSession(ctx, conn, m.store.Tables())
	if err != nil {
		conn.Close()
		return nil, m.connError(err)
	}
	id.dbUser, id.sessionID = sess.User, sess.ID
	// From here on strata's statements name the schema or database the
	// session opened in; reads of the same Migrator on other connections
	// too, which is where unqualified names would have taken them.
	m.store.SetTables(sess.Tables)
	id.owner = history.NewOwner(id.owner, id.sessionID)
	now := time.Now().UTC()
	me := dialect.Holder{Owner: id.owner, LockedAt: now, LockedBy: id.lockedBy(), ProcessID: id.pid, Command: command, Heartbeat: now}
	lo := m.lockOptions()
	lo.Timeout = timeout
	if report {
		lo.OnWait = func(h *dialect.Holder, writing bool) { m.emit(LockWaiting{Holder: holderOf(h), Writing: writing}) }
	}
	lo.OnEnded = func(h *dialect.Holder, session string) { m.emit(SessionEnded{Holder: holderOf(h), Session: session}) }
	stale, err := m.store.Acquire(ctx, conn, me, lo)
	if err != nil {
		conn.Close()
		var lt *history.LockTimeoutError
		if errors.As(err, &lt) {
			return nil, &LockError{Holder: holderOf(lt.Holder), Writing: lt.Writing, Waited: lt.Waited, Cause: lt.Cause}
		}
		if ctx.Err() != nil {
			// A query of the wait stopped by the context: said as the
			// wait's end, not as the driver's "context deadline exceeded".
			return nil, &LockError{Waited: time.Since(now), Cause: ctx.Err()}
		}
		return nil, m.tablesError(err)
	}
	if u := m.store.LastUpgrade(); u.From != 0 {
		m.emit(TablesUpgraded{From: u.From, To: u.To})
	}
	m.emit(LockAcquired{})
	return &session{m: m, conn: conn, sess: sess, id: id, cmd: command, stale: stale}, nil
}

// release lets go of the lock, whatever happened to ctx.
func (s *session) release(ctx context.Context) {
	s.m.store.Release(ctx, s.conn, s.m.db, s.id.owner)
	s.conn.Close()
}

// conn opens a connection. Its failure is the one place where strata
// knows the database is unreachable rather than unhappy with a query.
func (m *Migrator) conn(ctx context.Context) (*sql.Conn, error) {
	c, err := m.db.Conn(ctx)
	if err != nil {
		return nil, connFailed(ctx, err, m.o.secrets)
	}
	return c, nil
}

// connFailed is the error of a connection that could not be opened: the
// database unreachable, unless ctx ended first, when the caller's cancel
// or deadline is the cause (and errors.Is finds it), not the server.
func connFailed(ctx context.Context, err error, secrets []string) *DatabaseError {
	if cerr := ctx.Err(); cerr != nil {
		if !errors.Is(err, cerr) {
			err = fmt.Errorf("%w (%w)", cerr, err)
		}
		return &DatabaseError{Err: fmt.Errorf("stopped before a connection to the database was opened: %w", err), secrets: secrets}
	}
	return &DatabaseError{Err: err, Unreachable: true, secrets: secrets}
}

// connError turns a driver error met outside any migration into one that
// says what to check.
func (m *Migrator) connError(err error) error {
	if err == nil {
		return nil
	}
	return &DatabaseError{Err: err, secrets: m.o.secrets}
}
