package sqlsplit

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/strata-db/strata/internal/corpus"
	pgquery "github.com/wasilibs/go-pgquery"
)

// section is the up or down part of a corpus file.
type section struct {
	name   string // file and "up"/"down", for messages
	src    string
	origin Position
}

// corpusSections reads every file of a corpus folder and cuts it at the
// "-- strata:down" line. It is deliberately simpler than package source:
// the corpus files have no other markers that matter here.
func corpusSections(tb testing.TB, folder string) []section {
	tb.Helper()
	// Real migration histories (see the corpus README); skipped when absent.
	dir := corpus.Dir(tb, folder)
	files, err := filepath.Glob(filepath.Join(dir, "*.sql"))
	if err != nil {
		tb.Fatal(err)
	}
	if len(files) == 0 {
		tb.Skipf("corpus %s not found", dir)
	}
	var out []section
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		src := string(b)
		base := filepath.Base(f)
		up, down := src, ""
		downOrigin := Position{}
		for off, line := 0, 1; off < len(src); line++ {
			end := strings.IndexByte(src[off:], '\n')
			next := len(src)
			if end >= 0 {
				next = off + end + 1
			}
			if strings.TrimRight(src[off:next], " \t\r\n") == "-- strata:down" {
				up, down = src[:off], src[next:]
				downOrigin = Position{Offset: next, Line: line + 1, Column: 1}
				break
			}
			off = next
		}
		out = append(out, section{base + " up", up, Position{Line: 1, Column: 1}})
		if downOrigin.Line > 0 {
			out = append(out, section{base + " down", down, downOrigin})
		}
	}
	return out
}

// TestCorpusPostgres checks the splitter against PostgreSQL's own parser:
// every statement must be exactly one statement to the parser, and a
// section the parser accepts must split into as many statements as the
// parser finds in it.
func TestCorpusPostgres(t *testing.T) {
	for _, folder := range []string{"kratos-postgres", "cratesio"} {
		t.Run(folder, func(t *testing.T) {
			var nstmts, broken int
			for _, sec := range corpusSections(t, folder) {
				stmts, err := Split(Postgres, sec.src, sec.origin)
				if err != nil {
					t.Errorf("%s: %v", sec.name, err)
					continue
				}
				checkInvariants(t, sec.src, sec.origin, stmts)
				nstmts += len(stmts)
				whole, _, _, wholeErr := parse(sec.src)
				for _, s := range stmts {
					if err := checkParses(t, sec.name, s); err != nil {
						// Only acceptable when the file itself is broken
						// upstream (the corpus README names some).
						if wholeErr == nil {
							t.Errorf("%s line %d: the section parses but this statement does not (%v):\n%s", sec.name, s.Start.Line, err, s.Text)
						}
						broken++
						t.Logf("%s line %d: does not parse, nor does its section: %v", sec.name, s.Start.Line, err)
					}
				}
				if wholeErr == nil && whole != len(stmts) {
					t.Errorf("%s: %d statements, the parser finds %d", sec.name, len(stmts), whole)
				}
			}
			t.Logf("%d statements, %d in sections the parser rejects", nstmts, broken)
		})
	}
}

// parse runs PostgreSQL's parser over text. It returns the number of
// statements it finds and, when the first one's parse tree says it
// directly, whether that statement cannot run in a transaction.
func parse(text string) (n int, known, needs bool, err error) {
	tree, err := pgquery.Parse(text)
	if err != nil || len(tree.GetStmts()) == 0 {
		return 0, false, false, err
	}
	node := tree.GetStmts()[0].GetStmt()
	known = true
	switch {
	case node.GetIndexStmt() != nil:
		needs = node.GetIndexStmt().GetConcurrent()
	case node.GetDropStmt() != nil:
		needs = node.GetDropStmt().GetConcurrent()
	case node.GetVacuumStmt() != nil:
		needs = node.GetVacuumStmt().GetIsVacuumcmd()
	case node.GetAlterTableStmt() != nil:
		for _, c := range node.GetAlterTableStmt().GetCmds() {
			needs = needs || c.GetAlterTableCmd().GetDef().GetPartitionCmd().GetConcurrent()
		}
	case node.GetCreatedbStmt() != nil, node.GetDropdbStmt() != nil, node.GetAlterSystemStmt() != nil,
		node.GetCreateTableSpaceStmt() != nil, node.GetDropTableSpaceStmt() != nil,
		node.GetCreateSubscriptionStmt() != nil, node.GetDropSubscriptionStmt() != nil:
		needs = true
	default:
		known = false
	}
	return len(tree.GetStmts()), known, needs, nil
}

