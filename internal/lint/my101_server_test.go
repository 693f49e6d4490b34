package lint

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/go-sql-driver/mysql"

	"github.com/strata-db/strata/internal/sqlsplit"
	"github.com/strata-db/strata/internal/testdb"
)

// MY101 says a change copies the table exactly when the server refuses
// to make it with ALGORITHM=INPLACE (error 1846): each case is linted as
// two migrations, then run on a real MySQL/MariaDB with the algorithm
// demanded.
func TestMY101AgreesWithServer(t *testing.T) {
	db := testdb.MySQL(t)
	var version string
	if err := db.DB.QueryRow("SELECT VERSION()").Scan(&version); err != nil {
		t.Fatal(err)
	}
	mariadb := strings.Contains(strings.ToLower(version), "mariadb")
	for _, c := range []struct{ create, alter string }{
		{"CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(60)) DEFAULT CHARSET=utf8mb4", "ALTER TABLE t MODIFY v VARCHAR(100)"},
		{"CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(60)) DEFAULT CHARSET=utf8mb4", "ALTER TABLE t MODIFY v VARCHAR(63)"},
		{"CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(60)) DEFAULT CHARSET=utf8mb4", "ALTER TABLE t CHANGE v w VARCHAR(64)"},
		{"CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(100)) DEFAULT CHARSET=utf8mb4", "ALTER TABLE t MODIFY v VARCHAR(300)"},
		{"CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(60)) DEFAULT CHARSET=latin1", "ALTER TABLE t MODIFY v VARCHAR(200)"},
		{"CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(60)) DEFAULT CHARSET=latin1", "ALTER TABLE t MODIFY v VARCHAR(300)"},
		{"CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(128)) DEFAULT CHARSET=latin1", "ALTER TABLE t MODIFY v VARCHAR(256)"},
		{"CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(31)) DEFAULT CHARSET=utf8mb4", "ALTER TABLE t MODIFY v VARCHAR(64)"},
		{"CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(60) CHARACTER SET latin1) DEFAULT CHARSET=utf8mb4", "ALTER TABLE t MODIFY v VARCHAR(200) CHARACTER SET latin1"},
		{"CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(80) COLLATE utf8mb3_general_ci) DEFAULT CHARSET=latin1", "ALTER TABLE t MODIFY v VARCHAR(90) COLLATE utf8mb3_general_ci"},
		{"CREATE TABLE t (id INT PRIMARY KEY, v VARBINARY(200))", "ALTER TABLE t MODIFY v VARBINARY(300)"},
		{"CREATE TABLE t (id INT PRIMARY KEY, v CHAR(10))", "ALTER TABLE t MODIFY v CHAR(20)"},
		{"CREATE TABLE t (id INT PRIMARY KEY, v DECIMAL(10,2))", "ALTER TABLE t MODIFY v DECIMAL(12,2)"},
		{"CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20)) DEFAULT CHARSET=utf8mb4", "ALTER TABLE t MODIFY v VARCHAR(20) CHARACTER SET latin1"},
		{"CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(60)) DEFAULT CHARSET=latin1", "ALTER TABLE t CONVERT TO CHARACTER SET utf8mb4"},
	} {
		fsys := fstest.MapFS{
			"m/001_t.sql":     {Data: []byte(c.create + ";\n")},
			"m/002_alter.sql": {Data: []byte(c.alter + ";\n")},
		}
		rep, err := Run(Options{Dialect: sqlsplit.MySQL, FS: fsys, Dir: "m", Config: Config{Disable: []string{"R101"}}})
		if err != nil {
			t.Fatal(err)
		}
		reported, mysqlOnly := false, false
		for _, d := range rep.Diagnostics {
			if d.Code == "MY101" {
				reported, mysqlOnly = true, strings.Contains(d.Message, "MariaDB changes it in place")
			}
		}
		if reported && mysqlOnly && mariadb {
			reported = false
		}
		if _, err := db.DB.Exec("DROP TABLE IF EXISTS t"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.DB.Exec(c.create); err != nil {
			t.Fatalf("%s: %v", c.create, err)
		}
		_, err = db.DB.Exec(c.alter + ", ALGORITHM=INPLACE")
		var me *mysql.MySQLError
		copies := errors.As(err, &me) && me.Number == 1846
		if err != nil && !copies {
			t.Fatalf("%s: %v", c.alter, err)
		}
		if reported != copies {
			t.Errorf("%s, then %s: MY101 reported %v, but the server copies: %v (%v)", c.create, c.alter, reported, copies, err)
		}
	}
}
