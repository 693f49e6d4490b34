package strata_test

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/strata-db/strata"
	"github.com/strata-db/strata/internal/testdb"
)

// With NO_BACKSLASH_ESCAPES, 'C:\' is a whole string to MariaDB, and so
// it must be to strata's splitter: the mode of the session (the URL's
// sql_mode) or a SET sql_mode earlier in the file. Without either, the
// file is refused before anything runs, with the line and what to do.
func TestNoBackslashEscapesMySQL(t *testing.T) {
	ctx := context.Background()
	insert := "CREATE TABLE paths (id INT PRIMARY KEY, p VARCHAR(20));\nINSERT INTO paths VALUES (1, 'C:\\'), (2, 'it''s');\n"
	for _, tc := range []struct {
		name     string
		urlMode  bool
		file     string
		wantFail bool
	}{
		{name: "url sql_mode", urlMode: true, file: insert},
		{name: "set in the file", file: "SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES');\n" + insert},
		{name: "mysqldump header", file: "/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO,NO_BACKSLASH_ESCAPES' */;\n" + insert +
			"/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;\n"},
		{name: "neither", file: insert, wantFail: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			live := testdb.MySQL(t)
			db := live.DB
			if tc.urlMode {
				u, err := url.Parse(live.URL)
				if err != nil {
					t.Fatal(err)
				}
				u.RawQuery = url.Values{"sql_mode": {"'NO_BACKSLASH_ESCAPES'"}}.Encode()
				dsn, err := testdb.MySQLDSN(u.String())
				if err != nil {
					t.Fatal(err)
				}
				if db, err = sql.Open("mysql", dsn); err != nil {
					t.Fatal(err)
				}
				defer db.Close()
			}
			m, err := strata.New(db, strata.MySQL, fstest.MapFS{"001_paths.sql": {Data: []byte(tc.file)}})
			if err != nil {
				t.Fatal(err)
			}
			_, err = m.Up(ctx)
			if tc.wantFail {
				var me *strata.MigrationError
				if !errors.As(err, &me) || me.Line != 2 || !strings.Contains(me.Error()+me.Hint, "NO_BACKSLASH_ESCAPES") {
					t.Fatalf("want a refusal at line 2 naming NO_BACKSLASH_ESCAPES, got %v", err)
				}
				var n int
				live.DB.QueryRow("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'paths'").Scan(&n)
				if n != 0 {
					t.Fatal("the refused file ran")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var p string
			if err := live.DB.QueryRow("SELECT p FROM paths WHERE id = 1").Scan(&p); err != nil || p != `C:\` {
				t.Fatalf("stored %q, %v", p, err)
			}
		})
	}
}
