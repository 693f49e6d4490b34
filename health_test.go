package strata_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/strata-db/strata"
	"github.com/strata-db/strata/internal/testdb"
)

func TestHealth(t *testing.T) {
	ctx := context.Background()
	live := testdb.SQLite(t)
	fsys := fstest.MapFS{
		// The history keeps whole milliseconds: 001 takes a few, to be
		// marked slow.
		"001_users.sql": {Data: []byte("CREATE TABLE users (id INTEGER PRIMARY KEY);\n" + testdb.Sleep("sqlite", 20*time.Millisecond) +
			";\n-- strata:down\nDROP TABLE users;\n")},
		"002_broken.sql": {Data: []byte("CREATE TABLE posts (id INTEGER PRIMARY KEY);\nINSERT INTO nowhere VALUES (1);\n")},
		"003_later.sql":  {Data: []byte("CREATE TABLE later (id INTEGER);\n")},
	}
	m, err := strata.New(live.DB, strata.SQLite, fsys)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Up(ctx); err == nil {
		t.Fatal("002 should fail")
	}
	r, err := m.Health(ctx, strata.HealthWarnAfter(time.Nanosecond))
	if err != nil {
		t.Fatal(err)
	}
	if r.Database != "sqlite" || r.CurrentVersion != "1" || r.Applied != 1 || r.Failed != 1 || r.Pending != 2 || r.Healthy {
		t.Fatalf("counts: %+v", r)
	}
	if len(r.FailedAttempts) != 1 || r.FailedAttempts[0].Version != "2" || r.FailedAttempts[0].Resolved ||
		!strings.Contains(r.FailedAttempts[0].Error, "nowhere") {
		t.Fatalf("failed attempts: %+v", r.FailedAttempts)
	}
	if len(r.Slowest) != 1 || r.Slowest[0].Version != "1" || !r.Slowest[0].Slow {
		t.Fatalf("slowest: %+v", r.Slowest)
	}
	if len(r.Checksums) != 0 || r.Lock != nil || r.Drift != nil || r.DriftChecked || r.Lint != nil {
		t.Fatalf("%+v", r)
	}

	// The failure fixed and applied; the first file edited afterwards; a
	// column added by hand; lint findings from the caller.
	fsys["002_broken.sql"] = &fstest.MapFile{Data: []byte("CREATE TABLE posts (id INTEGER PRIMARY KEY);\n")}
	if _, err := m.Up(ctx); err != nil {
		t.Fatal(err)
	}
	fsys["001_users.sql"] = &fstest.MapFile{Data: []byte("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\n-- strata:down\nDROP TABLE users;\n")}
	exec(t, live.DB, `ALTER TABLE posts ADD COLUMN title TEXT`)
	r, err = m.Health(ctx, strata.HealthDrift(testdb.SQLite(t).DB), strata.HealthLint(strata.LintSummary{Conflicts: 1, Duplications: 2}), strata.HealthSlowest(2))
	if err != nil {
		t.Fatal(err)
	}
	if r.Applied != 3 || r.Failed != 0 || r.Pending != 0 || r.Healthy || !r.DriftChecked || len(r.Slowest) != 2 || r.Slowest[0].Slow {
		t.Fatalf("counts: %+v", r)
	}
	if len(r.FailedAttempts) != 1 || !r.FailedAttempts[0].Resolved {
		t.Fatalf("failed attempts: %+v", r.FailedAttempts)
	}
	if len(r.Checksums) != 1 || r.Checksums[0].Kind != "modified" || r.Checksums[0].Version != "1" {
		t.Fatalf("checksums: %+v", r.Checksums)
	}
	// The edited file replays with its new column, the live table lacks
	// it; the hand-made column is there.
	got := strings.Join(changeLines(r.Drift.Changes), "\n")
	want := "added column posts.title: TEXT\nremoved column users.name: TEXT"
	if got != want || len(r.Drift.Modified) != 1 {
		t.Fatalf("drift:\n%s\nwant:\n%s", got, want)
	}
	if r.Lint.Conflicts != 1 {
		t.Fatalf("lint: %+v", r.Lint)
	}
	if _, err := json.Marshal(r); err != nil {
		t.Fatal(err)
	}
}

func TestHealthOfUntouchedDatabase(t *testing.T) {
	live := testdb.SQLite(t)
	m, err := strata.New(live.DB, strata.SQLite, driftFS("sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := m.Health(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if r.Pending != 3 || r.Applied != 0 || !r.Healthy || r.CurrentVersion != "" {
		t.Fatalf("%+v", r)
	}
	// Health only reads: the tracking tables are still not there.
	var n int
	live.DB.QueryRow(`SELECT COUNT(*) FROM sqlite_schema`).Scan(&n)
	if n != 0 {
		t.Fatalf("Health created %d objects", n)
	}
}
