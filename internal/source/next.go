package source

import (
	"path"
	"strings"
	"time"
)

// timestampLayout is the UTC time format of timestamp versions; longer
// timestamp versions (crates.io's 18 digits, Kratos' 20) are this padded
// with zeros on the right.
const timestampLayout = "20060102150405"

// Next chooses the file name for a new migration called name, for
// "strata new". migs are the directory's migrations as Read returned them
// (in any order; nil or empty for a new directory) and now is the current
// time. It returns the base file name, e.g. "004_add_users.sql", and its
// version. The name goes through CleanName first.
//
//   - An empty directory starts at 001.
//   - When the latest version is a timestamp (see IsTimestamp), the new
//     version is now in UTC as YYYYMMDDhhmmss, padded with zeros on the
//     right to the latest file's version width; if that is not above the
//     latest version (a clock behind, or versions dated in the future),
//     it is the latest version plus one instead.
//   - Otherwise numbering continues from the latest version plus one,
//     without gaps, zero-padded to the latest file's version width
//     (001..003 gives 004; 999 gives 1000).
//
// The width is read from the file name in Up.File, as Version itself
// drops leading zeros. The layout follows the latest migration too: after
// a golang-migrate pair the name ends in .up.sql, and PairDown gives the
// .down.sql beside it; otherwise it is one file for both sections.
func Next(migs []*Migration, name string, now time.Time) (file string, v Version, err error) {
	name, err = CleanName(name)
	if err != nil {
		return "", Version{}, err
	}
	var latest *Migration
	for _, m := range migs {
		if m != nil && (latest == nil || m.Version.Compare(latest.Version) > 0) {
			latest = m
		}
	}
	var digits string
	switch {
	case latest == nil || latest.Version.IsZero():
		digits = "001"
	case IsTimestamp(latest.Version):
		width := versionWidth(latest)
		digits = now.UTC().Format(timestampLayout)
		digits += strings.Repeat("0", max(0, width-len(digits)))
		if versionOf(digits).Compare(latest.Version) <= 0 {
			digits = pad(latest.Version.next().String(), width)
		}
	default:
		digits = pad(latest.Version.next().String(), versionWidth(latest))
	}
	ext := ".sql"
	if latest != nil && strings.HasSuffix(latest.Up.File, pairUpSuffix) {
		ext = pairUpSuffix
	}
	return digits + "_" + name + ext, versionOf(digits), nil
}

// pairUpSuffix and pairDownSuffix end the names of a pair's files.
const (
	pairUpSuffix   = ".up.sql"
	pairDownSuffix = ".down.sql"
)

// PairDown returns the name of the .down.sql file of a pair whose .up.sql
// is up; ok is false when up is a single file.
func PairDown(up string) (down string, ok bool) {
	stem, ok := strings.CutSuffix(up, pairUpSuffix)
	if !ok {
		return "", false
	}
	return stem + pairDownSuffix, true
}

// versionWidth is the number of version digits in m's file name, leading
// zeros included.
func versionWidth(m *Migration) int {
	base := path.Base(m.Up.File)
	n := 0
	for n < len(base) && base[n] >= '0' && base[n] <= '9' {
		n++
	}
	if n == 0 || versionOf(base[:n]) != m.Version {
		return len(m.Version.String()) // not from Read: no width to keep
	}
	return n
}

// pad left-pads digits with zeros to width.
func pad(digits string, width int) string {
	if len(digits) >= width {
		return digits
	}
	return strings.Repeat("0", width-len(digits)) + digits
}
