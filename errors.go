package strata

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/strata-db/strata/internal/history"
	"github.com/strata-db/strata/internal/source"
)

// Sentinel errors, for errors.Is. The error types below wrap them and
// carry the details.
var (
	// ErrUsage: bad arguments or options.
	ErrUsage = errors.New("usage error")
	// ErrInvalidFiles: the migration files break the naming or format rules.
	ErrInvalidFiles = errors.New("invalid migration files")
	// ErrLocked: another runner held the lock for longer than the lock
	// timeout.
	ErrLocked = errors.New("migration lock not acquired in time")
	// ErrLockLost: this runner's lock was taken over while it worked.
	ErrLockLost = history.ErrLockLost
	// ErrForeignTable: a tracking table name is taken by a table strata did
	// not create.
	ErrForeignTable = errors.New("tracking table belongs to another tool")
	// ErrDatabase: the database could not be reached or answered with an
	// error outside any migration.
	ErrDatabase = errors.New("database error")
	// ErrUnreachable: no connection to the database could be opened (the
	// server is down, the address, user or password is wrong). It comes
	// with ErrDatabase.
	ErrUnreachable = errors.New("database unreachable")
	// ErrMigrationFailed: a statement of a migration failed.
	ErrMigrationFailed = errors.New("migration failed")
	// ErrPartiallyApplied: a failed migration left some statements
	// committed, and strata will not go on until the file is fixed.
	ErrPartiallyApplied = errors.New("migration partially applied")
	// ErrChecksumMismatch: an applied migration's up section was edited.
	ErrChecksumMismatch = errors.New("applied migration was modified")
	// ErrOutOfOrder: a pending migration is older than the newest applied
	// one.
	ErrOutOfOrder = errors.New("migration out of order")
	// ErrNeedsNoTransaction: a section holds a statement that cannot run in
	// a transaction but lacks -- strata:no-transaction.
	ErrNeedsNoTransaction = errors.New("statement cannot run in a transaction")
	// ErrNoDownSection: a rollback was asked of a migration without a down
	// section.
	ErrNoDownSection = errors.New("no down section")
	// ErrUnknownVersion: a version named in a request has no file.
	ErrUnknownVersion = errors.New("unknown version")
	// ErrMissingFile: an applied migration's file is gone.
	ErrMissingFile = errors.New("applied migration has no file")
	// ErrBelowBaseline: a rollback would run the down section of a
	// baselined migration, which undoes what existed before strata,
	// without BelowBaseline.
	ErrBelowBaseline = errors.New("rollback below the baseline")
	// ErrUnsupportedDriver: the *sql.DB given to New uses a driver strata
	// cannot read the errors of, or one of another database than the
	// dialect. It comes with ErrUsage.
	ErrUnsupportedDriver = errors.New("unsupported database driver")
	// ErrNoScratch: MemoryDatabase was given no SQLite driver to open the
	// in-memory database with. It comes with ErrUsage.
	ErrNoScratch = errors.New("no driver for the scratch database")
	// ErrInterrupted: the context was cancelled while a migration ran; the
	// attempt is recorded as cancelled.
	ErrInterrupted = errors.New("interrupted")
	// ErrScratchNotEmpty: the database given for Drift or Verify to replay
	// migrations into already holds something.
	ErrScratchNotEmpty = errors.New("scratch database is not empty")
	// ErrNewerTables: the tracking tables are of a newer format than this
	// strata knows, written by a newer strata.
	ErrNewerTables = errors.New("tracking tables of a newer strata")
	// ErrTransactionControl is the Kind of a MigrationError for a section that
	// holds a transaction-control statement (BEGIN, COMMIT, ROLLBACK, XA, SET
	// autocommit): strata runs and records the transactions of a migration
	// itself.
	ErrTransactionControl = errors.New("migration controls its own transaction")
	// ErrUnsupportedStatement is the Kind of a MigrationError for a statement
	// that would undo what strata's session relies on between statements: a
	// table or backup lock (LOCK TABLES, BACKUP STAGE), the release of
	// strata's own lock (DISCARD ALL, RELEASE_LOCK of its name), a
	// completion_type that ends its session, or DROP OWNED, which drops its
	// tables.
	ErrUnsupportedStatement = errors.New("statement strata cannot run")
	// ErrNeedsTransaction is the Kind of a MigrationError for a statement that
	// works only inside a transaction block (PostgreSQL's LOCK TABLE, DECLARE
	// … CURSOR) in a section strata runs statement by statement.
	ErrNeedsTransaction = errors.New("statement needs a transaction")
	// ErrTouchesTracking is the Kind of a MigrationError for a migration that
	// would drop or change strata's own tracking tables.
	ErrTouchesTracking = errors.New("migration touches strata's tracking tables")
	// ErrOutsideScratch is the Kind of a MigrationError for a statement that
	// Drift or Verify refuse to replay in their scratch database, because it
	// would act outside it: on another database of the server (USE,
	// otherdb.t, ALTER DATABASE) or on the server itself (roles, settings,
	// tablespaces, other sessions).
	ErrOutsideScratch = errors.New("statement reaches outside the scratch database")
	// ErrTrackingLost is the Kind of a MigrationError for a run during which
	// one of strata's own tables disappeared.
	ErrTrackingLost = errors.New("strata's tracking table was dropped during the run")
	// ErrHistoryLost: strata's history table is missing while its lock table
	// exists, so the history was dropped after strata created it; strata
	// refuses to create a new, empty one and run every migration again.
	ErrHistoryLost = history.ErrHistoryLost
)

