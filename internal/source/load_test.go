package source

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

// skipFiles are migrations of every shape Load must put back: single
// files with and without a down section, with directives (whose words
// must survive the reuse of the reading buffer), a byte order mark and
// CRLF line ends, and pairs with and without their .down.sql.
var skipFiles = map[string]string{
	"m/0001_single.sql":     "-- strata:up\nCREATE TABLE a (id int);\n-- strata:down\nDROP TABLE a;\n",
	"m/0002_up_only.sql":    "CREATE TABLE b (id int);\n",
	"m/0003_directives.sql": "-- strata:no-transaction\n-- strata:timeout 30s\n-- strata:lint-ignore PG101,D101\nCREATE INDEX CONCURRENTLY b_id ON b (id);\n-- strata:down\n-- strata:no-transaction\nDROP INDEX CONCURRENTLY b_id;\n",
	"m/0004_bom_crlf.sql":   "\uFEFF-- strata:up\r\nCREATE TABLE c (id int);   \r\n-- strata:down\r\nDROP TABLE c;\r\n",
	"m/0005_pair.up.sql":    "-- strata:tolerate-existing\nCREATE TABLE d (id int);\n",
	"m/0005_pair.down.sql":  "DROP TABLE d;\n",
	"m/0006_lone.up.sql":    "CREATE TABLE e (id int);\n",
	"m/0007_empty_down.sql": "CREATE TABLE f (id int);\n-- strata:down\n",
}

// TestSkipSQLAndLoad checks that a read with SkipSQL gives the same
// migrations as a plain read except for the SQL, and that Load then gives
// back exactly what the plain read gives, from a directory read directly
// (where the files are parsed in the reader's buffer) and from an fs.FS.
func TestSkipSQLAndLoad(t *testing.T) {
	dir := t.TempDir()
	mapfs := fstest.MapFS{}
	for name, content := range skipFiles {
		mapfs[name] = &fstest.MapFile{Data: []byte(content)}
		if err := os.MkdirAll(filepath.Join(dir, "m"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for fsName, fsys := range map[string]fs.FS{"os.DirFS": os.DirFS(dir), "MapFS": mapfs} {
		want, err := Read(fsys, "m")
		if err != nil || len(want) != 7 {
			t.Fatalf("%s: %d migrations, %v", fsName, len(want), err)
		}
		got, err := ReadWith(fsys, "m", ReadOptions{SkipSQL: true})
		if err != nil || len(got) != len(want) {
			t.Fatalf("%s: skipping: %d migrations, %v", fsName, len(got), err)
		}
		for i, g := range got {
			w := *want[i]
			for _, pair := range []struct{ g, w *Section }{{&g.Up, &w.Up}, {&g.Down, &w.Down}} {
				if pair.w.Present && (pair.g.SQL != "" || !pair.g.Skipped) {
					t.Errorf("%s %s: section not skipped: %q", fsName, g.Version, pair.g.SQL)
				}
				// All else is as a plain read has it.
				s := *pair.g
				s.SQL, s.Skipped = pair.w.SQL, false
				if !reflect.DeepEqual(s, *pair.w) {
					t.Errorf("%s %s: skipped section\n%+v\nwant\n%+v", fsName, g.Version, s, *pair.w)
				}
			}
			if err := Load(fsys, g); err != nil {
				t.Errorf("%s %s: Load: %v", fsName, g.Version, err)
			}
			if !reflect.DeepEqual(*g, w) {
				t.Errorf("%s %s: loaded\n%+v\nwant\n%+v", fsName, g.Version, *g, w)
			}
		}
		// The directives' words were copied out of the buffer that later
		// files were read into.
		if d := got[2].Up.Directives; len(d) != 3 || d[2].Name != "lint-ignore" || d[2].Args != "PG101,D101" {
			t.Errorf("%s: directives %+v", fsName, d)
		}
	}
}

// TestLoadRefusesAChangedFile checks that Load refuses a file that is not
// what was read and checksummed: edited, gone, or grown a problem.
func TestLoadRefusesAChangedFile(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(fstest.MapFS)
		want   string
	}{
		{"edited", func(m fstest.MapFS) {
			m["m/0001_a.sql"].Data = []byte("CREATE TABLE a (id bigint);\n-- strata:down\nDROP TABLE a;\n")
		}, "changed while strata was running"},
		{"down edited", func(m fstest.MapFS) {
			m["m/0001_a.sql"].Data = []byte("CREATE TABLE a (id int);\n-- strata:down\nDROP TABLE IF EXISTS a;\n")
		}, "changed while strata was running"},
		{"gone", func(m fstest.MapFS) { delete(m, "m/0001_a.sql") }, "reading m/0001_a.sql again"},
		{"pair down edited", func(m fstest.MapFS) { m["m/0002_b.down.sql"].Data = []byte("DROP TABLE b CASCADE;\n") }, "changed while strata was running"},
		{"a problem", func(m fstest.MapFS) { m["m/0001_a.sql"].Data = []byte("CREATE TABLE a (id int);\n-- strata:dwon\n") }, "changed while strata was running"},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := fstest.MapFS{
				"m/0001_a.sql":      {Data: []byte("CREATE TABLE a (id int);\n-- strata:down\nDROP TABLE a;\n")},
				"m/0002_b.up.sql":   {Data: []byte("CREATE TABLE b (id int);\n")},
				"m/0002_b.down.sql": {Data: []byte("DROP TABLE b;\n")},
			}
			migs, err := ReadWith(m, "m", ReadOptions{SkipSQL: true})
			if err != nil {
				t.Fatal(err)
			}
			c.change(m)
			var errs []string
			for _, mig := range migs {
				if err := Load(m, mig); err != nil {
					errs = append(errs, err.Error())
				}
			}
			if len(errs) != 1 || !strings.Contains(errs[0], c.want) {
				t.Errorf("errors %q, want one with %q", errs, c.want)
			}
		})
	}
}

// BenchmarkRead10kDirSkipSQL is BenchmarkRead10kDir reading as a no-op up
// and status do, without keeping the SQL.
func BenchmarkRead10kDirSkipSQL(b *testing.B) {
	fsys := os.DirFS(write10k(b))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReadWith(fsys, ".", ReadOptions{SkipSQL: true}); err != nil {
			b.Fatal(err)
		}
	}
}
