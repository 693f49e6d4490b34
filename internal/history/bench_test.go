package history

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/strata-db/strata/internal/testdb"
)

// BenchmarkReadBrief10000 reads a history of 10,000 successful attempts
// as every command does (ReadBrief on a connection), on each database
// the environment has: what a no-op up and a status spend on the history,
// and what they allocate for it.
func BenchmarkReadBrief10000(b *testing.B) {
	for _, name := range testdb.Dialects {
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			s, conn := openStore(b, name)
			tx, err := conn.BeginTx(ctx, nil)
			if err != nil {
				b.Fatal(err)
			}
			at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
			for i := 1; i <= 10000; i++ {
				a := Attempt{Version: fmt.Sprint(i), Name: fmt.Sprintf("create_table_%05d", i), File: fmt.Sprintf("%05d_create_table_%05d.sql", i, i),
					Checksum: fmt.Sprintf("sha256:%064x", i), DownChecksum: fmt.Sprintf("sha256:%064x", -i), Direction: Up, Success: true,
					AppliedAt: at, Duration: 3 * time.Millisecond, AppliedBy: "me@host", ProcessID: 42, StrataVersion: "0.1.0"}
				if err := s.Record(ctx, tx, &a); err != nil {
					b.Fatal(err)
				}
			}
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				attempts, _, err := s.ReadBrief(ctx, conn)
				if err != nil || len(attempts) != 10000 {
					b.Fatalf("%d attempts, %v", len(attempts), err)
				}
			}
		})
	}
}
