package history

import (
	"context"
	"database/sql"
	"fmt"
)

// Ensure creates the tracking tables when they do not exist and checks
// their shape and format when they do; it refuses to create the history
// table beside an existing lock table (HistoryLostError). The caller holds
// the lock (or, for a lease, is about to take it inside the database's
// write lock).
func (s *Store) Ensure(ctx context.Context, conn *sql.Conn) error {
	_, err := s.ensure(ctx, conn)
	return err
}

// ensure is Ensure, returning the format of the tables: Format for
// tables it created, the mark of existing ones, which it refuses when
// it is newer than Format (see FormatError) before anything is written.
func (s *Store) ensure(ctx context.Context, conn *sql.Conn) (int, error) {
	hcols, err := s.d.Columns(ctx, conn, s.n().qt.History)
	if err != nil {
		return 0, fmt.Errorf("inspecting %s: %w", s.n().tables.History, err)
	}
	lcols, err := s.d.Columns(ctx, conn, s.n().qt.Locks)
	if err != nil {
		return 0, fmt.Errorf("inspecting %s: %w", s.n().tables.Locks, err)
	}
	if hcols != nil {
		if err := s.checkShape(s.n().tables.History, hcols, historyColumns, historySetting); err != nil {
			return 0, err
		}
	}
	if lcols != nil {
		if err := s.checkShape(s.n().tables.Locks, lcols, lockColumns, lockSetting); err != nil {
			return 0, err
		}
	}
	format := Format
	if hcols != nil {
		if format, err = s.ReadFormat(ctx, conn); err != nil {
			return 0, err
		}
	}
	if hcols != nil && lcols != nil {
		return format, nil
	}
	if hcols == nil {
		if err := s.lookElsewhere(ctx, conn, lcols != nil); err != nil {
			return 0, err
		}
		if lcols != nil {
			return 0, &HistoryLostError{History: s.n().tables.History, Locks: s.n().tables.Locks}
		}
	}
	// An existing history table keeps its mark: only a new one is
	// marked as of Format.
	mark := 0
	if hcols == nil {
		mark = Format
	}
	return format, s.create(ctx, conn, mark)
}

// create runs the dialect's CREATE statements, in one transaction where
// DDL is transactional so that a failure leaves nothing half made.
func (s *Store) create(ctx context.Context, conn *sql.Conn, format int) error {
	stmts := s.d.CreateTables(s.n().qt, format)
	if !s.d.TransactionalDDL() {
		for _, q := range stmts {
			if _, err := conn.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("creating the tracking tables: %w", err)
			}
		}
		return nil
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("creating the tracking tables: %w", err)
	}
	for _, q := range stmts {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			tx.Rollback()
			return fmt.Errorf("creating the tracking tables: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("creating the tracking tables: %w", err)
	}
	return nil
}
