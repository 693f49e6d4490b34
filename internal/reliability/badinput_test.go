package reliability

// Bad input, nothing changed (item 5 of the reliability issue).
//
// Every case below is a migrations directory (and maybe a strata.toml, a
// flag or another URL) that strata must refuse. For each one the test
// checks the documented exit code (docs/exit-codes.md: 1 failure, 2 usage
// or configuration, 3 a check found problems), a message that names the file
// and line (or the setting), and that the database is exactly as it was:
// on SQLite the file's bytes, on PostgreSQL and MariaDB the tracking
// tables' rows plus a listing of the schema, every table's rows and the
// sequence/AUTO_INCREMENT counters, which move even when a transaction
// that wrote a row was rolled back.
//
// Before each case the database holds two applied migrations, so that the
// tracking tables exist and a mistake cannot hide behind "nothing was
// there to change". The latest of them has no down section, for the cases
// about rolling back.

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/strata-db/strata/internal/testdb"
)

// Dialect sets of a case.
const (
	onSQLite = 1 << iota
	onPostgres
	onMySQL
	onAll = onSQLite | onPostgres | onMySQL
)

var biBit = map[string]int{"sqlite": onSQLite, "postgres": onPostgres, "mysql": onMySQL}

// biBase is applied before every case. 002 has no down section on purpose.
var biBase = map[string]string{
	"001_base_one.sql": "CREATE TABLE base_one (id INTEGER PRIMARY KEY, v VARCHAR(20));\n" +
		"INSERT INTO base_one (id, v) VALUES (1, 'one');\n" +
		"-- strata:down\nDROP TABLE base_one;\n",
	"002_base_two.sql": "CREATE TABLE base_two (id INTEGER PRIMARY KEY);\n" +
		"INSERT INTO base_two (id) VALUES (7);\n",
}

// biSecret is the password of every URL the cases invent; it must never be
// printed.
const biSecret = "s3cret"

// biCase is one bad input.
type biCase struct {
	name  string
	on    int               // dialects to run on
	files map[string]string // added to (or replacing) the base files
	drop  []string          // base files left out of the directory
	// gen writes files a literal cannot comfortably hold.
	gen func(t *testing.T, dir string)
	// config is written to strata.toml in the working directory, where
	// strata reads it by default.
	config string
	args   []string // after --database URL --dir DIR
	// url replaces the test database's URL (unreachable servers, wrong
	// passwords, bad schemes); it may skip the case.
	url  func(t *testing.T, dbURL string) string
	code int
	want []string // fragments of the output, usually "file:line:"
}

// one is a directory of one added migration file.
func one(name, content string) map[string]string { return map[string]string{name: content} }

// utf16le encodes s as UTF-16 little-endian with a byte order mark, as
// Windows editors save "Unicode" files.
func utf16le(s string) string {
	var b strings.Builder
	b.WriteString("\xff\xfe")
	for _, u := range utf16.Encode([]rune(s)) {
		b.WriteByte(byte(u))
		b.WriteByte(byte(u >> 8))
	}
	return b.String()
}

