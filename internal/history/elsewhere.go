package history

import (
	"context"
	"fmt"
	"strings"

	"github.com/strata-db/strata/internal/dialect"
)

// A history table missing where strata's names lead is not proof of a new
// database: the names may lead elsewhere than before. On PostgreSQL a
// search_path default set since (ALTER DATABASE or ALTER ROLE … SET
// search_path, by a migration or by hand) resolves them to another schema
// at the next connection; and anywhere a mistyped --history-table names a
// table that never existed. Either way strata would take every migration
// for pending and run it again. Its tables are recognised by their
// columns, which no other tool's table has all of.

// MovedError refuses to go on when the history table is missing where the
// names resolve but strata's history table of the same name exists in
// another schema (PostgreSQL).
type MovedError struct {
	History, Locks string // as configured
	// Schema is where the names resolve now ("" when the search path
	// names no schema that exists).
	Schema string
	// Found are strata's history tables of that name in other schemas,
	// as schema.table.
	Found []dialect.TableName
}

// Error implements error.
func (e *MovedError) Error() string {
	where := "any schema of this session's search_path"
	if e.Schema != "" {
		where = "schema " + e.Schema + ", where this session's search_path resolves it"
	}
	names := make([]string, len(e.Found))
	for i, f := range e.Found {
		names[i] = f.String()
	}
	s := e.Found[0].Schema
	msg := fmt.Sprintf("strata's history table %s is not in %s, but strata's history table %s exists: "+
		"the search_path of new sessions has changed since strata created its tables (ALTER DATABASE … SET search_path, ALTER ROLE … SET search_path, a connection pooler's default), "+
		"and from here strata would take every migration for pending and run it again. "+
		"Try: put the schema into the database URL (search_path=%s), or name the tables with it (--history-table %s.%s --lock-table %s.%s), "+
		"or undo the change (ALTER DATABASE … RESET search_path, ALTER ROLE … RESET search_path)",
		e.History, where, strings.Join(names, " and "), s, s, e.History, s, e.Locks)
	if e.Schema != "" {
		msg += fmt.Sprintf("; if a second set of tracking tables in schema %s is meant, name it with its schema: --history-table %s.%s --lock-table %s.%s",
			e.Schema, e.Schema, e.History, e.Schema, e.Locks)
	}
	return msg
}

// Unwrap lets errors.Is find ErrHistoryLost: the history is not where
// strata looks for it, and strata refuses to start over.
func (e *MovedError) Unwrap() error { return ErrHistoryLost }

// lookElsewhere is called when the history table does not exist where the
// names lead; locks tells whether the lock table does. It returns the
// refusal to go on: MovedError when strata's history table of the same name
// is in another schema, HistoryLostError when the lock table exists (with
// strata's history tables of other names beside it, if any), nil for a
// new database.
func (s *Store) lookElsewhere(ctx context.Context, q dialect.Querier, locks bool) error {
	lost := func(others []string) error {
		if !locks {
			return nil
		}
		return &HistoryLostError{History: s.n().tables.History, Locks: s.n().tables.Locks, Others: others}
	}
	finder, ok := s.d.(dialect.TableFinder)
	if !ok {
		return lost(nil)
	}
	schema, name := dialect.SplitQualified(s.n().tables.History)
	here := schema
	if here == "" {
		here = s.n().tables.Schema
	}
	found, err := finder.FindTables(ctx, q, here, historyColumns)
	if err != nil {
		return lost(nil) // a failure to look is not a finding
	}
	if here == "" {
		here = found.Current
	}
	var moved []dialect.TableName
	var others []string
	for _, t := range found.Tables {
		switch {
		case t.Schema == here && t.Name == name:
			// Created since it was looked for (a concurrent first run
			// on an unlocked read): the history is where it belongs.
			return nil
		case t.Schema == here:
			others = append(others, t.Name)
		case schema == "" && !found.PathFixed && t.Name == name:
			// A qualified name, or a search path the URL sets, is the
			// user's own choice of schema.
			moved = append(moved, t)
		}
	}
	if len(moved) > 0 {
		return &MovedError{History: s.n().tables.History, Locks: s.n().tables.Locks, Schema: here, Found: moved}
	}
	return lost(others)
}
