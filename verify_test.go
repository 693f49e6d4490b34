package strata_test

import (
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/strata-db/strata"
	"github.com/strata-db/strata/internal/corpus"
	"github.com/strata-db/strata/internal/testdb"
)

// verifyFS has one migration of each kind Verify reports, written so that
// it reads the same on every dialect, and good ones around them.
func verifyFS() fs.FS {
	mig := func(up, down string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte(up + "\n-- strata:down\n" + down + "\n")}
	}
	return fstest.MapFS{
		"001_good.sql":     mig("CREATE TABLE t (id INT PRIMARY KEY);", "DROP TABLE t;"),
		"002_no_down.sql":  {Data: []byte("CREATE TABLE n (id INT);\n")},
		"003_forgets.sql":  mig("ALTER TABLE t ADD COLUMN x INT;\nCREATE TABLE IF NOT EXISTS forgotten (id INT);", "ALTER TABLE t DROP COLUMN x;"),
		"004_broken.sql":   mig("CREATE TABLE b (id INT);", "DROP TABLE no_such_table;"),
		"005_replaces.sql": mig("CREATE TABLE IF NOT EXISTS z (a INT);", "DROP TABLE z;\nCREATE TABLE z (b INT);"),
		"006_good.sql":     mig("CREATE TABLE g (id INT);", "DROP TABLE g;"),
	}
}

func findingLines(fs []strata.VerifyFinding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "%s %s: %s\n", f.Version, f.Kind, f.Message)
		for _, c := range f.Changes {
			fmt.Fprintf(&b, "    %s\n", c)
		}
	}
	return b.String()
}

func TestVerify(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(d, func(t *testing.T) {
			live := testdb.Open(t, d)
			m, err := strata.New(live.DB, strata.Dialect(d), verifyFS())
			if err != nil {
				t.Fatal(err)
			}
			r, err := m.Verify(context.Background(), testdb.Open(t, d).DB)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("\n%s", findingLines(r.Findings))
			type want struct {
				version, kind string
				changes       []string
			}
			wants := []want{
				{"2", strata.VerifyNoDown, nil},
				// Left behind by the down section: added since before.
				{"3", strata.VerifyNotUndone, []string{"added table forgotten"}},
				{"4", strata.VerifyDownFailed, nil},
				{"5", strata.VerifyNotUndone, []string{"added table z"}},
				// From the first up to the second.
				{"5", strata.VerifyNotReproduced, []string{"removed column z.a", "added column z.b"}},
			}
			if len(r.Findings) != len(wants) {
				t.Fatalf("got %d findings, want %d", len(r.Findings), len(wants))
			}
			for i, w := range wants {
				f := r.Findings[i]
				if f.Version != w.version || f.Kind != w.kind || len(f.Changes) != len(w.changes) {
					t.Errorf("finding %d: got %s %s with %d changes, want %s %s with %d", i, f.Version, f.Kind, len(f.Changes), w.version, w.kind, len(w.changes))
					continue
				}
				for j, c := range w.changes {
					if !strings.HasPrefix(f.Changes[j].String(), c) {
						t.Errorf("finding %d change %d: got %s, want %s…", i, j, f.Changes[j], c)
					}
				}
			}
			if f := r.Findings[2]; !strings.Contains(f.Message, "004_broken.sql") || strings.Contains(f.Message, "Try:") {
				t.Errorf("down failure not located, or with a hint for a live database: %s", f.Message)
			}
			if r.Migrations != 6 || r.Checked != 4 || r.StoppedAt != "" || r.OK() {
				t.Errorf("report: %+v", r)
			}
		})
	}
}

// An up section that fails when applied again is reported, and
// verification goes on; an up section that fails the first time stops it.
func TestVerifyGoesOnAfterUpAgainFailsAndStopsWhenUpFails(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(d, func(t *testing.T) {
			live := testdb.Open(t, d)
			m, err := strata.New(live.DB, strata.Dialect(d), fstest.MapFS{
				"001_leaves.sql": {Data: []byte("CREATE TABLE a (id INT);\nCREATE TABLE b (id INT);\n-- strata:down\nDROP TABLE a;\n")},
				"002_later.sql":  {Data: []byte("CREATE TABLE c (id INT);\n-- strata:down\nDROP TABLE c;\n")},
				"003_fails.sql":  {Data: []byte("CREATE TABLE c (id INT);\n-- strata:down\nDROP TABLE c;\n")},
				"004_never.sql":  {Data: []byte("CREATE TABLE d (id INT);\n-- strata:down\nDROP TABLE d;\n")},
			})
			if err != nil {
				t.Fatal(err)
			}
			r, err := m.Verify(context.Background(), testdb.Open(t, d).DB)
			if err != nil {
				t.Fatal(err)
			}
			kinds := []string{}
			for _, f := range r.Findings {
				kinds = append(kinds, f.Version+" "+f.Kind)
			}
			want := "1 not-undone, 1 up-again-failed, 3 up-failed"
			if strings.Join(kinds, ", ") != want || r.StoppedAt != "3" || r.Migrations != 2 || r.Checked != 2 ||
				!strings.Contains(r.Findings[1].Message, "exists") {
				t.Fatalf("got %s (want %s), %+v\n%s", strings.Join(kinds, ", "), want, r, findingLines(r.Findings))
			}
		})
	}
}

