package sqlsplit

import "testing"

// TestTokenNames: the name a quoted token denotes is the one the server
// reads, escapes decoded, so that a reader comparing names is not fooled
// by a different spelling of the same name.
func TestTokenNames(t *testing.T) {
	cases := []struct {
		d    Syntax
		sql  string
		want []string // the names of the Word, Ident and String tokens
	}{
		{Postgres, `DROP TABLE U&"\0073chema_migrations"`, []string{"drop", "table", "schema_migrations"}},
		{Postgres, `DROP TABLE u&"\+000073chema_migrations"`, []string{"drop", "table", "schema_migrations"}},
		{Postgres, `DROP TABLE U&"!0073chema_migrations" UESCAPE '!'`, []string{"drop", "table", "schema_migrations"}},
		{Postgres, "DROP TABLE U&\"!0073chema_migrations\"\n  uescape /* c */ '!' CASCADE", []string{"drop", "table", "schema_migrations", "cascade"}},
		{Postgres, `SELECT U&"a\\b", U&"a""b", U&"\zzzz"`, []string{"select", `a\b`, `a"b`, `\zzzz`}},
		{Postgres, `SELECT U&'\0041' UESCAPE`, []string{"select", "a", "uescape"}},
		{Postgres, `SELECT U&"d!!x" UESCAPE '!'`, []string{"select", "d!x"}},
		{Postgres, `DROP TABLE "schema""migrations"`, []string{"drop", "table", `schema"migrations`}},
		{MySQL, "DROP TABLE `schema``migrations`", []string{"drop", "table", "schema`migrations"}},
		{MySQL, "DROP TABLE `db` . /* x */ `schema_migrations`", []string{"drop", "table", "db", "schema_migrations"}},
		{SQLite, `DROP TABLE [schema_migrations]`, []string{"drop", "table", "schema_migrations"}},
	}
	for _, c := range cases {
		t.Run(c.d.String()+"/"+c.sql, func(t *testing.T) {
			var got []string
			for _, tok := range Tokens(c.d, c.sql) {
				if tok.Kind == Word || tok.Kind == Ident || tok.Kind == String {
					got = append(got, tok.Name())
				}
			}
			if len(got) != len(c.want) {
				t.Fatalf("names %q, want %q", got, c.want)
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Fatalf("names %q, want %q", got, c.want)
				}
			}
		})
	}
}

// FuzzTokenNames: for any input, Tokens and Name never panic, and each
// token is the input's text at its offset, so that a reader can point at
// it.
func FuzzTokenNames(f *testing.F) {
	for _, s := range []string{
		`DROP TABLE U&"!0073chema" UESCAPE '!'`, `SELECT U&'\+01F600\\' uescape`, `U&"\`, `U&"x" UESCAPE '`,
		"DROP TABLE `a``b`.`c`", `SELECT "a""b", [c], 'd''e', $t$ x $t$`, "/*! DROP */ TABLE x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		for _, d := range []Syntax{Postgres, MySQL, SQLite} {
			for _, tok := range Tokens(d, src) {
				if tok.Off < 0 || tok.Off+len(tok.Text) > len(src) || src[tok.Off:tok.Off+len(tok.Text)] != tok.Text {
					t.Fatalf("%v: token %q at %d is not the input's text there", d, tok.Text, tok.Off)
				}
				_ = tok.Name()
			}
		}
	})
}
