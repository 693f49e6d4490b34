package strata_test

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"testing/fstest"

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
	// applied examples/migrations/001_core_tables.sql
	// applied examples/migrations/002_indexes_and_constraints.sql
	// applied examples/migrations/003_user_management.sql
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

// Lint a migrations directory without a database, as strata lint does,
// and go through the findings as data (package lintreport writes them as
// text, JSON, SARIF or GitHub annotations).
func ExampleLint() {
	dir := fstest.MapFS{
		"migrations/001_users.sql": {Data: []byte("CREATE TABLE users (id bigint PRIMARY KEY, email text);\n\n" +
			"-- strata:down\nDROP TABLE users;\n")},
		"migrations/002_email_index.sql": {Data: []byte("CREATE INDEX users_email ON users (email);\n\n" +
			"-- strata:down\nDROP INDEX users_email;\n")},
	}
	report, err := strata.Lint(context.Background(), strata.LintOptions{Dialect: strata.Postgres, FS: dir, Dir: "migrations"})
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range report.Findings {
		fmt.Println(f.File, f.Line, f.Code, f.Name, f.Severity)
	}
	fmt.Println(report.Checked, "checked, errors:", report.HasErrors())
	// Output:
	// migrations/002_email_index.sql 1 PG101 index-not-concurrently warning
	// 2 checked, errors: false
}

// Create the next migration file, as strata new does: the version
// follows the directory's latest.
func ExampleNewMigrationFile() {
	dir, cleanup := tempDir()
	defer cleanup()
	if err := os.WriteFile(filepath.Join(dir, "007_users.sql"), []byte("CREATE TABLE users (id int);\n"), 0o644); err != nil {
		log.Fatal(err)
	}
	nf, err := strata.NewMigrationFile(dir, "Add email index", strata.NewFileOptions{})
	if err != nil {
		log.Fatal(err)
	}
	text, err := os.ReadFile(nf.Path)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(nf.Version, filepath.Base(nf.Path), nf.DownPath == "")
	fmt.Print(string(text))
	// Output:
	// 8 008_add_email_index.sql true
	// -- add_email_index: write the migration here
	//
	// -- strata:down
	// -- undo it here
}

// Take a database URL apart as the strata command does: the program
// imports the driver Target.Driver names and opens the database itself.
func ExampleParseURL() {
	t, err := strata.ParseURL("postgres://app:s3cret@db.example.com/app?sslmode=require", strata.URLOptions{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(t.Dialect, t.Driver)
	fmt.Println(t.Display)
	fmt.Println(t.Secrets)
	// Output:
	// postgres pgx
	// postgres://app:xxxxx@db.example.com/app?sslmode=require
	// [s3cret]
}
