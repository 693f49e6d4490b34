package strata

import (
	"fmt"
	"log/slog"
	"path"
	"strings"
	"time"
)

// Option configures a Migrator.
type Option func(*options) error

type options struct {
	dir              string
	historyTable     string
	lockTable        string
	lockTimeout      time.Duration
	lockLease        time.Duration
	lockPoll         time.Duration
	allowOutOfOrder  bool
	tolerateExisting bool
	warnAfter        time.Duration
	events           func(Event)
	logger           *slog.Logger
	secrets          []string
	// excludeNames and excludeVersions are the migrations left out (see
	// WithExcludeNames).
	excludeNames, excludeVersions map[string]bool
}

func defaultOptions() options {
	return options{
		dir:          ".",
		historyTable: "schema_migrations",
		lockTable:    "migration_locks",
		lockTimeout:  time.Minute,
		lockLease:    30 * time.Second,
		lockPoll:     100 * time.Millisecond,
		warnAfter:    5 * time.Minute,
	}
}

// WithDir reads the migrations from a directory of the fs.FS instead of
// its root. File names in results, errors and the history are relative to
// that directory ("001_init.sql"), as with an fs.FS rooted at it.
func WithDir(dir string) Option {
	return func(o *options) error {
		if dir == "" {
			return fmt.Errorf("%w: WithDir needs a directory", ErrUsage)
		}
		o.dir = path.Clean(dir)
		return nil
	}
}

// WithTables names the tracking tables (default "schema_migrations" and
// "migration_locks"). A name may carry a schema: "ops.schema_migrations".
// Names are always quoted, so any characters are safe.
func WithTables(historyTable, lockTable string) Option {
	return func(o *options) error {
		for _, n := range []string{historyTable, lockTable} {
			if strings.TrimSpace(n) == "" {
				return fmt.Errorf("%w: table names must not be empty", ErrUsage)
			}
			for _, part := range strings.Split(n, ".") {
				if part == "" {
					return fmt.Errorf("%w: table name %q has an empty part", ErrUsage, n)
				}
			}
		}
		if historyTable == lockTable {
			return fmt.Errorf("%w: the history and lock tables need different names (both are %q)", ErrUsage, historyTable)
		}
		o.historyTable, o.lockTable = historyTable, lockTable
		return nil
	}
}

// WithLockTimeout sets how long to wait for another runner's lock (default
// one minute). Past it, operations fail with ErrLocked.
func WithLockTimeout(d time.Duration) Option {
	return func(o *options) error {
		if d < 0 {
			return fmt.Errorf("%w: lock timeout must not be negative", ErrUsage)
		}
		o.lockTimeout = d
		return nil
	}
}

// WithLockLease sets, for SQLite, how long a runner's lease on the lock
// lasts without a heartbeat (default 30s): a runner that dies holding the
// lock blocks others at most this long (less when it ran on the same
// machine, where strata sees that its process is gone).
func WithLockLease(d time.Duration) Option {
	return func(o *options) error {
		if d <= 0 {
			return fmt.Errorf("%w: lock lease must be positive", ErrUsage)
		}
		o.lockLease = d
		return nil
	}
}

// WithLockPoll sets how often a waiting runner tries the lock (default
// 100ms, with jitter).
func WithLockPoll(d time.Duration) Option {
	return func(o *options) error {
		if d <= 0 {
			return fmt.Errorf("%w: lock poll interval must be positive", ErrUsage)
		}
		o.lockPoll = d
		return nil
	}
}

// WithAllowOutOfOrder lets Up apply a pending migration older than the
// newest applied one; Status and Validate then count it as pending.
// Without it, Up refuses with ErrOutOfOrder, Status calls the migration
// out-of-order and Validate reports it.
func WithAllowOutOfOrder(allow bool) Option {
	return func(o *options) error { o.allowOutOfOrder = allow; return nil }
}

// WithTolerateExisting treats "already exists" and "does not exist"
// errors of single statements as recorded warnings in every migration, as
// the -- strata:tolerate-existing directive does for one section.
func WithTolerateExisting(tolerate bool) Option {
	return func(o *options) error { o.tolerateExisting = tolerate; return nil }
}

// WithWarnAfter sets after how long a running migration is reported with a
// SlowMigration event (default five minutes; 0 turns it off).
func WithWarnAfter(d time.Duration) Option {
	return func(o *options) error {
		if d < 0 {
			return fmt.Errorf("%w: warn-after must not be negative", ErrUsage)
		}
		o.warnAfter = d
		return nil
	}
}

// WithEvents receives progress events. The callback is never called
// concurrently.
func WithEvents(f func(Event)) Option {
	return func(o *options) error { o.events = f; return nil }
}

// WithSecrets names strings (passwords) that must never appear in errors,
// events or history rows; strata replaces them with "xxxxx".
func WithSecrets(secrets ...string) Option {
	return func(o *options) error {
		for _, s := range secrets {
			if s != "" {
				o.secrets = append(o.secrets, s)
			}
		}
		return nil
	}
}
