package source

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

// TestReadOSDir checks reading a real directory: big, empty, CRLF and
// paired files, and the problems of files that cannot be read (a link to
// a directory fails to read, a dangling link to open), the same with one
// goroutine or several.
func TestReadOSDir(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "migrations")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name, content string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Bigger than a reader's first buffer, twice over, so that it grows.
	big := "CREATE TABLE big (id int);\n" + strings.Repeat("-- padding line of a big migration\n", 5000) + "-- strata:down\nDROP TABLE big;\n"
	write("0001_crlf.sql", "\uFEFFCREATE TABLE a (id int);\r\n-- strata:down\r\nDROP TABLE a;\r\n")
	write("0002_big.sql", big)
	write("0003_empty.sql", "")
	write("0004_pair.up.sql", "CREATE TABLE p (id int);\n")
	write("0004_pair.down.sql", "DROP TABLE p;\n")
	write("0005_bad.sql", "-- strata:notx\nSELECT 1;\n")
	for i := 6; i < 60; i++ {
		write(fmt.Sprintf("%04d_t%d.sql", i, i), genMigration(i))
	}
	// A link to a directory is not a directory entry of kind directory:
	// it is read, and the read fails. A dangling link fails to open.
	if err := os.Mkdir(filepath.Join(root, "elsewhere"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "elsewhere"), filepath.Join(dir, "0100_dir.sql")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "nowhere"), filepath.Join(dir, "0101_dangling.sql")); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name string
		fsys fs.FS
		dir  string
	}{
		{"root", os.DirFS(dir), "."},
		{"subdirectory", os.DirFS(root), "migrations"},
		{"root with slash", os.DirFS(root + "/"), "migrations"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Read gives the same migrations, sequential or not.
			readWorkers = 1
			seq, serr := Read(tc.fsys, tc.dir)
			readWorkers = 0
			for _, workers := range []int{0, 3} {
				readWorkers = workers
				direct, derr := Read(tc.fsys, tc.dir)
				readWorkers = 0
				if !reflect.DeepEqual(direct, seq) || fmt.Sprint(derr) != fmt.Sprint(serr) {
					t.Errorf("workers %d: sequential and concurrent reads differ", workers)
				}
				pe := problemsOf(t, derr)
				if len(pe) != 3 || len(direct) != 58 {
					t.Fatalf("%d problems, %d migrations: %v", len(pe), len(direct), derr)
				}
				if !strings.Contains(pe[1].Msg, "cannot read the file: read") || !strings.Contains(pe[2].Msg, "cannot read the file: open") {
					t.Errorf("unexpected problems: %v", derr)
				}
			}
		})
	}
}

// TestReadUnsortedDirectory checks that the order of the directory does
// not show: the same problems from os.DirFS, listed as the file system
// lists it, as from a MapFS, whose listing is sorted.
func TestReadUnsortedDirectory(t *testing.T) {
	files := map[string]string{
		"0001_a.up.sql": "SELECT 1;", "0001_b.up.sql": "SELECT 1;", "0001_c.up.sql": "SELECT 1;", "0001_d.down.sql": "SELECT 1;",
		"0002_x.sql": "SELECT 1;", "002_y.sql": "SELECT 1;", "0003_Bad.sql": "", "0004_ok.sql": "SELECT 1;",
	}
	dir := t.TempDir()
	m := fstest.MapFS{}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		m[name] = &fstest.MapFile{Data: []byte(content)}
	}
	got, gerr := Read(os.DirFS(dir), ".")
	want, werr := Read(m, ".")
	if !reflect.DeepEqual(got, want) || fmt.Sprint(gerr) != fmt.Sprint(werr) {
		t.Errorf("os.DirFS:\n%v\nMapFS:\n%v", gerr, werr)
	}
}
