package strata

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/strata-db/strata/internal/dialect"
	"github.com/strata-db/strata/internal/history"
)

// LintSummary is what Health reports of strata lint, counted by the
// caller, so that the library does not depend on the linter.
type LintSummary struct {
	Conflicts    int `json:"conflicts"`
	Duplications int `json:"duplications"`
}

// HealthOption says what Health looks at besides the history.
type HealthOption func(*healthConfig) error

type healthConfig struct {
	warnAfter time.Duration
	slowest   int
	scratch   *sql.DB
	lint      *LintSummary
}

// HealthWarnAfter marks the migrations that took longer than d as slow;
// without it, the Migrator's WithWarnAfter.
func HealthWarnAfter(d time.Duration) HealthOption {
	return func(c *healthConfig) error {
		if d < 0 {
			return fmt.Errorf("%w: HealthWarnAfter must not be negative", ErrUsage)
		}
		c.warnAfter = d
		return nil
	}
}

// HealthSlowest sets how many of the slowest migrations Health lists
// (default 10).
func HealthSlowest(n int) HealthOption {
	return func(c *healthConfig) error {
		if n < 1 {
			return fmt.Errorf("%w: HealthSlowest needs at least 1", ErrUsage)
		}
		c.slowest = n
		return nil
	}
}

// HealthDrift makes Health check drift too, replaying the migrations into
// scratch, an empty database (see Drift).
func HealthDrift(scratch *sql.DB) HealthOption {
	return func(c *healthConfig) error {
		if scratch == nil {
			return fmt.Errorf("%w: HealthDrift needs a scratch database", ErrUsage)
		}
		c.scratch = scratch
		return nil
	}
}

// HealthLint includes the caller's lint summary in the report; a conflict
// makes it unhealthy.
func HealthLint(s LintSummary) HealthOption {
	return func(c *healthConfig) error { c.lint = &s; return nil }
}

// HealthAttempt is one attempt from the history, as Health lists it.
type HealthAttempt struct {
	ID         int64     `json:"id"`
	Version    string    `json:"version"`
	Name       string    `json:"name"`
	File       string    `json:"file"`
	Direction  string    `json:"direction"`
	AppliedAt  time.Time `json:"applied_at"`
	DurationMS int64     `json:"execution_time_ms"`
	// Error is the failure's message, for failed attempts.
	Error string `json:"error,omitempty"`
	// Resolved is true for a failed attempt that a later success or repair
	// has put behind.
	Resolved bool `json:"resolved,omitempty"`
	// Slow is true when the attempt took longer than WarnAfter.
	Slow bool `json:"slow,omitempty"`
}

// HealthReport is the state of a database's migrations in one place.
type HealthReport struct {
	Database       string `json:"database"`
	CurrentVersion string `json:"current_version"`
	Applied        int    `json:"applied"`
	Pending        int    `json:"pending"`
	Failed         int    `json:"failed"`
	// FailedAttempts are every failed attempt in the history, newest first.
	FailedAttempts []HealthAttempt `json:"failed_attempts"`
	// Slowest are the slowest successful up and down runs, slowest first.
	Slowest     []HealthAttempt `json:"slowest"`
	WarnAfterMS int64           `json:"warn_after_ms"`
	// Lock is the runner holding the migration lock, nil when it is free.
	Lock *LockHolder `json:"lock,omitempty"`
	// LockAgeMS is how long ago the lock holder last showed a sign of
	// life (its heartbeat), so a stale lock stands out.
	LockAgeMS int64 `json:"lock_age_ms,omitempty"`
	// StaleLock is the lock row of a runner that died holding the lock
	// (see Status); its unfinished migration counts as failed.
	StaleLock *StaleLock `json:"stale_lock,omitempty"`
	// Checksums are the problems between the files and what was applied:
	// edited up sections ("modified"), files gone ("missing"), and edited
	// down sections ("down-changed", allowed but worth knowing).
	Checksums []Problem `json:"checksums"`
	// DriftChecked is false when no scratch database was given: drift was
	// not checked, and Healthy says nothing about it.
	DriftChecked bool `json:"drift_checked"`
	// Drift is the drift check; nil when it was not checked.
	Drift *DriftReport `json:"drift"`
	// Lint is the lint summary, when one was given.
	Lint *LintSummary `json:"lint,omitempty"`
	// Healthy is true when nothing above needs attention: no failed
	// migration, no lock left by a dead runner, no modified or missing
	// file, no drift (when checked), no lint conflict. Pending migrations
	// and slow ones do not count against it.
	Healthy bool `json:"healthy"`
}

