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

func runVersion(o *output) error {
	if o.json {
		return o.writeJSON(map[string]string{"version": strata.Version, "go": runtime.Version()})
	}
	o.printf("strata %s (%s, %s/%s)", strata.Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}
