package strata

import (
	"errors"

	"github.com/strata-db/strata/internal/history"
)

// strata's tracking tables carry the number of their format (see README,
// Tracking tables). A runner that takes the lock upgrades an older format
// in place; reading commands work on it as it is; a format newer than
// this strata knows stops every command before it writes anything.

// TrackingFormat is the format of the tracking tables this strata writes.
const TrackingFormat = history.Format

// TablesFormatError reports tracking tables of a newer format than this
// strata knows. Nothing was changed. It unwraps to ErrNewerTables.
type TablesFormatError struct {
	Table string // the history table, as configured
	Found int    // the format of the tables
	Known int    // TrackingFormat
	msg   string
}

// Error implements error.
func (e *TablesFormatError) Error() string { return e.msg }

// Unwrap lets errors.Is find ErrNewerTables.
func (e *TablesFormatError) Unwrap() error { return ErrNewerTables }

// TablesUpgraded: this runner, holding the lock, upgraded the tracking
// tables in place from an older format (one that an older strata wrote)
// to To, before anything else.
type TablesUpgraded struct{ From, To int }

func (TablesUpgraded) isEvent() {}

// tablesError turns what the history store says of the tables themselves
// (another tool's table of the same name, a newer format) into the public
// errors, and anything else into a DatabaseError.
func (m *Migrator) tablesError(err error) error {
	var ft *history.ForeignTableError
	if errors.As(err, &ft) {
		return &ForeignTableError{Table: ft.Table, msg: ft.Error()}
	}
	var fe *history.FormatError
	if errors.As(err, &fe) {
		return &TablesFormatError{Table: fe.Table, Found: fe.Found, Known: fe.Known, msg: fe.Error()}
	}
	return m.connError(err)
}
