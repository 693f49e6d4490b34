package history

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/strata-db/strata/internal/dialect"
)

// Record appends one attempt. It is the only way rows get into the history
// table; nothing in strata updates or deletes them.
func (s *Store) Record(ctx context.Context, q dialect.Querier, a *Attempt) error {
	vals := values(a)
	vals[appliedAtValue] = s.d.TimeArg(a.AppliedAt)
	if _, err := q.ExecContext(ctx, s.n().insertSQL, vals...); err != nil {
		return fmt.Errorf("recording the attempt of version %s in %s: %w", a.Version, s.n().tables.History, err)
	}
	return nil
}

// LatestID returns the id of the latest attempt of version, 0 when it has
// none: for an attempt just recorded, whose id Record does not return,
// so that messages can name it ("attempt #12").
func (s *Store) LatestID(ctx context.Context, q dialect.Querier, version string) (int64, error) {
	var id sql.NullInt64
	err := q.QueryRowContext(ctx, "SELECT MAX(id) FROM "+s.n().h+" WHERE version = "+s.d.Placeholder(1), version).Scan(&id)
	return id.Int64, err
}

// RecordScriptSQL is Record as one statement with literals instead of
// parameters, to travel in one request with the migration it records (see
// dialect.ScriptRunner). Such a row is written before the migration's
// duration is known, so the duration is the server's time since the
// transaction began.
func (s *Store) RecordScriptSQL(a *Attempt, sr dialect.ScriptRunner) string {
	vals := values(a)
	lits := make([]string, len(vals))
	for i, v := range vals {
		lits[i] = sr.Literal(v)
	}
	lits[durationValue] = sr.ElapsedMillisSQL()
	return "INSERT INTO " + s.n().h + " (" + strings.Join(historyColumns[1:], ", ") + ") VALUES (" + strings.Join(lits, ", ") + ")"
}

// IntactScriptSQL is a statement that fails (division by zero) unless
// the history row id is there: a script's check, just before its history
// row, that the migration left the history's rows alone.
func (s *Store) IntactScriptSQL(id int64) string {
	return "SELECT 1 / count(*) FROM " + s.n().h + " WHERE id = " + strconv.FormatInt(id, 10)
}

// durationValue is the index of execution_time_ms in values.
const durationValue = 7

// appliedAtValue is the index of applied_at in values.
const appliedAtValue = 6

// values lists the columns of an attempt after id, in historyColumns
// order; empty strings and zero indexes are NULL.
func values(a *Attempt) []any {
	null := func(v string) any {
		if v == "" {
			return nil
		}
		return v
	}
	nullInt := func(v int) any {
		if v == 0 {
			return nil
		}
		return v
	}
	return []any{a.Version, a.Name, a.File, a.Checksum, null(a.DownChecksum), a.Direction,
		a.AppliedAt, a.Duration.Milliseconds(), a.Success, null(a.ErrorCode), null(a.ErrorMessage),
		nullInt(a.ErrorStatement), nullInt(a.ErrorLine), a.StatementsApplied, a.StatementsTotal,
		null(a.StatementChecksums), a.AppliedBy, a.ProcessID, a.StrataVersion, null(strings.Join(a.Warnings, "\n"))}
}

// missing reports whether a table is absent, by asking the database; it is
// how a failed query is told apart from a table that is not there yet.
func (s *Store) missing(ctx context.Context, q dialect.Querier, table string) bool {
	cols, err := s.d.Columns(ctx, q, table)
	return err == nil && cols == nil
}
