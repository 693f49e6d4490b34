package tokstmt

import (
	"strings"
	"testing"

	"github.com/strata-db/strata/internal/lint/facts"
	"github.com/strata-db/strata/internal/source"
	"github.com/strata-db/strata/internal/sqlsplit"
)

// describeOps renders a statement's kind and ops compactly for tests.
func describeOps(s *facts.Stmt) string {
	kinds := map[facts.StmtKind]string{facts.KindUnknown: "unknown", facts.KindDDL: "ddl", facts.KindDML: "dml", facts.KindQuery: "query",
		facts.KindSet: "set", facts.KindTxn: "txn", facts.KindProcedural: "procedural", facts.KindMaintenance: "maintenance"}
	ops := map[facts.OpKind]string{facts.OpCreateTable: "create-table", facts.OpDropTable: "drop-table", facts.OpRenameTable: "rename-table",
		facts.OpAddColumn: "add-column", facts.OpDropColumn: "drop-column", facts.OpRenameColumn: "rename-column", facts.OpSetDefault: "set-default",
		facts.OpDropDefault: "drop-default", facts.OpAddConstraint: "add-constraint", facts.OpDropConstraint: "drop-constraint",
		facts.OpCreateIndex: "create-index", facts.OpDropIndex: "drop-index", facts.OpRenameIndex: "rename-index", facts.OpCreateObject: "create",
		facts.OpDropObject: "drop", facts.OpTruncate: "truncate", facts.OpWrite: "write", facts.OpModifyColumn: "modify-column",
		facts.OpTableRebuild: "rebuild", facts.OpAlterTableOther: "alter-other", facts.OpTableCharset: "table-charset"}
	parts := []string{kinds[s.Kind]}
	for _, o := range s.Ops {
		d := ops[o.Kind]
		if o.Table != "" {
			d += " " + o.Table
		}
		switch {
		case o.Col != nil:
			d += " " + o.Col.Render()
			if o.Col.Null == facts.NullUnknown {
				d += " null?"
			}
			if !o.Col.DefKnown {
				d += " default?"
			}
		case o.Con != nil:
			d += " " + o.Con.Name + " " + o.Con.Render()
		case o.Idx != nil:
			d += " " + o.Idx.Render()
		case o.Tbl != nil:
			for _, c := range o.Tbl.Cols {
				d += " [" + c.Render() + "]"
			}
			for _, c := range o.Tbl.Cons {
				d += " [" + c.Render() + "]"
			}
			if o.Tbl.Incomplete {
				d += " incomplete"
			}
		case o.Name != "":
			d += " " + o.Name
		}
		if o.NewName != "" {
			d += " -> " + o.NewName
		}
		if o.IfExists {
			d += " (if)"
		}
		parts = append(parts, d)
	}
	if s.Algorithm != "" || s.Lock != "" {
		parts = append(parts, "algorithm="+s.Algorithm+" lock="+s.Lock)
	}
	return strings.Join(parts, "; ")
}

func readOne(d sqlsplit.Syntax, text string) *facts.Stmt {
	return readStatement(d, sqlsplit.Statement{Text: text, Start: sqlsplit.Position{Line: 1, Column: 1}, End: len(text)})
}

// readStatement reads one statement as sqlsplit returned it.
func readStatement(d sqlsplit.Syntax, st sqlsplit.Statement) *facts.Stmt {
	m := &facts.Migration{Migration: &source.Migration{}}
	sec := &facts.Section{Mig: m, Src: &source.Section{}}
	m.UpSection = sec
	if parts, err := sqlsplit.Split(d, st.Text, sqlsplit.Position{}); err == nil && len(parts) == 1 && parts[0].Text == st.Text && parts[0].Mode == st.Mode {
		st = parts[0] // with the splitter's marks
	}
	s := &facts.Stmt{Statement: st, Sec: sec}
	Read(d, s)
	return s
}

