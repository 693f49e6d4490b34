package strata

import (
	"fmt"
	"slices"
	"strings"

	"github.com/strata-db/strata/internal/dialect"
	"github.com/strata-db/strata/internal/dialect/sqlite"
	"github.com/strata-db/strata/internal/sqlsplit"
)

// The guard on strata's own tables. A migration written for another tool's
// table of the same name (crates.io drops an old "schema_migrations") would
// silently destroy strata's history, and one that writes, renames or locks
// strata's tables would make its record lie. Reading them stays allowed.
//
// It reads the statement's tokens (sqlsplit.Tokens), so quotes, comments,
// qualified names and MySQL's executable comments are seen as the server
// sees them, and decides from where each mention of a tracking table
// stands: the table a statement creates, drops, alters, renames, truncates,
// writes or references with a foreign key, in any statement form of the
// three dialects, also inside the bodies of routines, triggers and DO
// blocks. Only statements that mention a tracking table's name at all are
// read: the check costs nothing on the hot path.

// trackedName is one of strata's tables as migrations may name it.
type trackedName struct {
	table  string // the table's own name, lower-case
	schema string // the configured schema or database, lower-case; "" when none is configured
	// home is the schema or database an unqualified name resolved to
	// when strata's session opened ("" before): DROP SCHEMA of it drops
	// the table, but a qualified name is not compared with it, since the
	// plans before the session opened cannot know it either.
	home string
	full string // as configured, for messages
	// kind is "" for a table, or the kind of another of strata's objects
	// (PostgreSQL's id sequence and functions over the history): only
	// statements on an object of that kind (DROP SEQUENCE, CREATE OR
	// REPLACE FUNCTION) change it.
	kind string
}

// trackingNames lists strata's tables.
func (m *Migrator) trackingNames() []trackedName {
	home := m.store.Tables().Schema
	names := trackedNames(m.o.historyTable, m.o.lockTable, home, m.d.Name() == "postgres")
	if m.name == SQLite {
		// The table of the tables' format is strata's too.
		f := sqlite.FormatTable(dialect.Tables{History: m.o.historyTable})
		names = append(names, trackedNames(f, f, home, false)[0])
	}
	return names
}

// trackedNames lists the tables of the names as configured, home being
// the schema of the session (dialect.Tables.Schema); on PostgreSQL (pg)
// also the history's id sequence (bigserial) and the functions strata
// creates beside it (internal/dialect/postgres).
func trackedNames(history, locks, home string, pg bool) []trackedName {
	var out []trackedName
	home = strings.ToLower(home)
	objects := []string{history, locks}
	kinds := []string{"", ""}
	if pg {
		schema := ""
		if i := strings.LastIndexByte(history, '.'); i >= 0 {
			schema = history[:i+1]
		}
		objects = append(objects, history+"_id_seq", schema+"get_migration_history", schema+"get_current_schema_version")
		kinds = append(kinds, "sequence", "function", "function")
	}
	for i, t := range objects {
		n := trackedName{table: strings.ToLower(t), home: home, full: t, kind: kinds[i]}
		if i := strings.LastIndexByte(t, '.'); i >= 0 {
			n.schema, n.table, n.home = strings.ToLower(t[:i]), strings.ToLower(t[i+1:]), ""
			if j := strings.LastIndexByte(n.schema, '.'); j >= 0 {
				n.schema = n.schema[j+1:]
			}
		}
		out = append(out, n)
	}
	return out
}

// checkTracking refuses statement i of s when it changes a tracking table.
func (m *Migrator) checkTracking(s *step, i int, names []trackedName) error {
	st := s.stmts[i]
	// A U&"…" name may spell the table's name with escapes.
	mentioned := m.d.Name() == "postgres" && containsFold(st.Text, "u&")
	for _, n := range names {
		mentioned = mentioned || containsFold(st.Text, n.table) || n.schema != "" && containsFold(st.Text, n.schema) ||
			n.home != "" && containsFold(st.Text, n.home)
	}
	if !mentioned {
		return nil
	}
	d := m.d.Splitter()
	n, what := touchedTable(d, sqlsplit.Tokens(d, st.Text), names)
	if n == nil {
		return nil
	}
	which := "one of strata's tracking tables"
	switch n.kind {
	case "sequence":
		which = "the sequence of the ids of strata's history"
	case "function":
		which = "one of the functions strata creates to read its history"
	}
	return refusal(s, i, ErrTouchesTracking,
		fmt.Sprintf("this statement %s %s, which is %s; it was probably written for another tool's object of the same name", what, n.full, which),
		"Try: give strata's tables other names (--history-table and --lock-table, history_table and lock_table in strata.toml, strata.WithTables in the library); to read them, a SELECT is fine")
}

