package strata_test

import (
	"context"
	"testing"
	"testing/fstest"

	"github.com/strata-db/strata"
	"github.com/strata-db/strata/internal/testdb"
)

// TestAllowOutOfOrderStatus: with WithAllowOutOfOrder, a pending migration
// older than the newest applied one is pending in Status and no problem
// for Validate, as Up will apply it; without, it is out-of-order in both.
func TestAllowOutOfOrderStatus(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db := testdb.Open(t, d)
			fsys := fstest.MapFS{"002_b.sql": {Data: []byte("CREATE TABLE b (id INTEGER);\n")}}
			m, err := strata.New(db.DB, strata.Dialect(d), fsys)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := m.Up(ctx); err != nil {
				t.Fatal(err)
			}
			fsys["001_a.sql"] = &fstest.MapFile{Data: []byte("CREATE TABLE a (id INTEGER);\n")}
			for _, allow := range []bool{false, true} {
				m, err := strata.New(db.DB, strata.Dialect(d), fsys, strata.WithAllowOutOfOrder(allow))
				if err != nil {
					t.Fatal(err)
				}
				st, err := m.Status(ctx)
				if err != nil {
					t.Fatal(err)
				}
				wantState := map[bool]string{false: strata.StateOutOfOrder, true: strata.StatePending}[allow]
				if got := st.Migrations[0].State; got != wantState || st.Pending != 1 {
					t.Errorf("allow %v: status of 001 %q (%d pending), want %q (1)", allow, got, st.Pending, wantState)
				}
				problems, err := m.Validate(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if got := len(problems); got != map[bool]int{false: 1, true: 0}[allow] {
					t.Errorf("allow %v: validate found %v", allow, problems)
				}
			}
		})
	}
}
