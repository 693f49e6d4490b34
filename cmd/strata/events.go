package main

import (
	"fmt"
	"path"
	"time"

	"github.com/strata-db/strata"
)

// eventPrinter renders the library's events as they happen: progress
// lines for finished migrations, and on stderr everything about waiting,
// slowness and recovery. The library calls it from one goroutine at a
// time.
type eventPrinter struct {
	o *output
	// waitStart is when this runner began to wait for the lock; zero when
	// it is not waiting.
	waitStart time.Time
	now       func() time.Time
}

func newEventPrinter(o *output) *eventPrinter {
	return &eventPrinter{o: o, now: time.Now}
}

func (p *eventPrinter) handle(e strata.Event) {
	o := p.o
	switch e := e.(type) {
	case strata.LockWaiting:
		if p.waitStart.IsZero() {
			p.waitStart = p.now()
		}
		who := describeHolder(e.Holder, p.now())
		if e.Holder == nil && e.Writing {
			who = "held by " + strata.WritingHolder
		}
		o.noticef("waiting for the migration lock, %s", who)
	case strata.LockAcquired:
		if !p.waitStart.IsZero() {
			o.noticef("got the migration lock after %s", human(p.now().Sub(p.waitStart)))
			p.waitStart = time.Time{}
		}
	case strata.RecoveredInterrupted:
		if a := e.Attempt; a != nil {
			what := "an interrupted attempt"
			if a.ID != 0 {
				what = fmt.Sprintf("attempt #%d (interrupted)", a.ID)
			}
			o.warnf("the previous run stopped without recording its outcome; recorded it as %s on version %s%s: %s",
				what, a.Version, inParens(o.path(a.File)), a.ErrorMessage)
		} else {
			o.warnf("the previous lock holder stopped without releasing the lock (it was %s); took the lock over", describeHolder(e.Holder, p.now()))
		}
	case strata.SessionEnded:
		o.warnf("the lock holder's process (pid %d on this machine) is gone, but its database session %s still held the lock, "+
			"and the server would have gone on with its migration: ended that session, which rolls back what it had not committed",
			holderPID(e.Holder), e.Session)
	case strata.TablesUpgraded:
		o.noticef("upgraded strata's own tables from format %d, an older strata's, to %d", e.From, e.To)
	case strata.MigrationStarted:
		if e.ResumeAt > 0 {
			o.noticef("resuming %s at statement %d: the statements before it are already committed", path.Base(e.File), e.ResumeAt)
		}
	case strata.MigrationFinished:
		p.finished(e.Result)
	case strata.SlowMigration:
		o.warnf("%s has been running for %s; it is at statement %d (%s:%d)",
			path.Base(e.File), human(e.Elapsed), e.Statement, o.path(e.File), e.Line)
	case strata.Warning:
		o.warnf("%s%s", o.location(e.File, e.Line, 0), e.Message)
	case strata.RunFinished:
		o.finished = &e
	}
}

// finished prints "applied 003_users.sql  (12ms)". It is the result of the
// command in text mode, so it goes to stdout then; with --json, stdout
// holds the JSON document alone and progress goes to stderr.
func (p *eventPrinter) finished(r strata.Result) {
	verb, style := "applied", styleGreen
	if r.Direction == "down" {
		verb, style = "rolled back", styleYellow
	}
	w, color := p.o.stdout, p.o.colorOut
	if p.o.json {
		w, color = p.o.stderr, p.o.colorErr
	}
	extra := ""
	if r.ResumedAt > 0 {
		extra = fmt.Sprintf(", resumed at statement %d", r.ResumedAt)
	}
	fmt.Fprintf(w, "%s %s  (%s%s)\n", paint(color, style, verb), path.Base(r.File), human(r.Duration), extra)
}

// describeHolder says who holds the lock, since when and for how long.
func describeHolder(h *strata.LockHolder, now time.Time) string {
	if h == nil {
		return "held by a runner that has not written its name yet"
	}
	s := fmt.Sprintf("held by %s since %s (for %s)", h, timestamp(h.LockedAt), human(now.Sub(h.LockedAt)))
	if h.Version != "" {
		s += ", last reported at version " + h.Version
	}
	return s
}

// inParens is " (s)", or nothing for an empty s.
func inParens(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}

// holderPID is the process id of a holder, 0 when unknown.
func holderPID(h *strata.LockHolder) int {
	if h == nil {
		return 0
	}
	return h.ProcessID
}
