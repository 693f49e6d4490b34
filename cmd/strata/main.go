// Command strata applies versioned SQL schema migrations to PostgreSQL,
// MySQL/MariaDB and SQLite. Run "strata --help" for the commands; the
// contract (commands, flags, exit codes, JSON) is in DESIGN.md.
package main

import (
	"context"
	"errors"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
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

// gcFloor is the Go memory below which the collector does not bother: a
// command is a short process whose garbage dies with it. A no-op up or a
// status of 1,000 migrations allocates about 5 MB and never collects;
// at 10,000 the files and the history take 12-15 MB live and these
// commands allocate 40-50 MB, which GOGC=100 collected five or six
// times from a 4 MB heap on, with its start-up cycles and page faults
// costing about 15% of the command. 32 MiB keeps the runtime's memory
// (heap, stacks, metadata) low enough for a command of 10,000 migrations
// to stay under 64 MB of RSS with the binary's own pages.
const gcFloor = 32 << 20

// tuneGC sets the collector for a short-lived command: a heap five times
// the live one (GOGC=400) but no more Go memory than gcFloor, or than
// twice the live heap once that is larger, so that a project bigger than
// the floor is collected at GOGC=100's pace, never more often, and its
// memory grows with it. GOGC or GOMEMLIMIT in the environment win. It
// returns a function that stops the adjustments, for tests.
func tuneGC() (stop func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	debug.SetGCPercent(400)
	debug.SetMemoryLimit(gcFloor)
	var stopped atomic.Bool
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var watch func()
	watch = func() {
		// A finalizer runs after a collection finds its object
		// unreachable: a hook after every cycle, re-armed each time. The
		// object holds a pointer, so that it is never a tiny allocation
		// sharing a block (whose finalizer might never run).
		runtime.SetFinalizer(&gcSentinel{}, func(*gcSentinel) {
			if stopped.Load() {
				return
			}
			metrics.Read(sample)
			if sample[0].Value.Kind() == metrics.KindUint64 {
				debug.SetMemoryLimit(max(gcFloor, 2*int64(sample[0].Value.Uint64())))
			}
			watch()
		})
	}
	watch()
	return func() { stopped.Store(true) }
}

// gcSentinel is the object whose finalizer runs after a collection.
type gcSentinel struct{ _ *byte }
