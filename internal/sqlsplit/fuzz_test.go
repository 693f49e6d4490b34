package sqlsplit

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The fuzz targets check properties that hold for any input: no panic;
// on success the invariants of checkInvariants, and each statement split
// on its own is that same statement; on failure an *Error located inside
// the input. Seeds: testdata/fuzz/<target>/, the golden inputs, and the
// f.Add calls below.

func FuzzSplitPostgres(f *testing.F) {
	fuzzSplit(f, Postgres,
		"SELECT 1; SELECT 2",
		"SELECT $a$ $b$ ; $b$ $a$; SELECT E'it\\'s'; SELECT 'x''y'",
		"CREATE FUNCTION f() BEGIN ATOMIC SELECT CASE WHEN 1 THEN 2 END; END; SELECT 1",
		"/* a /* b */ c */ SELECT (1;2); SELECT U&\"x\"",
		"CREATE INDEX CONCURRENTLY i ON t (a);\r\nVACUUM\r",
		"SELECT $1, a$b$, $é$;$é$ -- c\n;",
		"\\connect x",
	)
}

func FuzzSplitMySQL(f *testing.F) {
	fuzzSplit(f, MySQL,
		"SELECT 1; SELECT 2",
		"DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; END$$\nDELIMITER ;\nSELECT 'a\\'b', \"c\", `d``e`",
		"CREATE PROCEDURE p() BEGIN l: LOOP IF a THEN LEAVE l; END IF; END LOOP; CASE x WHEN 1 THEN SELECT CASE WHEN 1 THEN 2 END; END CASE; END; SELECT 1",
		"BEGIN NOT ATOMIC REPEAT SELECT 1; UNTIL 1 END REPEAT; WHILE 0 DO SELECT 2; END WHILE; END;",
		"/*!40101 SET a=1 */; # c\nSELECT 1 --1;\n-- x\nSELECT \\N",
		"delimiter end\nSELECT backend\nDELIMITER ';' x\nSELECT 1",
		"CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW IF NEW.a THEN SET NEW.b = 1; END IF;",
		"SET sql_mode = 'NO_BACKSLASH_ESCAPES'; SELECT 'C:\\'; SET @@SESSION.sql_mode = ''; SELECT 'it\\'s'",
		"/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_BACKSLASH_ESCAPES' */;\nINSERT INTO t VALUES ('\\');\n/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;",
		"SET sql_mode = CONCAT(@@sql_mode, ',ANSI_QUOTES'); SELECT \"a\\\" FROM t; SET sql_mode = REPLACE(@@sql_mode, 'ANSI_QUOTES', '')",
		"SET LOCAL sql_mode := (SELECT CONCAT_WS(',', @m, 'ANSI'));SET @m = DEFAULT, sql_mode = @m",
	)
}

func FuzzSplitSQLite(f *testing.F) {
	fuzzSplit(f, SQLite,
		"SELECT 1; SELECT 2",
		"CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT CASE WHEN 1 THEN 2 END; END; VACUUM",
		"SELECT 'a''b', \"c\"\"d\", `e`, [f;g] -- x\n; /* y; */",
		"CREATE TEMP TRIGGER IF NOT EXISTS t BEFORE DELETE ON x WHEN 1 BEGIN DELETE FROM y; end",
	)
}

// fuzzOrigin is a non-trivial origin, so that the fuzzers exercise the
// translation of offsets, lines and columns into file positions.
var fuzzOrigin = Position{Offset: 7, Line: 3, Column: 5}

func fuzzSplit(f *testing.F, d Syntax, seeds ...string) {
	for _, s := range seeds {
		f.Add(s)
	}
	files, _ := filepath.Glob(filepath.Join("testdata", d.String(), "*.sql"))
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Fuzz(func(t *testing.T, src string) {
		fuzzOne(t, d, src, Options{})
		if d == MySQL {
			// The same input in a session whose mode turns both off.
			fuzzOne(t, d, src, Options{SQLMode: "NO_BACKSLASH_ESCAPES,ANSI_QUOTES"})
		}
	})
}

func fuzzOne(t *testing.T, d Syntax, src string, o Options) {
	{
		stmts, err := SplitWith(d, src, fuzzOrigin, o)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is a %T, not an *Error", err, err)
			}
			off := e.Pos.Offset - fuzzOrigin.Offset
			if off < 0 || off >= len(src) {
				t.Fatalf("error offset %d outside the input (%d bytes): %v", off, len(src), err)
			}
			if want := refPosition(src, fuzzOrigin, off); e.Pos != want {
				t.Fatalf("error at %+v, but offset %d is at %+v", e.Pos, off, want)
			}
			if e.Msg == "" || e.Hint == "" {
				t.Fatalf("error without message or hint: %+v", e)
			}
			if stmts != nil {
				t.Fatalf("statements returned with an error")
			}
			return
		}
		checkInvariants(t, src, fuzzOrigin, stmts)
		// A statement carries no state to the next one but MySQL's
		// sql_mode, so split alone in its mode it is itself. (Not so under
		// a MySQL DELIMITER, where it may hold ';'.)
		if d == MySQL && strings.Contains(strings.ToUpper(src), "DELIMITER") {
			return
		}
		for _, s := range stmts {
			if d == MySQL && strings.HasSuffix(s.Text, "--") {
				// "--" then a non-space is two minus signs; at the end of
				// the input it is a comment, to the client and the server.
				continue
			}
			again, err := SplitWith(d, s.Text, s.Start, Options{SQLMode: modeValue(s.Mode)})
			if err != nil || len(again) != 1 || again[0] != s {
				t.Fatalf("statement %q split alone gives %+v, %v", s.Text, again, err)
			}
		}
	}
}
