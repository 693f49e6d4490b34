package mysql

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/strata-db/strata/internal/dialect"
	"github.com/strata-db/strata/internal/sqlsplit"
)

// OpenSession implements dialect.Engine: the tracking tables are in the
// session's database when it opens, whatever USE a migration runs later.
func (Engine) OpenSession(ctx context.Context, q dialect.Querier, t dialect.Tables) (*dialect.Session, error) {
	s := &dialect.Session{Tables: t}
	var db sql.NullString
	if err := q.QueryRowContext(ctx, `SELECT CURRENT_USER(), CAST(CONNECTION_ID() AS CHAR), DATABASE()`).Scan(&s.User, &s.ID, &db); err != nil {
		return nil, err
	}
	if !strings.Contains(db.String, ".") {
		s.Tables.Schema = db.String
	}
	return s, nil
}

// CreateSchema implements dialect.Engine: a MySQL schema is the database.
func (Engine) CreateSchema(context.Context, dialect.Querier, string) error { return nil }

// SaveSession implements dialect.Engine. MySQL has no RESET ALL, and
// reading the session's variables costs a few milliseconds, so only a
// section with a statement that can change the session pays for it: the
// session as it opened is read before the first such section of the run
// (the sections before it left it as it was), and after each such section
// every variable that differs is set back, the current database and role
// too. See changesSession for which statements those are.
func (Engine) SaveSession(ctx context.Context, q dialect.Querier, s *dialect.Session, stmts []sqlsplit.Statement) (func(context.Context) error, error) {
	if !changesSession(stmts) {
		return nil, nil
	}
	var saved *snapshot
	if s != nil {
		saved, _ = s.Saved.(*snapshot)
	}
	if saved == nil {
		var err error
		if saved, err = readSnapshot(ctx, q); err != nil {
			return nil, fmt.Errorf("reading the session's settings: %w", err)
		}
		if s != nil {
			s.Saved = saved
		}
	}
	return func(ctx context.Context) error {
		if err := saved.restore(ctx, q); err != nil {
			return fmt.Errorf("restoring the session's settings: %w", err)
		}
		return nil
	}, nil
}

// SetsSession implements dialect.Engine: SET in all its forms (inside an
// executable comment too) and USE.
func (Engine) SetsSession(text string) bool {
	w := firstWord(text)
	return w == "SET" || w == "USE"
}

// changesSession reports whether any of stmts can change the session:
// every statement but those whose first word (inside an executable
// comment too) is one that, by itself, cannot: DDL and row changes. SET
// in all its forms (mysqldump's /*!40101 SET NAMES … */ among them), USE,
// CALL, EXECUTE, compound blocks, SELECT and DO (which call functions),
// LOCK TABLES and anything not known are counted in. What it does not see
// is a trigger or a stored function, called by a row change, that sets a
// session variable.
func changesSession(stmts []sqlsplit.Statement) bool {
	for _, st := range stmts {
		if !keepsSession[firstWord(st.Text)] {
			return true
		}
	}
	return false
}

// keepsSession are the first words of statements that cannot change the
// session by themselves.
var keepsSession = map[string]bool{
	"CREATE": true, "ALTER": true, "DROP": true, "RENAME": true, "TRUNCATE": true,
	"INSERT": true, "UPDATE": true, "DELETE": true, "REPLACE": true,
	"GRANT": true, "REVOKE": true, "ANALYZE": true, "OPTIMIZE": true, "CHECK": true, "REPAIR": true,
}

// firstWord returns the statement's first word in upper case, looking
// inside executable comments (/*!40101 …, /*M!100100 …), which the server
// runs.
func firstWord(text string) string {
	t := text
	for {
		t = strings.TrimLeft(t, " \t\r\n")
		var rest string
		var ok bool
		if rest, ok = strings.CutPrefix(t, "/*!"); !ok {
			rest, ok = strings.CutPrefix(t, "/*M!")
		}
		if !ok {
			break
		}
		t = strings.TrimLeft(rest, "0123456789")
	}
	j := 0
	for j < len(t) && (t[j] >= 'a' && t[j] <= 'z' || t[j] >= 'A' && t[j] <= 'Z' || t[j] == '_') {
		j++
	}
	return strings.ToUpper(t[:j])
}

// snapshot is a session's state: its variables as SHOW SESSION VARIABLES
// lists them, its current database and its role.
type snapshot struct {
	names []string // in SHOW's order, which sets a character set before its collation
	vars  map[string]string
	db    sql.NullString
	role  sql.NullString
	roles bool // the server has CURRENT_ROLE()
}

// volatile are variables that change by themselves (the time, the last
// insert id) or are read-only: never restored. timestamp is set back to
// DEFAULT every time instead, since a migration may have frozen it.
var volatile = map[string]bool{
	"timestamp": true, "identity": true, "last_insert_id": true, "insert_id": true,
	"last_gtid": true, "gtid_seq_no": true, "warning_count": true, "error_count": true,
	"in_transaction": true, "rand_seed1": true, "rand_seed2": true,
	"external_user": true, "proxy_user": true,
}

