package main

import (
	"time"

	"github.com/strata-db/strata"
)

// The JSON documents of --json, one type per object of docs/json.md's
// list, which TestJSONMatchesDocs holds them to. Every key is
// always written: an absent value is null (a nil pointer), never "" or a
// missing key, and a list is never null, so that a consumer needs no
// guessing about which keys a document may lack.

// nullable is s, or null when s is empty.
func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// nullableInt is n, or null when it is 0 (strata's "not about a
// statement", "no line").
func nullableInt(n int) *int {
	if n == 0 {
		return nil
	}
	return &n
}

// list is l, or an empty list for nil.
func list[T any](l []T) []T {
	if l == nil {
		return []T{}
	}
	return l
}

// statusJSON is the document of status --json.
type statusJSON struct {
	Database string `json:"database"`
	// CurrentVersion is null when no migration is applied: "0" is a
	// version of its own.
	CurrentVersion *string         `json:"current_version"`
	Pending        int             `json:"pending"`
	Migrations     []migrationJSON `json:"migrations"`
	Lock           *lockJSON       `json:"lock"`
	StaleLock      *staleLockJSON  `json:"stale_lock"`
}

type migrationJSON struct {
	Version         string  `json:"version"`
	Name            string  `json:"name"`
	File            string  `json:"file"`
	State           string  `json:"state"`
	Checksum        *string `json:"checksum"`
	AppliedChecksum *string `json:"applied_checksum"`
	AppliedAt       *string `json:"applied_at"`
	ExecutionTimeMS *int64  `json:"execution_time_ms"`
	DownChanged     bool    `json:"down_changed"`
	Error           *string `json:"error"`
	Interrupted     bool    `json:"interrupted"`
}

type lockJSON struct {
	LockedBy    string  `json:"locked_by"`
	ProcessID   int     `json:"process_id"`
	Command     string  `json:"command"`
	LockedAt    string  `json:"locked_at"`
	HeartbeatAt string  `json:"heartbeat_at"`
	Version     *string `json:"version"`
}

func toStatusJSON(st *strata.Status) statusJSON {
	out := statusJSON{Database: st.Database, CurrentVersion: nullable(st.CurrentVersion), Pending: st.Pending,
		Migrations: make([]migrationJSON, 0, len(st.Migrations)), Lock: toLockJSON(st.Lock), StaleLock: toStaleLockJSON(st.StaleLock)}
	for _, ms := range st.Migrations {
		mj := migrationJSON{Version: ms.Version, Name: ms.Name, File: ms.File, State: ms.State,
			Checksum: nullable(ms.Checksum), AppliedChecksum: nullable(ms.AppliedChecksum), AppliedAt: nullableTime(ms.AppliedAt),
			ExecutionTimeMS: ms.ExecutionTimeMS, DownChanged: ms.DownChanged, Error: nullable(ms.Error), Interrupted: ms.Interrupted}
		out.Migrations = append(out.Migrations, mj)
	}
	return out
}

// nullableTime is t in RFC 3339, or null.
func nullableTime(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := rfc3339(*t)
	return &s
}

// toLockJSON is the lock holder h, or null.
func toLockJSON(h *strata.LockHolder) *lockJSON {
	if h == nil {
		return nil
	}
	return &lockJSON{LockedBy: h.LockedBy, ProcessID: h.ProcessID, Command: h.Command,
		LockedAt: rfc3339(h.LockedAt), HeartbeatAt: rfc3339(h.Heartbeat), Version: nullable(h.Version)}
}

// staleLockJSON is the lock row of a runner that died holding the lock,
// and the attempt that the next run records for it.
type staleLockJSON struct {
	lockJSON
	// Session is the dead runner's database session, while it still runs.
	Session     *string          `json:"session"`
	Interrupted *interruptedJSON `json:"interrupted"`
}