// containsFold reports whether s contains sub, ignoring ASCII case,
// without allocating: the guard's first test, run on every statement.
func containsFold(s, sub string) bool {
	if sub == "" {
		return true
	}
	lo, up := sub[0]|0x20, sub[0]&^0x20
	if lo < 'a' || lo > 'z' {
		lo, up = sub[0], sub[0]
	}
	for i := 0; i+len(sub) <= len(s); i++ {
		c := s[i]
		if (c == lo || c == up) && strings.EqualFold(s[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}

// tableVerbs start statements that name nothing but the tables they
// change (MySQL's RENAME TABLE a TO b, c TO d; TRUNCATE a, b).
// MySQL's OPTIMIZE rebuilds a table under lock, REPAIR may drop rows it
// cannot read, and HANDLER … OPEN holds a lock on the table until the
// session ends; ANALYZE and CHECK only read.
var tableVerbs = map[string]string{"RENAME": "renames", "TRUNCATE": "truncates", "OPTIMIZE": "rebuilds", "REPAIR": "repairs",
	"HANDLER": "opens a handler (and a lock) on"}

// fillers may stand between a keyword and the table it governs: DROP TABLE
// IF EXISTS ONLY t, INSERT IGNORE INTO t, UPDATE OR REPLACE t, CREATE OR
// REPLACE TEMPORARY TABLE t, DELETE LOW_PRIORITY QUICK FROM t.
var fillers = map[string]bool{
	"TABLE": true, "TABLES": true, "TEMPORARY": true, "TEMP": true, "UNLOGGED": true, "GLOBAL": true, "LOCAL": true,
	"IF": true, "NOT": true, "EXISTS": true, "ONLY": true, "IGNORE": true, "LOW_PRIORITY": true, "DELAYED": true,
	"HIGH_PRIORITY": true, "QUICK": true, "OR": true, "ABORT": true, "FAIL": true, "ROLLBACK": true,
	"VIEW": true, "MATERIALIZED": true, "RECURSIVE": true,
}

// touchedTable returns the tracking table toks change and how ("drops"),
// or nil.
func touchedTable(d sqlsplit.Syntax, toks []sqlsplit.Token, names []trackedName) (*trackedName, string) {
	verb := ""             // the first word of the current statement (of a body's inner statement too)
	atStart := true        // the next word starts a statement
	updateTargets := false // between UPDATE and its SET: the tables an UPDATE writes
	deleteTargets := false // the tables a DELETE deletes from: DELETE a, b FROM …, DELETE FROM a, b USING …
	deleteNamed := false   // a name came between DELETE and FROM: MySQL's DELETE a, b FROM refs
	var deleteAliases []string
	deleteRefs := false // in the refs of DELETE a, b FROM refs, where a and b are tables or their aliases
	routine := false    // a DO block or a routine definition: its strings are code
	objKind := ""       // the kind of object a CREATE, ALTER or DROP names: "function", "sequence"
	for k := 0; k < len(toks); k++ {
		t := toks[k]
		if t.Kind == sqlsplit.String && (routine && d == sqlsplit.Postgres || k > 0 && (toks[k-1].Is("EXECUTE") || toks[k-1].Is("IMMEDIATE") ||
			verb == "PREPARE" && toks[k-1].Is("FROM") || userVarText(d, verb, toks[k-1]))) {
			// The body of a DO block or routine (PostgreSQL), or dynamic
			// SQL: its statements run as written there.
			if n, what := touchedTable(d, sqlsplit.Tokens(d, bodyText(t.Text)), names); n != nil {
				return n, what
			}
		}
		if n := setvalOf(d, toks, k, names); n != nil {
			return n, "resets"
		}
		switch {
		case t.Kind == sqlsplit.Punct && t.Text == ";":
			atStart, verb, updateTargets, deleteTargets, deleteRefs = true, "", false, false, false
			continue
		case t.Kind != sqlsplit.Word:
			if deleteTargets && t.Kind == sqlsplit.Ident {
				deleteNamed, deleteAliases = true, append(deleteAliases, t.Name())
			}
		case atStart && t.Is("BEGIN") && !(k+1 < len(toks) && (toks[k+1].Is("ATOMIC") || toks[k+1].Is("NOT"))):
			// A PL/pgSQL body's BEGIN: its first statement follows.
			continue
		case atStart:
			verb, atStart = strings.ToUpper(t.Text), false
			objKind = objectKind(toks, k)
			updateTargets, deleteTargets, deleteNamed, deleteRefs, deleteAliases = verb == "UPDATE", verb == "DELETE", false, false, nil
			routine = routine || verb == "DO"
		case deleteTargets && t.Is("FROM"):
			deleteTargets, deleteRefs = !deleteNamed, deleteNamed
			continue
		case (deleteTargets || deleteRefs) && (t.Is("USING") || t.Is("WHERE") || t.Is("ORDER") || t.Is("LIMIT") || t.Is("RETURNING")):
			deleteTargets, deleteRefs = false, false
			continue
		case deleteTargets && !fillers[strings.ToUpper(t.Text)]:
			deleteNamed, deleteAliases = true, append(deleteAliases, t.Name())
		case t.Is("BEGIN") || t.Is("THEN") || t.Is("ELSE") || t.Is("LOOP") || t.Is("REPEAT") || t.Is("DO") ||
			t.Is("ROW") && toks[k-1].Is("EACH"):
			// A body starts: its first word starts a statement (after
			// BEGIN ATOMIC, BEGIN NOT ATOMIC).
			atStart = !(k+1 < len(toks) && (toks[k+1].Is("ATOMIC") || toks[k+1].Is("NOT")))
			continue
		case t.Is("ATOMIC"):
			atStart = true
			continue
		case t.Is("SET"):
			updateTargets = false
		case t.Is("FUNCTION") || t.Is("PROCEDURE"):
			routine = routine || verb == "CREATE"
		}
		n, end, schema := mention(d, toks, k, names)
		if n == nil {
			continue
		}
		if n.kind != "" {
			if n.kind == objKind {
				return n, objectVerb(toks, k, verb)
			}
			k = end - 1
			continue
		}
		what := ""
		switch v, ok := tableVerbs[verb]; {
		case schema:
			return n, strings.ToLower(verb) + "s the schema of"
		case ok:
			return n, v
		case updateTargets:
			return n, "writes to"
		case deleteTargets:
			return n, "deletes from"
		case deleteRefs && slices.Contains(deleteAliases, aliasAt(toks, end, n.table)):
			return n, "deletes from"
		default:
			what = governing(toks, k, end, verb)
		}
		if what != "" {
			return n, what
		}
		k = end - 1
	}
	return nil, ""
}

// aliasAt is the alias of the table reference whose name ends before
// toks[end] (t AS a, t a), or table when it has none.
func aliasAt(toks []sqlsplit.Token, end int, table string) string {
	if end < len(toks) && toks[end].Is("AS") {
		end++
	}
	if end < len(toks) && (toks[end].Kind == sqlsplit.Ident || toks[end].Kind == sqlsplit.Word && !joinWords[strings.ToUpper(toks[end].Text)]) {
		return toks[end].Name()
	}
	return table
}

// joinWords may follow a table reference that has no alias.
var joinWords = map[string]bool{
	"JOIN": true, "INNER": true, "LEFT": true, "RIGHT": true, "CROSS": true, "NATURAL": true, "STRAIGHT_JOIN": true,
	"ON": true, "USING": true, "WHERE": true, "ORDER": true, "LIMIT": true, "FULL": true, "OUTER": true,
}

// bodyText is the content of a string token: $tag$…$tag$, '…', E'…'.
func bodyText(s string) string {
	if strings.HasPrefix(s, "$") {
		if i := strings.IndexByte(s[1:], '$'); i >= 0 {
			tag := s[:i+2]
			return strings.TrimSuffix(s[len(tag):], tag)
		}
		return ""
	}
	if s != "" && s[0] != '\'' && s[0] != '"' {
		s = s[1:] // E'…'
	}
	return sqlsplit.Unquote(s)
}

// mention reports whether the name starting at toks[k] (name,
// qualifier.name, …) is one of the tracking tables, or the schema holding
// one as the object of DROP/ALTER SCHEMA or DATABASE (schema), and where
// the name ends. A name followed by '.' qualifies another (t.col); a
// qualifier other than the configured one names another schema's table.
func mention(d sqlsplit.Syntax, toks []sqlsplit.Token, k int, names []trackedName) (n *trackedName, end int, schema bool) {
	isName := func(t sqlsplit.Token) bool {
		return t.Kind == sqlsplit.Word || t.Kind == sqlsplit.Ident || t.Kind == sqlsplit.String && d != sqlsplit.Postgres
	}
	end = k + 1
	if !isName(toks[k]) || k > 0 && toks[k-1].Kind == sqlsplit.Punct && toks[k-1].Text == "." {
		return nil, end, false
	}
	parts := []string{toks[k].Name()}
	for end+1 < len(toks) && toks[end].Kind == sqlsplit.Punct && toks[end].Text == "." && isName(toks[end+1]) {
		parts = append(parts, toks[end+1].Name())
		end += 2
	}
	last := parts[len(parts)-1]
	for i := range names {
		n := &names[i]
		switch {
		case last != n.table && !(len(parts) == 1 && (last == n.schema || last == n.home)):
		case len(parts) == 1 && last == n.table:
			// Unqualified: whatever the session's schema, the table may
			// be strata's (search_path, USE).
			return n, end, false
		case len(parts) == 1:
			if schemaObject(toks, k) {
				return n, end, true
			}
		case n.schema == "" || parts[len(parts)-2] == n.schema:
			return n, end, false
		}
	}
	return nil, end, false
}

// schemaObject reports whether the name at toks[k] is the object of
// DROP SCHEMA or DATABASE, or of ALTER SCHEMA … RENAME.
func schemaObject(toks []sqlsplit.Token, k int) bool {
	j := k - 1
	for j >= 0 && (toks[j].Is("IF") || toks[j].Is("EXISTS")) {
		j--
	}
	if j < 1 || !toks[j].Is("SCHEMA") && !toks[j].Is("DATABASE") {
		return false
	}
	// ALTER SCHEMA s OWNER TO r (pg_dump writes it) leaves the tables
	// where they are; RENAME moves them away from strata.
	return toks[j-1].Is("DROP") || toks[j-1].Is("ALTER") && k+1 < len(toks) && toks[k+1].Is("RENAME")
}

// governing finds the keyword that governs the table named at toks[k:end]
// by walking back over fillers and the other items of a list (DELETE a, b
// FROM …), and says what the statement does to the table, or "" when it
// only reads it.
func governing(toks []sqlsplit.Token, k, end int, verb string) string {
	punct := func(i int, p string) bool {
		return i >= 0 && i < len(toks) && toks[i].Kind == sqlsplit.Punct && toks[i].Text == p
	}
	for j := k - 1; j >= 0; j-- {
		t := toks[j]
		word := strings.ToUpper(t.Text)
		switch {
		case t.Kind == sqlsplit.Word && fillers[word]:
		case punct(j, ",") || punct(j, "."):
		case t.Kind == sqlsplit.Ident || t.Kind == sqlsplit.Word && (punct(j+1, ",") || punct(j+1, ".")):
			// another item of the list, or its qualifier
		case t.Is("INTO"), t.Is("UPDATE"):
			return "writes to"
		case t.Is("REPLACE") && j >= 2 && toks[j-1].Is("OR") && toks[j-2].Is("CREATE"):
			return "replaces"
		case t.Is("REPLACE"):
			return "writes to"
		case t.Is("DELETE"):
			return "deletes from"
		case t.Is("FROM"):
			// DELETE [LOW_PRIORITY] [QUICK] [IGNORE] FROM t
			for i := j - 1; i >= 0 && toks[i].Kind == sqlsplit.Word; i-- {
				if toks[i].Is("DELETE") {
					return "deletes from"
				}
				if !fillers[strings.ToUpper(toks[i].Text)] {
					break
				}
			}
			return ""
		case t.Is("REFERENCES"):
			return "adds a foreign key to"
		case t.Is("CREATE"):
			return "creates a table or view named"
		case t.Is("ALTER"):
			return "alters"
		case t.Is("DROP"):
			// DROP [TEMPORARY] TABLE a, b; not an index or a view of
			// the same name.
			for i := j + 1; i < k; i++ {
				if toks[i].Is("TABLE") || toks[i].Is("TABLES") {
					return "drops"
				}
			}
			return ""
		case t.Is("RENAME"), (t.Is("TO") || t.Is("AS")) && j > 0 && toks[j-1].Is("RENAME"):
			return "renames a table to" // ALTER TABLE a RENAME [TO | AS] t; not RENAME COLUMN a TO t
		case t.Is("ON") && verb == "CREATE", t.Is("TO") && verb == "CREATE":
			return "creates an index, trigger, rule or policy on"
		case t.Is("ON") && (verb == "ALTER" || verb == "DROP"):
			return "changes an index, trigger, rule or policy of"
		case t.Is("ON") && verb == "REVOKE":
			return "revokes rights on"
		case t.Is("WITH") && toks[j+1].Is("TABLE"):
			return "exchanges rows with" // ALTER TABLE a EXCHANGE PARTITION p WITH TABLE t
		case t.Is("INHERIT"):
			return "makes a table inherit from"
		case t.Is("PARTITION") && j > 0 && toks[j-1].Is("ATTACH"):
			return "attaches as a partition"
		case t.Is("COPY"):
			// COPY t [(columns)] FROM …, not TO
			for i := end; i < len(toks) && !punct(i, ";"); i++ {
				if toks[i].Is("FROM") {
					return "copies rows into"
				}
				if toks[i].Is("TO") {
					break
				}
			}
			return ""
		case punct(j, "(") && j > 0 && toks[j-1].Is("INHERITS"):
			return "makes a table inherit from"
		case tableVerbs[word] != "" && t.Kind == sqlsplit.Word:
			return tableVerbs[word]
		default:
			return ""
		}
	}
	return ""
}

// objectKind is the kind of object the statement starting at toks[k]
// creates, alters or drops, when it is one of strata's other objects'
// kinds: CREATE [OR REPLACE] FUNCTION, DROP SEQUENCE IF EXISTS, …
func objectKind(toks []sqlsplit.Token, k int) string {
	if !toks[k].Is("CREATE") && !toks[k].Is("ALTER") && !toks[k].Is("DROP") {
		return ""
	}
	for j := k + 1; j < len(toks) && toks[j].Kind == sqlsplit.Word; j++ {
		switch strings.ToUpper(toks[j].Text) {
		case "OR", "REPLACE", "TEMP", "TEMPORARY", "UNLOGGED":
		case "FUNCTION", "PROCEDURE", "ROUTINE":
			return "function"
		case "SEQUENCE":
			return "sequence"
		default:
			return ""
		}
	}
	return ""
}

// objectVerb says what the statement whose verb is verb does to the
// object named at toks[k].
func objectVerb(toks []sqlsplit.Token, k int, verb string) string {
	switch verb {
	case "DROP":
		return "drops"
	case "ALTER":
		return "alters"
	}
	for j := k - 1; j >= 0 && toks[j].Kind == sqlsplit.Word; j-- {
		if toks[j].Is("REPLACE") {
			return "replaces"
		}
	}
	return "creates"
}

// setvalOf returns strata's sequence when toks[k] is the name given to
// PostgreSQL's setval('name', …): a history id set back makes strata's
// next history row collide with an old one.
func setvalOf(d sqlsplit.Syntax, toks []sqlsplit.Token, k int, names []trackedName) *trackedName {
	if d != sqlsplit.Postgres || toks[k].Kind != sqlsplit.String || k < 2 || toks[k-1].Text != "(" || !toks[k-2].Is("SETVAL") {
		return nil
	}
	name := toks[k].Name()
	schema := ""
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		schema, name = strings.Trim(name[:i], `"`), name[i+1:]
	}
	name = strings.Trim(name, `"`)
	for i := range names {
		if n := &names[i]; n.kind == "sequence" && n.table == name && (schema == "" || n.schema == "" || n.schema == schema) {
			return n
		}
	}
	return nil
}

// userVarText reports a string that MySQL's SET assigns (SET @q = '…'):
// the text PREPARE s FROM @q runs later, which the guard can read only
// where it is written.
func userVarText(d sqlsplit.Syntax, verb string, prev sqlsplit.Token) bool {
	return d == sqlsplit.MySQL && verb == "SET" && prev.Kind == sqlsplit.Punct && prev.Text == "="
}
