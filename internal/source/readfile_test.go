package source

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// hiddenFS hides the type of the fs.FS it wraps, so that Read goes
// through fs.ReadFile instead of reading an os.DirFS directly.
type hiddenFS struct{ fs.FS }

// TestReadDirect checks that reading an os.DirFS directly gives exactly
// what reading it through fs.ReadFile gives: sections, checksums, and the
// problems of files that cannot be read.
func TestReadDirect(t *testing.T) {
	if !directRead {
		t.Skip("no direct reading on " + runtime.GOOS)
	}
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
			if newFileReader(tc.fsys).root == "" {
				t.Fatal("os.DirFS is not read directly")
			}
			// Each file, errors included, reads as fs.ReadFile reads it.
			ents, err := fs.ReadDir(tc.fsys, tc.dir)
			if err != nil {
				t.Fatal(err)
			}
			r := newFileReader(tc.fsys)
			defer r.close()
			for _, e := range ents {
				name := path.Join(tc.dir, e.Name())
				want, werr := fs.ReadFile(tc.fsys, name)
				for _, view := range []bool{false, true} {
					got, gerr := r.read(name, view)
					if got != string(want) || fmt.Sprint(gerr) != fmt.Sprint(werr) {
						t.Errorf("%s (view %v): direct read gives %d bytes, %v; fs.ReadFile %d bytes, %v", name, view, len(got), gerr, len(want), werr)
					}
				}
			}
			// And Read gives the same migrations, sequential or not.
			for _, workers := range []int{1, 0} {
				readWorkers = workers
				direct, derr := Read(tc.fsys, tc.dir)
				viaFS, verr := Read(hiddenFS{tc.fsys}, tc.dir)
				readWorkers = 0
				if !reflect.DeepEqual(direct, viaFS) {
					t.Errorf("workers %d: direct and fs.ReadFile reads differ", workers)
				}
				pe, pv := problemsOf(t, derr), problemsOf(t, verr)
				if len(pe) != 3 || len(pv) != 3 || len(direct) != 58 {
					t.Fatalf("%d problems, %d migrations: %v", len(pe), len(direct), derr)
				}
				if !strings.Contains(pe[1].Msg, "cannot read the file: read") || !strings.Contains(pe[2].Msg, "cannot read the file: open") {
					t.Errorf("unexpected problems: %v", derr)
				}
			}
		})
	}
}

// TestReadDirectOnlyDirFS checks that only an os.DirFS is read directly:
// any other fs.FS decides itself what its files hold.
func TestReadDirectOnlyDirFS(t *testing.T) {
	for _, fsys := range []fs.FS{hiddenFS{os.DirFS(".")}, mapFS(nil), os.DirFS("")} {
		if r := newFileReader(fsys); r.root != "" {
			t.Errorf("%T read directly from %q", fsys, r.root)
		}
	}
}

// TestReadHold checks that a held read gives what Read gives, whether the
// hold is released during the read, before it or never.
func TestReadHold(t *testing.T) {
	fsys := fstest.MapFS{}
	for i := 1; i <= 300; i++ {
		fsys[fmt.Sprintf("m/%04d_t%d.sql", i, i)] = &fstest.MapFile{Data: []byte(genMigration(i))}
	}
	want, werr := Read(fsys, "m")
	never := make(chan struct{})
	released := make(chan struct{})
	close(released)
	during := make(chan struct{})
	go close(during)
	for name, hold := range map[string]chan struct{}{"never": never, "released": released, "during": during} {
		got, err := ReadWith(fsys, "m", ReadOptions{Hold: hold})
		if !reflect.DeepEqual(got, want) || fmt.Sprint(err) != fmt.Sprint(werr) || len(got) != 300 {
			t.Errorf("hold %s: %d migrations, %v; want %d, %v", name, len(got), err, len(want), werr)
		}
	}
}

// TestListDir checks that listing an os.DirFS directly gives the entries
// and the errors fs.ReadDir gives, in any order.
func TestListDir(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"m", "m/sub.sql", "elsewhere"} {
		if err := os.Mkdir(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 700 { // more than one getdents buffer
		if err := os.WriteFile(filepath.Join(root, "m", fmt.Sprintf("%04d_a_rather_long_name_to_fill_the_buffer_%d.sql", i, i)), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(root, "elsewhere"), filepath.Join(root, "m", "link.sql")); err != nil {
		t.Fatal(err)
	}
	fsys := os.DirFS(root)
	for _, dir := range []string{"m", ".", "nowhere", "m/0001_a_rather_long_name_to_fill_the_buffer_1.sql"} {
		got, gerr := listDir(fsys, dir)
		des, werr := fs.ReadDir(fsys, dir)
		if fmt.Sprint(gerr) != fmt.Sprint(werr) {
			t.Errorf("%s: error %v, fs.ReadDir's %v", dir, gerr, werr)
		}
		want := make([]dirEntry, len(des))
		for i, d := range des {
			want[i] = dirEntry{name: d.Name(), dir: d.IsDir()}
		}
		slices.SortFunc(got, func(a, b dirEntry) int { return strings.Compare(a.name, b.name) })
		if (len(got) > 0 || len(want) > 0) && !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %d entries listed, fs.ReadDir %d", dir, len(got), len(want))
		}
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
