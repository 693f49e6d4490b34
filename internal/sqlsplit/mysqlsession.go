package sqlsplit

import "strings"

// What of a MySQL statement ends or hands over strata's session or its
// lock, beyond what marks reads from the statement's head: the release of
// a named lock strata's may be, and a completion_type that makes every
// COMMIT, strata's own among them, chain a transaction or disconnect.

// mysqlSession follows the tokens of one MySQL statement (see note).
type mysqlSession struct {
	releaseArg  uint8 // 1 right after RELEASE_LOCK(, 2 after its first argument token, a plain string
	releaseName string
	release     bool // a RELEASE_LOCK that may release strata's lock
	ctValue     bool // the next token is the value assigned to completion_type
	completion  bool // SET completion_type to something other than NO_CHAIN
}

// note reads the next token; last holds the tokens before it, last[0]
// the latest.
func (m *mysqlSession) note(kind tokKind, text string, last [3]token) {
	switch {
	case m.ctValue:
		m.ctValue = false
		v := strings.Trim(text, "'\"")
		m.completion = m.completion || !(v == "0" || keyword(v, "NO_CHAIN") || keyword(v, "DEFAULT"))
	case m.releaseArg == 1:
		// RELEASE_LOCK('name') with a name of the migration's own is
		// fine; strata's lock is 'strata_' and a hash, and a name built
		// at run time (CONCAT, a variable) may be it.
		m.releaseArg = 0
		if kind == tkOther && (text[0] == '\'' || text[0] == '"') {
			m.releaseArg, m.releaseName = 2, strings.ToLower(Unquote(text))
		} else {
			m.release = true
		}
	case m.releaseArg == 2:
		m.releaseArg = 0
		m.release = m.release || !(kind == tkPunct && text == ")") || strings.HasPrefix(m.releaseName, "strata_")
	case kind == tkPunct && text == "(" && last[0].kind == tkWord && keyword(last[0].text, "RELEASE_LOCK"):
		m.releaseArg = 1
	case kind == tkPunct && text == "=":
		l := last
		if l[0].kind == tkPunct && l[0].text == ":" {
			l = [3]token{l[1], l[2]}
		}
		// completion_type, @@completion_type, @@session.completion_type;
		// not the user variable @completion_type.
		if l[0].kind == tkWord && keyword(l[0].text, "COMPLETION_TYPE") && !(l[1].text == "@" && l[2].text != "@") {
			m.ctValue = true
		}
	}
}

// unsupported names what of the statement strata cannot run, or "".
func (m *mysqlSession) unsupported() string {
	switch {
	case m.release:
		return "RELEASE_LOCK() of strata's lock"
	case m.completion:
		return "SET completion_type"
	}
	return ""
}
