package source

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Directive words; the rules are documented on type Directive.
const (
	dirUp               = "up"
	dirDown             = "down"
	dirNoTransaction    = "no-transaction"
	dirTolerateExisting = "tolerate-existing"
	dirTimeout          = "timeout"
	dirLintIgnore       = "lint-ignore"
)

const directivePrefix = "-- strata:"

// knownDirectives lists the words in the order problems quote them.
var knownDirectives = []string{dirUp, dirDown, dirNoTransaction, dirTolerateExisting, dirTimeout, dirLintIgnore}

// directiveAliases maps words people reach for from other tools to the
// strata word, for "did you mean" hints that edit distance would miss.
var directiveAliases = map[string]string{
	"notx": dirNoTransaction, "no-tx": dirNoTransaction, "nontx": dirNoTransaction,
	"notransaction": dirNoTransaction, "no-transactions": dirNoTransaction,
	"nontransactional": dirNoTransaction, "non-transactional": dirNoTransaction,
	"no-txn": dirNoTransaction, "notxn": dirNoTransaction, "transaction": dirNoTransaction,
	"tolerate": dirTolerateExisting, "if-exists": dirTolerateExisting, "if-not-exists": dirTolerateExisting,
	"ignore-existing": dirTolerateExisting, "allow-existing": dirTolerateExisting,
	"statement-timeout": dirTimeout, "statement_timeout": dirTimeout, "lock-timeout": dirTimeout,
	"nolint": dirLintIgnore, "lint-disable": dirLintIgnore, "ignore": dirLintIgnore, "lint": dirLintIgnore,
	"rollback": dirDown, "undo": dirDown, "migrate": dirUp, "do": dirUp,
}

// line is one line of a file; start and end exclude the terminator, next
// is where the following line starts (len(data) after the last line).
type line struct {
	start, end, next int
	n                int // 1-based line number
}

// lines iterates over the lines of data starting at off, calling fn for
// each until it returns false. Lines end at "\n", "\r\n" or a lone "\r",
// as in internal/sqlsplit. A final line without terminator is visited
// only when non-empty, so "a\n" has one line, like editors count.
func lines(data string, off int, fn func(line) bool) {
	noCR := strings.IndexByte(data[off:], '\r') < 0
	n := 1
	for off < len(data) {
		l := line{start: off, n: n}
		if noCR {
			i := strings.IndexByte(data[off:], '\n')
			if i < 0 {
				l.end, l.next = len(data), len(data)
			} else {
				l.end, l.next = off+i, off+i+1
			}
		} else {
			e, more := lineEnd(data[off:])
			l.end = off + e
			l.next = l.end
			if more {
				l.next += termLen(data[l.end:])
			}
		}
		if !fn(l) {
			return
		}
		off = l.next
		n++
	}
}

// lineAt returns the 1-based line holding byte offset off of data.
func lineAt(data string, off int) int {
	n := 1
	for i := 0; i < off && i < len(data); i++ {
		switch data[i] {
		case '\n':
			n++
		case '\r':
			if i+1 >= len(data) || data[i+1] != '\n' {
				n++
			}
		}
	}
	return n
}

// fileParser collects one file's sections and problems.
type fileParser struct {
	file     string
	data     string // whole file content, BOM included, so offsets are file offsets
	problems []Problem
}