func biCases() []biCase {
	up := []string{"up"}
	const rule = "<version>_<name>.sql" // quoted by every bad-name message
	cases := []biCase{
		// --- file names -------------------------------------------------
		{name: "name/upper_case", on: onSQLite, files: one("003_Add_Users.sql", "SELECT 1;\n"), args: up, code: 1,
			want: []string{"003_Add_Users.sql", rule}},
		{name: "name/hyphens", on: onSQLite, files: one("003-add-users.sql", "SELECT 1;\n"), args: up, code: 1,
			want: []string{"003-add-users.sql", rule}},
		{name: "name/no_version", on: onSQLite, files: one("add_users.sql", "SELECT 1;\n"), args: up, code: 1,
			want: []string{"add_users.sql", "version", rule}},
		{name: "name/no_name", on: onSQLite, files: one("003.sql", "SELECT 1;\n"), args: up, code: 1,
			want: []string{"003.sql", rule}},
		{name: "name/trailing_underscore", on: onSQLite, files: one("003_.sql", "SELECT 1;\n"), args: up, code: 1,
			want: []string{"003_.sql", rule}},
		{name: "name/double_underscore", on: onSQLite, files: one("003_add__users.sql", "SELECT 1;\n"), args: up, code: 1,
			want: []string{"003_add__users.sql", rule}},
		{name: "name/upper_case_extension", on: onSQLite, files: one("003_add_users.SQL", "SELECT 1;\n"), args: up, code: 1,
			want: []string{"003_add_users.SQL", ".sql"}},
		// A quote or a semicolon in a file name could only reach SQL if the
		// name were spliced into a statement; the naming rule keeps them
		// out before that question arises.
		{name: "name/quote", on: onAll, files: one("003_o'brien.sql", "SELECT 1;\n"), args: up, code: 1,
			want: []string{"003_o'brien.sql", rule}},
		{name: "name/semicolon", on: onAll, files: one("003_a;drop_table_keep.sql", "SELECT 1;\n"), args: up, code: 1,
			want: []string{"003_a;drop_table_keep.sql", rule}},
		{name: "name/non_ascii", on: onSQLite, files: one("003_über.sql", "SELECT 1;\n"), args: up, code: 1,
			want: []string{"003_über.sql", rule}},
		{name: "name/space", on: onSQLite, files: one("003_add users.sql", "SELECT 1;\n"), args: up, code: 1,
			want: []string{"003_add users.sql", rule}},
		{name: "name/duplicate_leading_zeros", on: onAll,
			files: map[string]string{"10_a.sql": "CREATE TABLE dup_a (id INTEGER);\n", "010_b.sql": "CREATE TABLE dup_b (id INTEGER);\n"},
			args:  up, code: 1, want: []string{"10_a.sql", "010_b.sql", "duplicate"}},
		{name: "name/duplicate_single_and_pair", on: onSQLite,
			files: map[string]string{"003_a.sql": "SELECT 1;\n", "3_a.up.sql": "SELECT 1;\n", "3_a.down.sql": "SELECT 1;\n"},
			args:  up, code: 1, want: []string{"003_a.sql", "3_a.up.sql", "duplicate"}},
		// 40 digits are a valid version (TestValidOddities); two of them
		// that differ only in leading zeros are one version twice.
		{name: "name/duplicate_40_digits", on: onAll,
			files: map[string]string{
				"1234567890123456789012345678901234567890_a.sql":    "CREATE TABLE dup_a (id INTEGER);\n",
				"0001234567890123456789012345678901234567890_b.sql": "CREATE TABLE dup_b (id INTEGER);\n"},
			args: up, code: 1, want: []string{"1234567890123456789012345678901234567890_a.sql", "0001234567890123456789012345678901234567890_b.sql", "duplicate"}},
		{name: "name/duplicate_of_applied", on: onAll, files: one("02_again.sql", "CREATE TABLE again (id INTEGER);\n"), args: up, code: 1,
			want: []string{"02_again.sql", "002_base_two.sql", "duplicate"}},
		{name: "name/down_without_up", on: onSQLite, files: one("003_x.down.sql", "DROP TABLE x;\n"), args: up, code: 1,
			want: []string{"003_x.down.sql", "003_x.up.sql"}},
		{name: "name/pair_names_differ", on: onSQLite,
			files: map[string]string{"003_a.up.sql": "CREATE TABLE a3 (id INTEGER);\n", "003_b.down.sql": "DROP TABLE a3;\n"},
			args:  up, code: 1, want: []string{"003_b.down.sql", "003_b.up.sql"}},

		// --- directives -------------------------------------------------
		{name: "directive/unknown_typo", on: onSQLite, files: one("003_x.sql", "-- strata:no-transactoin\nCREATE TABLE x3 (id INTEGER);\n"), args: up, code: 1,
			want: []string{"003_x.sql:1:", "no-transactoin", "did you mean"}},
		{name: "directive/unknown_word", on: onAll, files: one("003_x.sql", "CREATE TABLE x3 (id INTEGER);\n-- strata:rollback-if-needed\n"), args: up, code: 1,
			want: []string{"003_x.sql:2:", "rollback-if-needed"}},
		{name: "directive/no_space", on: onSQLite, files: one("003_x.sql", "CREATE TABLE x3 (id INTEGER);\n--strata:down\nDROP TABLE x3;\n"), args: up, code: 1,
			want: []string{"003_x.sql:2:", "malformed"}},
		{name: "directive/upper_case", on: onSQLite, files: one("003_x.sql", "CREATE TABLE x3 (id INTEGER);\n-- STRATA:down\nDROP TABLE x3;\n"), args: up, code: 1,
			want: []string{"003_x.sql:2:", "malformed"}},
		{name: "directive/empty_word", on: onSQLite, files: one("003_x.sql", "CREATE TABLE x3 (id INTEGER);\n\n-- strata:\n"), args: up, code: 1,
			want: []string{"003_x.sql:3:", "empty directive"}},
		{name: "directive/second_down", on: onSQLite, files: one("003_x.sql", "CREATE TABLE x3 (id INTEGER);\n-- strata:down\nDROP TABLE x3;\n-- strata:down\nSELECT 1;\n"), args: up, code: 1,
			want: []string{"003_x.sql:4:", "second -- strata:down"}},
		{name: "directive/up_after_content", on: onSQLite, files: one("003_x.sql", "CREATE TABLE x3 (id INTEGER);\n-- strata:up\n"), args: up, code: 1,
			want: []string{"003_x.sql:2:", "-- strata:up"}},
		{name: "directive/up_in_down_section", on: onSQLite, files: one("003_x.sql", "CREATE TABLE x3 (id INTEGER);\n-- strata:down\n-- strata:up\nDROP TABLE x3;\n"), args: up, code: 1,
			want: []string{"003_x.sql:3:", "down section"}},
		{name: "directive/up_with_argument", on: onSQLite, files: one("003_x.sql", "-- strata:up now\nCREATE TABLE x3 (id INTEGER);\n"), args: up, code: 1,
			want: []string{"003_x.sql:1:", "no arguments"}},
		{name: "directive/no_transaction_with_argument", on: onSQLite, files: one("003_x.sql", "-- strata:no-transaction please\nCREATE TABLE x3 (id INTEGER);\n"), args: up, code: 1,
			want: []string{"003_x.sql:1:", "no arguments"}},
		{name: "directive/timeout_missing", on: onSQLite, files: one("003_x.sql", "-- strata:timeout\nCREATE TABLE x3 (id INTEGER);\n"), args: up, code: 1,
			want: []string{"003_x.sql:1:", "duration"}},
		{name: "directive/timeout_not_a_duration", on: onAll, files: one("003_x.sql", "CREATE TABLE x3 (id INTEGER);\n-- strata:timeout soon\n"), args: up, code: 1,
			want: []string{"003_x.sql:2:", "soon"}},
		{name: "directive/timeout_zero", on: onSQLite, files: one("003_x.sql", "-- strata:timeout 0s\nCREATE TABLE x3 (id INTEGER);\n"), args: up, code: 1,
			want: []string{"003_x.sql:1:", "positive"}},
		{name: "directive/timeout_twice", on: onSQLite, files: one("003_x.sql", "-- strata:timeout 5s\n-- strata:timeout 10s\nCREATE TABLE x3 (id INTEGER);\n"), args: up, code: 1,
			want: []string{"003_x.sql:2:", "line 1"}},
		{name: "directive/lint_ignore_without_codes", on: onSQLite, files: one("003_x.sql", "-- strata:lint-ignore\nCREATE TABLE x3 (id INTEGER);\n"), args: up, code: 1,
			want: []string{"003_x.sql:1:", "lint-ignore"}},
		{name: "directive/lint_ignore_bad_code", on: onSQLite, files: one("003_x.sql", "-- strata:lint-ignore PG101;DROP\nCREATE TABLE x3 (id INTEGER);\n"), args: up, code: 1,
			want: []string{"003_x.sql:1:", "not a lint code"}},
		{name: "directive/down_marker_in_up_file", on: onSQLite,
			files: map[string]string{"003_x.up.sql": "CREATE TABLE x3 (id INTEGER);\n-- strata:down\nDROP TABLE x3;\n", "003_x.down.sql": "DROP TABLE x3;\n"},
			args:  up, code: 1, want: []string{"003_x.up.sql:2:", "misplaced"}},
		{name: "directive/up_marker_in_down_file", on: onSQLite,
			files: map[string]string{"003_x.up.sql": "CREATE TABLE x3 (id INTEGER);\n", "003_x.down.sql": "-- strata:up\nDROP TABLE x3;\n"},
			args:  up, code: 1, want: []string{"003_x.down.sql:1:", "misplaced"}},

		// --- encodings --------------------------------------------------
		{name: "encoding/latin1", on: onAll, files: one("003_x.sql", "CREATE TABLE x3 (id INTEGER);\n-- ok\n-- caf\xe9\n"), args: up, code: 1,
			want: []string{"003_x.sql:3:", "UTF-8"}},
		{name: "encoding/binary", on: onAll, files: one("003_x.sql", "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03CREATE\x00TABLE"), args: up, code: 1,
			want: []string{"003_x.sql", "binary"}},
		{name: "encoding/utf16", on: onSQLite, files: one("003_x.sql", utf16le("CREATE TABLE x3 (id INTEGER);\n")), args: up, code: 1,
			want: []string{"003_x.sql", "UTF-16"}},
		{name: "encoding/invalid_utf8_in_down_section", on: onSQLite, files: one("003_x.sql", "CREATE TABLE x3 (id INTEGER);\n-- strata:down\nDROP TABLE x3; -- \xff\xfe\n"), args: up, code: 1,
			want: []string{"003_x.sql:3:", "UTF-8"}},

		{name: "encoding/bom_then_bad_directive", on: onSQLite, files: one("003_x.sql", "\ufeff-- strata:no-transactoin\nCREATE TABLE x3 (id INTEGER);\n"), args: up, code: 1,
			want: []string{"003_x.sql:1:", "no-transactoin"}},
		// A file that cannot be read (a dangling symlink, as a checkout on
		// a system without symlinks leaves them) is named, not skipped.
		{name: "file/dangling_symlink", on: onSQLite, gen: func(t *testing.T, dir string) {
			if err := os.Symlink(filepath.Join(dir, "gone.sql"), filepath.Join(dir, "003_link.sql")); err != nil {
				t.Skip(err)
			}
		}, args: up, code: 1, want: []string{"003_link.sql"}},

		// --- lexical: what only the splitter can see ----------------------
		{name: "lex/unterminated_string", on: onAll, files: one("003_x.sql", "CREATE TABLE x3 (id INTEGER);\nINSERT INTO base_two (id) VALUES (8);\nCREATE TABLE y3 (v VARCHAR(9) DEFAULT 'abc);\n"), args: up, code: 1,
			want: []string{"003_x.sql:3:", "unterminated string"}},
		// Line numbers stay right with Windows and old Mac line endings.
		{name: "lex/unterminated_string_crlf", on: onAll, files: one("003_x.sql", "CREATE TABLE x3 (id INTEGER);\r\n\r\nSELECT 'x;\r\n"), args: up, code: 1,
			want: []string{"003_x.sql:3:", "unterminated string"}},
		{name: "lex/unterminated_string_cr", on: onSQLite, files: one("003_x.sql", "CREATE TABLE x3 (id INTEGER);\r\rSELECT 'x;\r"), args: up, code: 1,
			want: []string{"003_x.sql:3:", "unterminated string"}},
		// An applied migration's down section is read only when it is
		// needed, but validate checks it.
		{name: "lex/broken_down_section_validate", on: onAll,
			files: one("001_base_one.sql", strings.Replace(biBase["001_base_one.sql"], "DROP TABLE base_one;", "DROP TABLE 'base_one;", 1)),
			args:  []string{"validate"}, code: 3, want: []string{"001_base_one.sql:4", "unterminated"}},
		{name: "lex/unterminated_quoted_identifier", on: onSQLite | onPostgres, files: one("003_x.sql", "CREATE TABLE x3 (id INTEGER);\n\nCREATE TABLE \"y3 (id INTEGER);\n"), args: up, code: 1,
			want: []string{"003_x.sql:3:", "unterminated"}},
		{name: "lex/unterminated_double_quoted_string_mysql", on: onMySQL, files: one("003_x.sql", "CREATE TABLE x3 (id INTEGER);\n\nSELECT \"abc;\n"), args: up, code: 1,
			want: []string{"003_x.sql:3:", "unterminated"}},
		{name: "lex/unterminated_block_comment", on: onAll, files: one("003_x.sql", "CREATE TABLE x3 (id INTEGER);\n/* a comment\nthat never ends;\n"), args: up, code: 1,
			want: []string{"003_x.sql:2:", "unterminated /* comment"}},
		// PostgreSQL nests block comments: the inner */ closes only the
		// inner one.
		{name: "lex/unterminated_nested_comment", on: onPostgres, files: one("003_x.sql", "CREATE TABLE x3 (id INTEGER);\n/* outer /* inner */ still outer;\nCREATE TABLE y3 (id INTEGER);\n"), args: up, code: 1,
			want: []string{"003_x.sql:2:", "unterminated"}},
		{name: "lex/unterminated_dollar_body", on: onPostgres, files: one("003_x.sql", "CREATE TABLE x3 (id INTEGER);\nCREATE FUNCTION f3() RETURNS integer LANGUAGE sql AS $$\n  SELECT 1;\n"), args: up, code: 1,
			want: []string{"003_x.sql:2:", "dollar"}},
		// A directive line counts wherever it is (README), so a down marker
		// inside a function body cuts the body in two.
		{name: "lex/down_marker_inside_dollar_body", on: onPostgres,
			files: one("003_x.sql", "CREATE FUNCTION f3() RETURNS integer LANGUAGE plpgsql AS $$\nBEGIN\n-- strata:down\n  RETURN 1;\nEND $$;\n"),
			args:  up, code: 1, want: []string{"003_x.sql:1:", "dollar"}},
		{name: "lex/mismatched_dollar_tags", on: onPostgres, files: one("003_x.sql", "CREATE FUNCTION f3() RETURNS integer LANGUAGE sql AS $body$\n  SELECT 1;\n$bdy$;\n"), args: up, code: 1,
			want: []string{"003_x.sql:1:", "$body$"}},
		{name: "lex/unterminated_begin_atomic", on: onPostgres, files: one("003_x.sql", "CREATE TABLE x3 (id INTEGER);\nCREATE FUNCTION f3() RETURNS integer LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\n"), args: up, code: 1,
			want: []string{"003_x.sql:3:", "BEGIN ATOMIC"}},
		{name: "lex/unterminated_trigger_body", on: onSQLite, files: one("003_x.sql", "CREATE TABLE x3 (id INTEGER);\nCREATE TRIGGER tr3 AFTER INSERT ON base_two BEGIN\n  INSERT INTO x3 VALUES (1);\n"), args: up, code: 1,
			want: []string{"003_x.sql:2:", "trigger body"}},
		{name: "lex/unterminated_bracket_identifier", on: onSQLite, files: one("003_x.sql", "CREATE TABLE x3 (id INTEGER);\nSELECT [abc FROM x3;\n"), args: up, code: 1,
			want: []string{"003_x.sql:2:", "unterminated"}},
		{name: "lex/unterminated_backtick", on: onMySQL | onSQLite, files: one("003_x.sql", "CREATE TABLE x3 (id INTEGER);\nSELECT `abc FROM x3;\n"), args: up, code: 1,
			want: []string{"003_x.sql:2:", "unterminated"}},
		{name: "lex/begin_block_without_end", on: onMySQL, files: one("003_x.sql", "CREATE TABLE x3 (id INTEGER);\nCREATE PROCEDURE p3()\nBEGIN\n  SELECT 1;\n"), args: up, code: 1,
			want: []string{"003_x.sql:3:", "END"}},
		{name: "delimiter/without_argument", on: onMySQL, files: one("003_x.sql", "CREATE TABLE x3 (id INTEGER);\nDELIMITER\nSELECT 1;\n"), args: up, code: 1,
			want: []string{"003_x.sql:2:", "DELIMITER"}},
		{name: "delimiter/glued_semicolon", on: onMySQL, files: one("003_x.sql", "CREATE TABLE x3 (id INTEGER);\nDELIMITER;\nSELECT 1;\n"), args: up, code: 1,
			want: []string{"003_x.sql:2:", "DELIMITER"}},
		{name: "delimiter/backslash", on: onMySQL, files: one("003_x.sql", "CREATE TABLE x3 (id INTEGER);\nDELIMITER \\\\\nSELECT 1\\\\\n"), args: up, code: 1,
			want: []string{"003_x.sql:2:", "backslash"}},
		{name: "delimiter/unterminated_string_in_body", on: onMySQL,
			files: one("003_x.sql", "CREATE TABLE x3 (id INTEGER);\nDELIMITER //\nCREATE PROCEDURE p3()\nBEGIN\n  SELECT 'x;\nEND //\nDELIMITER ;\n"), args: up, code: 1,
			want: []string{"003_x.sql:5:", "unterminated string"}},
		{name: "meta/psql_connect", on: onAll, files: one("003_x.sql", "CREATE TABLE x3 (id INTEGER);\n\\connect other\nCREATE TABLE y3 (id INTEGER);\n"), args: up, code: 1,
			want: []string{"003_x.sql:2:", "\\connect"}},
		{name: "meta/psql_include", on: onPostgres | onSQLite, files: one("003_x.sql", "CREATE TABLE x3 (id INTEGER);\n\\i other.sql\n"), args: up, code: 1,
			want: []string{"003_x.sql:2:", "\\i"}},
		{name: "meta/psql_set", on: onPostgres, files: one("003_x.sql", "\\set ON_ERROR_STOP on\nCREATE TABLE x3 (id INTEGER);\n"), args: up, code: 1,
			want: []string{"003_x.sql:1:", "\\set"}},
		{name: "meta/mysql_go", on: onMySQL, files: one("003_x.sql", "CREATE TABLE x3 (id INTEGER)\n\\g\n"), args: up, code: 1,
			want: []string{"003_x.sql:2:", "\\g"}},

		// --- refused before anything runs ---------------------------------
		// (Hostile content, the statements that fight strata's own
		// bookkeeping, is in hostile_cases_test.go.)
		// One bad file among good ones: the good one must not be applied
		// either, since every problem is reported before anything runs.
		{name: "refuse/good_then_bad", on: onAll,
			files: map[string]string{"003_good.sql": "CREATE TABLE good3 (id INTEGER);\nINSERT INTO base_two (id) VALUES (3);\n",
				"004_bad.sql": "CREATE TABLE bad4 (v VARCHAR(9) DEFAULT 'x);\n"},
			args: up, code: 1, want: []string{"004_bad.sql:1:", "unterminated"}},
		{name: "refuse/concurrently_in_transaction", on: onPostgres, files: one("003_x.sql", "CREATE TABLE x3 (id INTEGER);\nCREATE INDEX CONCURRENTLY x3_id ON x3 (id);\n"), args: up, code: 1,
			want: []string{"003_x.sql:2:", "CONCURRENTLY", "no-transaction"}},
		{name: "refuse/vacuum_in_transaction", on: onSQLite | onPostgres, files: one("003_x.sql", "CREATE TABLE x3 (id INTEGER);\nVACUUM;\n"), args: up, code: 1,
			want: []string{"003_x.sql:2:", "VACUUM", "no-transaction"}},
		{name: "refuse/edited_applied_migration", on: onAll,
			files: one("002_base_two.sql", "CREATE TABLE base_two (id INTEGER PRIMARY KEY);\nINSERT INTO base_two (id) VALUES (8);\n"), args: up, code: 1,
			want: []string{"002_base_two.sql", "edited"}},
		{name: "refuse/out_of_order", on: onAll, files: one("000_zero.sql", "CREATE TABLE zero (id INTEGER);\n"), args: up, code: 1,
			want: []string{"000_zero.sql", "older"}},
		{name: "refuse/dry_run_bad_file", on: onSQLite, files: one("003_x.sql", "SELECT 'x;\n"), args: []string{"up", "--dry-run"}, code: 1,
			want: []string{"003_x.sql:1:", "unterminated"}},
		{name: "refuse/validate_bad_file", on: onAll, files: one("003_x.sql", "CREATE TABLE x3 (id INTEGER);\nSELECT 'x;\n"), args: []string{"validate"}, code: 3,
			want: []string{"003_x.sql:2", "unterminated"}},
		{name: "refuse/validate_bad_name", on: onSQLite, files: one("003_X.sql", "SELECT 1;\n"), args: []string{"validate"}, code: 3,
			want: []string{"003_X.sql", rule}},

		// --- a down where there is no down section --------------------------
		{name: "down/latest_has_no_down", on: onAll, args: []string{"down"}, code: 1,
			want: []string{"002_base_two.sql", "no down section"}},
		// 001 could be rolled back, 002 cannot: nothing may be rolled back.
		{name: "down/all_when_one_has_no_down", on: onAll, args: []string{"down", "--all"}, code: 1,
			want: []string{"002_base_two.sql", "no down section"}},
		{name: "down/to_zero_when_one_has_no_down", on: onSQLite, args: []string{"down", "--to", "0"}, code: 1,
			want: []string{"002_base_two.sql", "no down section"}},
		{name: "down/redo_without_down", on: onAll, args: []string{"redo"}, code: 1,
			want: []string{"002_base_two.sql", "no down section"}},
		{name: "down/steps_negative", on: onSQLite, args: []string{"down", "--steps", "-1"}, code: 2,
			want: []string{"--steps"}},

		// --- configuration and usage --------------------------------------
		{name: "config/toml_syntax", on: onSQLite, config: "lock_timeout = \"10s\"\nwarn_after = = \"5m\"\n", args: []string{"status"}, code: 2,
			want: []string{"strata.toml:2"}},
		{name: "config/unknown_key", on: onSQLite, config: "lock_timeout = \"10s\"\ndatabse = \"sqlite:x.db\"\n", args: []string{"status"}, code: 2,
			want: []string{"strata.toml:2", "databse", "did you mean database"}},
		{name: "config/unknown_key_in_env", on: onSQLite, config: "[env.prod]\ndir = \"m\"\nlock_timout = \"1s\"\n", args: []string{"status"}, code: 2,
			want: []string{"strata.toml:3", "lock_timout"}},
		{name: "config/wrong_type", on: onSQLite, config: "\nlock_timeout = 5\n", args: []string{"status"}, code: 2,
			want: []string{"strata.toml", "lock_timeout", "strata.toml:2|line 2"}},
		{name: "config/bad_duration", on: onSQLite, config: "dir = \".\"\nlock_timeout = \"soon\"\n", args: []string{"status"}, code: 2,
			want: []string{"strata.toml:2", "lock_timeout", "soon"}},
		{name: "config/unset_variable", on: onSQLite, config: "\nhistory_table = \"${STRATA_BADINPUT_UNSET}\"\n", args: []string{"status"}, code: 2,
			want: []string{"strata.toml:2", "STRATA_BADINPUT_UNSET"}},
		{name: "config/unterminated_variable", on: onSQLite, config: "lock_table = \"locks_${OOPS\"\n", args: []string{"status"}, code: 2,
			want: []string{"strata.toml:1", "lock_table"}},
		{name: "config/unknown_env", on: onSQLite, config: "[env.prod]\ndir = \".\"\n", args: []string{"--env", "staging", "status"}, code: 2,
			want: []string{"strata.toml", "staging"}},
		{name: "config/missing_file", on: onSQLite, args: []string{"--config", "no-such-strata.toml", "status"}, code: 2,
			want: []string{"no-such-strata.toml"}},
		{name: "config/same_table_names", on: onSQLite, config: "history_table = \"t\"\nlock_table = \"t\"\n", args: []string{"status"}, code: 2,
			want: []string{"different names"}},
		{name: "config/is_a_directory", on: onSQLite, gen: func(t *testing.T, dir string) {
			if err := os.Mkdir(filepath.Join(dir, "strata.toml"), 0o755); err != nil {
				t.Fatal(err)
			}
		}, args: []string{"status"}, code: 2, want: []string{"strata.toml"}},
		{name: "usage/negative_lock_timeout", on: onSQLite, args: []string{"--lock-timeout", "-5s", "up"}, code: 2, want: []string{"lock timeout"}},
		{name: "usage/negative_history_limit", on: onSQLite, args: []string{"history", "--limit", "-1"}, code: 2, want: []string{"--limit"}},
		{name: "usage/baseline_not_a_version", on: onSQLite, args: []string{"baseline", "--version", "abc"}, code: 2, want: []string{"abc"}},
		{name: "usage/baseline_without_version", on: onSQLite, args: []string{"baseline"}, code: 2, want: []string{"version"}},
		{name: "usage/new_bad_name", on: onSQLite, args: []string{"new", "Add Users!"}, code: 2, want: []string{"Add Users!"}},
		{name: "usage/empty_url", on: onSQLite, url: func(*testing.T, string) string { return "" }, args: []string{"status"}, code: 2,
			want: []string{"scheme"}},
		{name: "usage/sqlite_url_parameters", on: onSQLite, url: func(_ *testing.T, dbURL string) string { return dbURL + "?mode=ro" },
			args: []string{"up"}, code: 2, want: []string{"has parameters"}},
		{name: "usage/unknown_flag", on: onSQLite, args: []string{"up", "--dryrun"}, code: 2, want: []string{"--dryrun"}},
		{name: "usage/unknown_command", on: onSQLite, args: []string{"migrate"}, code: 2, want: []string{"migrate"}},
		{name: "usage/to_not_a_version", on: onSQLite, args: []string{"up", "--to", "v3"}, code: 2, want: []string{"v3"}},
		{name: "usage/bad_lock_timeout", on: onSQLite, args: []string{"--lock-timeout", "soon", "up"}, code: 2, want: []string{"soon"}},
		{name: "usage/missing_dir", on: onSQLite, args: []string{"--dir", "/nonexistent/strata-migrations", "up"}, code: 2,
			want: []string{"/nonexistent/strata-migrations"}},
		{name: "usage/dir_is_a_file", on: onSQLite, args: []string{"--dir", "001_base_one.sql", "up"}, code: 2,
			want: []string{"001_base_one.sql", "not a directory"}},
		{name: "usage/bad_scheme", on: onSQLite, url: func(*testing.T, string) string { return "oracle://u:" + biSecret + "@127.0.0.1/db" },
			args: []string{"status"}, code: 2, want: []string{"oracle"}},

		// --- the database itself ------------------------------------------
		{name: "connect/postgres_unreachable", on: onPostgres | onSQLite,
			url:  func(*testing.T, string) string { return "postgres://u:" + biSecret + "@127.0.0.1:1/db?sslmode=disable" },
			args: []string{"up"}, code: 1, want: []string{"127.0.0.1:1", "refused"}},
		{name: "connect/mysql_unreachable", on: onMySQL | onSQLite,
			url:  func(*testing.T, string) string { return "mysql://u:" + biSecret + "@127.0.0.1:1/db" },
			args: []string{"up"}, code: 1, want: []string{"127.0.0.1:1", "refused"}},
		// A file that is not an SQLite database is reported and left alone.
		{name: "connect/sqlite_not_a_database", on: onSQLite, url: func(t *testing.T, _ string) string {
			path := filepath.Join(t.TempDir(), "notes.db")
			const text = "these are my notes, not a database\n"
			if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				if b, _ := os.ReadFile(path); string(b) != text {
					t.Errorf("strata changed a file that is not a database: %q", b)
				}
			})
			return "sqlite:" + path
		}, args: []string{"up"}, code: 1, want: []string{"notes.db", "not a database"}},
		{name: "connect/sqlite_missing_directory", on: onSQLite, url: func(*testing.T, string) string { return "sqlite:/nonexistent/strata/x.db" },
			args: []string{"up"}, code: 1, want: []string{"/nonexistent/strata/x.db"}},
		{name: "connect/postgres_unknown_database", on: onPostgres, url: func(t *testing.T, dbURL string) string {
			u, _ := url.Parse(dbURL)
			u.Path = "/strata_no_such_database"
			return u.String()
		}, args: []string{"status"}, code: 1, want: []string{"strata_no_such_database"}},
		{name: "connect/mysql_wrong_password", on: onMySQL, url: biMySQLWrongPassword, args: []string{"up"}, code: 1,
			want: []string{"Access denied"}},
		{name: "connect/postgres_wrong_password", on: onPostgres, url: biPostgresWrongPassword, args: []string{"up"}, code: 1,
			want: []string{"password"}},
	}
	return cases
}

