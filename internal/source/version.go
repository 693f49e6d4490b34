package source

import (
	"errors"
	"fmt"
	"strings"
)

// Version is a migration version: a string of decimal digits compared as an
// unbounded number, so that 20-digit timestamps and longer never overflow.
//
// Versions are comparable with ==: "010" and "10" parse to equal values.
// The zero value means "no version" and differs from version 0, which is a
// valid version (crates.io's first migration is 000000000000000000).
type Version struct {
	// digits holds the decimal digits without leading zeros ("0" for
	// version 0, "" for the zero value). Keeping one canonical string makes
	// == mean numeric equality and Compare a length-then-bytes comparison.
	digits string
}

// ParseVersion parses a string of ASCII decimal digits of any length.
// Leading zeros are ignored: "010" is 10, and "0" or "000" is version 0.
func ParseVersion(s string) (Version, error) {
	if s == "" {
		return Version{}, errors.New("empty version: a version is a string of decimal digits, e.g. 001 or 20240131120000")
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return Version{}, fmt.Errorf("version %q: only decimal digits 0-9 are allowed, e.g. 001 or 20240131120000", s)
		}
	}
	return versionOf(s), nil
}

// MustParseVersion is like ParseVersion but panics on error. It is meant for
// constants in tests and examples.
func MustParseVersion(s string) Version {
	v, err := ParseVersion(s)
	if err != nil {
		panic(err)
	}
	return v
}

// versionOf canonicalises a string already known to be non-empty digits.
func versionOf(s string) Version {
	s = strings.TrimLeft(s, "0")
	if s == "" {
		s = "0"
	}
	return Version{digits: s}
}

// String returns the digits without leading zeros ("0" for version 0), the
// form used in JSON output and tracking tables. The zero value gives "".
func (v Version) String() string { return v.digits }

// IsZero reports whether v is the zero value ("no version"). Version 0 is
// not zero in this sense.
func (v Version) IsZero() bool { return v.digits == "" }

// Compare returns -1, 0 or +1 as v is less than, equal to or greater than
// w, comparing numerically. The zero value sorts before every version.
func (v Version) Compare(w Version) int {
	// Without leading zeros a longer digit string is a larger number, and
	// equal lengths compare like strings. The zero value's "" is shortest.
	switch {
	case len(v.digits) < len(w.digits):
		return -1
	case len(v.digits) > len(w.digits):
		return 1
	}
	return strings.Compare(v.digits, w.digits)
}

// MarshalText encodes v as its String form, so versions appear in JSON as
// strings of digits, as docs/json.md requires.
func (v Version) MarshalText() ([]byte, error) { return []byte(v.digits), nil }

// UnmarshalText parses digits as ParseVersion does; empty text gives the
// zero value.
func (v *Version) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*v = Version{}
		return nil
	}
	p, err := ParseVersion(string(b))
	if err != nil {
		return err
	}
	*v = p
	return nil
}

// next returns v+1. The zero value's successor is 0, so an empty directory
// would start at 0 if a caller asked; Next starts at 1 on its own.
func (v Version) next() Version {
	if v.digits == "" {
		return Version{digits: "0"}
	}
	b := []byte(v.digits)
	i := len(b) - 1
	for ; i >= 0 && b[i] == '9'; i-- {
		b[i] = '0'
	}
	if i < 0 {
		return Version{digits: "1" + string(b)}
	}
	b[i]++
	return Version{digits: string(b)}
}

// IsTimestamp reports whether v looks like a UTC timestamp version:
// at least 14 digits starting YYYYMMDDhhmm with a year 1900-2999, a month
// 01-12, a day 00-31 and an hour 00-23; any further digits are free. Lint
// uses it to skip gap checks, and Next to continue a timestamp directory.
//
// The check is deliberately loose where real projects are: Ory Kratos
// numbers hand-inserted migrations YYYYMM00… (day 00), and crates.io has
// minutes and seconds such as …103760, so the minute and second digits
// are not checked.
func IsTimestamp(v Version) bool {
	d := v.digits
	if len(d) < 14 {
		return false
	}
	num := func(i, n int) int {
		x := 0
		for _, c := range d[i : i+n] {
			x = x*10 + int(c-'0')
		}
		return x
	}
	year, month, day, hour := num(0, 4), num(4, 2), num(6, 2), num(8, 2)
	return year >= 1900 && year <= 2999 &&
		month >= 1 && month <= 12 &&
		day <= 31 && hour <= 23
}