// TestTokenReader pins what the token-level reader makes of the
// statement shapes it knows, and that it leaves unknown what it does not.
func TestTokenReader(t *testing.T) {
	my, lite := sqlsplit.MySQL, sqlsplit.SQLite
	for _, tc := range []struct {
		d    sqlsplit.Syntax
		sql  string
		want string
	}{
		{my, "CREATE TABLE IF NOT EXISTS `t` (`id` int(11) NOT NULL AUTO_INCREMENT, `n` varchar(20) DEFAULT 'x', PRIMARY KEY (`id`), KEY `n` (`n`)) ENGINE=InnoDB",
			"ddl; create-table t [id int NOT NULL] [n varchar(20) DEFAULT 'x'] [PRIMARY KEY (id)] (if)"},
		{my, "CREATE TABLE t (u INT REFERENCES users(id), c TIMESTAMP)",
			"ddl; create-table t [u int] [c timestamp]"},
		{my, "ALTER TABLE t ADD COLUMN a INT NOT NULL DEFAULT '0' AFTER id, ADD INDEX a_idx (a), DROP FOREIGN KEY t_ibfk_1, ALGORITHM=INPLACE, LOCK=NONE",
			"ddl; add-column t a int NOT NULL DEFAULT 0; create-index t CREATE INDEX a_idx ON t (a); drop-constraint t t_ibfk_1; algorithm=INPLACE lock=NONE"},
		{my, "ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (u) REFERENCES users (id) ON DELETE SET NULL ON UPDATE CASCADE",
			"ddl; add-constraint t fk CONSTRAINT fk FOREIGN KEY (u) REFERENCES users(id) ON DELETE SET NULL ON UPDATE CASCADE"},
		{my, "ALTER TABLE t MODIFY COLUMN n TEXT NULL, CHANGE old new BIGINT, RENAME COLUMN a TO b, RENAME TO t2",
			"ddl; modify-column t n text -> n; modify-column t new bigint -> new; rename-column t a -> b; rename-table t -> t2"},
		{my, "ALTER TABLE t CONVERT TO CHARACTER SET utf8mb4, ENGINE=InnoDB",
			"ddl; rebuild t CONVERT TO CHARACTER SET -> utf8mb4; rebuild t ENGINE"},
		{my, "ALTER TABLE t DEFAULT CHARACTER SET = latin1, MODIFY c VARCHAR(10) CHARACTER SET utf8mb4", "ddl; table-charset t -> latin1; modify-column t c varchar(10) -> c"},
		{my, "ALTER TABLE t PARTITION BY HASH(id)", "ddl; alter-other t"},
		{my, "RENAME TABLE a TO b, c TO d", "ddl; rename-table a -> b; rename-table c -> d"},
		{my, "DROP INDEX i ON t", "ddl; drop-index t i"},
		{my, "INSERT IGNORE INTO `t` (a) VALUES (1)", "dml; write t"},
		{my, "SET FOREIGN_KEY_CHECKS = 0", "set"},
		{my, "/*!40101 SET NAMES utf8 */", "set"},
		{my, "CREATE DEFINER=`root`@`%` TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1",
			"ddl; create t tr"},
		{lite, `CREATE TABLE "t" ("id" TEXT PRIMARY KEY, [n] INTEGER NOT NULL DEFAULT -1, u TEXT REFERENCES users(id) ON DELETE CASCADE, CHECK (n >= -1))`,
			"ddl; create-table t [id text] [n integer NOT NULL DEFAULT -1] [u text] [PRIMARY KEY (id)] [FOREIGN KEY (u) REFERENCES users(id) ON DELETE CASCADE] [CHECK (n >= -1)]"},
		{lite, "ALTER TABLE t ADD COLUMN a TEXT NOT NULL DEFAULT ''", "ddl; add-column t a text NOT NULL DEFAULT ''"},
		{lite, "ALTER TABLE t RENAME a TO b", "ddl; rename-column t a -> b"},
		{lite, "ALTER TABLE t RENAME TO u", "ddl; rename-table t -> u"},
		{lite, "CREATE UNIQUE INDEX IF NOT EXISTS i ON t (a, b DESC) WHERE a IS NOT NULL",
			"ddl; create-index t CREATE UNIQUE INDEX i ON t (a, b DESC) WHERE a is not null (if)"},
		{lite, "CREATE VIRTUAL TABLE f USING fts5(body)", "ddl; create-table f incomplete"},
		{lite, "CREATE TABLE t AS SELECT * FROM u", "ddl; create-table t incomplete"},
		// Any words make a SQLite type name.
		{lite, "CREATE TABLE t (a INT GENERATED ALWAYS AS (b + 1) STORED, c INT WEIRD)",
			"ddl; create-table t [a int] [c int weird]"},
		{lite, "PRAGMA foreign_keys = OFF", "set"},
		{lite, "BEGIN TRANSACTION", "txn"},
		{my, "START TRANSACTION", "txn"},
		{my, "START SLAVE", "unknown"},
		{my, "BEGIN NOT ATOMIC SELECT 1; END", "procedural"},
		{lite, "VACUUM", "maintenance"},
		{lite, "WITH x AS (SELECT 1) DELETE FROM t", "dml"},
		{lite, "FROBNICATE t", "unknown"},
	} {
		got := describeOps(readOne(tc.d, tc.sql))
		if got != tc.want {
			t.Errorf("%s\n got: %s\nwant: %s", tc.sql, got, tc.want)
		}
	}
}

