package strata

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/strata-db/strata/internal/dialect"
	"github.com/strata-db/strata/internal/history"
	"github.com/strata-db/strata/internal/source"
)

// recordStale records, on behalf of a runner that died holding the lock,
// the attempt it never finished (see staleAttempt).
func (s *session) recordStale(ctx context.Context, st *state) error {
	h := s.stale
	s.stale = nil
	if h == nil {
		return nil
	}
	m := s.m
	a := m.staleAttempt(st, h)
	if a == nil {
		m.emit(RecoveredInterrupted{Holder: holderOf(h)})
		return nil
	}
	if err := m.store.Record(ctx, s.conn, a); err != nil {
		return m.connError(err)
	}
	// Its number, for the messages that name it (the resume's among
	// them); without it they say "the interrupted attempt".
	if id, err := m.store.LatestID(ctx, s.conn, a.Version); err == nil {
		a.ID = id
	}
	st.record(a)
	m.emit(RecoveredInterrupted{Holder: holderOf(h), Attempt: attemptPtr(a)})
	return nil
}

// staleAttempt is the attempt that the runner of lock row h, dead, left
// unfinished, as the next runner records it: who, when, which migration,
// and how far it got where statements commit one by one. It is nil when
// the runner was between migrations or ran no migrations at all. st must
// be read after the dead runner's session ended, so that what it
// committed is in st.
//
// The row names the step the runner was on when it wrote progress: a
// transactional step on a database with session locks in the request
// that begins it (see beginRecord), a step whose statements commit one by
// one after each statement. Where it names no unfinished step, the runner
// was on the step after the last one it finished, if that step could
// begin without writing progress first.
func (m *Migrator) staleAttempt(st *state, h *dialect.Holder) *history.Attempt {
	dir := h.Direction
	if dir == "" {
		dir = history.Up
		if h.Command == "down" {
			dir = history.Down
		}
	}
	a := &history.Attempt{Direction: dir, AppliedAt: h.Started, Success: false, ErrorCode: history.CodeInterrupted,
		AppliedBy: h.LockedBy, ProcessID: h.ProcessID, StrataVersion: Version}
	if a.AppliedAt.IsZero() {
		a.AppliedAt = h.Heartbeat
	}
	who := fmt.Sprintf("runner %s (pid %d, strata %s, lock taken %s) stopped without recording the outcome (killed, crashed or lost its connection)",
		h.LockedBy, h.ProcessID, h.Command, h.LockedAt.UTC().Format(time.RFC3339))
	doing := func(dir string) (doing, none string) {
		if dir == history.Down {
			return "rolling back this migration", "nothing of this roll back was done, and the migration stays applied"
		}
		return "applying this migration", "nothing of this migration was applied"
	}
	switch {
	case h.Version != "" && !finishedSince(st, h.Version, dir, h.Started):
		a.Version, a.File = h.Version, h.File
		if h.Transaction {
			doing, none := doing(dir)
			a.ErrorMessage = fmt.Sprintf("%s while %s. Its transaction was rolled back by the database: %s", who, doing, none)
			break
		}
		a.StatementsApplied, a.StatementChecksums = h.Statements, h.StmtHashes
		a.ErrorStatement = h.Statements + 1
		a.ErrorMessage = fmt.Sprintf("%s. %s; statement %d may or may not have run: "+rerunNote,
			who, committed(h.Statements), h.Statements+1)
	case h.Command == "up" || h.Command == "down" || h.Command == "redo":
		a.Version, a.Direction = inFlight(st, h, dir)
		if a.Version == "" {
			return nil
		}
		doing, none := doing(a.Direction)
		sec := sectionOf(st, a.Version, a.Direction)
		switch {
		case sec != nil && m.inTransaction(sec) && m.d.SessionLock():
			// Its progress would name it had it begun.
			return nil
		case sec == nil || m.inTransaction(sec):
			a.ErrorMessage = fmt.Sprintf("%s while %s or just before it. Its transaction was rolled back by the database: %s", who, doing, none)
		default:
			a.ErrorStatement = 1
			a.ErrorMessage = fmt.Sprintf("%s while %s or just before it. "+
				"Its statements commit one by one and none was recorded as done; statement 1 may or may not have run: "+rerunNote, who, doing)
		}
	default:
		return nil
	}
	if mig := st.byVer[a.Version]; mig != nil {
		a.Name, a.Checksum, a.DownChecksum = mig.Name, mig.Up.Checksum, mig.Down.Checksum
		sec := &mig.Up
		if a.Direction == history.Down {
			sec = &mig.Down
		}
		stmts, _ := m.split(mig, sec, a.Direction)
		a.StatementsTotal = len(stmts)
		a.File = sec.File
		if k := a.ErrorStatement; k > 0 && k <= len(stmts) {
			a.ErrorLine = stmts[k-1].Start.Line
			switch text := stmts[k-1].Text; {
			case isDML(text):
				a.ErrorMessage = strings.Replace(a.ErrorMessage, "may or may not have run: "+rerunNote, rowNote, 1)
			case !m.rerunSafe(text):
				a.ErrorMessage = strings.Replace(a.ErrorMessage, rerunNote, stopNote, 1)
			}
		}
	}
	if a.Name == "" {
		a.Name = "unknown"
	}
	return a
}