// Health reports, in one read-only pass, the state of the migrations: what
// is applied, pending and failed, every failed attempt and the slowest
// runs from the history, who holds the lock, checksum problems, and, when
// asked, drift (which replays the migrations into opts.Scratch) and the
// caller's lint summary.
func (m *Migrator) Health(ctx context.Context, options ...HealthOption) (*HealthReport, error) {
	var opts healthConfig
	for _, o := range options {
		if o == nil {
			return nil, fmt.Errorf("%w: a nil option was passed to Health", ErrUsage)
		}
		if err := o(&opts); err != nil {
			return nil, err
		}
	}
	warn := cmp.Or(opts.warnAfter, m.o.warnAfter)
	slowest := cmp.Or(opts.slowest, 10)
	// A connection of its own (nil), so that a server that cannot be
	// reached is reported as such.
	st, err := m.readState(ctx, nil)
	if err != nil {
		return nil, err
	}
	var h *dialect.Holder
	if st.exists {
		if h, err = m.store.ReadHolder(ctx, m.db); err != nil {
			return nil, m.connError(err)
		}
	}
	// Before the states: a dead runner's unfinished migration counts as
	// failed.
	stale, err := m.staleLock(ctx, m.db, st, h)
	if err != nil {
		return nil, err
	}
	status := m.status(st)
	r := &HealthReport{Database: status.Database, CurrentVersion: status.CurrentVersion, Pending: status.Pending,
		FailedAttempts: []HealthAttempt{}, Slowest: []HealthAttempt{}, Checksums: []Problem{}, WarnAfterMS: warn.Milliseconds(), Lint: opts.lint}
	for _, ms := range status.Migrations {
		switch ms.State {
		case StateApplied, StateModified, StateMissing:
			r.Applied++
		case StateFailed:
			r.Failed++
		}
		switch {
		case ms.State == StateModified:
			r.Checksums = append(r.Checksums, Problem{Kind: "modified", Version: ms.Version, File: ms.File,
				Message: fmt.Sprintf("the up section was edited after it was applied (applied %s, file now %s). Try: undo the edit, or strata repair if the database already matches", ms.AppliedChecksum, ms.Checksum)})
		case ms.State == StateMissing:
			r.Checksums = append(r.Checksums, Problem{Kind: "missing", Version: ms.Version, File: ms.File,
				Message: "applied, but the file is gone. Try: restore it from version control"})
		case ms.DownChanged:
			r.Checksums = append(r.Checksums, Problem{Kind: "down-changed", Version: ms.Version, File: ms.File,
				Message: "the down section was edited after the migration was applied; allowed, and the new one is what strata down runs"})
		}
	}
	for i := len(st.attempts) - 1; i >= 0; i-- {
		a := st.attempts[i]
		if a.Success {
			continue
		}
		vs := st.versions[a.Version]
		r.FailedAttempts = append(r.FailedAttempts, healthAttempt(a, warn, vs == nil || vs.Failed != a))
	}
	var runs []*history.Attempt
	for i := range st.attempts {
		a := st.attempts[i]
		if a.Success && (a.Direction == history.Up || a.Direction == history.Down) {
			runs = append(runs, a)
		}
	}
	slices.SortStableFunc(runs, func(a, b *history.Attempt) int { return cmp.Compare(b.Duration, a.Duration) })
	for _, a := range runs[:min(slowest, len(runs))] {
		r.Slowest = append(r.Slowest, healthAttempt(a, warn, false))
	}
	if r.StaleLock = stale; h != nil && stale == nil {
		r.Lock = holderOf(h)
		r.LockAgeMS = time.Since(h.Heartbeat).Milliseconds()
	}
	if opts.scratch != nil {
		if r.Drift, err = m.Drift(ctx, opts.scratch); err != nil {
			return nil, err
		}
		r.DriftChecked = true
	}
	r.Healthy = r.Failed == 0 && r.StaleLock == nil && !slices.ContainsFunc(r.Checksums, func(p Problem) bool { return p.Kind != "down-changed" }) &&
		(r.Drift == nil || !r.Drift.Drifted()) && (r.Lint == nil || r.Lint.Conflicts == 0)
	return r, nil
}

func healthAttempt(a *history.Attempt, warn time.Duration, resolved bool) HealthAttempt {
	h := HealthAttempt{ID: a.ID, Version: a.Version, Name: a.Name, File: a.File, Direction: a.Direction,
		AppliedAt: a.AppliedAt.UTC(), DurationMS: a.Duration.Milliseconds(), Slow: warn > 0 && a.Duration > warn}
	if !a.Success {
		h.Error, h.Resolved = firstLine(a.ErrorMessage), resolved
	}
	return h
}
