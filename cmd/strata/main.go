// Command strata applies versioned SQL schema migrations to PostgreSQL,
// MySQL/MariaDB and SQLite. Run "strata --help" for the commands; the
// contract is in README.md (commands, flags) and docs/ (exit codes, JSON).
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

// gcFloor is the Go memory below which the collector does not run at
// all: a command is a short process whose garbage dies with it. A no-op
// up or a status of 1,000 migrations allocates about 3 MB, one of 10,000
// about 20 MB; collecting even once cost them 10-15% of their time (the
// cycle itself, the signals that stop goroutines for their stacks, the
// assists it asks of the goroutines reading files), which GOGC=400 did
// from a 4 MB heap on at 17 MB. 28 MiB keeps the runtime's memory (heap,
// stacks, metadata) low enough for a command of 10,000 migrations to
// stay under 64 MB of RSS with the binary's own pages (20-27 MB) and, on
// SQLite, the library's own memory outside the Go heap (11 MB for the
// schema of 10,000 tables).
const gcFloor = 28 << 20

// gcMinHeadroom and gcHeadroomShare set the room for new objects the
// limit leaves above the live heap and the runtime's own memory once the
// floor is too low for both: a quarter of the live heap (GOGC=25's pace),
// at least 4 MiB. A down --all of 10,000 migrations holds 17-21 MB live
// (plans, results, the new attempts) and allocates slowly, so collecting
// often costs little there, while twice its live heap would take SQLite
// to 70 MB of RSS. A limit at the live heap itself, with no room, would
// collect without end (seen: 3,000 collections in one down --all).
const (
	gcMinHeadroom   = 4 << 20
	gcHeadroomShare = 4 // headroom is live/gcHeadroomShare
)

// gcMetrics are what the limit is computed from after each collection.
var gcMetrics = []string{
	"/gc/heap/live:bytes",
	"/memory/classes/total:bytes",
	"/memory/classes/heap/released:bytes",
	"/memory/classes/heap/objects:bytes",
	"/memory/classes/heap/free:bytes",
}

// gcLimit is the memory limit for the collector's latest numbers: the
// floor, or the live heap plus the runtime's memory other than objects
// and free pages (stacks, metadata, fragmentation) plus the headroom.
func gcLimit(live, total, released, objects, free uint64) int64 {
	overhead := int64(total) - int64(released) - int64(objects) - int64(free)
	headroom := max(gcMinHeadroom, int64(live)/gcHeadroomShare)
	return max(gcFloor, int64(live)+max(overhead, 0)+headroom)
}

// tuneGC sets the collector for a short-lived command: no collection by
// heap growth (GOGC=off), only when the Go memory reaches gcFloor or,
// once the live heap is too big for that, what gcLimit allows, so that
// the memory of a bigger project grows in proportion and it is collected
// at a pace in proportion too. GOGC or GOMEMLIMIT in the environment win. It
// returns a function that stops the adjustments, for tests.
func tuneGC() (stop func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(gcFloor)
	var stopped atomic.Bool
	sample := make([]metrics.Sample, len(gcMetrics))
	for i, name := range gcMetrics {
		sample[i].Name = name
	}
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
			var v [5]uint64
			for i, s := range sample {
				if s.Value.Kind() != metrics.KindUint64 {
					watch()
					return
				}
				v[i] = s.Value.Uint64()
			}
			debug.SetMemoryLimit(gcLimit(v[0], v[1], v[2], v[3], v[4]))
			watch()
		})
	}
	watch()
	return func() { stopped.Store(true) }
}

// gcSentinel is the object whose finalizer runs after a collection.
type gcSentinel struct{ _ *byte }