// biMySQLWrongPassword makes a user with a password that has every
// privilege on the case's database, and returns a URL of that user with a
// wrong password.
func biMySQLWrongPassword(t *testing.T, dbURL string) string {
	admin := biAdmin(t, "mysql")
	user := fmt.Sprintf("strata_bi_%d", time.Now().UnixNano()%1e9)
	u, _ := url.Parse(dbURL)
	db := strings.TrimPrefix(u.Path, "/")
	for _, q := range []string{
		"CREATE USER '" + user + "'@'%' IDENTIFIED BY 'right-" + biSecret + "'",
		"GRANT ALL ON `" + db + "`.* TO '" + user + "'@'%'",
	} {
		if _, err := admin.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { admin.Exec("DROP USER IF EXISTS '" + user + "'@'%'") })
	u.User = url.UserPassword(user, biSecret)
	return u.String()
}

// biPostgresWrongPassword does the same on PostgreSQL, or skips when the
// server does not check passwords (trust in pg_hba.conf, as on the
// development machine, where a wrong password cannot be told apart).
func biPostgresWrongPassword(t *testing.T, dbURL string) string {
	admin := biAdmin(t, "postgres")
	user := fmt.Sprintf("strata_bi_%d", time.Now().UnixNano()%1e9)
	if _, err := admin.Exec("CREATE ROLE " + user + " LOGIN PASSWORD 'right-" + biSecret + "'"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Exec("DROP ROLE IF EXISTS " + user) })
	u, _ := url.Parse(dbURL)
	u.User = url.UserPassword(user, biSecret)
	probe, err := sql.Open("pgx", u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer probe.Close()
	if probe.Ping() == nil {
		t.Skip("the PostgreSQL server accepts a wrong password (trust authentication in pg_hba.conf); the wrong-password case runs on MariaDB")
	}
	return u.String()
}

