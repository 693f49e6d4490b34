package history

import (
	"context"
	"errors"
	"fmt"

	"github.com/strata-db/strata/internal/dialect"
)

// strata creates its history and lock tables together and never drops
// either. A lock table without its history table therefore means the
// history was dropped after strata made both (by a migration's dynamic
// SQL, which no reading of the text can see, or by hand): taking the
// missing table for a new database would run every migration again.

// ErrHistoryLost: the history table is missing while the lock table
// strata created with it exists.
var ErrHistoryLost = errors.New("strata's history table is missing")

// HistoryLostError is Ensure's refusal to create the history table over a
// lost one.
type HistoryLostError struct {
	History, Locks string // the tables' names as configured
}

// Error implements error.
func (e *HistoryLostError) Error() string {
	return fmt.Sprintf("strata's history table %s does not exist, but its lock table %s, which strata creates with it, does: "+
		"the history was dropped after strata created it (by a migration, or by hand), and without it strata would take every migration for pending and run it again. "+
		"Try: restore %s from a backup before running strata again; to start over on purpose, drop %s as well, then record what the database already holds with strata baseline",
		e.History, e.Locks, e.History, e.Locks)
}

// Unwrap lets errors.Is find ErrHistoryLost.
func (e *HistoryLostError) Unwrap() error { return ErrHistoryLost }

// Missing returns the names (as configured) of the tracking tables that
// do not exist, history first.
func (s *Store) Missing(ctx context.Context, q dialect.Querier) ([]string, error) {
	var out []string
	for _, t := range [][2]string{{s.n().qt.History, s.n().tables.History}, {s.n().qt.Locks, s.n().tables.Locks}} {
		cols, err := s.d.Columns(ctx, q, t[0])
		if err != nil {
			return nil, err
		}
		if cols == nil {
			out = append(out, t[1])
		}
	}
	return out, nil
}

// CheckLost returns a HistoryLostError when the history table is missing
// and the lock table exists: every command that reads the history would
// otherwise show a database where nothing was ever applied.
//
// It looks at the lock table first: strata creates the history table no
// later than the lock table (in one transaction, or history first), so
// once the lock table is seen, a history table created with it is
// visible too, and a runner creating both while this one looks is not
// taken for a lost history.
func (s *Store) CheckLost(ctx context.Context, q dialect.Querier) error {
	lcols, err := s.d.Columns(ctx, q, s.n().qt.Locks)
	if err != nil || lcols == nil {
		return nil // a failure to look is not a finding; the read that follows reports it
	}
	hcols, err := s.d.Columns(ctx, q, s.n().qt.History)
	if err != nil || hcols != nil {
		return nil
	}
	return &HistoryLostError{History: s.n().tables.History, Locks: s.n().tables.Locks}
}
