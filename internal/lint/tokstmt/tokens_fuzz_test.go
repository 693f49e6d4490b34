package tokstmt

import (
	"strings"
	"testing"

	"github.com/strata-db/strata/internal/lint/facts"
	"github.com/strata-db/strata/internal/source"
	"github.com/strata-db/strata/internal/sqlsplit"
)

// FuzzTokens feeds arbitrary statements to the token-level reader of
// both dialects: it must never panic, its tokens must be slices of the
// input in order and never overlap, and reading the statement into facts
// must not panic either. The seed corpus is in testdata/fuzz/FuzzTokens;
// run it with go test -fuzz FuzzTokens ./internal/lint.
func FuzzTokens(f *testing.F) {
	for _, s := range []string{
		"CREATE TABLE IF NOT EXISTS `a` (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(255) DEFAULT 'x''y', KEY idx (name(10)))",
		"ALTER TABLE a ADD COLUMN b INT NULL AFTER id, DROP INDEX idx, ALGORITHM=INPLACE, LOCK=NONE",
		`CREATE TABLE "t" ([x] TEXT CHECK (x <> ''), y REAL DEFAULT -1.5e3, FOREIGN KEY (y) REFERENCES u(id) ON DELETE SET NULL)`,
		"INSERT INTO t VALUES (X'00ff', 0x1F, \"q\\\"s\", -- c\n 1) /*! 40101 SET x=1 */",
		"ALTER TABLE t RENAME a TO b",
		"DROP TABLE IF EXISTS a, b CASCADE",
		"CREATE UNIQUE INDEX i ON t (a DESC, b COLLATE nocase) WHERE a > 0",
		"'unterminated",
		"/* unterminated",
		"`",
		"[",
		`INSERT INTO p VALUES ('C:\'), ("D:\") -- NO_BACKSLASH_ESCAPES`,
		`CREATE TABLE "a\" ("b" VARCHAR(10) DEFAULT 'x\')`,
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, src string, mysql bool) {
		d := sqlsplit.SQLite
		if mysql {
			d = sqlsplit.MySQL
		}
		modes := []sqlsplit.SQLMode{{}}
		if mysql {
			// MySQL reads quotes differently under these sql_mode flags.
			modes = append(modes, sqlsplit.SQLMode{NoBackslashEscapes: true, ANSIQuotes: true})
		}
		for _, mode := range modes {
			end := 0
			for _, tok := range lexTokens(d, src, mode) {
				if tok.off < end || tok.off+len(tok.text) > len(src) || src[tok.off:tok.off+len(tok.text)] != tok.text || tok.text == "" {
					t.Fatalf("token %q at %d does not fit after offset %d", tok.text, tok.off, end)
				}
				end = tok.off + len(tok.text)
				_ = tok.name()
			}
			s := fuzzStmt(src)
			s.Mode = mode
			Read(d, s)
			checkFuzzOps(t, s, src)
			for _, o := range s.Ops {
				if strings.ContainsRune(o.Table, 0) && !strings.ContainsRune(src, 0) {
					t.Fatalf("table name %q not from the input", o.Table)
				}
			}
		}
	})
}

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
