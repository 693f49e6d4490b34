package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
)

// gcFloor is the Go memory below which the collector does not run at
// all: a command is a short process whose garbage dies with it, a no-op
// up or a status of 10,000 migrations allocates less than this
// (alloc_test.go holds them to it), and a single cycle costs such a
// command more than a tenth of its time (bench/README.md). It is low
// enough for a command of 10,000 migrations to stay under the memory
// target with the binary's own pages and, on SQLite, the library's memory
// outside the Go heap.
const gcFloor = 34 << 20

// gcMinHeadroom and gcHeadroomShare set the room for new objects the
// limit leaves above the live heap and the runtime's own memory once the
// floor is too low for both: a quarter of the live heap (GOGC=25's pace),
// at least 4 MiB. A down --all of a big project holds most of what it
// allocates and allocates slowly, so collecting often costs little there,
// while room for twice its live heap would blow the memory target; a
// limit at the live heap itself, with no room, would collect without end.
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