func (p *fileParser) problem(line int, format string, args ...any) {
	p.problems = append(p.problems, Problem{File: p.file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// checkEncoding reports a binary or non-UTF-8 file. It returns false when
// the file is binary and should not be parsed further; for invalid UTF-8
// parsing goes on, since directives are ASCII and their problems are
// worth reporting in the same run.
func (p *fileParser) checkEncoding() bool {
	d := p.data
	if i := strings.IndexByte(d, 0); i >= 0 {
		hint := "migrations must be UTF-8 text"
		if strings.HasPrefix(d, "\xFF\xFE") || strings.HasPrefix(d, "\xFE\xFF") {
			hint = "it looks like UTF-16; save it as UTF-8"
		}
		p.problem(0, "binary file (a NUL byte on line %d): %s", lineAt(d, i), hint)
		return false
	}
	if !utf8.ValidString(d) {
		i := 0
		for i < len(d) {
			r, size := utf8.DecodeRuneInString(d[i:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			i += size
		}
		p.problem(lineAt(d, i), "invalid UTF-8 (byte 0x%02X): migrations must be UTF-8 text; convert the file, e.g. with iconv -f LATIN1 -t UTF-8", d[i])
	}
	return true
}

// section is a Section under construction, with the state its directives
// need for duplicate checks.
type section struct {
	s           *Section
	timeoutLine int
}

// parseSingle splits a "<version>_<name>.sql" file into its up and down
// sections, written straight into *up and *down (zero on entry): sections
// returned by value escaped to the heap through the directive parser, a
// copy of both for every file.
func (p *fileParser) parseSingle(up, down *Section) {
	up.Present = true
	up.File = p.file
	if !p.checkEncoding() {
		return
	}
	d := p.data
	off := 0
	if strings.HasPrefix(d, bom) {
		off = len(bom)
	}
	up.Offset, up.Line = off, 1
	upEnd := len(d)
	downLine := 0 // line of the -- strata:down marker, 0 until seen
	cur := &section{s: up}
	blankSoFar := true // only blank lines so far: -- strata:up may still open the file
	upLine := 0
	lines(d, off, func(l line) bool {
		text := d[l.start:l.end]
		name, args, kind := parseDirective(text)
		switch {
		case kind == notDirective:
			if blankSoFar && strings.Trim(text, " \t") != "" {
				blankSoFar = false
			}
			return true
		case kind == malformedDirective:
			blankSoFar = false
			p.malformed(l.n, text)
			return true
		}
		switch name {
		case dirUp:
			switch {
			case upLine != 0:
				p.problem(l.n, "second -- strata:up (the first is on line %d): a file has one up section; remove this line", upLine)
			case downLine != 0:
				p.problem(l.n, "-- strata:up inside the down section (which starts on line %d): the up section comes first; remove this line or move the up SQL above -- strata:down", downLine)
			case !blankSoFar:
				p.problem(l.n, "-- strata:up after content: it may only open the file, before any SQL, comment or directive; move it to the top or remove it")
			default:
				upLine = l.n
				up.Offset, up.Line = l.next, nextLine(l)
			}
			p.noArgs(l.n, name, args)
		case dirDown:
			if downLine != 0 {
				p.problem(l.n, "second -- strata:down (the first is on line %d): a migration has one down section; remove this line or split the file into two migrations", downLine)
				break
			}
			downLine = l.n
			upEnd = l.start
			*down = Section{Present: true, File: p.file, Offset: l.next, Line: nextLine(l)}
			cur = &section{s: down}
			p.noArgs(l.n, name, args)
		default:
			p.directive(cur, l.n, name, args)
		}
		blankSoFar = false
		return true
	})
	up.SQL = d[up.Offset:upEnd]
	if down.Present {
		down.SQL = d[down.Offset:]
	}
}

// parsePairFile reads one file of a golang-migrate pair: the whole file is
// a single section.
func (p *fileParser) parsePairFile() Section {
	s := Section{Present: true, File: p.file, Line: 1}
	if !p.checkEncoding() {
		return s
	}
	d := p.data
	if strings.HasPrefix(d, bom) {
		s.Offset = len(bom)
	}
	s.SQL = d[s.Offset:]
	cur := &section{s: &s}
	lines(d, s.Offset, func(l line) bool {
		text := d[l.start:l.end]
		name, args, kind := parseDirective(text)
		switch {
		case kind == notDirective:
		case kind == malformedDirective:
			p.malformed(l.n, text)
		case name == dirUp || name == dirDown:
			p.problem(l.n, "misplaced directive -- strata:%s: in a .up.sql/.down.sql pair each file is one whole section; remove the line (or merge the pair into one .sql file with -- strata:down)", name)
		default:
			p.directive(cur, l.n, name, args)
		}
		return true
	})
	return s
}

// nextLine is the line number of the byte just after l's terminator.
func nextLine(l line) int {
	if l.next > l.end {
		return l.n + 1
	}
	return l.n // last line without terminator: the section is empty at EOF
}

func (p *fileParser) noArgs(n int, name, args string) {
	if args != "" {
		p.problem(n, "-- strata:%s takes no arguments, got %q; remove them", name, args)
	}
}

func (p *fileParser) malformed(n int, text string) {
	want := "-- strata:" + strings.ToLower(strings.TrimLeft(strings.SplitN(text, ":", 2)[1], " \t"))
	p.problem(n, "malformed directive %q: write directives exactly as %q (two dashes, one space, lower-case strata:), or reword the comment if it is not a directive",
		strings.Trim(text, " \t"), trimSpaceTab(want))
}

// directive records and checks a directive other than up/down in the
// current section.
//
// Repeating no-transaction or tolerate-existing in a section is allowed:
// it is harmless and can come from concatenating files. Repeating timeout
// is a problem, since one of the two values would be silently ignored.
func (p *fileParser) directive(cur *section, n int, name, args string) {
	s := cur.s
	switch name {
	case dirNoTransaction:
		s.NoTransaction = true
		p.noArgs(n, name, args)
	case dirTolerateExisting:
		s.TolerateExisting = true
		p.noArgs(n, name, args)
	case dirTimeout:
		switch d, err := time.ParseDuration(args); {
		case args == "":
			p.problem(n, "-- strata:timeout needs a duration, e.g. -- strata:timeout 30s or 5m")
		case err != nil:
			p.problem(n, "-- strata:timeout %s: not a duration; write it like 30s, 5m or 1h30m", args)
		case d <= 0:
			p.problem(n, "-- strata:timeout %s: the duration must be positive, e.g. 30s", args)
		case cur.timeoutLine != 0:
			p.problem(n, "second -- strata:timeout in this section (the first is on line %d); keep one", cur.timeoutLine)
		default:
			s.Timeout = d
			cur.timeoutLine = n
		}
	case dirLintIgnore:
		if msg := checkCodes(args); msg != "" {
			p.problem(n, "-- strata:lint-ignore %s", msg)
		}
	case "":
		p.problem(n, "empty directive: -- strata: must be followed by a word; known: %s", strings.Join(knownDirectives, ", "))
		return
	default:
		msg := fmt.Sprintf("unknown directive -- strata:%s; known: %s", name, strings.Join(knownDirectives, ", "))
		if s := suggest(name); s != "" {
			msg = fmt.Sprintf("unknown directive -- strata:%s (did you mean -- strata:%s?); known: %s", name, s, strings.Join(knownDirectives, ", "))
		}
		p.problem(n, "%s", msg)
		return
	}
	s.Directives = append(s.Directives, Directive{Name: name, Args: args, Line: n})
}

// checkCodes validates lint-ignore's argument: codes of letters, digits,
// "-" and "_" separated by commas (spaces around commas are allowed). It
// returns "" when valid.
func checkCodes(args string) string {
	if args == "" {
		return "needs the codes to silence, e.g. -- strata:lint-ignore PG101 or PG101,PG102"
	}
	for _, c := range strings.Split(args, ",") {
		c = strings.Trim(c, " \t")
		if c == "" {
			return fmt.Sprintf("%s: empty code in the list; separate codes with single commas, e.g. PG101,PG102", args)
		}
		for i := 0; i < len(c); i++ {
			ch := c[i]
			if !(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '-' || ch == '_') {
				return fmt.Sprintf("%s: %q is not a lint code; codes are letters, digits, \"-\" and \"_\" separated by commas, e.g. PG101,naming-convention", args, c)
			}
		}
	}
	return ""
}

type directiveKind uint8

const (
	notDirective directiveKind = iota
	isDirective
	malformedDirective
)

// parseDirective recognises a directive line. It returns the word after
// "strata:" and the trimmed rest. Lines that nearly are directives
// ("--strata:x", "-- Strata :x") are reported as malformed.
func parseDirective(text string) (name, args string, kind directiveKind) {
	i := 0
	for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
		i++
	}
	rest := text[i:]
	if len(rest) < 2 || rest[0] != '-' || rest[1] != '-' {
		return "", "", notDirective // the hot path: most lines are SQL
	}
	if strings.HasPrefix(rest, directivePrefix) {
		body := rest[len(directivePrefix):]
		j := 0
		for j < len(body) && body[j] != ' ' && body[j] != '\t' {
			j++
		}
		return body[:j], strings.Trim(body[j:], " \t"), isDirective
	}
	// Near misses: "--", blanks, "strata" in any case, blanks, ":".
	r := strings.TrimLeft(rest[2:], " \t")
	if len(r) >= 6 && strings.EqualFold(r[:6], "strata") {
		if r = strings.TrimLeft(r[6:], " \t"); r != "" && r[0] == ':' {
			return "", "", malformedDirective
		}
	}
	return "", "", notDirective
}

// suggest returns the known directive an unknown word was probably meant
// to be, or "".
func suggest(word string) string {
	w := strings.ToLower(word)
	w = strings.TrimRight(w, ";:,.")
	if a, ok := directiveAliases[w]; ok {
		return a
	}
	squash := func(s string) string { return strings.NewReplacer("-", "", "_", "", " ", "").Replace(s) }
	best, bestD := "", 0
	for _, k := range knownDirectives {
		if squash(k) == squash(w) {
			return k
		}
		// One edit is an obvious typo of a short word ("dwn"); longer
		// words tolerate two ("no-transation").
		limit := 1
		if len(k) > 4 {
			limit = 2
		}
		if d := editDistance(w, k); d <= limit && (best == "" || d < bestD) {
			best, bestD = k, d
		}
	}
	if best == "" && len(w) >= 3 {
		for _, k := range knownDirectives {
			if strings.HasPrefix(k, w) {
				return k
			}
		}
	}
	return best
}

// editDistance is the Levenshtein distance between two short strings.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