// checkParses checks s with the parser: exactly one statement, and
// NoTransaction set exactly when the parse tree says so (for the kinds
// parse knows).
func checkParses(t *testing.T, where string, s Statement) error {
	t.Helper()
	n, known, needs, err := parse(s.Text)
	if err != nil {
		return err
	}
	if n != 1 {
		t.Errorf("%s line %d: the parser sees %d statements in:\n%s", where, s.Start.Line, n, s.Text)
	}
	if known && (s.NoTransaction != "") != needs {
		t.Errorf("%s line %d: NoTransaction %q, but to the parser needs-no-transaction is %v:\n%s",
			where, s.Start.Line, s.NoTransaction, needs, s.Text)
	}
	tree, _ := pgquery.Parse(s.Text)
	node := tree.GetStmts()[0].GetStmt()
	const cursorOptHold = 0x20 // CURSOR_OPT_HOLD, parsenodes.h
	needsTx := node.GetLockStmt() != nil || node.GetDeclareCursorStmt() != nil && node.GetDeclareCursorStmt().GetOptions()&cursorOptHold == 0
	if needsTx != (s.NeedsTransaction != "") {
		t.Errorf("%s line %d: NeedsTransaction %q, but to the parser it is %v:\n%s", where, s.Start.Line, s.NeedsTransaction, needsTx, s.Text)
	}
	txn := node.GetTransactionStmt()
	if (txn != nil) != (s.Transaction != "") {
		t.Errorf("%s line %d: Transaction %q, but to the parser it is %v:\n%s", where, s.Start.Line, s.Transaction, txn, s.Text)
	}
	if txn != nil {
		k := txn.GetKind().String()
		savepoint := k == "TRANS_STMT_SAVEPOINT" || k == "TRANS_STMT_RELEASE" || k == "TRANS_STMT_ROLLBACK_TO"
		if savepoint != s.Savepoint {
			t.Errorf("%s line %d: Savepoint %v, but the parser says %v:\n%s", where, s.Start.Line, s.Savepoint, k, s.Text)
		}
	}
	return nil
}

// TestNoTransactionAgainstParser checks the testdata of statements that
// cannot run in a transaction or control one with the parser as well as
// with their golden files.
func TestNoTransactionAgainstParser(t *testing.T) {
	for _, name := range []string{"no_transaction.sql", "transaction.sql", "pg_dump.sql"} {
		b, err := os.ReadFile(filepath.Join("testdata", "postgres", name))
		if err != nil {
			t.Fatal(err)
		}
		stmts, err := Split(Postgres, string(b), Position{})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range stmts {
			if err := checkParses(t, name, s); err != nil {
				t.Errorf("%s line %d: %v", name, s.Start.Line, err)
			}
		}
	}
}

func TestCorpusMySQL(t *testing.T)  { corpusSplits(t, MySQL, "kratos-mysql") }
func TestCorpusSQLite(t *testing.T) { corpusSplits(t, SQLite, "kratos-sqlite3") }

func corpusSplits(t *testing.T, d Syntax, folder string) {
	var n int
	for _, sec := range corpusSections(t, folder) {
		stmts, err := Split(d, sec.src, sec.origin)
		if err != nil {
			t.Errorf("%s: %v", sec.name, err)
			continue
		}
		checkInvariants(t, sec.src, sec.origin, stmts)
		n += len(stmts)
	}
	t.Logf("%d statements", n)
}

// TestCorpusCounts pins the statement counts of a few files counted by
// hand (every ';' of the file ends a statement, except the three inside
// category_trees' $BODY$ function body).
func TestCorpusCounts(t *testing.T) {
	for _, c := range []struct {
		d          Syntax
		folder     string
		file       string
		up, down   int
		noTxAt     int // 1-based index of an up statement that needs no transaction, or 0
		noTxReason string
	}{
		{MySQL, "kratos-mysql", "20220512102703000000_missing_indices.sql", 55, 70, 0, ""},
		{MySQL, "kratos-mysql", "20241029102200000001_self_service.sql", 21, 21, 0, ""},
		{SQLite, "kratos-sqlite3", "20220512102703000000_missing_indices.sql", 55, 52, 0, ""},
		{Postgres, "cratesio", "201710081935120000_category_trees.sql", 9, 7, 0, ""},
		{Postgres, "cratesio", "202509220908050000_add_background_jobs_priority_id_index.sql", 1, 1, 1, "CREATE INDEX CONCURRENTLY"},
	} {
		t.Run(c.folder+"/"+c.file, func(t *testing.T) {
			var got []int
			var ups []Statement
			for _, sec := range corpusSections(t, c.folder) {
				if !strings.HasPrefix(sec.name, c.file+" ") {
					continue
				}
				stmts, err := Split(c.d, sec.src, sec.origin)
				if err != nil {
					t.Fatal(err)
				}
				if strings.HasSuffix(sec.name, " up") {
					ups = stmts
				}
				got = append(got, len(stmts))
			}
			if len(got) != 2 || got[0] != c.up || got[1] != c.down {
				t.Fatalf("up, down statement counts %v, want [%d %d]", got, c.up, c.down)
			}
			if c.noTxAt > 0 && ups[c.noTxAt-1].NoTransaction != c.noTxReason {
				t.Errorf("statement %d: NoTransaction %q, want %q", c.noTxAt, ups[c.noTxAt-1].NoTransaction, c.noTxReason)
			}
		})
	}
}

// BenchmarkSplitCratesio splits every section of the cratesio corpus.
func BenchmarkSplitCratesio(b *testing.B) {
	secs := corpusSections(b, "cratesio")
	var size int64
	for _, s := range secs {
		size += int64(len(s.src))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range secs {
			if _, err := Split(Postgres, s.src, s.origin); err != nil {
				b.Fatal(err)
			}
		}
	}
}
