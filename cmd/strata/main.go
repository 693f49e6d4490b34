// Command strata applies versioned SQL schema migrations to PostgreSQL,
// MySQL/MariaDB and SQLite. Run "strata --help" for the commands; the
// contract is in README.md (commands, flags) and docs/ (exit codes, JSON).
package main

import (
	"context"
	"errors"
	"io"
	"os"
)

func main() {
	tuneGC()
	ctx, stop := interruptContext(os.Stderr)
	code := execute(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// execute runs one command line and returns the exit code. Tests call it
// in-process.
func execute(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o := newOutput(stdout, stderr)
	root := newRootCmd(o)
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return exitOK
	}
	o.printError(err)
	var ce *commandError
	if !errors.As(err, &ce) {
		o.noticef("Run '%s --help' for usage.", cmd.CommandPath())
	}
	return exitCode(err)
}