// interruptedJSON is the unfinished attempt of a dead runner, not yet in
// the history.
type interruptedJSON struct {
	Version           string `json:"version"`
	File              string `json:"file"`
	Direction         string `json:"direction"`
	ErrorStatement    *int   `json:"error_statement"`
	ErrorLine         *int   `json:"error_line"`
	StatementsApplied int    `json:"statements_applied"`
	StatementsTotal   int    `json:"statements_total"`
	ErrorMessage      string `json:"error_message"`
}

// toStaleLockJSON is sl, or null.
func toStaleLockJSON(sl *strata.StaleLock) *staleLockJSON {
	if sl == nil {
		return nil
	}
	out := &staleLockJSON{lockJSON: *toLockJSON(&sl.Holder), Session: nullable(sl.Session)}
	if a := sl.Attempt; a != nil {
		out.Interrupted = &interruptedJSON{Version: a.Version, File: a.File, Direction: a.Direction,
			ErrorStatement: nullableInt(a.ErrorStatement), ErrorLine: nullableInt(a.ErrorLine),
			StatementsApplied: a.StatementsApplied, StatementsTotal: a.StatementsTotal, ErrorMessage: a.ErrorMessage}
	}
	return out
}

// resultJSON is one migration of up, down and redo.
type resultJSON struct {
	Version         string   `json:"version"`
	Name            string   `json:"name"`
	File            string   `json:"file"`
	Direction       string   `json:"direction"`
	ExecutionTimeMS int64    `json:"execution_time_ms"`
	Statements      int      `json:"statements"`
	StatementsTotal int      `json:"statements_total"`
	ResumedAt       *int     `json:"resumed_at"`
	InTransaction   bool     `json:"in_transaction"`
	Warnings        []string `json:"warnings"`
}

// plannedJSON is one migration a dry run would run.
type plannedJSON struct {
	Version         string   `json:"version"`
	Name            string   `json:"name"`
	File            string   `json:"file"`
	Direction       string   `json:"direction"`
	Statements      int      `json:"statements"`
	StatementsTotal int      `json:"statements_total"`
	ResumedAt       *int     `json:"resumed_at"`
	InTransaction   bool     `json:"in_transaction"`
	SQL             []string `json:"sql"`
}

// resultsJSON converts results, keeping those of one direction ("" for
// all).
func resultsJSON(results []strata.Result, direction string) []resultJSON {
	out := []resultJSON{}
	for _, r := range results {
		if direction != "" && r.Direction != direction {
			continue
		}
		out = append(out, resultJSON{
			Version: r.Version, Name: r.Name, File: r.File, Direction: r.Direction,
			ExecutionTimeMS: r.Duration.Milliseconds(), Statements: r.Statements, StatementsTotal: r.Total,
			ResumedAt: nullableInt(r.ResumedAt), InTransaction: r.InTransaction, Warnings: list(r.Warnings),
		})
	}
	return out
}

// plannedJSONs converts a dry run's plan.
func plannedJSONs(plan []strata.Result) []plannedJSON {
	out := make([]plannedJSON, 0, len(plan))
	for _, r := range plan {
		out = append(out, plannedJSON{
			Version: r.Version, Name: r.Name, File: r.File, Direction: r.Direction,
			Statements: r.Statements, StatementsTotal: r.Total, ResumedAt: nullableInt(r.ResumedAt),
			InTransaction: r.InTransaction, SQL: list(r.SQL),
		})
	}
	return out
}

// attemptJSON is one row of the history table, a key per column.
type attemptJSON struct {
	ID                 int64    `json:"id"`
	Version            string   `json:"version"`
	Name               string   `json:"name"`
	Filename           string   `json:"filename"`
	Checksum           string   `json:"checksum"`
	DownChecksum       *string  `json:"down_checksum"`
	Direction          string   `json:"direction"`
	AppliedAt          string   `json:"applied_at"`
	ExecutionTimeMS    int64    `json:"execution_time_ms"`
	Success            bool     `json:"success"`
	ErrorCode          *string  `json:"error_code"`
	ErrorMessage       *string  `json:"error_message"`
	ErrorStatement     *int     `json:"error_statement"`
	ErrorLine          *int     `json:"error_line"`
	StatementsApplied  int      `json:"statements_applied"`
	StatementsTotal    int      `json:"statements_total"`
	StatementChecksums *string  `json:"statement_checksums"`
	AppliedBy          string   `json:"applied_by"`
	ProcessID          int      `json:"process_id"`
	StrataVersion      string   `json:"strata_version"`
	Warnings           []string `json:"warnings"`
}

