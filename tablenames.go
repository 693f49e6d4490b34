package strata

import (
	"fmt"
	"strings"
)

// checkTableNames refuses, before anything connects, tracking table names
// that the dialect cannot hold: the database would answer with a raw SQL
// error ("cross-database references are not implemented", "no such
// table: other.hist") that names neither the setting nor what to write.
func checkTableNames(d Dialect, history, locks string) error {
	for _, t := range [][2]string{{"history", history}, {"lock", locks}} {
		parts := strings.Split(t[1], ".")
		switch {
		case len(parts) > 2:
			return fmt.Errorf("%w: the %s table name %q has %d dot-separated parts; a tracking table is named table or schema.table (database.table on MySQL)",
				ErrUsage, t[0], t[1], len(parts))
		case len(parts) == 2 && d == SQLite && parts[0] != "main":
			return fmt.Errorf("%w: the %s table name %q names the schema %s; on SQLite the tracking tables are in the database file itself: name them without a schema (or main.%s)",
				ErrUsage, t[0], t[1], parts[0], parts[1])
		}
	}
	return nil
}
