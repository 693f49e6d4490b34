package source

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// ChecksumPrefix names the checksum algorithm. The algorithm below never
// changes under existing users; a different one would get a new prefix.
const ChecksumPrefix = "sha256:"

const bom = "\uFEFF"

// Normalize returns the checksum normal form of a section. It is, exactly:
//
//  1. a UTF-8 byte order mark (EF BB BF) at the start is dropped;
//  2. the text is cut into lines at every "\r\n", lone "\r" and lone "\n";
//  3. trailing spaces (U+0020) and tabs (U+0009) are dropped from each
//     line, and no other characters;
//  4. trailing empty lines are dropped (leading and inner ones are kept);
//  5. the remaining lines are joined with "\n", with no final newline.
//
// So line endings, trailing whitespace and a missing or extra final
// newline never change a checksum, while any other edit does. An empty or
// blank section normalizes to "".
func Normalize(section string) string {
	return string(appendNormal(nil, section))
}

// Checksum returns "sha256:" followed by the lower-case hex SHA-256 of
// Normalize(section).
func Checksum(section string) string { return checksumWith(section, nil) }

// checksumWith is Checksum with a buffer for the normal form, which the
// caller reuses from section to section (nil: a new one).
func checksumWith(section string, buf *[]byte) string {
	var b []byte
	if buf != nil {
		b = (*buf)[:0]
	}
	b = appendNormal(b, section)
	sum := sha256.Sum256(b)
	if buf != nil {
		*buf = b
	}
	var out [len(ChecksumPrefix) + 2*sha256.Size]byte
	copy(out[:], ChecksumPrefix)
	hex.Encode(out[len(ChecksumPrefix):], sum[:])
	return string(out[:])
}

// appendNormal appends the normal form of s to dst.
func appendNormal(dst []byte, s string) []byte {
	s = strings.TrimPrefix(s, bom)
	start := len(dst)
	keep := start // length of dst just after the last non-empty line
	noCR := strings.IndexByte(s, '\r') < 0
	for first := true; ; first = false {
		var line string
		var more bool
		if noCR {
			// Common case: let IndexByte's vectorised search find lines.
			i := strings.IndexByte(s, '\n')
			if i < 0 {
				line, s = s, ""
			} else {
				line, s, more = s[:i], s[i+1:], true
			}
		} else {
			var n int
			n, more = lineEnd(s)
			line = s[:n]
			s = s[n:]
			if more {
				s = s[termLen(s):]
			}
		}
		line = trimSpaceTab(line)
		if !first {
			dst = append(dst, '\n')
		}
		if line != "" {
			dst = append(dst, line...)
			keep = len(dst)
		}
		if !more {
			break
		}
	}
	return dst[:keep]
}

// lineEnd returns the length of the first line of s (without its
// terminator) and whether a terminator ("\n", "\r\n" or "\r") follows.
func lineEnd(s string) (int, bool) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '\n' || c == '\r' {
			return i, true
		}
	}
	return len(s), false
}

// termLen returns the length of the line terminator at the start of s.
func termLen(s string) int {
	if strings.HasPrefix(s, "\r\n") {
		return 2
	}
	return 1
}

// trimSpaceTab drops trailing spaces and tabs, the only whitespace the
// normal form ignores.
func trimSpaceTab(s string) string {
	i := len(s)
	for i > 0 && (s[i-1] == ' ' || s[i-1] == '\t') {
		i--
	}
	return s[:i]
}