// redact replaces every secret in s.
func redact(s string, secrets []string) string {
	for _, sec := range secrets {
		if sec != "" {
			s = strings.ReplaceAll(s, sec, "xxxxx")
		}
	}
	return s
}

// FilesError reports problems with the migration files, all of them at
// once, each with its file and line.
type FilesError struct {
	Err error
	// more are syntax problems of the files that were otherwise fine.
	more []Problem
}

// Error implements error.
func (e *FilesError) Error() string {
	s := e.Err.Error()
	for _, p := range e.more {
		s += fmt.Sprintf("\n%s:%d: %s", p.File, p.Line, p.Message)
	}
	return s
}

// Unwrap lets errors.Is find ErrInvalidFiles.
func (e *FilesError) Unwrap() []error { return []error{ErrInvalidFiles, e.Err} }

// Problems lists the individual problems.
func (e *FilesError) Problems() []Problem {
	var pe *source.ProblemsError
	if !errors.As(e.Err, &pe) {
		return append([]Problem{{Kind: "files", Message: e.Err.Error()}}, e.more...)
	}
	out := make([]Problem, len(pe.Problems))
	for i, p := range pe.Problems {
		out[i] = Problem{Kind: "files", File: p.File, Line: p.Line, Message: p.Msg}
	}
	out = append(out, e.more...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		return out[i].Line < out[j].Line
	})
	return out
}

// LockError reports that the lock stayed taken.
type LockError struct {
	Holder *LockHolder // nil when the holder had not written its name, or Writing
	// Writing: the holder could not be read because another connection
	// was writing to the database, which SQLite lets no one read meanwhile.
	Writing bool
	Waited  time.Duration
	// Cause is the context's error when the caller's context (a deadline,
	// a signal) ended the wait before the lock timeout did.
	Cause error
}

// Error implements error.
func (e *LockError) Error() string {
	if e.Cause != nil {
		return e.Summary() + ". Try again with more time, or, if that runner is dead, run strata unlock"
	}
	return e.Summary() + ". Try again later, raise the lock timeout (WithLockTimeout), or, if that runner is dead, run strata unlock"
}

// Summary says who holds the lock and how the wait for it ended, without
// what to do next: a caller words that in its own terms, as the CLI names
// its flag for the lock timeout.
func (e *LockError) Summary() string {
	who := "a runner that has not written its name yet"
	if e.Writing {
		who = history.WritingRunner
	}
	if h := e.Holder; h != nil {
		who = fmt.Sprintf("%s (pid %d, strata %s) since %s", h.LockedBy, h.ProcessID, h.Command, h.LockedAt.UTC().Format(time.RFC3339))
		if h.Version != "" {
			who += ", last reported at version " + h.Version
		}
	}
	if e.Cause != nil {
		return fmt.Sprintf("the migration lock is held by %s; the wait for it ended after %s, before the lock timeout, because the run was stopped (%v)",
			who, e.Waited.Round(time.Millisecond), e.Cause)
	}
	return fmt.Sprintf("the migration lock is held by %s; gave up after %s", who, e.Waited.Round(time.Millisecond))
}

// Unwrap lets errors.Is find ErrLocked, and the context's error.
func (e *LockError) Unwrap() []error {
	if e.Cause != nil {
		return []error{ErrLocked, e.Cause}
	}
	return []error{ErrLocked}
}

// LiveHolderError is Unlock's refusal to clear the lock of a runner that
// is still alive. It unwraps to ErrLocked.
type LiveHolderError struct {
	Holder *LockHolder
	msg    string
}

