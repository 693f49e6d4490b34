package strata_test

import (
	"context"
	"errors"
	"testing"
	"testing/fstest"

	"github.com/strata-db/strata"
	"github.com/strata-db/strata/internal/testdb"
)

// One run lists every problem of a directory: the reader's (names,
// directives) and the splitter's (an unterminated string) together.
func TestFilesErrorListsEverything(t *testing.T) {
	db := testdb.SQLite(t)
	fsys := fstest.MapFS{
		"001_x.sql":      {Data: []byte("-- strata:no-transactoin\nCREATE TABLE x (id INT);\n")},
		"002_y.sql":      {Data: []byte("SELECT 1;\nSELECT 'unterminated;\n")},
		"3_Bad-Name.sql": {Data: []byte("SELECT 1;\n")},
	}
	m, err := strata.New(db.DB, strata.SQLite, fsys)
	if err != nil {
		t.Fatal(err)
	}
	_, err = m.Up(context.Background())
	var fe *strata.FilesError
	if !errors.As(err, &fe) {
		t.Fatalf("want a FilesError, got %v", err)
	}
	got := map[string]int{}
	for _, p := range fe.Problems() {
		got[p.File] = p.Line
	}
	want := map[string]int{"001_x.sql": 1, "002_y.sql": 2, "3_Bad-Name.sql": 0}
	for f, line := range want {
		if l, ok := got[f]; !ok || l != line {
			t.Errorf("%s: line %d (reported %v), want line %d; all: %+v", f, l, ok, line, fe.Problems())
		}
	}
}