var updateVerify = flag.Bool("update-verify", false, "rewrite testdata/verify/*.golden from what Verify finds (check every new finding by hand first)")

// goldenFindings compares the findings (version, kind and schema
// differences; not the server's error texts) with a golden file. The
// files were made on PostgreSQL 15, and every finding in them was checked
// against an independent oracle: each migration applied with psql to a
// copy of the database, the schema compared with pg_dump --schema-only.
// Every down-failed and up-again-failed finding is a psql failure of the
// same statement, and every not-undone and not-reproduced finding a
// pg_dump difference.
func goldenFindings(t *testing.T, name string, r *strata.VerifyReport) {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "# %d migrations, %d rollbacks checked, %d findings\n", r.Migrations, r.Checked, len(r.Findings))
	for _, f := range r.Findings {
		fmt.Fprintf(&b, "%s %s %s\n", f.Version, f.Kind, f.File)
		for _, c := range f.Changes {
			fmt.Fprintf(&b, "    %s\n", c)
		}
	}
	path := filepath.Join("testdata", "verify", name+".golden")
	if *updateVerify {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run %s -update-verify to write it)", err, t.Name())
	}
	if got := b.String(); got != string(want) {
		t.Errorf("findings differ from %s; check the new ones by hand, then run go test -run %s -update-verify\n%s",
			path, t.Name(), lineDiff(string(want), got))
	}
}

// lineDiff lists the lines only one of two texts has.
func lineDiff(want, got string) string {
	count := map[string]int{}
	for _, l := range strings.Split(want, "\n") {
		count[l]++
	}
	for _, l := range strings.Split(got, "\n") {
		count[l]--
	}
	var b strings.Builder
	for _, l := range strings.Split(want+"\n"+got, "\n") {
		switch n := count[l]; {
		case n > 0:
			fmt.Fprintf(&b, "- %s\n", l)
			count[l] = 0
		case n < 0:
			fmt.Fprintf(&b, "+ %s\n", l)
			count[l] = 0
		}
	}
	return b.String()
}

func TestVerifyKratosPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("long")
	}
	dir := corpus.Dir(t, "kratos-postgres")
	live := testdb.Postgres(t)
	m, err := strata.New(live.DB, strata.Postgres, os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	r, err := m.Verify(context.Background(), testdb.Postgres(t).DB)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d migrations, %d rollbacks checked in %s; %d findings", r.Migrations, r.Checked,
		time.Since(start).Round(time.Millisecond), len(r.Findings))
	// kratos's down sections are those of its fizz files, whose
	// granularity differs: many undo the next migration rather than their
	// own, and many are empty. All 346 ups apply, so verification runs to
	// the end.
	if r.Migrations != 346 || r.StoppedAt != "" {
		t.Fatalf("verification did not run to the end: %+v", r)
	}
	goldenFindings(t, "kratos-postgres", r)
}

// crates.io's down sections that are broken upstream (see the corpus
// README) are reported with the reason.
func TestVerifyCratesio(t *testing.T) {
	if testing.Short() {
		t.Skip("long")
	}
	fsys := cratesioFS(t)
	live := testdb.Postgres(t)
	m, err := strata.New(live.DB, strata.Postgres, fsys, strata.WithTables("strata_migrations", "strata_locks"))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	r, err := m.Verify(context.Background(), testdb.Postgres(t).DB)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d migrations, %d rollbacks checked in %s; %d findings:\n%s", r.Migrations, r.Checked,
		time.Since(start).Round(time.Millisecond), len(r.Findings), findingLines(r.Findings))
	broken := map[string]string{
		// Its up section made an index, its down section drops a
		// constraint of that name.
		"202410251128260000": `constraint "versions_crate_id_num_no_build_uindex" of relation "versions" does not exist (42704)`,
		// A statement without its ";" runs into the next.
		"201703181814410000": `syntax error at or near "ALTER" (42601)`,
		// CREATE INDEX CONCURRENTLY in a down section that runs in a
		// transaction.
		"202404121445360000": `CREATE INDEX CONCURRENTLY cannot run inside a transaction block`,
	}
	for _, f := range r.Findings {
		if f.Kind != strata.VerifyDownFailed {
			continue
		}
		reason, ok := broken[f.Version]
		if !ok {
			t.Errorf("unexpected down failure: %s %s", f.Version, f.Message)
			continue
		}
		if !strings.Contains(f.Message, reason) || !strings.Contains(f.Message, f.Version+"_") {
			t.Errorf("%s: reason not given: %s", f.Version, f.Message)
		}
		delete(broken, f.Version)
	}
	for v := range broken {
		t.Errorf("broken down section of %s not reported", v)
	}
	if r.Migrations != 285 || r.StoppedAt != "" {
		t.Fatalf("verification did not run to the end: %+v", r)
	}
	goldenFindings(t, "cratesio", r)
}
