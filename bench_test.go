package strata_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/strata-db/strata"
	"github.com/strata-db/strata/internal/testdb"
)

// benchFiles makes n small migrations in memory.
func benchFiles(n int) fstest.MapFS {
	fsys := fstest.MapFS{}
	for i := 1; i <= n; i++ {
		fsys[fmt.Sprintf("%05d_step.sql", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf(
			"CREATE TABLE t%d (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL);\nCREATE INDEX t%d_name_idx ON t%d (name);\nINSERT INTO t%d (id, name) VALUES (1, 'x');\n-- strata:down\nDROP TABLE t%d;\n",
			i, i, i, i, i))}
	}
	return fsys
}

// The hot paths of every deploy: an up with nothing to do and a status,
// with 1,000 migrations applied. Both read every file, check every
// checksum and read the whole history.
func BenchmarkNoopUp1000(b *testing.B)  { benchApplied(b, 1000, "up", false) }
func BenchmarkStatus1000(b *testing.B)  { benchApplied(b, 1000, "status", false) }
func BenchmarkNoopUp10000(b *testing.B) { benchApplied(b, 10000, "up", false) }

// The same with the files in a directory, read through os.DirFS as the
// command reads them (see source.ReadOptions and the direct reading of
// os.DirFS), rather than from memory.
func BenchmarkNoopUp1000Dir(b *testing.B)  { benchApplied(b, 1000, "up", true) }
func BenchmarkStatus1000Dir(b *testing.B)  { benchApplied(b, 1000, "status", true) }
func BenchmarkNoopUp10000Dir(b *testing.B) { benchApplied(b, 10000, "up", true) }

func benchApplied(b *testing.B, n int, op string, onDisk bool) {
	db := testdb.SQLite(b)
	var fsys fs.FS = benchFiles(n)
	if onDisk {
		dir := b.TempDir()
		for name, f := range benchFiles(n) {
			if err := os.WriteFile(filepath.Join(dir, name), f.Data, 0o644); err != nil {
				b.Fatal(err)
			}
		}
		fsys = os.DirFS(dir)
	}
	m, err := strata.New(db.DB, strata.SQLite, fsys)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	if _, err := m.Up(ctx); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		switch op {
		case "up":
			if r, err := m.Up(ctx); err != nil || len(r) != 0 {
				b.Fatal(r, err)
			}
		case "status":
			if s, err := m.Status(ctx); err != nil || s.Pending != 0 {
				b.Fatal(s, err)
			}
		}
	}
}

// BenchmarkApply100 applies 100 migrations to a fresh database each time:
// the per-migration cost of strata on top of the database's own work.
func BenchmarkApply100(b *testing.B) {
	fsys := benchFiles(100)
	for b.Loop() {
		b.StopTimer()
		db := testdb.SQLite(b)
		m, err := strata.New(db.DB, strata.SQLite, fsys)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if r, err := m.Up(context.Background()); err != nil || len(r) != 100 {
			b.Fatal(err)
		}
	}
}