// finishedSince reports whether the history shows version v done in
// direction dir at or after t: the runner finished it and died after.
func finishedSince(st *state, v, dir string, t time.Time) bool {
	vs := st.versions[v]
	return vs != nil && vs.Last != nil && vs.Last.Success && vs.Last.Direction == dir && !vs.Last.AppliedAt.Before(t.Add(-time.Millisecond))
}

// inFlight names the step a runner of direction dir was on when it died
// with no progress of its own recorded: the step after the last one it
// finished. Redo rolls back the highest version and applies it again.
func inFlight(st *state, h *dialect.Holder, dir string) (version, direction string) {
	if h.Command == "redo" {
		for v, vs := range st.versions {
			if l := vs.Last; l != nil && l.Success && l.Direction == history.Down && !l.AppliedAt.Before(h.LockedAt.Add(-time.Millisecond)) {
				return v, history.Up
			}
		}
		return st.highest(), history.Down
	}
	return nextVersion(st, dir), dir
}

// sectionOf returns the section a step of version v in direction dir
// runs, nil when the file is gone.
func sectionOf(st *state, v, dir string) *source.Section {
	mig := st.byVer[v]
	switch {
	case mig == nil:
		return nil
	case dir == history.Down:
		return &mig.Down
	}
	return &mig.Up
}

// nextVersion is the migration a runner would have worked on next: the
// lowest pending one going up, the highest applied one going down.
func nextVersion(st *state, dir string) string {
	if dir == history.Down {
		return st.highest()
	}
	for _, mig := range st.migs {
		if v := mig.Version.String(); !st.isApplied(v) {
			return v
		}
	}
	return ""
}

// StaleLock is the lock row of a runner that died holding the lock, as
// the reading commands see it until the next runner (or Unlock) records
// what it left unfinished and clears it.
type StaleLock struct {
	Holder LockHolder `json:"holder"`
	// Attempt is the unfinished attempt that the next runner will record
	// as interrupted: the migration the dead runner was in and how far it
	// got. It is not in the history yet (its ID is 0). nil when the runner
	// was between migrations.
	Attempt *Attempt `json:"attempt,omitempty"`
	// Session is the dead runner's database session when it still holds
	// the lock and may still be working on Attempt's migration: the
	// runner's process is gone from this machine, its session is not. The
	// next runner on this machine ends it (see SessionEnded).
	Session string `json:"session,omitempty"`
}

// staleLock judges the lock row h, read with st: nil when there is none
// or its holder may be alive, else the dead runner's leftover. The
// attempt the next runner will record goes into st as well (not into the
// database), so that its migration shows as interrupted.
func (m *Migrator) staleLock(ctx context.Context, q dialect.Querier, st *state, h *dialect.Holder) (*StaleLock, error) {
	if h == nil {
		return nil, nil
	}
	life, session, err := m.store.LifeOf(ctx, q, h, time.Now(), m.lockOptions())
	if err != nil {
		return nil, m.connError(err)
	}
	if life == history.Alive {
		return nil, nil
	}
	sl := &StaleLock{Holder: *holderOf(h)}
	if life == history.Orphaned {
		sl.Session = session
	}
	if a := m.staleAttempt(st, h); a != nil {
		sl.Attempt = attemptPtr(a)
		st.record(a)
	}
	return sl, nil
}

// staleProblem is a stale lock as validate reports it: what the dead
// runner left, and what to do.
func staleProblem(sl *StaleLock) Problem {
	h := sl.Holder
	p := Problem{Kind: "interrupted"}
	var msg string
	if a := sl.Attempt; a != nil {
		p.Version, p.File, p.Line = a.Version, a.File, a.ErrorLine
		msg = a.ErrorMessage
	} else {
		p.Kind = "stale-lock"
		msg = fmt.Sprintf("the lock is left by runner %s, which died holding it; %s", h, nothingUnfinished(h))
	}
	if sl.Session != "" {
		p.Message = msg + fmt.Sprintf(". Its database session %s is still running, and may yet commit. Try: strata up on this machine, which ends that session, records this and carries on, or strata unlock, which ends it and only records this", sl.Session)
		return p
	}
	p.Message = msg + ". Try: strata up, which records this and carries on, or strata unlock, which only records it"
	return p
}

// nothingUnfinished says that a dead runner left no migration unfinished.
func nothingUnfinished(h LockHolder) string {
	if h.Version != "" {
		return fmt.Sprintf("it left no migration unfinished (the last it started, version %s, committed)", h.Version)
	}
	return "it left no migration unfinished"
}
