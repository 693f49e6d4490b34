package sqlsplit

import "strings"

// execOpener returns the length of the executable-comment opener at i
// ("/*!" for MySQL, "/*M!" for MariaDB, with the optional version number
// as in "/*!50003"), or 0. The mysql client sends those comments to the
// server, which runs their content.
func execOpener(src string, i int) int {
	j := i + 2
	if j < len(src) && src[j] == 'M' {
		j++
	}
	if j >= len(src) || src[j] != '!' {
		return 0
	}
	return span(src, j+1, digits) - i
}

// cutAtDelimiter shortens the word src[i:j] to end where the delimiter
// starts, when it starts inside it or overlaps its end: the mysql client
// looks for the delimiter at every byte, even inside a word ("DELIMITER
// end" makes "backend" end a statement).
func cutAtDelimiter(src string, i, j int, delim string) int {
	window := src[i:min(len(src), j+len(delim)-1)]
	if k := strings.Index(window, delim); k >= 0 && i+k < j {
		return i + k
	}
	return j
}

// isDelimiterCommand reports whether the DELIMITER command starts at i:
// the word DELIMITER, in any case, not followed by an identifier byte.
func isDelimiterCommand(src string, i int) bool {
	const word = "DELIMITER"
	return len(src)-i >= len(word) && keyword(src[i:i+len(word)], word) &&
		(i+len(word) == len(src) || !mysqlIdent[src[i+len(word)]])
}

// delimiterCommand reads the DELIMITER command at i as get_arg in
// client/mysql.cc does: the argument is the next word, or a quoted string,
// and the rest of the line is ignored. It returns the new delimiter and the
// offset of the next line.
func delimiterCommand(s *scanner, i int) (string, int, error) {
	src := s.src
	eol := lineEnd(src, i, false)
	next := min(eol+1, len(src))
	line := strings.TrimRight(src[:eol], "\r") // src up to the end of the line, without a CR
	a := i + len("DELIMITER")
	for a < len(line) && (line[a] == ' ' || line[a] == '\t' || line[a] == '\v' || line[a] == '\f') {
		a++
	}
	const hint = "write the new delimiter after a space, e.g. DELIMITER // on a line of its own, then DELIMITER ; to switch back"
	if a < len(line) && a == i+len("DELIMITER") {
		// Glued to the word, as in "DELIMITER;": the client rejects it too.
		return "", 0, s.fail(i, "DELIMITER must be followed by a delimiter", hint)
	}
	var arg string
	switch {
	case a == len(line):
	case line[a] == '\'' || line[a] == '"' || line[a] == '`':
		arg = line[a+1:]
		if k := strings.IndexByte(arg, line[a]); k >= 0 {
			arg = arg[:k]
		}
	default:
		e := a
		for e < len(line) && !spaces[line[e]] {
			e++
		}
		arg = line[a:e]
	}
	if arg == "" {
		return "", 0, s.fail(i, "DELIMITER must be followed by a delimiter", hint)
	}
	if strings.IndexByte(arg, '\\') >= 0 {
		return "", 0, s.fail(a, "DELIMITER cannot contain a backslash", "choose another delimiter, e.g. // or $$")
	}
	return arg, next, nil
}

// mysqlClientWords are the commands of the mysql and mariadb clients
// (client/mysql.cc) that are not SQL too: not USE, HELP or DELIMITER.
var mysqlClientWords = map[string]bool{
	"source": true, "charset": true, "clear": true, "connect": true, "edit": true, "ego": true, "exit": true,
	"go": true, "nopager": true, "notee": true, "nowarning": true, "pager": true, "print": true, "prompt": true,
	"quit": true, "rehash": true, "resetconnection": true, "sandbox": true, "status": true, "system": true,
	"tee": true, "warnings": true, "query_attributes": true, "ssl_session_data_print": true,
}

// mysqlClientCommand refuses the client command cmd at src offset i;
// extra, when set, is added to the hint.
func mysqlClientCommand(s *scanner, i int, cmd, extra string) error {
	hint := "remove it, and end statements with ; or the current DELIMITER"
	switch strings.ToLower(cmd) {
	case `\.`, "source":
		hint = "copy the statements of that file into the migration, or into migrations of their own"
	case `\-`, "sandbox":
		hint = "delete that line: mariadb-dump writes it on the first line of a dump for the mariadb client (sandbox mode), and it holds nothing for the server to run"
	}
	if extra != "" {
		hint += "; " + extra
	}
	return s.fail(i, "mysql client command "+cmd+
		" is not SQL: strata sends each statement to the server, not to the mysql client", hint)
}

// nbeHint is said where a backslash may have been read as an escape that
// the server takes literally.
const nbeHint = "if the server runs with NO_BACKSLASH_ESCAPES, where a backslash in a string is an ordinary character, " +
	"say so in the database URL (sql_mode=NO_BACKSLASH_ESCAPES) or in the file (SET sql_mode = …) before this statement"

// unterminatedQuote reports the string (or, with ANSI_QUOTES, the
// identifier) opened at i and never closed, with how to write a quote
// inside it in the mode in force, and, when a backslash may be the cause,
// how to tell strata that the server takes it literally.
func unterminatedQuote(s *scanner, i int, mode SQLMode, ansi bool) error {
	q := string(s.src[i])
	what := "string"
	if ansi {
		what = "quoted identifier"
	}
	hint := "close the " + what + " with " + q + "; write " + q + q + " for a " + q + " inside it"
	if !mode.NoBackslashEscapes && !ansi {
		hint = "close the string with " + q + "; write \\" + q + " or " + q + q + " for a " + q + " inside it"
		from := i
		if s.start >= 0 {
			from = s.start // a backslash earlier in the statement may have run on
		}
		if strings.IndexByte(s.src[from:], '\\') >= 0 {
			hint += "; " + nbeHint
		}
	}
	return s.fail(i, "unterminated "+what+": the "+q+" is never closed", hint)
}
