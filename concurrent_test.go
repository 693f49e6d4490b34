package strata_test

import (
	"context"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/strata-db/strata"
	"github.com/strata-db/strata/internal/testdb"
)

// TestConcurrentUp: five goroutines call Up at once, on one shared
// Migrator and on five Migrators of one database. Every migration is
// applied exactly once (one success row each, the insert ran once); the
// others wait for the lock and find nothing left to do.
func TestConcurrentUp(t *testing.T) {
	for _, d := range []string{"postgres", "sqlite", "mysql"} {
		for _, shared := range []bool{true, false} {
			name := d + "/five_migrators"
			if shared {
				name = d + "/one_migrator"
			}
			t.Run(name, func(t *testing.T) {
				ctx := context.Background()
				db := testdb.Open(t, d)
				fsys := fstest.MapFS{
					"001_a.sql": {Data: []byte("CREATE TABLE ran (n INTEGER);\n")},
					"002_b.sql": {Data: []byte(testdb.Sleep(d, 300*time.Millisecond) + ";\nINSERT INTO ran VALUES (2);\n")},
					"003_c.sql": {Data: []byte("INSERT INTO ran VALUES (3);\n")},
				}
				newM := func() *strata.Migrator {
					m, err := strata.New(db.DB, strata.Dialect(d), fsys, strata.WithLockTimeout(time.Minute), strata.WithLockPoll(20*time.Millisecond))
					if err != nil {
						t.Fatal(err)
					}
					return m
				}
				one := newM()
				var wg sync.WaitGroup
				var mu sync.Mutex
				applied := map[string]int{}
				for range 5 {
					m := one
					if !shared {
						m = newM()
					}
					wg.Add(1)
					go func() {
						defer wg.Done()
						res, err := m.Up(ctx)
						if err != nil {
							t.Error(err)
							return
						}
						mu.Lock()
						defer mu.Unlock()
						for _, r := range res {
							applied[r.Version]++
						}
					}()
				}
				wg.Wait()
				if len(applied) != 3 || applied["1"] != 1 || applied["2"] != 1 || applied["3"] != 1 {
					t.Errorf("applied %v, want each of 1, 2, 3 once", applied)
				}
				var n int
				if err := db.DB.QueryRow("SELECT COUNT(*) FROM ran").Scan(&n); err != nil || n != 2 {
					t.Errorf("rows inserted: %d (%v), want 2", n, err)
				}
				hist, err := one.History(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if len(hist) != 3 {
					t.Errorf("history has %d attempts, want 3: %+v", len(hist), hist)
				}
			})
		}
	}
}