// biAdmin opens the server named by the test environment.
func biAdmin(t *testing.T, dialect string) *sql.DB {
	t.Helper()
	var db *sql.DB
	var err error
	switch dialect {
	case "postgres":
		db, err = sql.Open("pgx", os.Getenv(testdb.PostgresEnv))
	case "mysql":
		var dsn string
		if dsn, err = testdb.MySQLDSN(os.Getenv(testdb.MySQLEnv)); err == nil {
			db, err = sql.Open("mysql", dsn)
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// biWriteDir writes the base migrations, the case's files and its config
// into a new directory.
func biWriteDir(t *testing.T, c biCase) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{}
	for name, text := range biBase {
		if !slices.Contains(c.drop, name) {
			files[name] = text
		}
	}
	for name, text := range c.files {
		files[name] = text
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if c.gen != nil {
		c.gen(t, dir)
	}
	if c.config != "" {
		if err := os.WriteFile(filepath.Join(dir, "strata.toml"), []byte(c.config), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// biSetup applies the base migrations to db with the strata command.
func biSetup(t *testing.T, dbURL string) {
	t.Helper()
	dir := biWriteDir(t, biCase{})
	if r := strata(waitTimeout(2*time.Minute), dbURL, dir, "up"); r.code != 0 {
		t.Fatalf("applying the base migrations: %s", r)
	}
}

// biExec runs the case against dbURL.
func biExec(t *testing.T, c biCase, dbURL string) run {
	t.Helper()
	dir := biWriteDir(t, c)
	u := dbURL
	if c.url != nil {
		u = c.url(t, dbURL)
	}
	return strata(waitTimeout(2*time.Minute), u, dir, c.args...)
}

// biCheckOutput checks the exit code and the message.
func biCheckOutput(t *testing.T, c biCase, r run) {
	t.Helper()
	out := r.stdout + r.stderr
	if r.code != c.code {
		t.Errorf("exit code %d, want %d\n%s", r.code, c.code, r)
	}
	for _, w := range c.want {
		// "a|b" accepts either spelling.
		found := false
		for _, alt := range strings.Split(w, "|") {
			found = found || strings.Contains(out, alt)
		}
		if !found {
			t.Errorf("the output does not mention %q\n%s", w, r)
		}
	}
	if !strings.Contains(r.stderr, "error") {
		t.Errorf("no error on stderr\n%s", r)
	}
	if strings.Contains(out, "panic:") || strings.Contains(out, "goroutine ") {
		t.Errorf("strata crashed\n%s", r)
	}
	if strings.Contains(out, biSecret) {
		t.Errorf("the password %q is in the output\n%s", biSecret, r)
	}
}

// TestBadInput runs every case on SQLite and the database-relevant ones on
// PostgreSQL and MariaDB.
func TestBadInput(t *testing.T) {
	cases := biCases()
	if len(cases) < 40 {
		t.Fatalf("only %d cases; the issue asks for at least 40", len(cases))
	}
	seen := map[string]bool{}
	for _, c := range cases {
		if seen[c.name] {
			t.Fatalf("two cases named %s", c.name)
		}
		seen[c.name] = true
	}
	for _, d := range testdb.Dialects {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			if d == "sqlite" {
				biRunSQLite(t, cases)
			} else {
				biRunServer(t, d, cases)
			}
		})
	}
}

// biRunSQLite copies a prepared database file for every case, so the cases
// can run in parallel, and compares the file's bytes afterwards.
func biRunSQLite(t *testing.T, cases []biCase) {
	tmpl := filepath.Join(t.TempDir(), "template.db")
	biSetup(t, "sqlite:"+tmpl)
	want, err := os.ReadFile(tmpl)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		if c.on&onSQLite == 0 {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dbDir := t.TempDir()
			path := filepath.Join(dbDir, "case.db")
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			r := biExec(t, c, "sqlite:"+path)
			biCheckOutput(t, c, r)
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("the database file changed (%d bytes before, %d after); history now:\n%s", len(want), len(got), biSQLiteHistory(t, path))
			}
			// A journal or WAL file left behind would be a change too.
			ents, _ := os.ReadDir(dbDir)
			if len(ents) != 1 {
				var names []string
				for _, e := range ents {
					names = append(names, e.Name())
				}
				t.Errorf("files beside the database after the case: %v", names)
			}
		})
	}
}

// biSQLiteHistory shows the history rows of a changed SQLite file, to say
// what changed.
func biSQLiteHistory(t *testing.T, path string) string {
	db, err := sql.Open(testdb.SQLiteDriver, testdb.SQLiteDSN(path))
	if err != nil {
		return err.Error()
	}
	defer db.Close()
	return strings.Join(biRows(t, db, "SELECT id, version, filename, direction, success, error_line, error_message FROM schema_migrations ORDER BY id"), "\n")
}

// biRunServer runs the cases one after another on one database, comparing
// a snapshot before and after each. A case that changed the database gets
// a fresh one for the cases after it.
func biRunServer(t *testing.T, dialect string, cases []biCase) {
	parent := t
	fresh := func() *testdb.DB {
		db := testdb.Open(parent, dialect)
		biSetup(parent, db.URL)
		return db
	}
	db := fresh()
	for _, c := range cases {
		if c.on&biBit[dialect] == 0 {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			before := biSnapshot(t, db)
			r := biExec(t, c, db.URL)
			biCheckOutput(t, c, r)
			after := biSnapshot(t, db)
			if d := biDiff(before, after); d != "" {
				t.Errorf("the database changed:\n%s", d)
				db = fresh()
			}
		})
	}
}

