package strata

import (
	"time"

	"github.com/strata-db/strata/internal/history"
)

// Attempt is one row of the history table: one try to apply, roll back,
// baseline or repair one migration. Its JSON keys are the table's columns,
// as in strata history --json (docs/json.md); fields that the table holds
// as NULL are left out when empty.
type Attempt struct {
	// ID is the row's number, in the order attempts were made; 0 for an
	// attempt not in the history yet (StaleLock.Attempt).
	ID int64 `json:"id"`
	// Version is the migration's version, digits without leading zeros.
	Version string `json:"version"`
	// Name is the migration's name, from its file name.
	Name string `json:"name"`
	// File is the migration's file name in the migrations directory.
	File string `json:"filename"`
	// Checksum is the checksum of the up section when the attempt was
	// made; DownChecksum that of the down section, "" when there was none.
	Checksum     string `json:"checksum"`
	DownChecksum string `json:"down_checksum,omitempty"`
	// Direction is "up", "down", "baseline" or "repair".
	Direction string `json:"direction"`
	// AppliedAt is when the attempt ended, in UTC.
	AppliedAt time.Time `json:"applied_at"`
	// DurationMS is how long it ran, in whole milliseconds.
	DurationMS int64 `json:"execution_time_ms"`
	// Success is false for a failed, interrupted or cancelled attempt.
	Success bool `json:"success"`
	// ErrorCode is the database's error code of a failure, or
	// "interrupted" (the runner died) or "cancelled" (it was stopped).
	ErrorCode    string `json:"error_code,omitempty"`
	ErrorMessage string `json:"error_message,omitempty"`
	// ErrorStatement is the 1-based statement that failed, and ErrorLine
	// its line in File; 0 when the failure was not about one statement.
	ErrorStatement int `json:"error_statement,omitempty"`
	ErrorLine      int `json:"error_line,omitempty"`
	// StatementsApplied counts the statements whose effect is committed
	// (all of them after a success; after a failure, those a resumed run
	// skips); StatementsTotal the section's statements.
	StatementsApplied int `json:"statements_applied"`
	StatementsTotal   int `json:"statements_total"`
	// StatementChecksums are comma-separated hashes of the committed
	// statements, where they committed one by one: a resumed run checks
	// that they did not change.
	StatementChecksums string `json:"statement_checksums,omitempty"`
	// AppliedBy is the database user and the OS user@host of the runner;
	// ProcessID its process.
	AppliedBy string `json:"applied_by"`
	ProcessID int    `json:"process_id"`
	// StrataVersion is the strata release that made the attempt.
	StrataVersion string `json:"strata_version"`
	// Warnings are the tolerated errors and other notes, one per entry.
	Warnings []string `json:"warnings,omitempty"`
}

// attemptOf converts a row of the history store.
func attemptOf(a *history.Attempt) Attempt {
	return Attempt{ID: a.ID, Version: a.Version, Name: a.Name, File: a.File, Checksum: a.Checksum,
		DownChecksum: a.DownChecksum, Direction: a.Direction, AppliedAt: a.AppliedAt, DurationMS: a.Duration.Milliseconds(),
		Success: a.Success, ErrorCode: a.ErrorCode, ErrorMessage: a.ErrorMessage, ErrorStatement: a.ErrorStatement,
		ErrorLine: a.ErrorLine, StatementsApplied: a.StatementsApplied, StatementsTotal: a.StatementsTotal,
		StatementChecksums: a.StatementChecksums, AppliedBy: a.AppliedBy, ProcessID: a.ProcessID,
		StrataVersion: a.StrataVersion, Warnings: a.Warnings}
}

// attemptPtr is attemptOf for an attempt that may be nil.
func attemptPtr(a *history.Attempt) *Attempt {
	if a == nil {
		return nil
	}
	out := attemptOf(a)
	return &out
}
