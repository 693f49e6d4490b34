package strata

import (
	"time"

	"github.com/strata-db/strata/internal/dialect"
)

// Event is something a Migrator reports while it works. The concrete types
// are listed below; switch on them.
type Event interface{ isEvent() }

// LockHolder describes the runner that holds, or held, the migration lock.
type LockHolder struct {
	LockedBy  string    `json:"locked_by"` // user@host
	ProcessID int       `json:"process_id"`
	Command   string    `json:"command"`
	LockedAt  time.Time `json:"locked_at"`
	Heartbeat time.Time `json:"heartbeat_at"`
	// Version is the migration it was working on, when it said.
	Version string `json:"version,omitempty"`
}

func holderOf(h *dialect.Holder) *LockHolder {
	if h == nil {
		return nil
	}
	return &LockHolder{LockedBy: h.LockedBy, ProcessID: h.ProcessID, Command: h.Command,
		LockedAt: h.LockedAt, Heartbeat: h.Heartbeat, Version: h.Version}
}

// LockWaiting: another runner holds the lock; this one waits. Sent when the
// wait starts and whenever the holder changes. Holder is nil when the
// holder has not written its name yet, or when Writing, it cannot be read:
// another connection is writing to the database, which SQLite lets no one
// read meanwhile.
type LockWaiting struct {
	Holder  *LockHolder
	Writing bool
}

// LockAcquired: this runner holds the lock.
type LockAcquired struct{}

// RecoveredInterrupted: the previous lock holder died while it worked; this
// runner recorded its unfinished attempt (Attempt, nil when the holder was
// between migrations) and took over the lock.
type RecoveredInterrupted struct {
	Holder  *LockHolder
	Attempt *Attempt
}

// SessionEnded: the lock holder's process is gone from this machine, but
// its database session still held the lock, and may have been running a
// migration that the server would have committed on its own; this runner
// ended that session (its transaction rolls back) to take the lock.
type SessionEnded struct {
	Holder  *LockHolder
	Session string // the server's id of the session (PostgreSQL backend pid, MySQL connection id)
}

// MigrationStarted: a migration's section starts to run.
type MigrationStarted struct {
	Version, Name, File, Direction string
	// ResumeAt is the 1-based statement a resumed migration starts at; 0
	// for a normal run.
	ResumeAt int
}

// MigrationFinished: a migration's section ran and its attempt is recorded.
type MigrationFinished struct{ Result Result }

// SlowMigration: a migration has run longer than WithWarnAfter. Sent again
// each time that long passes once more.
type SlowMigration struct {
	Version, File string
	Statement     int // 1-based index of the running statement
	Line          int // its line in File
	Elapsed       time.Duration
}

// RunFinished: Up, Down or Redo is done (also when there was nothing to
// do); the state of the database as this runner left it.
type RunFinished struct {
	// CurrentVersion is the highest applied version; "" when none is.
	CurrentVersion string
	// Files counts the migration files; Pending those not applied.
	Files, Pending int
}

// Warning: something worth knowing that does not stop the run, such as a
// tolerated "already exists" error or an applied migration whose file is
// gone.
type Warning struct {
	Version, File string
	Line          int
	Message       string
}

func (LockWaiting) isEvent()          {}
func (LockAcquired) isEvent()         {}
func (RecoveredInterrupted) isEvent() {}
func (SessionEnded) isEvent()         {}
func (MigrationStarted) isEvent()     {}
func (MigrationFinished) isEvent()    {}
func (SlowMigration) isEvent()        {}
func (Warning) isEvent()              {}
func (RunFinished) isEvent()          {}
