package postgres_test

import (
	"testing"

	"github.com/strata-db/strata/internal/dialect/postgres"
)

// TestSetsSession pins the statements a resumed no-transaction section
// runs again before it goes on: those that only set the session.
func TestSetsSession(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"SET search_path TO app, public", true},
		{"set statement_timeout = 0", true},
		{"SET LOCAL lock_timeout = '1s'", true},
		{"SET ROLE admin", true},
		{"SET SESSION AUTHORIZATION DEFAULT", true},
		{"RESET search_path", true},
		{"RESET ALL", true},
		{"SELECT pg_catalog.set_config('search_path', '', false)", true},
		{"select set_config('x.y', '1', false)", true},
		{"SELECT set_config ('x.y', '1', false)", true},
		{"SELECT 1", false},
		{"SELECT pg_catalog.setval('public.a_id_seq', 2, true)", false},
		{"CREATE TABLE t (id int)", false},
		{"ALTER TABLE t ALTER COLUMN x SET DEFAULT 1", false},
		{"UPDATE t SET x = 1", false},
		{"SETTLE", false},
	} {
		if got := (postgres.Engine{}).SetsSession(tc.text); got != tc.want {
			t.Errorf("SetsSession(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}
