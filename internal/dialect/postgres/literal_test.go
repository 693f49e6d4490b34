package postgres

import (
	"testing"
	"time"

	"github.com/strata-db/strata/internal/testdb"
)

// Literals go into requests as text; each must read back as exactly the
// value, whatever standard_conforming_strings says.
func TestLiteralRoundTrip(t *testing.T) {
	db := testdb.Postgres(t)
	d := Engine{}
	for _, scs := range []string{"on", "off"} {
		conn, err := db.DB.Conn(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := conn.ExecContext(t.Context(), "SET standard_conforming_strings = "+scs); err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{"", "plain", "it's", `back\slash`, `\'; DROP TABLE x; --`, "line\nbreak", "ünïcode ✓", `E'x'`, "$$dollar$$"} {
			var got string
			if err := conn.QueryRowContext(t.Context(), "SELECT "+d.Literal(s)).Scan(&got); err != nil || got != s {
				t.Errorf("standard_conforming_strings=%s: %q read back as %q (%v)", scs, s, got, err)
			}
		}
		at := time.Date(2026, 11, 27, 19, 0, 0, 123456000, time.UTC)
		var got time.Time
		if err := conn.QueryRowContext(t.Context(), "SELECT "+d.Literal(at)).Scan(&got); err != nil || !got.Equal(at) {
			t.Errorf("time %v read back as %v (%v)", at, got, err)
		}
		var n int64
		var b bool
		var null *string
		if err := conn.QueryRowContext(t.Context(), "SELECT "+d.Literal(int64(-42))+", "+d.Literal(true)+", "+d.Literal(nil)).Scan(&n, &b, &null); err != nil || n != -42 || !b || null != nil {
			t.Errorf("int, bool, null: %d %v %v (%v)", n, b, null, err)
		}
		conn.Close()
	}
}
