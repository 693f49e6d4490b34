package main

import (
	"runtime"

	"github.com/spf13/cobra"

	"github.com/strata-db/strata"
)

func newVersionCmd(g *globalFlags, o *output) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print strata's version",
		Args:  cobra.NoArgs,
		// The version needs no config: it must work where the config is
		// broken, to report the version in a bug report.
		RunE: func(cmd *cobra.Command, args []string) error {
			o.json = g.json
			return ran(runVersion(o))
		},
	}
}

// runVersion prints strata's version, and the SQLite driver built in: a
// bug report about SQLite must say whether it came from the default build
// (modernc.org/sqlite) or one built with -tags sqlite_cgo (mattn/go-sqlite3).
func runVersion(o *output) error {
	sqlite := sqliteDriver.Info()
	if o.json {
		return o.writeJSON(map[string]string{"version": strata.Version, "go": runtime.Version(), "sqlite": sqlite})
	}
	o.printf("strata %s (%s, %s/%s)", strata.Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	o.printf("sqlite: %s", sqlite)
	return nil
}
