package strata

import (
	"strings"

	"github.com/strata-db/strata/internal/sqlsplit"
)

// reachesOutside says how the statement toks (of dialect d) would act
// outside the scratch database g, or "" when it stays inside: a switch to
// another database, a name qualified with another database (MySQL), an
// object of the server (database, role, user, tablespace, server
// setting, replication, plugin), a grant that lives at server level, or
// another session (KILL, pg_terminate_backend). Statements inside
// routine bodies and dynamic SQL given as a literal are read too.
func reachesOutside(d sqlsplit.Syntax, toks []sqlsplit.Token, g *scratchGuard) string {
	if d == sqlsplit.SQLite {
		// The scratch database is in memory (memdb), ATTACHed files too.
		return ""
	}
	atStart, verb := true, ""
	for k, t := range toks {
		prev := sqlsplit.Token{}
		if k > 0 {
			prev = toks[k-1]
		}
		if t.Kind == sqlsplit.String && (d == sqlsplit.Postgres && strings.HasPrefix(t.Text, "$") ||
			prev.Is("EXECUTE") || prev.Is("IMMEDIATE") || verb == "PREPARE" && prev.Is("FROM") || prev.Is("AS") && d == sqlsplit.Postgres) {
			// A routine's or DO block's body, or dynamic SQL.
			if why := reachesOutside(d, sqlsplit.Tokens(d, bodyText(t.Text)), g); why != "" {
				return why
			}
		}
		switch {
		case t.Kind == sqlsplit.Punct && t.Text == ";":
			atStart, verb = true, ""
			continue
		case t.Kind == sqlsplit.Word && (t.Is("THEN") || t.Is("ELSE") || t.Is("LOOP") || t.Is("REPEAT") || t.Is("DO") ||
			t.Is("ATOMIC") || t.Is("ALSO") || t.Is("INSTEAD") || t.Is("ROW") && prev.Is("EACH") ||
			t.Is("BEGIN") && !(k+1 < len(toks) && (toks[k+1].Is("ATOMIC") || toks[k+1].Is("NOT")))):
			// A body starts: its first word starts a statement.
			atStart = true
			continue
		case atStart && t.Kind == sqlsplit.Word:
			atStart, verb = false, strings.ToUpper(t.Text)
			if why := outsideHead(d, toks[k:], g); why != "" {
				return why
			}
		}
		if why := outsideAnywhere(d, toks, k, verb, g); why != "" {
			return why
		}
	}
	return ""
}

// serverObjects are the objects of the whole server, not of a database:
// CREATE, ALTER and DROP of them act outside the scratch database.
var serverObjects = map[sqlsplit.Syntax]map[string]string{
	sqlsplit.Postgres: {"DATABASE": "a database", "ROLE": "a role", "USER": "a role", "GROUP": "a role",
		"TABLESPACE": "a tablespace", "SUBSCRIPTION": "a subscription (a connection to another database)"},
	sqlsplit.MySQL: {"DATABASE": "a database", "SCHEMA": "a database", "ROLE": "a role", "USER": "a user",
		"TABLESPACE": "a tablespace", "LOGFILE": "a log file group", "SERVER": "a server definition (mysql.servers)"},
}

// mysqlServerVerbs start MySQL statements that act on the server.
var mysqlServerVerbs = map[string]string{
	"GRANT":  "it changes privileges, which MySQL keeps for the whole server (mysql.*), even after the database is dropped",
	"REVOKE": "it changes privileges, which MySQL keeps for the whole server (mysql.*)", "KILL": "it ends another session or its query",
	"INSTALL": "it installs a plugin or component into the server", "UNINSTALL": "it removes a plugin or component from the server",
	"SHUTDOWN": "it stops the server", "RESTART": "it restarts the server", "PURGE": "it deletes the server's binary logs",
	"CHANGE": "it changes the server's replication", "RESET": "it resets server-wide state (replication, logs, caches)",
	"BINLOG": "it replays binary log events, which may act on any database",
}

