package pgtree

import (
	"testing"

	"github.com/strata-db/strata/internal/lint/facts"
	"github.com/strata-db/strata/internal/source"
	"github.com/strata-db/strata/internal/sqlsplit"
)

// fuzzStmt is src as the only statement of an up section, for the fuzz
// tests that read statements into facts.
func fuzzStmt(src string) *facts.Stmt {
	m := &facts.Migration{Migration: &source.Migration{}}
	sec := &facts.Section{Mig: m, Src: &source.Section{}}
	m.UpSection = sec
	return &facts.Stmt{Statement: sqlsplit.Statement{Text: src, Start: sqlsplit.Position{Line: 1, Column: 1}, End: len(src)}, Sec: sec}
}

// checkFuzzOps fails when an op of s lacks the definition its kind
// carries.
func checkFuzzOps(t *testing.T, s *facts.Stmt, src string) {
	t.Helper()
	for _, o := range s.Ops {
		if o.Kind == facts.OpCreateTable && o.Tbl == nil || o.Kind == facts.OpAddColumn && o.Col == nil ||
			o.Kind == facts.OpAddConstraint && o.Con == nil || o.Kind == facts.OpCreateIndex && o.Idx == nil {
			t.Fatalf("op %d without its definition for %q", o.Kind, src)
		}
	}
}
