package lint

import (
	"testing"

	"github.com/strata-db/strata/internal/source"
	"github.com/strata-db/strata/internal/sqlsplit"
)

// pgFuzzStmt is src as the only statement of an up section, for the fuzz
// tests that read statements into facts.
func pgFuzzStmt(src string) *stmt {
	m := &migration{Migration: &source.Migration{}}
	sec := &section{mig: m, src: &source.Section{}}
	m.up = sec
	return &stmt{Statement: sqlsplit.Statement{Text: src, Start: sqlsplit.Position{Line: 1, Column: 1}, End: len(src)}, sec: sec}
}

// pgCheckFuzzOps fails when an op of s lacks the definition its kind
// carries.
func pgCheckFuzzOps(t *testing.T, s *stmt, src string) {
	t.Helper()
	for _, o := range s.ops {
		if o.kind == opCreateTable && o.tbl == nil || o.kind == opAddColumn && o.col == nil ||
			o.kind == opAddConstraint && o.con == nil || o.kind == opCreateIndex && o.idx == nil {
			t.Fatalf("op %d without its definition for %q", o.kind, src)
		}
	}
}
