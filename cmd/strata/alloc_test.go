package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestNothingToDoFitsUnderTheGCFloor checks that an up with nothing to do
// and a status of 10,000 applied migrations allocate less than the memory
// below which tuneGC never collects (gcFloor, less a quarter for the
// runtime's own stacks, metadata and fragmentation): one collection costs
// such a command more than a tenth of its time. It counts bytes, not time, so it
// holds on any machine.
func TestNothingToDoFitsUnderTheGCFloor(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and records 10,000 migrations")
	}
	const n = 10000
	dir := t.TempDir()
	migs := filepath.Join(dir, "migrations")
	if err := os.Mkdir(migs, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= n; i++ {
		// About the size of the benchmark's migrations (340 bytes).
		body := fmt.Sprintf("-- strata:up\n-- Adds table t%[1]d for the orders of region %[1]d.\nCREATE TABLE t%[1]d (\n    id INTEGER PRIMARY KEY,\n    customer_id INTEGER NOT NULL,\n    note TEXT,\n    created_at TEXT NOT NULL DEFAULT (datetime('now'))\n);\nCREATE INDEX t%[1]d_customer_id ON t%[1]d (customer_id);\n\n-- strata:down\nDROP INDEX t%[1]d_customer_id;\nDROP TABLE t%[1]d;\n", i)
		if err := os.WriteFile(filepath.Join(migs, fmt.Sprintf("%05d_create_t%d.sql", i, i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := "sqlite:" + filepath.Join(dir, "strata.db")
	base := []string{"--database", db, "--dir", migs}
	if code := execute(context.Background(), append(base, "baseline", "--version", fmt.Sprint(n)), io.Discard, io.Discard); code != exitOK {
		t.Fatalf("baseline: exit code %d", code)
	}
	budget := uint64(gcFloor) * 3 / 4
	for _, args := range [][]string{{"up"}, {"status"}} {
		var out strings.Builder
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		code := execute(context.Background(), append(base, args...), &out, io.Discard)
		runtime.ReadMemStats(&after)
		if code != exitOK {
			t.Fatalf("%s: exit code %d", args[0], code)
		}
		alloc := after.TotalAlloc - before.TotalAlloc
		t.Logf("%s of %d applied migrations: %.1f MB allocated (budget %.1f MB)", args[0], n, float64(alloc)/1e6, float64(budget)/1e6)
		if alloc > budget {
			t.Errorf("%s of %d applied migrations allocated %.1f MB, more than its budget of %.1f MB",
				args[0], n, float64(alloc)/1e6, float64(budget)/1e6)
		}
		if args[0] == "status" && strings.Count(out.String(), "applied") != n {
			t.Errorf("status lists %d applied migrations, want %d", strings.Count(out.String(), "applied"), n)
		}
	}
}
