// Command gen writes a synthetic migration set for strata's benchmarks:
//
//	go run ./bench/gen -dialect postgres -n 1000 -out DIR
//
// DIR/migrations/ gets N migrations in strata's format (up section,
// "-- strata:down", down section); DIR/up.sql and DIR/down.sql get the same
// SQL as plain scripts for the database's own client (psql, mariadb,
// sqlite3), so that a run of strata and a run of the client do the same
// work. The set depends only on -dialect, -n and -seed.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/strata-db/strata/bench/internal/synth"
)

func main() {
	dialect := flag.String("dialect", "postgres", "postgres, mysql or sqlite")
	n := flag.Int("n", 1000, "number of migrations")
	out := flag.String("out", "", "output directory (required); its migrations/ subdirectory must be empty or absent")
	seed := flag.Uint64("seed", synth.DefaultSeed, "random seed; the same seed gives the same migrations")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: gen -dialect postgres|mysql|sqlite -n N -out DIR [-seed S]")
		os.Exit(2)
	}
	d, err := synth.ParseDialect(*dialect)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(2)
	}
	if _, err := synth.Write(*out, d, *n, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	fmt.Printf("gen: %d %s migrations in %s, client scripts %s and %s\n", *n, d,
		filepath.Join(*out, "migrations"), filepath.Join(*out, "up.sql"), filepath.Join(*out, "down.sql"))
}
