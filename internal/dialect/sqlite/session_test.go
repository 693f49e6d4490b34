package sqlite_test

import (
	"testing"

	"github.com/strata-db/strata/internal/dialect/sqlite"
)

// TestSetsSession pins the pragmas strata treats as the connection's (set
// back after a section, run again before a resumed one) and those it
// leaves alone: reading a pragma, and the settings stored in the file.
func TestSetsSession(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"PRAGMA foreign_keys = OFF", true},
		{"pragma foreign_keys=0", true},
		{"PRAGMA main.legacy_alter_table = ON", true},
		{"PRAGMA busy_timeout(100)", true},
		{"PRAGMA recursive_triggers = 1", true},
		{"PRAGMA foreign_keys", false},
		{"PRAGMA user_version = 7", false},
		{"PRAGMA journal_mode = WAL", false},
		{"PRAGMA application_id = 5", false},
		{"PRAGMA foreign_key_check", false},
		{"PRAGMAfoo = 1", false},
		{"CREATE TABLE t (id INTEGER)", false},
		{"ATTACH DATABASE 'x.db' AS aux", true},
		{"attach 'x.db' as aux", true},
		{"DETACH aux", true},
		{"ATTACHED", false},
	} {
		if got := (sqlite.Engine{}).SetsSession(tc.text); got != tc.want {
			t.Errorf("SetsSession(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}
