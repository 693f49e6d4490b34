package main

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// TestTuneGC checks the collector settings of a command: GOGC=400 under a
// memory limit of gcFloor, raised to twice the live heap once that is
// bigger, so that a big project is never collected more often than at
// GOGC=100.
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
	if p := debug.SetGCPercent(400); p != 400 {
		t.Errorf("GC percent %d, want 400", p)
	}
	if l := debug.SetMemoryLimit(-1); l != gcFloor {
		t.Errorf("memory limit %d, want %d", l, gcFloor)
	}
	// A live heap of 3/2 of the floor: the limit must follow it up.
	live := make([][]byte, 0, 3*gcFloor/2>>20)
	for range cap(live) {
		live = append(live, make([]byte, 1<<20))
	}
	want := int64(2 * len(live) << 20)
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
