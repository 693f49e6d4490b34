package strata

import "testing"

// Which statements in flight when a runner died run again on resume by
// themselves, per dialect: DDL, row changes and session settings do;
// anything whose effects a second run could repeat does not.
func TestRerunSafe(t *testing.T) {
	cases := []struct {
		dialect Dialect
		text    string
		safe    bool
	}{
		{Postgres, "CREATE TABLE a (id int)", true},
		{Postgres, "-- why\nALTER TABLE a ADD COLUMN b int", true},
		{Postgres, "CREATE INDEX CONCURRENTLY i ON a (id)", true},
		{Postgres, "DROP TABLE a", true},
		{Postgres, "INSERT INTO a VALUES (1)", true},
		{Postgres, "update a set id = 2", true},
		{Postgres, "SET search_path = app", true},
		{Postgres, "VACUUM ANALYZE a", true},
		{Postgres, "CALL p()", false},
		{Postgres, "DO $$ BEGIN INSERT INTO a VALUES (1); END $$", false},
		{Postgres, "SELECT setval('s', 10)", false},
		{Postgres, "WITH x AS (SELECT 1) INSERT INTO a SELECT * FROM x", false},
		{Postgres, "COPY a FROM '/tmp/a.csv'", false},
		{Postgres, "EXECUTE plan1", false},
		{Postgres, "(SELECT f())", false},
		{MySQL, "CALL p()", false},
		{MySQL, "EXECUTE IMMEDIATE 'INSERT INTO a VALUES (1)'", false},
		{MySQL, "LOAD DATA INFILE 'a.csv' INTO TABLE a", false},
		{MySQL, "# note\nRENAME TABLE a TO b", true},
		{MySQL, "REPLACE INTO a VALUES (1)", true},
		{MySQL, "USE other", true},
		{SQLite, "WITH v AS (SELECT 1) INSERT INTO a SELECT * FROM v", false},
		{SQLite, "CREATE TABLE a (id INTEGER)", true},
		{SQLite, "PRAGMA foreign_keys = OFF", true},
	}
	for _, c := range cases {
		d, err := c.dialect.impl()
		if err != nil {
			t.Fatal(err)
		}
		m := &Migrator{d: d}
		if got := m.rerunSafe(c.text); got != c.safe {
			t.Errorf("%s: rerunSafe(%q) = %v, want %v", c.dialect, c.text, got, c.safe)
		}
	}
}
