package strata_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"testing/fstest"

	"github.com/strata-db/strata"
)

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
