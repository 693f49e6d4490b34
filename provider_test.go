package strata_test

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/strata-db/strata"
	"github.com/strata-db/strata/internal/testdb"
)

// TestDirRecordsNamesRelativeToIt: WithDir("db/migrations") and an fs.FS
// rooted at db/migrations (the CLI's os.DirFS(dir)) record the same file
// names, so that one database can be migrated either way.
func TestDirRecordsNamesRelativeToIt(t *testing.T) {
	for _, d := range []string{"sqlite", "postgres"} {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			db := testdb.Open(t, d)
			repo := fstest.MapFS{
				"db/migrations/001_a.sql": {Data: []byte("CREATE TABLE a (id INTEGER);\n")},
				"db/migrations/002_b.sql": {Data: []byte("CREATE TABLE b (id INTEGER);\n")},
			}
			withDir, err := strata.New(db.DB, strata.Dialect(d), repo, strata.WithDir("db/migrations/"))
			if err != nil {
				t.Fatal(err)
			}
			res, err := withDir.Up(ctx, strata.To("1"))
			if err != nil {
				t.Fatal(err)
			}
			if len(res) != 1 || res[0].File != "001_a.sql" {
				t.Fatalf("up with WithDir: %+v, want 001_a.sql", res)
			}
			sub, err := fs.Sub(repo, "db/migrations")
			if err != nil {
				t.Fatal(err)
			}
			rooted, err := strata.New(db.DB, strata.Dialect(d), sub)
			if err != nil {
				t.Fatal(err)
			}
			if res, err = rooted.Up(ctx); err != nil || len(res) != 1 || res[0].File != "002_b.sql" {
				t.Fatalf("up from the directory's root: %+v, %v", res, err)
			}
			st, err := withDir.Status(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, ms := range st.Migrations {
				if ms.State != strata.StateApplied {
					t.Errorf("%s: %s, want applied", ms.File, ms.State)
				}
			}
			hist, err := rooted.History(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range hist {
				if strings.Contains(a.File, "/") {
					t.Errorf("history records %q, want the name in the directory", a.File)
				}
			}
			// A directory that is not there is named as the caller named it.
			missing, err := strata.New(db.DB, strata.Dialect(d), repo, strata.WithDir("db/nowhere"))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := missing.Status(ctx); !errors.Is(err, strata.ErrInvalidFiles) || !strings.Contains(err.Error(), "db/nowhere") {
				t.Errorf("missing directory: %v, want ErrInvalidFiles naming db/nowhere", err)
			}
		})
	}
}

// TestPendingCurrentVersionAndUpByOne: HasPending, CurrentVersion and
// UpByOne walk a database from empty to fully applied one migration at a
// time.
func TestPendingCurrentVersionAndUpByOne(t *testing.T) {
	for _, d := range []string{"sqlite", "postgres"} {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			db := testdb.Open(t, d)
			fsys := fstest.MapFS{
				"001_a.sql": {Data: []byte("CREATE TABLE a (id INTEGER);\n")},
				"002_b.sql": {Data: []byte("CREATE TABLE b (id INTEGER);\n")},
			}
			m, err := strata.New(db.DB, strata.Dialect(d), fsys)
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{"", "1", "2"} {
				v, err := m.CurrentVersion(ctx)
				if err != nil || v != want {
					t.Fatalf("CurrentVersion %q, %v; want %q", v, err, want)
				}
				pending, err := m.HasPending(ctx)
				if err != nil || pending != (want != "2") {
					t.Fatalf("at %q: HasPending %v, %v", want, pending, err)
				}
				r, err := m.UpByOne(ctx)
				if err != nil {
					t.Fatal(err)
				}
				switch {
				case want == "2" && r != nil:
					t.Fatalf("UpByOne with nothing pending: %+v, want nil", r)
				case want == "" && (r == nil || r.Version != "1"), want == "1" && (r == nil || r.Version != "2"):
					t.Fatalf("UpByOne at %q applied %+v", want, r)
				}
			}
			// A dry run plans the next one and applies nothing.
			fsys["003_c.sql"] = &fstest.MapFile{Data: []byte("CREATE TABLE c (id INTEGER);\n")}
			r, err := m.UpByOne(ctx, strata.DryRun())
			if err != nil || r == nil || r.Version != "3" || len(r.SQL) != 1 {
				t.Fatalf("dry UpByOne: %+v, %v", r, err)
			}
			if v, err := m.CurrentVersion(ctx); err != nil || v != "2" {
				t.Fatalf("after a dry run: %q, %v", v, err)
			}
		})
	}
}

