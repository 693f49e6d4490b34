package lint

import (
	"testing"

	"github.com/strata-db/strata/internal/corpus"
	"github.com/strata-db/strata/internal/sqlsplit"
)

// BenchmarkCratesio lints the crates.io set (285 PostgreSQL migrations):
// read, split, parse with the real parser, replay into the model, run
// every check. The parser's one-time start-up (compiling its WebAssembly)
// happens before the timer starts; TestCratesioTime measures a cold run.
func BenchmarkCratesio(b *testing.B) {
	dir := corpus.Dir(b, "cratesio")
	if _, err := Run(Options{Dialect: sqlsplit.Postgres, Dir: dir}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Run(Options{Dialect: sqlsplit.Postgres, Dir: dir}); err != nil {
			b.Fatal(err)
		}
	}
}
