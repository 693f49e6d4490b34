package facts

import (
	"strconv"
	"strings"
)

// MySQL keeps a VARCHAR's length in one byte up to 255 bytes and in two
// above, so how many bytes a character may take decides whether widening
// the column is done in place or copies the table. The reader follows each
// text column's character set: written on the column (CHARACTER SET,
// CHARSET, or the prefix of a COLLATE), else the table's default when the
// column was defined (CREATE TABLE … DEFAULT CHARSET=, ALTER TABLE …
// [DEFAULT] CHARACTER SET), and CONVERT TO CHARACTER SET sets both.

// CharsetOfCollation is the character set a collation belongs to: the
// part of its name before the first "_" ("utf8mb4_0900_ai_ci").
func CharsetOfCollation(collation string) string {
	cs, _, _ := strings.Cut(strings.ToLower(collation), "_")
	return cs
}

// charsetBytes is the most bytes a character takes in a character set; 0
// for one the reader does not know.
func charsetBytes(cs string) int {
	switch strings.ToLower(cs) {
	case "latin1", "latin2", "latin5", "latin7", "ascii", "binary", "cp1250", "cp1251", "cp1256", "cp1257",
		"cp850", "cp852", "cp866", "dec8", "greek", "hebrew", "hp8", "keybcs2", "koi8r", "koi8u", "macce",
		"macroman", "swe7", "tis620", "armscii8", "geostd8":
		return 1
	case "ucs2", "big5", "gbk", "sjis", "cp932", "euckr", "gb2312":
		return 2
	case "utf8", "utf8mb3", "ujis", "eucjpms":
		return 3
	case "utf8mb4", "utf16", "utf16le", "utf32", "gb18030":
		return 4
	}
	return 0
}

// IsTextType reports whether a MySQL column type holds characters, so
// that a character set applies to it.
func IsTextType(typ string) bool {
	base, _, _ := strings.Cut(typ, "(")
	switch strings.TrimSpace(base) {
	case "char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set":
		return true
	}
	return false
}

// VarcharWidening says why widening a VARCHAR (or VARBINARY) from the
// column before to the column after copies the table: the most bytes it
// may hold cross 255, so its length takes a second byte. MySQL then
// copies; MariaDB (10.4 and later) only when the old length could exceed
// 127 bytes, since a length below 128 reads the same in one byte or two
// (checked against MariaDB 10.11: TestMY101AgreesWithServer). It returns ""
// when the change stays on one side of 255 bytes, when the types are not
// two lengths of one such type, or when the lengths are unknown. A
// character set the migrations do not name is taken as utf8mb4, the
// default of MySQL 8 and of MariaDB's packages, and the reason says so.
func VarcharWidening(table string, before, after *Column) string {
	fb, fa := SplitType(strings.Fields(before.Type)[0])
	tb, ta := SplitType(strings.Fields(after.Type)[0])
	if fb != tb || len(fa) != 1 || len(ta) != 1 || ta[0] <= fa[0] || fb != "varchar" && fb != "varbinary" {
		return ""
	}
	fromCS, toCS, assumed := before.Charset, after.Charset, ""
	if fb == "varbinary" {
		fromCS, toCS = "binary", "binary"
	}
	if fromCS == "" {
		fromCS, assumed = "utf8mb4", " (utf8mb4 assumed: the migrations name no character set for it)"
	}
	if toCS == "" {
		toCS = fromCS
	}
	fromMax, toMax := charsetBytes(fromCS)*fa[0], charsetBytes(toCS)*ta[0]
	if charsetBytes(fromCS) == 0 || charsetBytes(toCS) == 0 || (fromMax > 255) == (toMax > 255) {
		return ""
	}
	who := "MySQL copies the table while writes wait"
	if fromMax <= 127 {
		who = "MySQL copies the table while writes wait (MariaDB changes it in place)"
	}
	return "widening " + table + "." + before.Name + " from " + before.Type + " to " + after.Type + " takes it from " + strconv.Itoa(fromMax) + " to " +
		strconv.Itoa(toMax) + " bytes in " + toCS + assumed + ", past the 255 that a one-byte length holds, so " + who
}
