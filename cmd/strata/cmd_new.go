package main

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/strata-db/strata"
)

func newNewCmd(g *globalFlags, o *output) *cobra.Command {
	return &cobra.Command{
		Use:   "new NAME",
		Short: "Create the next migration file, with an up and a down section",
		Long: `Create the next migration file in the migrations directory (created if
missing): the next version without gaps (or a UTC timestamp where the files
use timestamps) and NAME in lower case with words joined by "_". Where the
latest migration is a .up.sql/.down.sql pair, it creates such a pair. Prints
the path of each file.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return errors.New("strata new needs the migration's NAME, e.g. strata new add_users")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := g.resolve(cmd, o)
			if err != nil {
				return ran(err)
			}
			return ran(runNew(s, o, strings.Join(args, " "), time.Now()))
		},
	}
}

func runNew(s *settings, o *output, name string, now time.Time) error {
	nf, err := strata.NewMigrationFile(s.dir, name, strata.NewFileOptions{Now: now})
	var fe *strata.FilesError
	var pe *fs.PathError
	switch {
	case errors.As(err, &fe):
		// A file with a problem is left out of the migrations; numbering
		// past the others could then reuse its version.
		for _, p := range fe.Problems() {
			o.errorLine(o.location(p.File, p.Line, 0) + p.Message)
		}
		return errors.New("the migrations directory has problems, so the next version is not certain\nTry: fix the files above (strata validate lists every problem), then run strata new again")
	case errors.Is(err, fs.ErrExist) && errors.As(err, &pe):
		return fmt.Errorf("%s already exists; strata new never overwrites a file\nTry: pick another name", pe.Path)
	case errors.Is(err, strata.ErrUsage):
		return usageErrorf("%v", err)
	case err != nil:
		return err
	}
	if o.json {
		var down any
		if nf.DownPath != "" {
			down = nf.DownPath
		}
		return o.writeJSON(map[string]any{"version": nf.Version, "file": nf.Path, "down_file": down})
	}
	o.printf("%s", nf.Path)
	if nf.DownPath != "" {
		o.printf("%s", nf.DownPath)
	}
	return nil
}
