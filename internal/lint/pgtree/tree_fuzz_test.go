package pgtree

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// FuzzPostgresTree feeds arbitrary SQL to PostgreSQL's parser and the
// reading of its trees (tree.go, nodes.go, translate.go): a statement the parser
// accepts must decode, and reading it into facts must not panic nor
// give an op without its definition. Run it with
// go test -fuzz FuzzPostgresTree ./internal/lint (about 7,000 inputs a
// second here: every one is a call into the WebAssembly parser).
func FuzzPostgresTree(f *testing.F) {
	for _, s := range []string{
		"CREATE TABLE IF NOT EXISTS s.t (id bigserial PRIMARY KEY, e varchar(255) NOT NULL DEFAULT 'x'::text, n int CHECK (n > 0 AND n IS NOT NULL), f int REFERENCES u(id) ON DELETE CASCADE)",
		"ALTER TABLE t ADD COLUMN x int DEFAULT random(), ALTER COLUMN y SET DEFAULT now(), ALTER COLUMN z TYPE text, DROP CONSTRAINT c CASCADE",
		"CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON t USING gin (lower(a) DESC, (b || c)) WHERE a IS NULL",
		"DROP TABLE IF EXISTS a, b.c CASCADE; DROP FUNCTION f(int); DROP TRIGGER tr ON t",
		"ALTER TABLE a RENAME COLUMN b TO c; ALTER INDEX i RENAME TO j; ALTER TABLE a SET SCHEMA s",
		"SET lock_timeout = 0; RESET ALL; BEGIN; COMMIT",
		"DO $$ BEGIN RAISE NOTICE 'x'; END $$",
		"CREATE TABLE t2 (LIKE t, EXCLUDE USING gist (r WITH &&), CHECK (a BETWEEN 1 AND 2 OR b NOT IN (1, 2)))",
		"INSERT INTO t SELECT * FROM u; UPDATE t SET a = 1; DELETE FROM t; COPY t FROM stdin",
		"CREATE TYPE e AS ENUM ('a'); CREATE DOMAIN d AS int; CREATE EXTENSION IF NOT EXISTS x",
		"SELECT 'é' +",
	} {
		f.Add(s)
	}
	p, err := getParser()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src string) {
		tree, err := p.parseJSON(src)
		if err != nil {
			var se *syntaxError
			if !errors.As(err, &se) {
				t.Fatalf("%q: %v", src, err)
			}
			return
		}
		var res ParseResult
		if err := json.Unmarshal(tree, &res); err != nil {
			t.Fatalf("%q: the tree does not decode: %v\n%s", src, err, tree)
		}
		for _, raw := range res.Stmts {
			s := fuzzStmt(src)
			translate(s, raw.Stmt)
			checkFuzzOps(t, s, src)
			walk(raw.Stmt, func(*Node) bool { return true })
		}
	})
}

// TestSplitNode checks the reading of {"Type": {…}} on the shapes the
// parser writes and on ones it never does.
func TestSplitNode(t *testing.T) {
	for _, tc := range []struct {
		in, typ, fields string
		ok              bool
	}{
		{`{"String":{"sval":"a"}}`, "String", `{"sval":"a"}`, true},
		{` { "A_Const" : {} } `, "A_Const", `{}`, true},
		{`{"String":"a"}`, "", "", false},
		{`{}`, "", "", false},
		{`[1]`, "", "", false},
		{`{"unterminated`, "", "", false},
		{`{"x"}`, "", "", false},
	} {
		typ, fields, ok := splitNode([]byte(tc.in))
		if typ != tc.typ || string(fields) != tc.fields || ok != tc.ok {
			t.Errorf("splitNode(%s) = %q, %q, %v; want %q, %q, %v", tc.in, typ, fields, ok, tc.typ, tc.fields, tc.ok)
		}
	}
}

// TestWalkPGOrder checks that walk visits nodes in the order the
// parser wrote them: volatileCall reports the first volatile function of
// a default, which must be the same one on every run.
func TestWalkPGOrder(t *testing.T) {
	p, err := getParser()
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Parse("SELECT coalesce(a, random()) + clock_timestamp() - gen_random_uuid()::text, (b)")
	if err != nil {
		t.Fatal(err)
	}
	want := "random(),clock_timestamp(),gen_random_uuid()|a,b"
	for range 20 {
		var calls, cols []string
		walk(res.Stmts[0].Stmt, func(n *Node) bool {
			if f := nodeAs[FuncCall](n); f != nil {
				calls = append(calls, strs(f.Funcname)[0]+"()")
			}
			if c := nodeAs[ColumnRef](n); c != nil {
				cols = append(cols, strs(c.Fields)...)
			}
			return true
		})
		if got := strings.Join(calls, ",") + "|" + strings.Join(cols, ","); got != want {
			t.Fatalf("walk order %s, want %s", got, want)
		}
	}
}