func readSnapshot(ctx context.Context, q dialect.Querier) (*snapshot, error) {
	rows, err := q.QueryContext(ctx, "SHOW SESSION VARIABLES")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	s := &snapshot{vars: map[string]string{}}
	for rows.Next() {
		var name string
		var value sql.NullString
		if err := rows.Scan(&name, &value); err != nil {
			return nil, err
		}
		name = strings.ToLower(name)
		if volatile[name] {
			continue
		}
		s.names = append(s.names, name)
		s.vars[name] = value.String
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	s.roles = true
	err = q.QueryRowContext(ctx, "SELECT DATABASE(), CURRENT_ROLE()").Scan(&s.db, &s.role)
	if errorNumber(err) == 1305 { // ER_SP_DOES_NOT_EXIST: no roles (MySQL 5.7)
		s.roles = false
		err = q.QueryRowContext(ctx, "SELECT DATABASE()").Scan(&s.db)
	}
	return s, err
}

// restore sets back what differs from s in the session q is, and
// timestamp.
func (s *snapshot) restore(ctx context.Context, q dialect.Querier) error {
	// First the variables that could stop the reading below or the
	// writes after it (a read-only default, a limit of a millisecond or
	// of no rows, a completion_type that ends the session at COMMIT).
	if _, set, _ := s.ownSets(); len(set) > 0 {
		if _, err := q.ExecContext(ctx, "SET "+strings.Join(set, ", ")); err != nil {
			return err
		}
	}
	now, err := readSnapshot(ctx, q)
	if err != nil {
		return err
	}
	if s.db.Valid && s.db != now.db {
		if _, err := q.ExecContext(ctx, "USE "+quoteName(s.db.String)); err != nil {
			return err
		}
	}
	if s.roles && s.role != now.role {
		if _, err := q.ExecContext(ctx, "SET ROLE "+roleName(s.role)); err != nil {
			return err
		}
	}
	// The literals are read by the session's current sql_mode: whether a
	// backslash escapes depends on it.
	backslash := !strings.Contains(now.vars["sql_mode"], "NO_BACKSLASH_ESCAPES")
	var changed []string
	for _, name := range s.names {
		if v, ok := now.vars[name]; ok && v != s.vars[name] {
			changed = append(changed, name)
		}
	}
	set := make([]string, 0, len(changed)+1)
	set = append(set, "SESSION timestamp = DEFAULT")
	for _, name := range changed {
		set = append(set, "SESSION "+name+" = "+literal(s.vars[name], backslash))
	}
	if _, err := q.ExecContext(ctx, "SET "+strings.Join(set, ", ")); err == nil {
		return nil
	}
	// One of them cannot be set back as it reads: one at a time, to tell
	// which and why.
	for _, name := range changed {
		if err := s.restoreOne(ctx, q, name, backslash); err != nil {
			return err
		}
	}
	return nil
}

// restoreOne sets one variable back. A global variable (a migration's SET
// GLOBAL, or another session's) and a read-only one are not the session's
// to restore: they are taken as they are from now on. A value that reads
// as empty may be NULL (character_set_results), and one that reads as a
// number may be a string.
func (s *snapshot) restoreOne(ctx context.Context, q dialect.Querier, name string, backslash bool) error {
	v := s.vars[name]
	tries := []string{literal(v, backslash)}
	if v == "" {
		tries = append(tries, "NULL")
	} else if tries[0] == v {
		tries = append(tries, quote(v, backslash))
	}
	var err error
	for _, lit := range tries {
		if _, err = q.ExecContext(ctx, "SET SESSION "+name+" = "+lit); err == nil {
			return nil
		}
		switch errorNumber(err) {
		case 1229, 1238: // ER_GLOBAL_VARIABLE, ER_INCORRECT_GLOBAL_LOCAL_VAR (read-only)
			delete(s.vars, name)
			return nil
		}
	}
	return fmt.Errorf("setting %s back to %q: %w", name, v, err)
}

// literal writes a variable's value as SHOW shows it: numbers bare, the
// rest quoted.
func literal(v string, backslash bool) string {
	if v != "" && strings.Trim(v, "0123456789.") == "" && strings.Count(v, ".") <= 1 && v[0] != '.' {
		return v
	}
	return quote(v, backslash)
}

func quote(v string, backslash bool) string {
	if backslash {
		v = strings.ReplaceAll(v, `\`, `\\`)
	}
	return "'" + strings.ReplaceAll(v, "'", "''") + "'"
}

// roleName is the role to SET ROLE back to: NONE, MySQL's list of quoted
// names as CURRENT_ROLE() gives it, or MariaDB's one name.
func roleName(r sql.NullString) string {
	switch {
	case !r.Valid || r.String == "NONE":
		return "NONE"
	case strings.Contains(r.String, "`"):
		return r.String
	}
	return quoteName(r.String)
}

// quoteName quotes one name, dots and all.
func quoteName(name string) string {
	return "`" + strings.ReplaceAll(name, "`", "``") + "`"
}

// errorNumber is the server's error number of err, or 0.
func errorNumber(err error) uint16 {
	if me, ok := mysqlError(err); ok {
		return me.Number
	}
	return 0
}