// outsideHead reads a statement (or a body's inner statement) from its
// first word, toks[0].
func outsideHead(d sqlsplit.Syntax, toks []sqlsplit.Token, g *scratchGuard) string {
	word := func(i int) string {
		if i < len(toks) && toks[i].Kind == sqlsplit.Word {
			return strings.ToUpper(toks[i].Text)
		}
		return ""
	}
	verb, obj := word(0), word(1)
	if verb == "CREATE" && obj == "OR" { // CREATE OR REPLACE USER (MariaDB)
		obj = word(3)
	}
	switch verb {
	case "CREATE", "ALTER", "DROP", "RENAME":
		what, ok := serverObjects[d][obj]
		if obj == "USER" && word(2) == "MAPPING" || !ok {
			break
		}
		if d == sqlsplit.MySQL && verb == "ALTER" && (obj == "DATABASE" || obj == "SCHEMA") {
			// MySQL's ALTER DATABASE without a name is the current one.
			if len(toks) < 3 || toks[2].Kind == sqlsplit.Word && mysqlDatabaseOptions[word(2)] || toks[2].Name() == strings.ToLower(g.db) {
				break
			}
		}
		return strings.ToLower(verb) + " of " + what + ", an object of the whole server"
	}
	if d == sqlsplit.Postgres {
		return pgOutsideHead(toks, verb, obj, word)
	}
	switch {
	case verb == "USE" && len(toks) > 1 && toks[1].Name() != strings.ToLower(g.db):
		return "USE switches the session to database " + toks[1].Name()
	case mysqlServerVerbs[verb] != "":
		return mysqlServerVerbs[verb]
	case (verb == "START" || verb == "STOP") && (obj == "SLAVE" || obj == "REPLICA" || obj == "ALL" || obj == "GROUP_REPLICATION"):
		return "it starts or stops the server's replication"
	case verb == "SET" && (obj == "PASSWORD" || obj == "DEFAULT" && word(2) == "ROLE"):
		return "it changes a user account of the server"
	case verb == "FLUSH" && !(obj == "TABLE" || obj == "TABLES" || (obj == "LOCAL" || obj == "NO_WRITE_TO_BINLOG") && strings.HasPrefix(word(2), "TABLE")):
		return "FLUSH acts on the whole server (privileges, logs, caches)"
	case verb == "CREATE" && hasWord(toks, "SONAME"):
		return "it loads a function from a shared library into the server"
	}
	return ""
}

// mysqlDatabaseOptions may follow MySQL's ALTER DATABASE in place of a
// name.
var mysqlDatabaseOptions = map[string]bool{"DEFAULT": true, "CHARACTER": true, "CHARSET": true, "COLLATE": true,
	"ENCRYPTION": true, "READ": true, "COMMENT": true}

// pgOutsideHead is outsideHead's reading of PostgreSQL statements other
// than CREATE, ALTER and DROP of server objects.
func pgOutsideHead(toks []sqlsplit.Token, verb, obj string, word func(int) string) string {
	switch {
	case verb == "ALTER" && obj == "SYSTEM":
		return "ALTER SYSTEM changes the settings of the whole server"
	case verb == "REASSIGN":
		return "REASSIGN OWNED also changes the owner of databases and tablespaces of the whole server"
	case verb == "COMMENT" || verb == "SECURITY":
		for i := 1; i+1 < len(toks) && i < 6; i++ {
			if toks[i].Is("ON") {
				if _, ok := serverObjects[sqlsplit.Postgres][word(i+1)]; ok {
					return strings.ToLower(verb) + " on " + strings.ToLower(word(i+1)) + ", an object of the whole server"
				}
				break
			}
		}
	case verb == "GRANT" || verb == "REVOKE":
		for i := 1; i < len(toks) && !(toks[i].Kind == sqlsplit.Punct && toks[i].Text == ";"); i++ {
			if toks[i].Is("ON") {
				if o := word(i + 1); o == "DATABASE" || o == "TABLESPACE" || o == "PARAMETER" {
					return "it changes privileges on " + strings.ToLower(o) + ", an object of the whole server"
				}
				return ""
			}
		}
		return "it grants or revokes membership of a role, which is the same in every database of the server"
	case verb == "COPY" && (hasWord(toks, "PROGRAM") || copyToFile(toks)):
		return "COPY with a file or a program writes to the server's file system or runs a command there"
	}
	return ""
}

