package strata_test

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"log"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/strata-db/strata"
)

//go:embed examples/migrations/*.sql
var exampleMigrations embed.FS

// Apply the bundled example migrations, embedded in the binary, to a new
// SQLite database, then look at the status and roll the latest one back.
// sqliteDriver is "sqlite" with modernc.org/sqlite imported, or "sqlite3"
// with github.com/mattn/go-sqlite3 (cgo).
func Example() {
	dir, cleanup := tempDir()
	defer cleanup()
	db, err := sql.Open(sqliteDriver, filepath.Join(dir, "example.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	m, err := strata.New(db, strata.SQLite, exampleMigrations, strata.WithDir("examples/migrations"))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	applied, err := m.Up(ctx)
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range applied {
		fmt.Println("applied", r.File)
	}
	if _, err := m.Down(ctx); err != nil {
		log.Fatal(err)
	}
	status, err := m.Status(ctx)
	if err != nil {
		log.Fatal(err)
	}
	for _, ms := range status.Migrations {
		fmt.Println(ms.Version, ms.Name, ms.State)
	}
	// Output:
	// applied 001_core_tables.sql
	// applied 002_indexes_and_constraints.sql
	// applied 003_user_management.sql
	// 1 core_tables applied
	// 2 indexes_and_constraints applied
	// 3 user_management pending
}

// Find what was changed by hand in a database: replay its migrations into
// an empty in-memory database and compare. Then test the rollbacks. strata
// links no SQLite driver of its own: MemoryDatabase opens the scratch
// database with the driver of the caller's *sql.DB (on PostgreSQL and
// MySQL, TempDatabase opens one on the same server with the caller's
// opener, and DevDatabase takes an empty database of the caller's).
func ExampleMigrator_Drift() {
	dir, cleanup := tempDir()
	defer cleanup()
	db, err := sql.Open(sqliteDriver, filepath.Join(dir, "app.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	m, err := strata.New(db, strata.SQLite, exampleMigrations, strata.WithDir("examples/migrations"))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	if _, err := m.Up(ctx); err != nil {
		log.Fatal(err)
	}
	// Someone fixes production by hand.
	if _, err := db.Exec(`DROP INDEX projects_account_id_idx`); err != nil {
		log.Fatal(err)
	}

	scratch, err := strata.MemoryDatabase(ctx, db.Driver())
	if err != nil {
		log.Fatal(err)
	}
	defer scratch.Close(ctx)
	drift, err := m.Drift(ctx, scratch.DB)
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range drift.Changes {
		fmt.Println(c)
	}

	scratch2, err := strata.MemoryDatabase(ctx, db.Driver())
	if err != nil {
		log.Fatal(err)
	}
	defer scratch2.Close(ctx)
	verify, err := m.Verify(ctx, scratch2.DB)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d rollbacks checked, ok: %v\n", verify.Checked, verify.OK())
	// Output:
	// removed index projects.projects_account_id_idx: (account_id)
	// 3 rollbacks checked, ok: true
}

// A service at start-up: apply what is pending, one migration at a time,
// logging through its *slog.Logger, and say where the database stands.
func ExampleMigrator_UpByOne() {
	dir, cleanup := tempDir()
	defer cleanup()
	db, err := sql.Open(sqliteDriver, filepath.Join(dir, "service.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	// The log's time is left out, so that the output below stays the same.
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey || a.Key == "duration" {
				return slog.Attr{}
			}
			return a
		},
	}))
	m, err := strata.New(db, strata.SQLite, exampleMigrations, strata.WithDir("examples/migrations"),
		strata.WithLogger(logger), strata.WithExcludeVersions("3"))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	for {
		pending, err := m.HasPending(ctx)
		if err != nil {
			log.Fatal(err)
		}
		if !pending {
			break
		}
		if _, err := m.UpByOne(ctx); err != nil {
			log.Fatal(err)
		}
	}
	v, err := m.CurrentVersion(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("at version", v)
	// Output:
	// level=INFO msg="strata: migration started" version=1 name=core_tables file=001_core_tables.sql direction=up resume_at=0
	// level=INFO msg="strata: migration finished" version=1 name=core_tables file=001_core_tables.sql direction=up statements=2
	// level=INFO msg="strata: migrations done" current_version=1 files=2 pending=1
	// level=INFO msg="strata: migration started" version=2 name=indexes_and_constraints file=002_indexes_and_constraints.sql direction=up resume_at=0
	// level=INFO msg="strata: migration finished" version=2 name=indexes_and_constraints file=002_indexes_and_constraints.sql direction=up statements=2
	// level=INFO msg="strata: migrations done" current_version=2 files=2 pending=0
	// at version 2
}

// Roll back with the options of Down: Steps, To, All. Steps is not an
// option of Up, so m.Up(ctx, strata.Steps(1)) does not compile.
func ExampleMigrator_Down() {
	dir, cleanup := tempDir()
	defer cleanup()
	db, err := sql.Open(sqliteDriver, filepath.Join(dir, "app.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	m, err := strata.New(db, strata.SQLite, exampleMigrations, strata.WithDir("examples/migrations"))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	if _, err := m.Up(ctx); err != nil {
		log.Fatal(err)
	}
	undone, err := m.Down(ctx, strata.Steps(2))
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range undone {
		fmt.Println("rolled back", r.File)
	}
	history, err := m.History(ctx)
	if err != nil {
		log.Fatal(err)
	}
	var dirs []string
	for _, a := range history {
		dirs = append(dirs, a.Direction+" "+a.Version)
	}
	fmt.Println(strings.Join(dirs, ", "))
	// Output:
	// rolled back 003_user_management.sql
	// rolled back 002_indexes_and_constraints.sql
	// down 2, down 3, up 3, up 2, up 1
}