// TestTokenReaderUnknowns checks that what the reader cannot read stays
// unknown instead of being guessed.
func TestTokenReaderUnknowns(t *testing.T) {
	s := readOne(sqlsplit.MySQL, "CREATE TABLE t (a INT COMMENT 'x' WEIRD NOT NULL, b INT)")
	a := s.Ops[0].Tbl.Cols[0]
	if a.Null != facts.NullUnknown || a.DefKnown {
		t.Errorf("a column with an unknown attribute should leave NULL and DEFAULT unknown: %+v", a)
	}
	s = readOne(sqlsplit.MySQL, "CREATE TABLE t (c TIMESTAMP)")
	if c := s.Ops[0].Tbl.Cols[0]; c.Null != facts.NullUnknown {
		t.Errorf("a MySQL TIMESTAMP's nullability depends on the server: %+v", c)
	}
}

// The reader reads quotes as the server will: with NO_BACKSLASH_ESCAPES
// (set in the section, or the session's) 'C:\' is a whole string, and with
// ANSI_QUOTES "t" is a name. The mode comes with each statement from the
// splitter.
func TestTokenReaderSQLMode(t *testing.T) {
	for _, tc := range []struct{ mode, src, want string }{
		{"", "SET sql_mode = 'NO_BACKSLASH_ESCAPES';\nCREATE TABLE t (a VARCHAR(10) DEFAULT 'C:\\', b INT);",
			`ddl; create-table t [a varchar(10) DEFAULT 'C:\'] [b int]`},
		{"NO_BACKSLASH_ESCAPES", "CREATE TABLE t (a VARCHAR(10) DEFAULT 'C:\\', b INT);",
			`ddl; create-table t [a varchar(10) DEFAULT 'C:\'] [b int]`},
		{"ANSI_QUOTES", `CREATE TABLE "t" ("a\" INT, b INT);`, `ddl; create-table t [a\ int] [b int]`},
	} {
		stmts, err := sqlsplit.SplitWith(sqlsplit.MySQL, tc.src, sqlsplit.Position{}, sqlsplit.Options{SQLMode: tc.mode})
		if err != nil {
			t.Fatalf("%s: %v", tc.src, err)
		}
		if got := describeOps(readStatement(sqlsplit.MySQL, stmts[len(stmts)-1])); got != tc.want {
			t.Errorf("%s\n got: %s\nwant: %s", tc.src, got, tc.want)
		}
	}
}
