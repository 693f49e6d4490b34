package strata_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"
	"os"
	"testing/fstest"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // the PostgreSQL driver, registered as "pgx"

	"github.com/strata-db/strata"
)

// A failed migration's error is a *MigrationError with the file, the line
// and what to do next, and it keeps the driver's error: errors.As reaches
// *pgconn.PgError (or *mysql.MySQLError, or the SQLite driver's error) for
// the server's own fields. The example needs a PostgreSQL server, so it
// is compiled but not run; TestMigrationErrorCause runs the same against
// all three databases.
func ExampleMigrationError_cause() {
	db, err := sql.Open("pgx", os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	files := fstest.MapFS{
		"001_orders.sql": {Data: []byte("CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers);\n")},
	}
	m, err := strata.New(db, strata.Postgres, files)
	if err != nil {
		log.Fatal(err)
	}
	_, err = m.Up(context.Background())
	var me *strata.MigrationError
	var pe *pgconn.PgError
	if errors.As(err, &me) && errors.As(err, &pe) {
		fmt.Printf("%s, line %d: SQLSTATE %s (%s)\n", me.File, me.Line, pe.Code, pe.Message)
		fmt.Println(me.Hint)
	}
}
