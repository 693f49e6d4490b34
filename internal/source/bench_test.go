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

func BenchmarkReadCratesio(b *testing.B) {
	fsys := os.DirFS(filepath.Join(corpusDir(b), "cratesio"))
	benchRead(b, fsys)
}

func BenchmarkReadKratosSQLite(b *testing.B) {
	fsys := os.DirFS(filepath.Join(corpusDir(b), "kratos-sqlite3"))
	benchRead(b, fsys)
}

// genMigration returns a plausible migration of about 1.3 KB: a table, an
// index built outside a transaction, and a down section.
func genMigration(i int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "-- strata:up\n-- Table number %d, generated for benchmarks.\nCREATE TABLE t%d (\n", i, i)
	for c := 0; c < 20; c++ {
		fmt.Fprintf(&b, "    col_%02d  varchar(255) NOT NULL DEFAULT '',\n", c)
	}
	fmt.Fprintf(&b, "    id bigint PRIMARY KEY\n);\n\nINSERT INTO t%d (id) VALUES (1), (2), (3);\n", i)
	fmt.Fprintf(&b, "-- strata:down\nDROP TABLE t%d;\n", i)
	return b.String()
}

func gen10k() fstest.MapFS {
	fsys := fstest.MapFS{}
	for i := 1; i <= 10000; i++ {
		fsys[fmt.Sprintf("migrations/%05d_create_table_%d.sql", i, i)] = &fstest.MapFile{Data: []byte(genMigration(i))}
	}
	return fsys
}

// BenchmarkRead10k reads 10,000 generated files from memory: the cost of
// parsing and checksumming alone.
func BenchmarkRead10k(b *testing.B) {
	benchRead(b, gen10k(), "migrations")
}

// BenchmarkRead10kDir reads the same 10,000 files from a real directory
// (through the page cache): what "strata up" pays on a big project.
func BenchmarkRead10kDir(b *testing.B) {
	benchRead(b, os.DirFS(write10k(b)))
}

// write10k writes the 10,000 generated files to a new directory.
func write10k(b *testing.B) string {
	dir := b.TempDir()
	for name, f := range gen10k() {
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(name)), f.Data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

func benchRead(b *testing.B, fsys fs.FS, dir ...string) {
	d := "."
	if len(dir) > 0 {
		d = dir[0]
	}
	for _, workers := range []int{0, 1} {
		name := "auto"
		if workers == 1 {
			name = "sequential"
		}
		b.Run(name, func(b *testing.B) {
			readWorkers = workers
			defer func() { readWorkers = 0 }()
			var bytes int64
			migs, _ := Read(fsys, d)
			for _, m := range migs {
				bytes += int64(len(m.Up.SQL) + len(m.Down.SQL))
			}
			b.SetBytes(bytes)
			b.ReportAllocs()
			for b.Loop() {
				Read(fsys, d)
			}
		})
	}
}

// TestReadConcurrent checks that reading with many goroutines gives
// exactly what one goroutine gives, problems included.
func TestReadConcurrent(t *testing.T) {
	fsys := fstest.MapFS{}
	for i := 1; i <= 500; i++ {
		content := genMigration(i)
		if i%50 == 0 {
			content += "-- strata:notx\n"
		}
		fsys[fmt.Sprintf("m/%04d_t%d.sql", i, i)] = &fstest.MapFile{Data: []byte(content)}
	}
	fsys["m/0100_dup.up.sql"] = &fstest.MapFile{}
	par, perr := Read(fsys, "m")
	readWorkers = 1
	defer func() { readWorkers = 0 }()
	seq, serr := Read(fsys, "m")
	if !reflect.DeepEqual(par, seq) || !reflect.DeepEqual(perr, serr) {
		t.Fatal("concurrent and sequential Read differ")
	}
	if pe := problemsOf(t, perr); len(pe) != 11 || len(par) != 490 {
		t.Fatalf("%d problems, %d migrations: %v", len(pe), len(par), perr)
	}
}
