package strata

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/strata-db/strata/internal/history"
	"github.com/strata-db/strata/internal/source"
	"github.com/strata-db/strata/internal/sqlsplit"
)

// Drift and Verify replay migrations into a scratch database, often on
// the server that holds the live database. A statement that acts outside
// the database it runs in (USE otherdb, otherdb.t, ALTER DATABASE live,
// CREATE ROLE, SET GLOBAL) would then change real databases, the live one
// included, while only checking. Such statements are refused before the
// replay runs anything (reachesOutside), and on MySQL the session is
// checked after every replayed statement to still be in the scratch
// database, in case a statement the reader did not see switched it.

// scratchGuard is what the guard knows of a scratch database.
type scratchGuard struct {
	// db is the scratch database's name on the server ("" for SQLite).
	db string
	// others are the server's other databases, lower-case (MySQL, where
	// db.table names them; information_schema, read only, is left out).
	others map[string]bool
}

// onScratch is on for a scratch database of Drift or Verify: its
// Migrator refuses the statements that would act outside it.
func (m *Migrator) onScratch(ctx context.Context, db *sql.DB) (*Migrator, error) {
	sm, err := m.on(db)
	if err != nil {
		return nil, err
	}
	g := &scratchGuard{others: map[string]bool{}}
	switch m.name {
	case Postgres:
		if err := db.QueryRowContext(ctx, "SELECT current_database()").Scan(&g.db); err != nil {
			return nil, m.connError(err)
		}
	case MySQL:
		if err := db.QueryRowContext(ctx, "SELECT DATABASE()").Scan(&g.db); err != nil {
			return nil, m.connError(err)
		}
		rows, err := db.QueryContext(ctx, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA")
		if err != nil {
			return nil, m.connError(err)
		}
		defer rows.Close()
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				return nil, m.connError(err)
			}
			if n = strings.ToLower(n); n != strings.ToLower(g.db) && n != "information_schema" {
				g.others[n] = true
			}
		}
		if err := rows.Err(); err != nil {
			return nil, m.connError(err)
		}
	}
	sm.scratch = g
	return sm, nil
}

// checkScratch refuses statement i of s when s runs in a scratch database
// and the statement would act outside it.
func (m *Migrator) checkScratch(s *step, i int) error {
	if m.scratch == nil {
		return nil
	}
	st := s.stmts[i]
	d := m.d.Splitter()
	why := reachesOutside(d, sqlsplit.TokensIn(d, st.Text, st.Mode), m.scratch)
	if why == "" {
		return nil
	}
	return refusal(s, i, ErrOutsideScratch,
		fmt.Sprintf("drift and verify cannot replay this statement safely (%s): %s, and the scratch database they replay the migrations into "+
			"is usually on the same server as the live one, so it would change real data while only checking. Nothing was run",
			abbreviate(oneLine(st.Text), 120), why),
		"Try: keep statements on other databases and on the server itself (roles, grants, server settings, ALTER DATABASE) out of the "+
			"migrations, as an administrative step run by hand; drift and verify check only migrations that stay inside their own database")
}

// abbreviate shortens s to about n bytes for a message.
func abbreviate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// checkScratchAll refuses, before anything is replayed, the migrations
// holding a statement the scratch database must not run: the up sections
// of the versions in only (all when only is nil), and with downs their
// down sections too.
func (m *Migrator) checkScratchAll(migs []*source.Migration, only map[string]bool, downs bool) error {
	for _, mig := range migs {
		if only != nil && !only[mig.Version.String()] {
			continue
		}
		secs := []*source.Section{&mig.Up}
		dirs := []string{history.Up}
		if downs && mig.Down.Present {
			secs, dirs = append(secs, &mig.Down), append(dirs, history.Down)
		}
		for k, sec := range secs {
			stmts, err := m.split(mig, sec, dirs[k])
			if err != nil {
				// Reported where the section runs, as without the guard.
				continue
			}
			s := &step{mig: mig, sec: sec, dir: dirs[k], stmts: stmts}
			for i := range stmts {
				if err := m.checkScratch(s, i); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// stillInScratch is run on MySQL after each statement replayed in a
// scratch database: a session that left it (USE in a form the reader did
// not see) is taken back before strata writes its own bookkeeping, and
// the run stops at statement i.
func (m *Migrator) stillInScratch(ctx context.Context, conn *sql.Conn, s *step, i int) error {
	if m.scratch == nil || m.name != MySQL || m.scratch.db == "" {
		return nil
	}
	var cur sql.NullString
	if err := conn.QueryRowContext(ctx, "SELECT DATABASE()").Scan(&cur); err != nil {
		return own(err)
	}
	if cur.Valid && cur.String == m.scratch.db {
		return nil
	}
	back := "USE `" + strings.ReplaceAll(m.scratch.db, "`", "``") + "`"
	if _, err := conn.ExecContext(ctx, back); err != nil {
		return own(fmt.Errorf("the session left the scratch database %s for %q and could not return: %w", m.scratch.db, cur.String, err))
	}
	return refusal(s, i, ErrOutsideScratch,
		fmt.Sprintf("after this statement the session was in database %q, not in the scratch database %s: drift and verify stopped "+
			"before running anything more there", cur.String, m.scratch.db),
		"Try: check what this statement changed in that database; keep statements that switch databases out of the migrations")
}