// biDiff lists the lines only before and only after.
func biDiff(before, after []string) string {
	var b strings.Builder
	in := func(l []string, s string) bool { return slices.Contains(l, s) }
	for _, s := range before {
		if !in(after, s) {
			fmt.Fprintf(&b, "- %s\n", s)
		}
	}
	for _, s := range after {
		if !in(before, s) {
			fmt.Fprintf(&b, "+ %s\n", s)
		}
	}
	return b.String()
}

// biSnapshot lists everything a migration or strata could change: the
// objects of the schema with their definitions, every row of every table
// (the tracking tables included), and the counters behind serial and
// AUTO_INCREMENT columns.
func biSnapshot(t *testing.T, db *testdb.DB) []string {
	t.Helper()
	var out []string
	add := func(prefix string, lines []string) {
		for _, l := range lines {
			out = append(out, prefix+": "+l)
		}
	}
	switch db.Dialect {
	case "postgres":
		const user = `NOT IN ('pg_catalog', 'information_schema') AND %s NOT LIKE 'pg_toast%%'`
		add("relation", biRows(t, db.DB, `SELECT n.nspname, c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname `+fmt.Sprintf(user, "n.nspname")+` ORDER BY 1, 2`))
		add("column", biRows(t, db.DB, `SELECT table_schema, table_name, column_name, data_type, is_nullable, column_default
			FROM information_schema.columns WHERE table_schema `+fmt.Sprintf(user, "table_schema")+` ORDER BY 1, 2, ordinal_position`))
		add("index", biRows(t, db.DB, `SELECT schemaname, indexname, indexdef FROM pg_indexes WHERE schemaname `+fmt.Sprintf(user, "schemaname")+` ORDER BY 1, 2`))
		add("constraint", biRows(t, db.DB, `SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
			WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2`))
		add("function", biRows(t, db.DB, `SELECT n.nspname, p.proname, p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
			WHERE n.nspname `+fmt.Sprintf(user, "n.nspname")+` ORDER BY 1, 2`))
		add("sequence", biRows(t, db.DB, `SELECT schemaname, sequencename, last_value FROM pg_sequences ORDER BY 1, 2`))
		add("comment", biRows(t, db.DB, `SELECT objoid::regclass::text, description FROM pg_description
			WHERE classoid = 'pg_class'::regclass AND objoid IN (SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace) ORDER BY 1`))
		tables := biRows(t, db.DB, `SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE c.relkind IN ('r', 'p') AND n.nspname `+fmt.Sprintf(user, "n.nspname")+` ORDER BY 1`)
		for _, tbl := range tables {
			add("row "+tbl, biRows(t, db.DB, `SELECT x::text FROM `+tbl+` x ORDER BY 1`))
		}
	case "mysql":
		tables := biRows(t, db.DB, `SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1`)
		add("table", tables)
		for _, tt := range tables {
			name, typ, _ := strings.Cut(tt, " | ")
			q := "`" + strings.ReplaceAll(name, "`", "``") + "`"
			// SHOW CREATE TABLE carries the AUTO_INCREMENT counter.
			add("create "+name, biRows(t, db.DB, "SHOW CREATE TABLE "+q))
			if typ == "BASE TABLE" {
				rows := biRows(t, db.DB, "SELECT * FROM "+q)
				sort.Strings(rows)
				add("row "+name, rows)
			}
		}
		add("routine", biRows(t, db.DB, `SELECT ROUTINE_NAME, ROUTINE_TYPE, ROUTINE_DEFINITION FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() ORDER BY 1`))
		add("trigger", biRows(t, db.DB, `SELECT TRIGGER_NAME, ACTION_STATEMENT FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() ORDER BY 1`))
		add("event", biRows(t, db.DB, `SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE() ORDER BY 1`))
	default:
		t.Fatalf("biSnapshot: %s is compared by its bytes", db.Dialect)
	}
	if len(out) == 0 {
		t.Fatal("empty snapshot: the base migrations are missing")
	}
	return out
}

