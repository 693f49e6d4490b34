package mysql

import (
	"context"
	"strings"

	"github.com/strata-db/strata/internal/dialect"
)

// ownVars are the session variables that can make strata's own writes
// fail or store something else than they say: read-only transactions,
// statement and lock time limits, an sql_mode (strict, ORACLE, …), the
// character set strata's text is read in, a limit on selected rows, safe
// updates, and a completion_type that ends the session at COMMIT. Only
// those the server has (see snapshot) are used: MySQL and MariaDB name
// some differently.
var ownVars = []string{
	"tx_read_only", "transaction_read_only", "max_statement_time", "max_execution_time",
	"lock_wait_timeout", "innodb_lock_wait_timeout", "sql_mode",
	"character_set_client", "character_set_connection", "collation_connection", "character_set_results",
	"time_zone", "sql_safe_updates", "sql_select_limit", "completion_type",
}

// OwnWrite implements dialect.Engine. MySQL has no setting that lasts
// one transaction, so one SET keeps the section's values of ownVars in
// user variables and sets the session's own, as it opened (see
// SaveSession), and leave, another SET, puts the section's back. A role
// needs nothing: on MySQL and MariaDB a role adds privileges to the
// user's own, which strata's writes use.
func (Engine) OwnWrite(ctx context.Context, q dialect.Querier, s *dialect.Session, _ bool) (func(context.Context, dialect.Querier) error, error) {
	var saved *snapshot
	if s != nil {
		saved, _ = s.Saved.(*snapshot)
	}
	if saved == nil {
		return nil, nil
	}
	keep, set, back := saved.ownSets()
	if len(set) == 0 {
		return nil, nil
	}
	if _, err := q.ExecContext(ctx, "SET "+strings.Join(keep, ", ")+", "+strings.Join(set, ", ")); err != nil {
		return nil, err
	}
	return func(ctx context.Context, q dialect.Querier) error {
		_, err := q.ExecContext(ctx, "SET "+strings.Join(back, ", "))
		return err
	}, nil
}

// ownSets returns, for the ownVars the server has: assignments that keep
// the session's current values in user variables, assignments that set
// them to s's, and assignments that set them back from the user
// variables, each to join in one SET.
func (s *snapshot) ownSets() (keep, set, back []string) {
	for _, name := range ownVars {
		v, ok := s.vars[name]
		if !ok || strings.ContainsAny(v, `\'`) {
			// Not the server's, or a value whose literal would depend
			// on the section's sql_mode: none of these has one.
			continue
		}
		lit := literal(v, true)
		if v == "" && strings.HasPrefix(name, "character_set") {
			lit = "NULL"
		}
		user := "@strata_own_" + name
		keep = append(keep, user+" = @@SESSION."+name)
		set = append(set, "SESSION "+name+" = "+lit)
		back = append(back, "SESSION "+name+" = "+user)
	}
	return keep, set, back
}
