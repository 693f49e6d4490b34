package dialecttest_test

import (
	"testing"

	"github.com/strata-db/strata/internal/dialect/dialecttest"
)

func TestSQLite(t *testing.T)   { dialecttest.Run(t, "sqlite") }
func TestPostgres(t *testing.T) { dialecttest.Run(t, "postgres") }
func TestMySQL(t *testing.T)    { dialecttest.Run(t, "mysql") }
