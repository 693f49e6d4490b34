package history

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/strata-db/strata/internal/dialect"
)

// FormatError reports tracking tables of a format newer than this strata
// knows: written by a newer strata, whose columns, values or functions
// this one would misread or break. Every command refuses them before it
// writes anything.
type FormatError struct {
	Table string // the history table, as configured
	Found int    // the format its mark says
	Known int    // Format
}

// Error implements error.
func (e *FormatError) Error() string {
	return fmt.Sprintf("this database's strata tables (%s) are format %d, written by a newer strata; this strata knows up to %d, "+
		"so it changed nothing. Upgrade strata: use the release that wrote them, or a later one, for every command on this database",
		e.Table, e.Found, e.Known)
}

// ReadFormat returns the format of the tracking tables, whose history
// table exists, and refuses one newer than Format with a *FormatError.
// An older format reads as it is: reading commands work on it (no step so
// far changes what they read), and the next runner that takes the lock
// upgrades it.
func (s *Store) ReadFormat(ctx context.Context, q dialect.Querier) (int, error) {
	f, err := s.d.ReadFormat(ctx, q, s.n().qt)
	if err != nil {
		return 0, fmt.Errorf("reading the format of %s: %w", s.n().tables.History, err)
	}
	if f > Format {
		return f, &FormatError{Table: s.n().tables.History, Found: f, Known: Format}
	}
	return f, nil
}

// Upgraded reports an upgrade of the tracking tables by this runner, for
// the caller to tell; From is 0 when the last Acquire upgraded nothing.
type Upgraded struct{ From, To int }

// LastUpgrade returns what the last Acquire of this Store upgraded.
func (s *Store) LastUpgrade() Upgraded {
	if u := s.upgraded.Load(); u != nil {
		return *u
	}
	return Upgraded{}
}

// upgrade brings the tracking tables from an older format to Format, on
// conn, whose runner holds the session lock. Where DDL is transactional
// (PostgreSQL), the steps and the new mark commit together; elsewhere
// (MySQL) each statement commits on its own, and an upgrade cut short is
// finished by the next runner: the steps are idempotent and the mark
// comes last.
func (s *Store) upgrade(ctx context.Context, conn *sql.Conn) (err error) {
	if !s.d.TransactionalDDL() {
		return s.upgradeIn(ctx, conn)
	}
	if _, err := conn.ExecContext(ctx, s.d.BeginExclusive()); err != nil {
		return fmt.Errorf("upgrading strata's tables (%s): %w", s.n().tables.History, err)
	}
	if err := s.upgradeIn(ctx, conn); err != nil {
		conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		return err
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		s.upgraded.Store(nil)
		return fmt.Errorf("upgrading strata's tables (%s): %w", s.n().tables.History, err)
	}
	return nil
}

// upgradeIn runs the upgrade steps after the format the tables have and
// marks them as of Format, on q, inside the caller's transaction where
// there is one. It reads the format again, under the lock: another runner
// may have upgraded the tables since this one looked.
func (s *Store) upgradeIn(ctx context.Context, q dialect.Querier) error {
	from, err := s.ReadFormat(ctx, q)
	if err != nil || from >= Format {
		return err
	}
	var stmts []string
	for _, u := range upgrades[from-dialect.FirstFormat:] {
		stmts = append(stmts, u.sql(s.d, s.n().qt)...)
	}
	stmts = append(stmts, s.d.MarkFormat(s.n().qt, Format)...)
	for _, st := range stmts {
		if _, err := q.ExecContext(ctx, st); err != nil {
			return s.upgradeError(from, err)
		}
	}
	s.upgraded.Store(&Upgraded{From: from, To: Format})
	return nil
}

// upgradeError says which upgrade failed, what it was for, and what to do.
func (s *Store) upgradeError(from int, err error) error {
	var what []string
	for _, u := range upgrades[from-dialect.FirstFormat:] {
		what = append(what, u.what)
	}
	return fmt.Errorf("upgrading strata's tables (%s) from format %d to %d (%s): %w. "+
		"Nothing else was done; the upgrade runs again with the next command that writes. "+
		"Try: run strata once as a user that owns strata's tables and functions",
		s.n().tables.History, from, Format, strings.Join(what, "; "), err)
}
