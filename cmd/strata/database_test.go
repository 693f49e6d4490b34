package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/strata-db/strata"
)

func TestParseURL(t *testing.T) {
	for _, tc := range []struct {
		url     string
		dialect strata.Dialect
		dsn     string // driver DSN; for MySQL, the config formatted
		display string
		secrets []string
	}{
		{url: "postgres://app:pw@db:5432/app?sslmode=verify-full&connect_timeout=5", dialect: strata.Postgres,
			dsn:     "postgres://app:pw@db:5432/app?sslmode=verify-full&connect_timeout=5",
			display: "postgres://app:xxxxx@db:5432/app?sslmode=verify-full&connect_timeout=5", secrets: []string{"pw"}},
		{url: "postgresql://app@db/app?password=p%40ss", dialect: strata.Postgres,
			dsn:     "postgresql://app@db/app?password=p%40ss",
			display: "postgresql://app@db/app?password=xxxxx", secrets: []string{"p@ss", "p%40ss"}},
		{url: "mysql://app:p%40ss:w@db:3307/shop?tls=skip-verify&timeout=5s&multiStatements=true", dialect: strata.MySQL,
			dsn:     "app:p@ss:w@tcp(db:3307)/shop?interpolateParams=true&timeout=5s&tls=skip-verify&maxAllowedPacket=0",
			display: "mysql://app:xxxxx@db:3307/shop?tls=skip-verify&timeout=5s&multiStatements=true", secrets: []string{"p@ss:w", "p%40ss%3Aw", "p%40ss:w"}},
		{url: "mysql://root@localhost/app", dialect: strata.MySQL,
			dsn: "root@tcp(localhost:3306)/app?interpolateParams=true&maxAllowedPacket=0", display: "mysql://root@localhost/app"},
		{url: "mysql://root@/app?socket=/run/mysqld/mysqld.sock&timeout=5s", dialect: strata.MySQL,
			dsn:     "root@unix(/run/mysqld/mysqld.sock)/app?interpolateParams=true&timeout=5s&maxAllowedPacket=0",
			display: "mysql://root@/app?socket=/run/mysqld/mysqld.sock&timeout=5s"},
		{url: "mysql://root:pw@localhost/app?socket=%2Ftmp%2Fmy%20sql.sock", dialect: strata.MySQL,
			dsn:     "root:pw@unix(/tmp/my sql.sock)/app?interpolateParams=true&maxAllowedPacket=0",
			display: "mysql://root:xxxxx@localhost/app?socket=%2Ftmp%2Fmy%20sql.sock", secrets: []string{"pw"}},
		// A password with an @ as it is: the user information ends at the
		// last @, and pgx gets the URL written again, @ escaped, so that
		// it does not take the password's end for the host.
		{url: "postgres://app:p@ss@db/app", dialect: strata.Postgres,
			dsn: "postgres://app:p%40ss@db/app", display: "postgres://app:xxxxx@db/app", secrets: []string{"p@ss", "p%40ss"}},
		// MySQL's password parameter is the password, as for pgx, not a
		// session variable (SET password=…) for the driver to send.
		{url: "mysql://app@db/shop?password=p%26w&timeout=5s", dialect: strata.MySQL,
			dsn:     "app:p&w@tcp(db:3306)/shop?interpolateParams=true&timeout=5s&maxAllowedPacket=0",
			display: "mysql://app@db/shop?password=xxxxx&timeout=5s", secrets: []string{"p&w", "p%26w", "p\\u0026w"}},
		// The README: ?password= works, an @ in it as it is too.
		{url: "postgres://app@db/app?password=p@ss&sslmode=disable", dialect: strata.Postgres,
			dsn:     "postgres://app@db/app?password=p%40ss&sslmode=disable",
			display: "postgres://app@db/app?password=xxxxx&sslmode=disable", secrets: []string{"p@ss", "p%40ss"}},
		{url: "mysql://app@db/shop?password=p@ss", dialect: strata.MySQL,
			dsn:     "app:p@ss@tcp(db:3306)/shop?interpolateParams=true&maxAllowedPacket=0",
			display: "mysql://app@db/shop?password=xxxxx", secrets: []string{"p@ss", "p%40ss"}},
		{url: "sqlite:app.db", dialect: strata.SQLite, dsn: wantSQLiteDSN("app.db"), display: "sqlite:app.db"},
		{url: "sqlite://data/app.db", dialect: strata.SQLite, dsn: wantSQLiteDSN("data/app.db"), display: "sqlite://data/app.db"},
		{url: "sqlite:///var/lib/app.db", dialect: strata.SQLite, dsn: wantSQLiteDSN("/var/lib/app.db"), display: "sqlite:///var/lib/app.db"},
	} {
		t.Run(tc.url, func(t *testing.T) {
			got, err := parseURL(tc.url)
			if err != nil {
				t.Fatal(err)
			}
			dsn := got.DSN
			if got.connector != nil {
				if got.connector.MultiStatements {
					t.Error("multiStatements is on; strata splits statements itself")
				}
				dsn = got.connector.FormatDSN()
			}
			if got.Dialect != tc.dialect || dsn != tc.dsn || got.Display != tc.display {
				t.Errorf("got %s %q shown as %q\nwant %s %q shown as %q", got.Dialect, dsn, got.Display, tc.dialect, tc.dsn, tc.display)
			}
			slices.Sort(got.Secrets)
			slices.Sort(tc.secrets)
			if !slices.Equal(got.Secrets, tc.secrets) {
				t.Errorf("secrets %q, want %q", got.Secrets, tc.secrets)
			}
		})
	}
}

