package history

import (
	"context"
	"errors"
	"fmt"
	"strings"

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
	// Others are strata's history tables of other names beside the lock
	// table: the lock table is theirs, and History is likely a typo.
	Others []string
}

// Error implements error.
func (e *HistoryLostError) Error() string {
	if len(e.Others) > 0 {
		o := e.Others[0]
		return fmt.Sprintf("strata's history table %s does not exist, but the lock table %s does, beside strata's history table %s: did you mean --history-table %s? "+
			"Nothing was dropped: %s belongs to the tracking tables of %s, and a second set of tracking tables needs a lock table of its own. "+
			"Try: correct the name (--history-table, history_table in the configuration file); for a second set of tracking tables in this schema, "+
			"name its lock table too: --history-table %s --lock-table %s_locks",
			e.History, e.Locks, strings.Join(e.Others, " and "), o, e.Locks, o, e.History, e.History)
	}
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
// and the lock table exists, and a MovedError when strata's history table
// is in another schema than the names resolve to: every command that
// reads the history would otherwise show a database where nothing was
// ever applied.
func (s *Store) CheckLost(ctx context.Context, q dialect.Querier) error {
	// The lock table first: strata creates the history table before it
	// or with it, so a history table missing after the lock table was
	// seen is not one that a concurrent first run was just creating.
	lcols, err := s.d.Columns(ctx, q, s.n().qt.Locks)
	if err != nil {
		return nil // a failure to look is not a finding; the read that follows reports it
	}
	hcols, err := s.d.Columns(ctx, q, s.n().qt.History)
	if err != nil || hcols != nil {
		return nil
	}
	return s.lookElsewhere(ctx, q, lcols != nil)
}