// copyToFile reports a COPY … TO 'file'.
func copyToFile(toks []sqlsplit.Token) bool {
	for i := 1; i+1 < len(toks); i++ {
		if toks[i].Is("TO") && toks[i+1].Kind == sqlsplit.String {
			return true
		}
	}
	return false
}

func hasWord(toks []sqlsplit.Token, kw string) bool {
	for _, t := range toks {
		if t.Kind == sqlsplit.Punct && t.Text == ";" {
			return false
		}
		if t.Is(kw) {
			return true
		}
	}
	return false
}

// pgServerFunctions act on the server or on other sessions and databases.
var pgServerFunctions = []string{"pg_terminate_backend", "pg_cancel_backend", "pg_reload_conf", "pg_rotate_logfile", "pg_promote",
	"pg_switch_wal", "pg_stat_reset_shared", "pg_file_", "lo_export", "dblink", "pg_create_physical_replication_slot",
	"pg_create_logical_replication_slot", "pg_drop_replication_slot", "pg_copy_", "pg_replication_origin_", "pg_log_standby_snapshot"}

// outsideAnywhere reads the token toks[k] wherever it stands in a
// statement whose first word is verb.
func outsideAnywhere(d sqlsplit.Syntax, toks []sqlsplit.Token, k int, verb string, g *scratchGuard) string {
	t := toks[k]
	next := func(i int) sqlsplit.Token {
		if k+i < len(toks) {
			return toks[k+i]
		}
		return sqlsplit.Token{}
	}
	dot := func(t sqlsplit.Token) bool { return t.Kind == sqlsplit.Punct && t.Text == "." }
	if d == sqlsplit.Postgres {
		if t.Kind == sqlsplit.Word && next(1).Kind == sqlsplit.Punct && next(1).Text == "(" {
			name := strings.ToLower(t.Text)
			for _, f := range pgServerFunctions {
				if name == f || strings.HasSuffix(f, "_") && strings.HasPrefix(name, f) || f == "dblink" && strings.HasPrefix(name, f) {
					return name + "() acts on the server, other sessions or other databases"
				}
			}
		}
		return ""
	}
	prevAt := k > 0 && toks[k-1].Kind == sqlsplit.Punct && toks[k-1].Text == "@"
	switch {
	case prevAt && (t.Is("GLOBAL") || t.Is("PERSIST") || t.Is("PERSIST_ONLY")) && dot(next(1)):
		return "it sets a global variable of the server"
	case verb == "SET" && !prevAt && (t.Is("GLOBAL") || t.Is("PERSIST") || t.Is("PERSIST_ONLY")):
		return "SET " + strings.ToUpper(t.Text) + " changes a setting of the whole server"
	case t.Is("INTO") && (next(1).Is("OUTFILE") || next(1).Is("DUMPFILE")):
		return "INTO " + strings.ToUpper(next(1).Text) + " writes a file on the server"
	case (t.Kind == sqlsplit.Word || t.Kind == sqlsplit.Ident) && !prevAt && !(k > 0 && dot(toks[k-1])) && dot(next(1)) &&
		(next(2).Kind == sqlsplit.Word || next(2).Kind == sqlsplit.Ident || next(2).Kind == sqlsplit.Punct && next(2).Text == "*") &&
		g.others[t.Name()]:
		return "it names " + t.Name() + "." + next(2).Name() + ", in database " + t.Name() + ", not in the scratch database"
	}
	return ""
}
