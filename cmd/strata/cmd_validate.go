package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"
)

func newValidateCmd(g *globalFlags, o *output) *cobra.Command {
	return &cobra.Command{
		Use:   "validate",
		Short: "Check the files against the database; exit 3 on any problem",
		Long: `Check the migration files and the database together: naming, duplicates,
gaps, statements that cannot run as written, edited applied migrations,
out-of-order and failed migrations, applied migrations whose file is gone.
Prints one line per problem as file:line: kind: message and exits with 3
when there is any. It only reads.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := g.resolve(cmd, o)
			if err != nil {
				return ran(err)
			}
			return ran(runValidate(cmd.Context(), s, o))
		},
	}
}

func runValidate(ctx context.Context, s *settings, o *output) error {
	m, closeDB, err := s.migrator(ctx, o, openExisting)
	if err != nil {
		return err
	}
	defer closeDB()
	problems, err := m.Validate(ctx)
	if err != nil {
		return err
	}
	if o.json {
		if err := o.writeJSON(map[string]any{"problems": o.problemsJSON(problems)}); err != nil {
			return err
		}
	} else {
		for _, p := range problems {
			where := o.location(p.File, p.Line, 0)
			if where == "" && p.Version != "" {
				where = fmt.Sprintf("version %s: ", p.Version)
			}
			o.printf("%s%s: %s", where, paint(o.colorOut, styleRed, p.Kind), p.Message)
		}
	}
	if len(problems) > 0 {
		return &problemsError{n: len(problems), what: "validate"}
	}
	if !o.json {
		o.printf("No problems: the files and the database agree.")
	}
	return nil
}
