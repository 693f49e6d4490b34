package main

import (
	"context"
	"path"

	"github.com/spf13/cobra"
)

func newBaselineCmd(g *globalFlags, o *output) *cobra.Command {
	var version string
	cmd := &cobra.Command{
		Use:   "baseline --version V",
		Short: "Record that the database already holds every migration up to V",
		Long: `Record, without running anything, that the database already holds every
migration up to and including version V: for adopting a database built
before strata. Migrations already applied are left alone.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := g.resolve(cmd, o)
			if err != nil {
				return ran(err)
			}
			return ran(runBaseline(cmd.Context(), s, o, version))
		},
	}
	cmd.Flags().StringVar(&version, "version", "", "the version the database is at (required)")
	cmd.MarkFlagRequired("version")
	return cmd
}

// baselineJSON is one migration recorded by baseline --json.
type baselineJSON struct {
	Version  string `json:"version"`
	Name     string `json:"name"`
	File     string `json:"file"`
	Checksum string `json:"checksum"`
}

func runBaseline(ctx context.Context, s *settings, o *output, version string) error {
	m, closeDB, err := s.migrator(ctx, o, openOrCreate)
	if err != nil {
		return err
	}
	defer closeDB()
	recorded, err := m.Baseline(ctx, version)
	if err != nil {
		return err
	}
	if o.json {
		out := make([]baselineJSON, len(recorded))
		for i, a := range recorded {
			out[i] = baselineJSON{Version: a.Version, Name: a.Name, File: a.File, Checksum: a.Checksum}
		}
		return o.writeJSON(map[string]any{"baselined": out})
	}
	for _, a := range recorded {
		o.printf("%s %s", paint(o.colorOut, styleGreen, "baselined"), path.Base(a.File))
	}
	v, _ := normalizeVersion(version)
	if len(recorded) == 0 {
		o.printf("Nothing to record: every migration up to version %s is already applied.", v)
		return nil
	}
	o.printf("Recorded %s up to version %s as applied, without running them.", plural(len(recorded), "migration"), v)
	return nil
}