// TestExcludeNamesAndVersions: excluded migrations are neither applied
// nor reported; a bad version or name is refused by New.
func TestExcludeNamesAndVersions(t *testing.T) {
	ctx := context.Background()
	db := testdb.Open(t, "sqlite")
	fsys := fstest.MapFS{
		"001_a.sql":      {Data: []byte("CREATE TABLE a (id INTEGER);\n")},
		"002_b.up.sql":   {Data: []byte("CREATE TABLE b (id INTEGER);\n")},
		"002_b.down.sql": {Data: []byte("DROP TABLE b;\n")},
		"003_c.sql":      {Data: []byte("this is not SQL at all (\n")},
		"004_d.sql":      {Data: []byte("CREATE TABLE d (id INTEGER);\n")},
	}
	m, err := strata.New(db.DB, strata.SQLite, fsys, strata.WithExcludeNames("002_b.sql"), strata.WithExcludeVersions("0003"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := m.Up(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range res {
		got = append(got, r.File)
	}
	if strings.Join(got, " ") != "001_a.sql 004_d.sql" {
		t.Errorf("applied %v, want 001_a.sql 004_d.sql", got)
	}
	st, err := m.Status(ctx)
	if err != nil || len(st.Migrations) != 2 || st.Pending != 0 {
		t.Errorf("status: %+v, %v", st, err)
	}
	for _, bad := range []strata.Option{strata.WithExcludeVersions("v3"), strata.WithExcludeNames("sub/001_a.sql"), strata.WithExcludeNames("")} {
		if _, err := strata.New(db.DB, strata.SQLite, fsys, bad); !errors.Is(err, strata.ErrUsage) {
			t.Errorf("bad exclusion: %v, want ErrUsage", err)
		}
	}
}

// TestLoggerLogsEvents: WithLogger logs each migration and the end of the
// run, beside a WithEvents callback that still gets every event.
func TestLoggerLogsEvents(t *testing.T) {
	ctx := context.Background()
	db := testdb.Open(t, "sqlite")
	fsys := fstest.MapFS{"001_a.sql": {Data: []byte("CREATE TABLE a (id INTEGER);\n")}}
	var buf bytes.Buffer
	events := 0
	m, err := strata.New(db.DB, strata.SQLite, fsys,
		strata.WithLogger(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))),
		strata.WithEvents(func(strata.Event) { events++ }))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Up(ctx); err != nil {
		t.Fatal(err)
	}
	log := buf.String()
	for _, want := range []string{
		`level=DEBUG msg="strata: migration lock acquired"`,
		`level=INFO msg="strata: migration started" version=1 name=a file=001_a.sql direction=up`,
		`level=INFO msg="strata: migration finished" version=1 name=a file=001_a.sql direction=up`,
		`level=INFO msg="strata: migrations done" current_version=1 files=1 pending=0`,
	} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %s:\n%s", want, log)
		}
	}
	if events < 4 {
		t.Errorf("WithEvents got %d events beside the logger, want 4 or more", events)
	}
}

// TestOptionsRefuseBadValues: per-call options are checked before
// anything is opened; a nil option is refused, not a panic.
func TestOptionsRefuseBadValues(t *testing.T) {
	ctx := context.Background()
	db := testdb.Open(t, "sqlite")
	m, err := strata.New(db.DB, strata.SQLite, fstest.MapFS{"001_a.sql": {Data: []byte("SELECT 1;\n")}})
	if err != nil {
		t.Fatal(err)
	}
	calls := map[string]func() error{
		"up nil":        func() error { _, err := m.Up(ctx, nil); return err },
		"up bad to":     func() error { _, err := m.Up(ctx, strata.To("x")); return err },
		"down two":      func() error { _, err := m.Down(ctx, strata.Steps(1), strata.All()); return err },
		"down steps 0":  func() error { _, err := m.Down(ctx, strata.Steps(0)); return err },
		"health 0":      func() error { _, err := m.Health(ctx, strata.HealthSlowest(0)); return err },
		"health nil db": func() error { _, err := m.Health(ctx, strata.HealthDrift(nil)); return err },
		"unlock nil":    func() error { _, err := m.Unlock(ctx, nil); return err },
	}
	for name, call := range calls {
		if err := call(); !errors.Is(err, strata.ErrUsage) {
			t.Errorf("%s: %v, want ErrUsage", name, err)
		}
	}
	// Nothing was created: the history table is not there.
	var n int
	if err := db.DB.QueryRow("SELECT COUNT(*) FROM sqlite_master WHERE name = 'schema_migrations'").Scan(&n); err != nil || n != 0 {
		t.Errorf("tracking table after refused calls: %d, %v", n, err)
	}
}
