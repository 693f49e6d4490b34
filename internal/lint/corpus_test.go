package lint

import (
	"fmt"
	"os"
	"sort"
	"testing"

	"github.com/strata-db/strata/internal/corpus"
	"github.com/strata-db/strata/internal/sqlsplit"
)

var corpora = []struct {
	dir     string
	dialect sqlsplit.Syntax
}{
	{"cratesio", sqlsplit.Postgres},
	{"kratos-postgres", sqlsplit.Postgres},
	{"kratos-mysql", sqlsplit.MySQL},
	{"kratos-sqlite3", sqlsplit.SQLite},
}

// TestCorpus lints the real-world sets: no crash, no error from Run, and
// a count of findings per code in the log (go test -v) to read through.
func TestCorpus(t *testing.T) {
	for _, c := range corpora {
		t.Run(c.dir, func(t *testing.T) {
			dir := corpus.Dir(t, c.dir)
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
				for _, d := range rep.Diagnostics {
					fmt.Println(d)
				}
			}
		})
	}
}
