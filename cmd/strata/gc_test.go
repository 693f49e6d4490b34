package main

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// TestTuneGC checks the collector settings of a command: no collection by
// heap growth, only at a memory limit of gcFloor, raised above the live heap with room to spare
// once that is bigger.
func TestTuneGC(t *testing.T) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		t.Skip("GOGC or GOMEMLIMIT is set: tuneGC leaves the collector alone")
	}
	stop := tuneGC()
	defer func() {
		stop()
		debug.SetGCPercent(100)
		debug.SetMemoryLimit(math.MaxInt64)
	}()
	if p := debug.SetGCPercent(-1); p != -1 {
		t.Errorf("GC percent %d, want -1 (off)", p)
	}
	if l := debug.SetMemoryLimit(-1); l != gcFloor {
		t.Errorf("memory limit %d, want %d", l, gcFloor)
	}
	// A live heap of 3/2 of the floor: the limit must follow it up.
	live := make([][]byte, 0, 3*gcFloor/2>>20)
	for range cap(live) {
		live = append(live, make([]byte, 1<<20))
	}
	want := int64(len(live)<<20) + gcMinHeadroom
	deadline := time.Now().Add(10 * time.Second)
	for debug.SetMemoryLimit(-1) < want {
		if time.Now().After(deadline) {
			t.Fatalf("memory limit %d after collections with %d MB live, want at least %d", debug.SetMemoryLimit(-1), len(live), want)
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	runtime.KeepAlive(live)
}

// TestTuneGCEnvironment checks that GOGC in the environment wins.
func TestTuneGCEnvironment(t *testing.T) {
	t.Setenv("GOGC", "100")
	before := debug.SetGCPercent(-1)
	debug.SetGCPercent(before)
	tuneGC()()
	if p := debug.SetGCPercent(before); p != before {
		t.Errorf("GC percent %d with GOGC set, want %d", p, before)
	}
}

// TestGCLimit checks the limit's arithmetic: the floor while the live
// heap and the runtime's memory fit under it with room; above, always
// room for a quarter of the live heap, and at least gcMinHeadroom.
func TestGCLimit(t *testing.T) {
	const mb = 1 << 20
	for _, c := range []struct {
		live, total, released, objects, free uint64
		want                                 int64
	}{
		{live: 10 * mb, total: 20 * mb, objects: 11 * mb, free: 2 * mb, want: gcFloor},
		// 24 MB live, 10 MB of stacks, metadata and fragmentation: a
		// limit at the floor would leave no room at all.
		{live: 24 * mb, total: 36 * mb, released: 1 * mb, objects: 24 * mb, free: 1 * mb, want: 24*mb + 10*mb + 24*mb/4},
		{live: 12 * mb, total: 36 * mb, objects: 12 * mb, want: 12*mb + 24*mb + gcMinHeadroom},
		{live: 400 * mb, total: 450 * mb, objects: 400 * mb, free: 20 * mb, want: 400*mb + 30*mb + 100*mb},
	} {
		if got := gcLimit(c.live, c.total, c.released, c.objects, c.free); got != c.want {
			t.Errorf("gcLimit(%+v) = %d MB, want %d MB", c, got/mb, c.want/mb)
		}
	}
}
