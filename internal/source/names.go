package source

import (
	"fmt"
	"strings"
)

// fileKind tells the three kinds of migration file apart.
type fileKind uint8

const (
	kindSingle   fileKind = iota // 001_name.sql: up and down sections in one file
	kindPairUp                   // 001_name.up.sql: golang-migrate up file
	kindPairDown                 // 001_name.down.sql: golang-migrate down file
)

// fileName is a migration file name taken apart.
type fileName struct {
	verText string // the version digits as written, leading zeros kept
	version Version
	name    string
	kind    fileKind
}

// stem is "<version>_<name>", the part a pair's two files share.
func (f fileName) stem() string { return f.verText + "_" + f.name }

// nameRule is quoted by every bad-name problem so the user sees the rule
// and an example rather than just "bad name".
const nameRule = `migration files are named <version>_<name>.sql, ` +
	`where <version> is decimal digits and <name> is lower-case words joined by "_", ` +
	`e.g. 001_create_users.sql (or a golang-migrate pair 001_create_users.up.sql + 001_create_users.down.sql)`

// parseFileName classifies a base name. It returns ok=false with an empty
// msg for files that are not migrations at all (not .sql, or hidden), and
// ok=false with a message for .sql files whose name breaks the rule.
func parseFileName(base string) (f fileName, ok bool, msg string) {
	// Hidden files are skipped like Go skips them: editors leave lock and
	// swap files such as ".#001_x.sql" beside the real ones.
	if base == "" || base[0] == '.' {
		return f, false, ""
	}
	if len(base) < 4 || !strings.EqualFold(base[len(base)-4:], ".sql") {
		return f, false, ""
	}
	stem := base[:len(base)-4]
	if base[len(base)-4:] != ".sql" {
		return f, false, fmt.Sprintf("bad file name %q: the extension must be lower-case .sql (rename it to %q); %s",
			base, stem+".sql", nameRule)
	}
	f.kind = kindSingle
	switch {
	case strings.HasSuffix(stem, ".up"):
		f.kind, stem = kindPairUp, stem[:len(stem)-3]
	case strings.HasSuffix(stem, ".down"):
		f.kind, stem = kindPairDown, stem[:len(stem)-5]
	}
	n := 0
	for n < len(stem) && stem[n] >= '0' && stem[n] <= '9' {
		n++
	}
	if n == 0 {
		return f, false, fmt.Sprintf("bad file name %q: it does not start with a version number; %s", base, nameRule)
	}
	f.verText = stem[:n]
	f.version = versionOf(f.verText)
	rest := stem[n:]
	if rest == "" || rest[0] != '_' {
		return f, false, badName(base, f, rest, "the version must be followed by \"_\" and a name")
	}
	f.name = rest[1:]
	if !validName(f.name) {
		return f, false, badName(base, f, f.name, "the name must be lower-case letters and digits in words joined by single \"_\"")
	}
	return f, true, ""
}

// badName words a bad-name problem, suggesting a fixed name when the
// user's words can be turned into a valid one.
func badName(base string, f fileName, rest, why string) string {
	msg := fmt.Sprintf("bad file name %q: %s", base, why)
	if clean, err := CleanName(strings.TrimLeft(rest, "_")); err == nil {
		ext := ".sql"
		switch f.kind {
		case kindPairUp:
			ext = ".up.sql"
		case kindPairDown:
			ext = ".down.sql"
		}
		msg += fmt.Sprintf(" (rename it to %q?)", f.verText+"_"+clean+ext)
	}
	return msg + "; " + nameRule
}

// validName reports whether s matches [a-z0-9]+(_[a-z0-9]+)*.
func validName(s string) bool {
	if s == "" || s[0] == '_' || s[len(s)-1] == '_' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '_':
			if s[i-1] == '_' {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// CleanName turns the NAME given to "strata new" into a migration name:
// it lower-cases ASCII letters, turns runs of spaces, hyphens and
// underscores into one "_" and drops them at both ends, so "Add Users" and
// "add-users" both give "add_users". Anything else (other punctuation,
// non-ASCII letters, a path or an extension) is an error that says why.
func CleanName(name string) (string, error) {
	if strings.HasSuffix(strings.ToLower(name), ".sql") || strings.ContainsAny(name, `/\`) {
		return "", fmt.Errorf("migration name %q: give just the name, e.g. add_users; the version and .sql are added for you", name)
	}
	var b strings.Builder
	b.Grow(len(name))
	sep := false
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
		case r >= 'A' && r <= 'Z':
			r += 'a' - 'A'
		case r == ' ' || r == '\t' || r == '-' || r == '_':
			sep = true
			continue
		default:
			return "", fmt.Errorf("migration name %q: %q is not allowed; use letters a-z, digits and \"_\" (spaces and \"-\" become \"_\"), e.g. add_users", name, r)
		}
		if sep && b.Len() > 0 {
			b.WriteByte('_')
		}
		sep = false
		b.WriteRune(r)
	}
	if b.Len() == 0 {
		return "", fmt.Errorf("migration name %q: the name is empty; give a few words saying what the migration does, e.g. add_users", name)
	}
	return b.String(), nil
}
