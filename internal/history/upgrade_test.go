package history

import (
	"testing"

	"github.com/strata-db/strata/internal/dialect"
)

// TestUpgradeSteps: the steps go one format at a time from the first to
// Format, each says what it changes, and none is missing its SQL.
func TestUpgradeSteps(t *testing.T) {
	if len(upgrades) != Format-dialect.FirstFormat {
		t.Fatalf("%d steps from format %d to %d", len(upgrades), dialect.FirstFormat, Format)
	}
	for i, u := range upgrades {
		if u.to != dialect.FirstFormat+1+i || u.what == "" || u.sql == nil {
			t.Errorf("step %d: to %d, what %q, sql set %v", i, u.to, u.what, u.sql != nil)
		}
	}
}