func TestParseURLMemory(t *testing.T) {
	a, err := parseURL("sqlite::memory:")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := parseURL("sqlite::memory:")
	if !strings.Contains(a.DSN, "mode=memory&cache=shared") || a.DSN == b.DSN || a.SQLitePath != "" {
		t.Errorf("sqlite::memory: gave %q and %q; want two distinct shared in-memory databases", a.DSN, b.DSN)
	}
}

func TestParseURLErrors(t *testing.T) {
	for _, url := range []string{
		"oracle://scott:tiger@db/orcl",
		"host=db user=app password=tiger",
		"sqlite:",
		"sqlite:app.db?cache=shared",
		"mysql://root@db:3306/",
		"mysql:///app",
		"mysql://root:tiger@db:3306/app?tls=bogus",
		"postgres://u:tiger@db:port/app",
		// Passwords holding characters that end the user information,
		// unescaped: the password's parts land in the host, the port or
		// the path, and url.Parse's errors quote such parts.
		"postgres://u:tig#erX9@db/app",
		"postgres://u:123#erX9@db/app",
		"postgres://u:tig/erX9@db/app",
		"postgres://u:123/erX9@db:5432/app",
		"mysql://u:tig?erX9@db/app",
		"mysql://u:tig%erX9@db/app",
		"postgres://u:tig erX9@db/app",
		"postgres://u@db/app?password=tig#erX9",
		// An @ outside a password parameter is still a password's / or ?.
		"postgres://u:tig/erX9@db/app?password=x",
		"postgres://u@db/app?user=tig@erX9",
	} {
		_, err := parseURL(url)
		if err == nil {
			t.Errorf("%s: no error", url)
			continue
		}
		for _, piece := range []string{"tiger", "tig", "erX9", "123"} {
			if strings.Contains(err.Error(), piece) {
				t.Errorf("%s: the error shows (a piece of) the password: %v", url, err)
			}
		}
		if exitCode(ran(err)) != exitUsage {
			t.Errorf("%s: exit code %d, want %d", url, exitCode(ran(err)), exitUsage)
		}
	}
}

func TestRebaseSQLite(t *testing.T) {
	for _, tc := range []struct{ url, dir, want string }{
		{"sqlite:app.db", "deploy", "sqlite:deploy/app.db"},
		{"sqlite://app.db", "deploy", "sqlite://deploy/app.db"},
		{"sqlite:///abs/app.db", "deploy", "sqlite:///abs/app.db"},
		{"sqlite:/abs/app.db", "deploy", "sqlite:/abs/app.db"},
		{"sqlite::memory:", "deploy", "sqlite::memory:"},
		{"sqlite:app.db", ".", "sqlite:app.db"},
		{"postgres://db/app", "deploy", "postgres://db/app"},
	} {
		if got := rebaseSQLite(tc.url, tc.dir); got != tc.want {
			t.Errorf("rebaseSQLite(%q, %q) = %q, want %q", tc.url, tc.dir, got, tc.want)
		}
	}
}
