package strata_test

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"log"
	"path/filepath"

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
