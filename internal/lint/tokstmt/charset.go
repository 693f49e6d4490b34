package tokstmt

import (
	"strings"

	"github.com/strata-db/strata/internal/lint/facts"
)

// tableOptionCharset reads the character set of MySQL table options
// (CREATE TABLE … options, ALTER TABLE options): [DEFAULT] CHARACTER SET
// [=] cs, [DEFAULT] CHARSET [=] cs, or the charset of [DEFAULT] COLLATE
// [=] collation when no character set is named; "" when none is. With
// clause set, a "," ends the options (the next ALTER TABLE action).
func tableOptionCharset(toks []token, clause bool) string {
	cs, coll := "", ""
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if clause && t.punct(',') {
			break
		}
		var into *string
		switch {
		case t.is("CHARSET"):
			into = &cs
		case t.is("CHARACTER") && i+1 < len(toks) && toks[i+1].is("SET"):
			i++
			into = &cs
		case t.is("COLLATE"):
			into = &coll
		default:
			continue
		}
		if i+1 < len(toks) && toks[i+1].punct('=') {
			i++
		}
		if i+1 < len(toks) {
			i++
			*into = strings.ToLower(toks[i].name())
		}
	}
	if cs == "" && coll != "" {
		cs = facts.CharsetOfCollation(coll)
	}
	return cs
}