// Error implements error.
func (e *LiveHolderError) Error() string { return e.msg }

// Unwrap lets errors.Is find ErrLocked.
func (e *LiveHolderError) Unwrap() error { return ErrLocked }

// ForeignTableError reports a tracking table name taken by another tool.
type ForeignTableError struct {
	Table string
	msg   string
}

// Error implements error.
func (e *ForeignTableError) Error() string { return e.msg }

// Unwrap lets errors.Is find ErrForeignTable.
func (e *ForeignTableError) Unwrap() error { return ErrForeignTable }

// DatabaseError is a database error met outside any migration: the server
// unreachable, a wrong password, a missing privilege.
type DatabaseError struct {
	Err error
	// Unreachable is set when no connection could be opened at all.
	Unreachable bool
	secrets     []string
}

// Error implements error.
func (e *DatabaseError) Error() string {
	return redact(e.Err.Error(), e.secrets)
}

// Unwrap lets errors.Is find ErrDatabase and the driver's error.
func (e *DatabaseError) Unwrap() []error {
	if e.Unreachable {
		return []error{ErrDatabase, ErrUnreachable, e.Err}
	}
	return []error{ErrDatabase, e.Err}
}

// MigrationError is a problem with one migration: a failed statement, or a
// refusal to run it.
type MigrationError struct {
	Kind      error  // one of the sentinels: ErrMigrationFailed, ErrChecksumMismatch, …
	Version   string // digits without leading zeros
	Name      string
	File      string
	Direction string // "up" or "down"
	// Statement is the 1-based index of the failing statement in its
	// section; 0 when the error is not about one statement.
	Statement int
	Line      int // line of the problem in File (the statement's, or the server's position in it)
	Column    int // column of the server's position; 0 when it gave none
	// StatementLine is the text of the file line at Line, for a caret.
	StatementLine string
	Code          string // SQLSTATE or error number
	Message       string // the database's message, or strata's explanation
	// Applied counts the statements of this attempt that are committed and
	// stay so (MySQL, -- strata:no-transaction).
	Applied int
	Hint    string // what to do next
	// Retry, when not 0, is the statement that running the section again
	// with the Retry option would run unchanged: the way on should the
	// failure have passed (a lock wait, a timeout, a privilege granted
	// since). Hint leaves that advice to the caller, which words it in its
	// own terms (the CLI names its --retry flag).
	Retry int
	// cause is the database's error behind a failed statement (or strata's
	// own failed write), for errors.As to the driver's error type.
	cause error
	// interruption is the context's error (context.Canceled or
	// context.DeadlineExceeded) of an ErrInterrupted migration.
	interruption error
}

// Error implements error.
func (e *MigrationError) Error() string {
	var b strings.Builder
	loc := e.File
	if e.Line > 0 {
		loc = fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	if loc != "" {
		b.WriteString(loc)
		b.WriteString(": ")
	}
	if e.Statement > 0 {
		fmt.Fprintf(&b, "statement %d: ", e.Statement)
	}
	// The code goes with the message's first line: a server's DETAIL and
	// HINT lines come after it, not around it.
	msg, more, _ := strings.Cut(e.Message, "\n")
	b.WriteString(msg)
	if e.Code != "" {
		fmt.Fprintf(&b, " (%s)", e.Code)
	}
	if more != "" {
		b.WriteString("\n")
		b.WriteString(more)
	}
	// The hint is left to the caller, which shows it as it sees fit (the
	// CLI on a line of its own).
	return b.String()
}

// Unwrap lets errors.Is find the Kind sentinel and errors.As the
// database's error (*pgconn.PgError, *mysql.MySQLError, the SQLite
// driver's error) behind a failed statement; for ErrInterrupted, it also
// gives the context's error.
func (e *MigrationError) Unwrap() []error {
	errs := []error{e.Kind}
	if e.cause != nil {
		errs = append(errs, e.cause)
	}
	if e.interruption != nil && !errors.Is(e.cause, e.interruption) {
		errs = append(errs, e.interruption)
	}
	return errs
}

// Problem is one finding of Validate.
type Problem struct {
	// Kind is files, gap, modified, out-of-order, failed, missing,
	// interrupted (a dead runner's migration, not recorded yet),
	// stale-lock (a dead runner's lock, between migrations), no-transaction,
	// needs-transaction, transaction-control, unsupported, tracking or
	// syntax; in Health's checksums also down-changed.
	Kind    string `json:"kind"`
	Version string `json:"version,omitempty"`
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
}
