package lint

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/strata-db/strata/internal/sqlsplit"
)

// TestSuppression checks where lint-ignore directives apply.
func TestSuppression(t *testing.T) {
	const base = "CREATE TABLE a (id int, name text);\n-- strata:down\nDROP TABLE a;\n"
	for _, tc := range []struct {
		name, file string
		files      map[string]string
		want       []string // PG101 (up) and T101 (down) findings left, as "file:line CODE"
	}{
		{
			name: "none",
			file: "CREATE INDEX a_id ON a (id);\nCREATE INDEX a_name ON a (name);\n-- strata:down\nDROP INDEX CONCURRENTLY a_name;\nDROP INDEX CONCURRENTLY a_id;\n",
			want: []string{"002_x.sql:1 PG101", "002_x.sql:2 PG101", "002_x.sql:4 T101", "002_x.sql:5 T101"},
		},
		{
			name: "statement, by code and by name",
			file: "CREATE INDEX a_id ON a (id);\n-- strata:lint-ignore PG101\nCREATE INDEX a_name ON a (name);\n-- strata:down\n-- strata:lint-ignore needs-no-transaction\nDROP INDEX CONCURRENTLY a_name;\nDROP INDEX CONCURRENTLY a_id;\n",
			want: []string{"002_x.sql:1 PG101", "002_x.sql:7 T101"},
		},
		{
			name: "file, before the first statement, also covers the down section",
			file: "-- strata:lint-ignore PG101,T101\n-- this migration runs in a maintenance window\nCREATE INDEX a_id ON a (id);\nCREATE INDEX a_name ON a (name);\n-- strata:down\nDROP INDEX CONCURRENTLY a_name;\nDROP INDEX CONCURRENTLY a_id;\n",
		},
		{
			name: "inside the statement it silences",
			file: "CREATE INDEX a_id\n-- strata:lint-ignore PG101\n  ON a (id);\nCREATE INDEX a_name ON a (name);\n-- strata:down\nDROP INDEX CONCURRENTLY a_name;\nDROP INDEX CONCURRENTLY a_id;\n",
			want: []string{"002_x.sql:4 PG101", "002_x.sql:6 T101", "002_x.sql:7 T101"},
		},
		{
			name: "after the last statement: silences nothing",
			file: "CREATE INDEX a_id ON a (id);\n-- strata:lint-ignore PG101\n-- strata:down\nDROP INDEX CONCURRENTLY a_id;\n",
			want: []string{"002_x.sql:1 PG101", "002_x.sql:4 T101"},
		},
		{
			name: "a down file of a pair has its own file scope",
			files: map[string]string{
				"002_x.up.sql":   "CREATE INDEX a_id ON a (id);\n",
				"002_x.down.sql": "-- strata:lint-ignore T101\nDROP INDEX CONCURRENTLY a_id;\n",
			},
			want: []string{"002_x.up.sql:1 PG101"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{"001_a.sql": {Data: []byte(base)}}
			if tc.file != "" {
				fsys["002_x.sql"] = &fstest.MapFile{Data: []byte(tc.file)}
			}
			for n, body := range tc.files {
				fsys[n] = &fstest.MapFile{Data: []byte(body)}
			}
			rep, err := Run(Options{Dialect: sqlsplit.Postgres, FS: fsys, Dir: "."})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range rep.Diagnostics {
				if d.Code == "PG101" || d.Code == "T101" {
					got = append(got, fmt.Sprintf("%s:%d %s", d.File, d.Pos.Line, d.Code))
				}
			}
			sort.Strings(got)
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}
