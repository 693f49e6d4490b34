package strata

import (
	"context"
	"log/slog"
)

// WithLogger logs what the events report (see WithEvents) to l: the lock
// waits, each migration started and finished, warnings, slow migrations
// and the end of a run. Warnings, slow migrations and recovered runners
// are logged at level Warn, the rest at Info, and the lock taken at
// Debug. It works beside WithEvents.
func WithLogger(l *slog.Logger) Option {
	return func(o *options) error { o.logger = l; return nil }
}

// logEvent writes one event to l.
func logEvent(l *slog.Logger, e Event) {
	ctx := context.Background()
	switch e := e.(type) {
	case LockWaiting:
		args := []any{"writing", e.Writing}
		if h := e.Holder; h != nil {
			args = append(args, "locked_by", h.LockedBy, "process_id", h.ProcessID, "command", h.Command, "version", h.Version)
		}
		l.InfoContext(ctx, "strata: waiting for the migration lock", args...)
	case LockAcquired:
		l.DebugContext(ctx, "strata: migration lock acquired")
	case RecoveredInterrupted:
		args := []any{}
		if h := e.Holder; h != nil {
			args = append(args, "locked_by", h.LockedBy, "process_id", h.ProcessID)
		}
		if a := e.Attempt; a != nil {
			args = append(args, "version", a.Version, "file", a.File)
		}
		l.WarnContext(ctx, "strata: recorded the unfinished attempt of a runner that died holding the lock", args...)
	case SessionEnded:
		l.WarnContext(ctx, "strata: ended the database session of a lock holder whose process is gone", "session", e.Session)
	case TablesUpgraded:
		l.InfoContext(ctx, "strata: tracking tables upgraded", "from", e.From, "to", e.To)
	case MigrationStarted:
		l.InfoContext(ctx, "strata: migration started", "version", e.Version, "name", e.Name, "file", e.File,
			"direction", e.Direction, "resume_at", e.ResumeAt)
	case MigrationFinished:
		r := e.Result
		l.InfoContext(ctx, "strata: migration finished", "version", r.Version, "name", r.Name, "file", r.File,
			"direction", r.Direction, "duration", r.Duration, "statements", r.Statements)
	case SlowMigration:
		l.WarnContext(ctx, "strata: migration still running", "version", e.Version, "file", e.File,
			"statement", e.Statement, "line", e.Line, "elapsed", e.Elapsed)
	case Warning:
		l.WarnContext(ctx, "strata: "+e.Message, "version", e.Version, "file", e.File, "line", e.Line)
	case RunFinished:
		l.InfoContext(ctx, "strata: migrations done", "current_version", e.CurrentVersion, "files", e.Files, "pending", e.Pending)
	}
}