// toAttemptJSON renders a row as the table holds it: what the table
// stores as NULL (see history.values) is null.
func toAttemptJSON(a *strata.Attempt) attemptJSON {
	return attemptJSON{ID: a.ID, Version: a.Version, Name: a.Name, Filename: a.File, Checksum: a.Checksum,
		DownChecksum: nullable(a.DownChecksum), Direction: a.Direction, AppliedAt: rfc3339(a.AppliedAt),
		ExecutionTimeMS: a.DurationMS, Success: a.Success, ErrorCode: nullable(a.ErrorCode),
		ErrorMessage: nullable(a.ErrorMessage), ErrorStatement: nullableInt(a.ErrorStatement), ErrorLine: nullableInt(a.ErrorLine),
		StatementsApplied: a.StatementsApplied, StatementsTotal: a.StatementsTotal, StatementChecksums: nullable(a.StatementChecksums),
		AppliedBy: a.AppliedBy, ProcessID: a.ProcessID, StrataVersion: a.StrataVersion, Warnings: list(a.Warnings)}
}

// problemJSON is strata.Problem with the file's path from the working
// directory beside its name in the migrations directory.
type problemJSON struct {
	Kind    string  `json:"kind"`
	Version *string `json:"version"`
	File    *string `json:"file"`
	Path    *string `json:"path"`
	Line    *int    `json:"line"`
	Message string  `json:"message"`
}

func (o *output) problemsJSON(problems []strata.Problem) []problemJSON {
	out := make([]problemJSON, 0, len(problems))
	for _, p := range problems {
		pj := problemJSON{Kind: p.Kind, Version: nullable(p.Version), File: nullable(p.File), Line: nullableInt(p.Line), Message: p.Message}
		if p.File != "" {
			pj.Path = nullable(o.path(p.File))
		}
		out = append(out, pj)
	}
	return out
}

// changeJSON is one schema difference.
type changeJSON struct {
	Kind      string  `json:"kind"`
	Object    string  `json:"object"`
	Name      string  `json:"name"`
	Attribute *string `json:"attribute"`
	From      *string `json:"from"`
	To        *string `json:"to"`
}

func changesJSON(changes []strata.Change) []changeJSON {
	out := make([]changeJSON, 0, len(changes))
	for _, c := range changes {
		out = append(out, changeJSON{Kind: string(c.Kind), Object: c.Object, Name: c.Name,
			Attribute: nullable(c.Attribute), From: nullable(c.From), To: nullable(c.To)})
	}
	return out
}

// driftJSON is the document of drift --json, and health's drift.
type driftJSON struct {
	Database       string       `json:"database"`
	CurrentVersion *string      `json:"current_version"`
	Replayed       int          `json:"replayed"`
	Changes        []changeJSON `json:"changes"`
	Missing        []string     `json:"missing"`
	Modified       []string     `json:"modified"`
	Failed         []string     `json:"failed"`
	Server         *string      `json:"server"`
}

func toDriftJSON(r *strata.DriftReport) *driftJSON {
	if r == nil {
		return nil
	}
	return &driftJSON{Database: r.Database, CurrentVersion: nullable(r.CurrentVersion), Replayed: r.Replayed,
		Changes: changesJSON(r.Changes), Missing: list(r.Missing), Modified: list(r.Modified), Failed: list(r.Failed),
		Server: nullable(r.Server)}
}

