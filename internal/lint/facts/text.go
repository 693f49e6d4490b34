package facts

import (
	"fmt"
	"strconv"
	"strings"
)

// Helpers for the canonical names and texts the readers, the model and
// the checks share.

// SchemaPrefix returns "s." for a name "s.t" and "" for "t".
func SchemaPrefix(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[:i+1]
	}
	return ""
}

// BaseName returns "t" for "s.t".
func BaseName(name string) string {
	return name[len(SchemaPrefix(name)):]
}

// Upper upper-cases ASCII letters, for SQL keywords.
func Upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// SplitType splits "varchar(255)" into "varchar" and [255]; arrays and
// non-numeric modifiers give no numbers.
func SplitType(t string) (string, []int) {
	base, mods, ok := strings.Cut(t, "(")
	if !ok {
		return t, nil
	}
	mods, rest, _ := strings.Cut(mods, ")")
	if rest != "" {
		return t, nil
	}
	var out []int
	for _, m := range strings.Split(mods, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(m))
		if err != nil {
			return t, nil
		}
		out = append(out, n)
	}
	return base, out
}

// Plural gives "1 word" or "n words".
func Plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
