package source

import "testing"

func TestNormalize(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"\n\n\n", ""},
		{" \t\n \n", ""},
		{"a", "a"},
		{"a\n", "a"},
		{"a\r\n", "a"},
		{"a\r", "a"},
		{"a\r\nb\r\n", "a\nb"},
		{"a\rb\r", "a\nb"},
		{"a\r\rb", "a\n\nb"},      // two lone CRs: an empty line between
		{"a\n\r\nb", "a\n\nb"},    // LF then CRLF
		{"a  \t\nb\t \n", "a\nb"}, // trailing blanks
		{"  a", "  a"},            // leading blanks are kept
		{"\n\na\n\n\nb\n\n", "\n\na\n\n\nb"},
		{"\uFEFFa\n", "a"},           // BOM at the start
		{"a\uFEFF", "a\uFEFF"},       // BOM elsewhere is text
		{"\uFEFF\uFEFFa", "\uFEFFa"}, // only one BOM is dropped
		{"a\f\n", "a\f"},             // only spaces and tabs are trimmed
		{"a\u00a0\n", "a\u00a0"},     // including no-break space
		{"x;\r\n  \r\n\t\r\n", "x;"},
	} {
		if got := Normalize(tc.in); got != tc.want {
			t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestChecksumEquivalent(t *testing.T) {
	base := "CREATE TABLE t (\n  id int\n);\n\nINSERT INTO t VALUES (1);\n"
	want := Checksum(base)
	if len(want) != len("sha256:")+64 || want[:7] != "sha256:" {
		t.Fatalf("Checksum = %q", want)
	}
	// sha256 of the empty string, to pin the algorithm and prefix.
	if got := Checksum(""); got != "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" {
		t.Errorf("Checksum(\"\") = %s", got)
	}
	for _, same := range []string{
		"CREATE TABLE t (\r\n  id int\r\n);\r\n\r\nINSERT INTO t VALUES (1);\r\n", // CRLF
		"CREATE TABLE t (\r  id int\r);\r\rINSERT INTO t VALUES (1);\r",           // CR
		"\uFEFFCREATE TABLE t (\n  id int\n);\n\nINSERT INTO t VALUES (1);\n",     // BOM
		"CREATE TABLE t ( \n  id int\t\n);  \n\t\nINSERT INTO t VALUES (1); \n",   // trailing blanks
		"CREATE TABLE t (\n  id int\n);\n\nINSERT INTO t VALUES (1);",             // no final newline
		"CREATE TABLE t (\n  id int\n);\n\nINSERT INTO t VALUES (1);\n\n\n  \n",   // extra blank lines
	} {
		if got := Checksum(same); got != want {
			t.Errorf("Checksum(%q) = %s, want %s", same, got, want)
		}
	}
	for _, differs := range []string{
		"CREATE TABLE t (\n  id bigint\n);\n\nINSERT INTO t VALUES (1);\n",  // content
		"CREATE TABLE t (\n id int\n);\n\nINSERT INTO t VALUES (1);\n",      // indentation
		"CREATE TABLE t (\n  id int\n);\nINSERT INTO t VALUES (1);\n",       // inner blank line
		"\nCREATE TABLE t (\n  id int\n);\n\nINSERT INTO t VALUES (1);\n",   // leading blank line
		"create table t (\n  id int\n);\n\nINSERT INTO t VALUES (1);\n",     // case
		"CREATE TABLE t (\n  id int\n);\n\nINSERT INTO t VALUES (1);\n--\n", // a comment
	} {
		if got := Checksum(differs); got == want {
			t.Errorf("Checksum(%q) = the base checksum, want a different one", differs)
		}
	}
}

func TestChecksumMatchesNormalize(t *testing.T) {
	// Checksum reuses pooled buffers; make sure a big section followed by
	// a small one does not leak bytes between them.
	big := Checksum(string(make([]byte, 100<<10)))
	_ = big
	if Checksum("a") != Checksum("a\n") || Checksum("a") == Checksum("b") {
		t.Error("pooled buffer reuse changed a checksum")
	}
}
