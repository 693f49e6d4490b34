package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/strata-db/strata/internal/source"
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

// newTemplate is the text of a new migration; %s is its name.
const newTemplate = `-- %s: write the migration here

-- strata:down
-- undo it here
`

// The texts of a new .up.sql/.down.sql pair; %s is the name.
const (
	newUpTemplate   = "-- %s: write the migration here\n"
	newDownTemplate = "-- %s: undo it here\n"
)

func runNew(s *settings, o *output, name string, now time.Time) error {
	if err := os.MkdirAll(s.dir, 0o777); err != nil {
		return fmt.Errorf("cannot create the migrations directory: %w", err)
	}
	migs, err := source.Read(os.DirFS(s.dir), ".")
	if err != nil {
		// A file with a problem is left out of migs; numbering past the
		// others could then reuse its version.
		var pe *source.ProblemsError
		if errors.As(err, &pe) {
			for _, p := range pe.Problems {
				o.errorLine(o.location(p.File, p.Line, 0) + p.Msg)
			}
			return errors.New("the migrations directory has problems, so the next version is not certain\nTry: fix the files above (strata validate lists every problem), then run strata new again")
		}
		return fmt.Errorf("cannot read the migrations directory: %w", err)
	}
	file, v, err := source.Next(migs, name, now)
	if err != nil {
		return usageErrorf("%v", err)
	}
	clean, _ := source.CleanName(name)
	path := filepath.Join(s.dir, file)
	downFile, pair := source.PairDown(file)
	if !pair {
		if err := createFile(path, fmt.Sprintf(newTemplate, clean)); err != nil {
			return err
		}
		if o.json {
			return o.writeJSON(map[string]any{"version": v.String(), "file": path, "down_file": nil})
		}
		o.printf("%s", path)
		return nil
	}
	// The directory holds pairs: the new migration is one too.
	downPath := filepath.Join(s.dir, downFile)
	if err := createFile(path, fmt.Sprintf(newUpTemplate, clean)); err != nil {
		return err
	}
	if err := createFile(downPath, fmt.Sprintf(newDownTemplate, clean)); err != nil {
		os.Remove(path) // no half pair left behind
		return err
	}
	if o.json {
		return o.writeJSON(map[string]any{"version": v.String(), "file": path, "down_file": downPath})
	}
	o.printf("%s", path)
	o.printf("%s", downPath)
	return nil
}

// createFile writes a new file, never over an existing one.
func createFile(path, text string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("%s already exists; strata new never overwrites a file\nTry: pick another name", path)
		}
		return fmt.Errorf("cannot create the migration: %w", err)
	}
	_, err = io.WriteString(f, text)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	return nil
}
