package lint

import (
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/strata-db/strata/internal/sqlsplit"
)

// corpusDir is where the real-world migration sets live (see its
// README); tests that need them skip when it is absent.
const corpusDir = "../../../shared/corpus"

var corpora = []struct {
	dir     string
	dialect sqlsplit.Dialect
}{
	{"cratesio", sqlsplit.Postgres},
	{"kratos-postgres", sqlsplit.Postgres},
	{"kratos-mysql", sqlsplit.MySQL},
	{"kratos-sqlite3", sqlsplit.SQLite},
}

func corpusPath(t testing.TB, name string) string {
	t.Helper()
	dir := filepath.Join(corpusDir, name)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus %s not present: %v", dir, err)
	}
	return dir
}

// TestCorpus lints the real-world sets: no crash, no error from Run, and
// a count of findings per code in the log (go test -v) to read through.
func TestCorpus(t *testing.T) {
	for _, c := range corpora {
		t.Run(c.dir, func(t *testing.T) {
			dir := corpusPath(t, c.dir)
			rep, err := Run(Options{Dialect: c.dialect, Dir: dir})
			if err != nil {
				t.Fatal(err)
			}
			counts := map[string]int{}
			for _, d := range rep.Diagnostics {
				counts[d.Code]++
			}
			codes := make([]string, 0, len(counts))
			for c := range counts {
				codes = append(codes, c)
			}
			sort.Strings(codes)
			for _, code := range codes {
				t.Logf("%-6s %d", code, counts[code])
			}
			if os.Getenv("LINT_CORPUS_DUMP") != "" {
				rep.WriteText(os.Stdout)
			}
		})
	}
}