// biRows runs q and formats each row as its values joined by " | ".
func biRows(t *testing.T, db *sql.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := db.Query(q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		parts := make([]string, len(vals))
		for i, v := range vals {
			switch v := v.(type) {
			case nil:
				parts[i] = "NULL"
			case []byte:
				parts[i] = string(v)
			case time.Time:
				parts[i] = v.UTC().Format(time.RFC3339Nano)
			default:
				parts[i] = fmt.Sprint(v)
			}
		}
		out = append(out, strings.Join(parts, " | "))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestBadInputFreshDatabase: refused input on a database strata has never
// touched leaves it untouched too: no tracking tables, not even an SQLite
// file with tables in it. Reading commands must not create anything
// either (README: "Reading commands ... create nothing").
func TestBadInputFreshDatabase(t *testing.T) {
	files := map[string]string{
		"001_ok.sql":  "CREATE TABLE ok1 (id INTEGER);\n",
		"002_bad.sql": "CREATE TABLE bad2 (v VARCHAR(9) DEFAULT 'x);\n",
	}
	for _, d := range testdb.Dialects {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			db := testdb.Open(t, d)
			dir := t.TempDir()
			for name, text := range files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			ctx := waitTimeout(time.Minute)
			for _, args := range [][]string{{"up"}, {"up", "--dry-run"}, {"validate"}, {"status"}, {"history"}, {"down"}} {
				r := strata(ctx, db.URL, dir, args...)
				if strings.Contains(r.stdout+r.stderr, "panic:") {
					t.Errorf("strata %s crashed\n%s", strings.Join(args, " "), r)
				}
				want := map[string]int{"up": 1, "validate": 3}[args[0]]
				if len(args) > 1 {
					want = 1 // up --dry-run
				}
				if r.code != want {
					t.Errorf("strata %s: exit %d, want %d\n%s", strings.Join(args, " "), r.code, want, r)
				}
			}
			var tables []string
			switch d {
			case "postgres":
				tables = biRows(t, db.DB, "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace")
			case "mysql":
				tables = biRows(t, db.DB, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()")
			case "sqlite":
				if _, err := os.Stat(db.Name); err == nil {
					tables = biRows(t, db.DB, "SELECT name FROM sqlite_master")
				}
			}
			if len(tables) > 0 {
				t.Errorf("refused input left objects in a fresh database: %v", tables)
			}
		})
	}
}

// TestDownStepsZero: "down --steps 0" asks to roll back nothing. It must be
// refused as a usage error (the library's Steps says at least 1) or do
// nothing; rolling back the latest migration, as if --steps were not given,
// would be the worst reading of it.
func TestDownStepsZero(t *testing.T) {
	dir := writeMigrations(t, 2, simpleMigration)
	path := filepath.Join(t.TempDir(), "steps.db")
	if r := strata(waitTimeout(time.Minute), "sqlite:"+path, dir, "up"); r.code != 0 {
		t.Fatal(r)
	}
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := strata(waitTimeout(time.Minute), "sqlite:"+path, dir, "down", "--steps", "0")
	after, _ := os.ReadFile(path)
	if r.code != 2 {
		t.Errorf("down --steps 0: exit %d, want 2 (usage error)\n%s", r.code, r)
	}
	if !bytes.Equal(before, after) {
		t.Errorf("down --steps 0 changed the database: %s", r.stdout)
	}
}

// TestValidOddities: inputs that look odd but are valid must work: an
// empty file (zero statements) and versions far beyond 64 bits, which
// must compare as numbers (a 38-digit version before a 40-digit one,
// although "9…" sorts after "1…" as text) and round-trip exactly.
func TestValidOddities(t *testing.T) {
	const (
		v38 = "99999999999999999999999999999999999999"
		v40 = "1234567890123456789012345678901234567890"
	)
	files := map[string]string{
		"003_empty.sql":          "",
		v38 + "_big.sql":         "CREATE TABLE big38 (id INTEGER);\n-- strata:down\nDROP TABLE big38;\n",
		"00" + v40 + "_huge.sql": "CREATE TABLE huge40 (id INTEGER);\n-- strata:down\nDROP TABLE huge40;\n",
	}
	for _, d := range testdb.Dialects {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			db := testdb.Open(t, d)
			biSetup(t, db.URL)
			dir := biWriteDir(t, biCase{files: files})
			ctx := waitTimeout(2 * time.Minute)
			if r := strata(ctx, db.URL, dir, "up"); r.code != 0 {
				t.Fatalf("up: %s", r)
			}
			got := biRows(t, db.DB, "SELECT version, filename, statements_total FROM schema_migrations WHERE success = "+biTrue(d)+" AND direction = 'up' ORDER BY id")
			want := []string{"1 | 001_base_one.sql | 2", "2 | 002_base_two.sql | 2", "3 | 003_empty.sql | 0",
				v38 + " | " + v38 + "_big.sql | 1", v40 + " | 00" + v40 + "_huge.sql | 1"}
			if !slices.Equal(got, want) {
				t.Errorf("history rows (version | filename | statements_total):\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			r := strata(ctx, db.URL, dir, "--json", "status")
			if r.code != 0 || !strings.Contains(r.stdout, `"current_version": "`+v40+`"`) {
				t.Errorf("status: want current_version %s\n%s", v40, r)
			}
			// Rolling back goes from the 40-digit version to the 38-digit one.
			if r := strata(ctx, db.URL, dir, "down", "--steps", "2"); r.code != 0 {
				t.Fatalf("down: %s", r)
			}
			got = biRows(t, db.DB, "SELECT version FROM schema_migrations WHERE direction = 'down' ORDER BY id")
			if !slices.Equal(got, []string{v40, v38}) {
				t.Errorf("rolled back %v, want [%s %s]", got, v40, v38)
			}
			if tableExists(t, db, "huge40") || tableExists(t, db, "big38") {
				t.Error("the rolled back tables still exist")
			}
		})
	}
}

// biTrue is the literal the dialect stores a true boolean column as.
func biTrue(dialect string) string {
	if dialect == "postgres" {
		return "true"
	}
	return "1"
}

// Test50MB applies a 50 MB migration: one multi-row INSERT of about half a
// million rows, the shape of a data dump, after a CREATE TABLE. strata must
// not crash and must not take minutes; it applies the file, or fails
// clearly: exit 1, the file and line of the statement, and the reason in
// words (on MariaDB, whose max_allowed_packet is 16 MB by default, the
// reason is the packet size, not a vague lost connection).
func Test50MB(t *testing.T) {
	const size = 50 << 20
	var b strings.Builder
	b.Grow(size + 1024)
	b.WriteString("CREATE TABLE big (id INTEGER PRIMARY KEY, v VARCHAR(100));\nINSERT INTO big (id, v) VALUES\n")
	rows := 0
	pad := strings.Repeat("x", 80)
	for b.Len() < size {
		if rows > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, "(%d, '%s')", rows, pad)
		rows++
	}
	b.WriteString(";\n-- strata:down\nDROP TABLE big;\n")
	text := b.String()

	// 50 MB of comment is the cheap half: it stresses reading, checksums
	// and the splitter without the server.
	var c strings.Builder
	c.WriteString("CREATE TABLE big (id INTEGER);\n")
	line := "-- " + strings.Repeat("y", 96) + "\n"
	for c.Len() < size {
		c.WriteString(line)
	}
	comment := c.String()

	type variant struct {
		name, text string
		rows       int
		dialects   []string
	}
	for _, v := range []variant{
		{"insert", text, rows, testdb.Dialects},
		{"comment", comment, 0, []string{"sqlite"}},
	} {
		for _, d := range v.dialects {
			t.Run(v.name+"/"+d, func(t *testing.T) {
				t.Parallel()
				db := testdb.Open(t, d)
				dir := t.TempDir()
				if err := os.WriteFile(filepath.Join(dir, "001_big.sql"), []byte(v.text), 0o644); err != nil {
					t.Fatal(err)
				}
				ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
				defer cancel()
				start := time.Now()
				r := strata(ctx, db.URL, dir, "up")
				took := time.Since(start)
				t.Logf("%s on %s: %d bytes, exit %d after %s", v.name, d, len(v.text), r.code, took.Round(time.Millisecond))
				if took > 2*time.Minute {
					t.Errorf("took %s", took)
				}
				switch r.code {
				case 0:
					var n int
					if err := db.DB.QueryRow("SELECT count(*) FROM big").Scan(&n); err != nil {
						t.Fatal(err)
					}
					if n != v.rows {
						t.Errorf("%d rows in big, want %d", n, v.rows)
					}
					start = time.Now()
					if r := strata(ctx, db.URL, dir, "validate"); r.code != 0 {
						t.Errorf("validate after up: %s", r)
					}
					t.Logf("validate: %s", time.Since(start).Round(time.Millisecond))
				case 1:
					if !strings.Contains(r.stderr, "001_big.sql:2") {
						t.Errorf("the error does not name 001_big.sql:2\n%.2000s", r.stderr)
					}
					if !strings.Contains(strings.ToLower(r.stderr), "packet") {
						t.Errorf("the error does not say why (the statement is larger than the server accepts)\n%.2000s", r.stderr)
					}
				default:
					t.Errorf("exit %d\n%.2000s", r.code, r.stderr)
				}
			})
		}
	}
}