// verifyJSON is the document of verify --json.
type verifyJSON struct {
	Database   string              `json:"database"`
	Migrations int                 `json:"migrations"`
	Checked    int                 `json:"checked"`
	Findings   []verifyFindingJSON `json:"findings"`
	StoppedAt  *string             `json:"stopped_at"`
}

type verifyFindingJSON struct {
	Version string       `json:"version"`
	Name    string       `json:"name"`
	File    string       `json:"file"`
	Kind    string       `json:"kind"`
	Message string       `json:"message"`
	Changes []changeJSON `json:"changes"`
}

func toVerifyJSON(r *strata.VerifyReport) verifyJSON {
	out := verifyJSON{Database: r.Database, Migrations: r.Migrations, Checked: r.Checked,
		Findings: make([]verifyFindingJSON, 0, len(r.Findings)), StoppedAt: nullable(r.StoppedAt)}
	for _, f := range r.Findings {
		out.Findings = append(out.Findings, verifyFindingJSON{Version: f.Version, Name: f.Name, File: f.File,
			Kind: f.Kind, Message: f.Message, Changes: changesJSON(f.Changes)})
	}
	return out
}

// healthJSON is the document of health --json.
type healthJSON struct {
	Database       string              `json:"database"`
	CurrentVersion *string             `json:"current_version"`
	Applied        int                 `json:"applied"`
	Pending        int                 `json:"pending"`
	Failed         int                 `json:"failed"`
	FailedAttempts []healthAttemptJSON `json:"failed_attempts"`
	Slowest        []healthAttemptJSON `json:"slowest"`
	WarnAfterMS    int64               `json:"warn_after_ms"`
	Lock           *lockJSON           `json:"lock"`
	// LockAgeMS is null when the lock is free.
	LockAgeMS *int64         `json:"lock_age_ms"`
	StaleLock *staleLockJSON `json:"stale_lock"`
	Checksums []problemJSON  `json:"checksums"`
	// DriftChecked is false, and Drift null, without a scratch database.
	DriftChecked bool                `json:"drift_checked"`
	Drift        *driftJSON          `json:"drift"`
	Lint         *strata.LintSummary `json:"lint"`
	Healthy      bool                `json:"healthy"`
}

type healthAttemptJSON struct {
	ID              int64   `json:"id"`
	Version         string  `json:"version"`
	Name            string  `json:"name"`
	File            string  `json:"file"`
	Direction       string  `json:"direction"`
	AppliedAt       string  `json:"applied_at"`
	ExecutionTimeMS int64   `json:"execution_time_ms"`
	Error           *string `json:"error"`
	Resolved        bool    `json:"resolved"`
	Slow            bool    `json:"slow"`
}

func healthAttemptsJSON(as []strata.HealthAttempt) []healthAttemptJSON {
	out := make([]healthAttemptJSON, 0, len(as))
	for _, a := range as {
		out = append(out, healthAttemptJSON{ID: a.ID, Version: a.Version, Name: a.Name, File: a.File, Direction: a.Direction,
			AppliedAt: rfc3339(a.AppliedAt), ExecutionTimeMS: a.DurationMS, Error: nullable(a.Error), Resolved: a.Resolved, Slow: a.Slow})
	}
	return out
}

func (o *output) healthJSON(r *strata.HealthReport) healthJSON {
	out := healthJSON{Database: r.Database, CurrentVersion: nullable(r.CurrentVersion), Applied: r.Applied, Pending: r.Pending,
		Failed: r.Failed, FailedAttempts: healthAttemptsJSON(r.FailedAttempts), Slowest: healthAttemptsJSON(r.Slowest),
		WarnAfterMS: r.WarnAfterMS, Lock: toLockJSON(r.Lock), StaleLock: toStaleLockJSON(r.StaleLock), Checksums: o.problemsJSON(r.Checksums),
		DriftChecked: r.DriftChecked, Drift: toDriftJSON(r.Drift), Lint: r.Lint, Healthy: r.Healthy}
	if r.Lock != nil {
		age := r.LockAgeMS
		out.LockAgeMS = &age
	}
	return out
}
