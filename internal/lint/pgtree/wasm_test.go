package pgtree

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	pgquery "github.com/wasilibs/go-pgquery/parser"

	"github.com/strata-db/strata/internal/corpus"
	"github.com/strata-db/strata/internal/source"
)

// TestParserMatchesGoPgquery checks that the parser started in wasm.go
// gives exactly the trees and errors go-pgquery's own ParseToJSON gives,
// on every section of the crates.io set and on a few broken statements,
// and that every tree decodes.
func TestParserMatchesGoPgquery(t *testing.T) {
	p, err := getParser()
	if err != nil {
		t.Fatal(err)
	}
	inputs := []string{"", "SELECT 1", "CREATE TABLE a (id int)\nCREATE TABLE b (id int)", "SELECT 'é' +", "-- only a comment"}
	if dir := corpusDirOrEmpty("cratesio"); dir != "" {
		migs, _ := source.Read(os.DirFS(dir), ".")
		for _, m := range migs {
			inputs = append(inputs, m.Up.SQL, m.Down.SQL)
		}
	}
	for _, in := range inputs {
		got, gotErr := p.parseJSON(in)
		want, wantErr := pgquery.ParseToJSON(in)
		if (gotErr != nil) != (wantErr != nil) {
			t.Fatalf("%q: error %v, go-pgquery %v", in, gotErr, wantErr)
		}
		if gotErr != nil {
			var se *syntaxError
			if !errors.As(gotErr, &se) || se.msg != wantErr.Error() {
				t.Fatalf("%q: error %v, go-pgquery %v", in, gotErr, wantErr)
			}
			continue
		}
		if string(got) != want {
			t.Fatalf("%q: trees differ\n got %s\nwant %s", in, got, want)
		}
		if _, err := p.Parse(in); err != nil {
			t.Fatalf("%q: %v", in, err)
		}
	}
}

func corpusDirOrEmpty(name string) string {
	root := corpus.Root()
	if root == "" {
		return ""
	}
	dir := filepath.Join(root, name)
	if _, err := os.Stat(dir); err != nil {
		return ""
	}
	return dir
}
