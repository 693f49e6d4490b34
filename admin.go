package strata

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/strata-db/strata/internal/dialect"
	"github.com/strata-db/strata/internal/history"
	"github.com/strata-db/strata/internal/source"
)

// Baseline records that the database already holds every migration up to
// and including version v, for adopting a database built before strata:
// one baseline row per migration file up to v, with its checksums. Nothing
// runs. Migrations already applied are left alone.
func (m *Migrator) Baseline(ctx context.Context, v string) ([]Attempt, error) {
	ver, err := source.ParseVersion(v)
	if err != nil {
		return nil, fmt.Errorf("%w: baseline version %q is not a version: versions are digits", ErrUsage, v)
	}
	target := ver.String()
	st, err := m.readState(ctx, nil)
	if err != nil {
		return nil, err
	}
	var out []Attempt
	_, err = m.locked(ctx, "baseline", st, func(s *session, st *state) ([]Result, error) {
		found := false
		for _, mig := range st.migs {
			mv := mig.Version.String()
			if compareVersions(mv, target) > 0 {
				break
			}
			found = true
			if st.isApplied(mv) {
				continue
			}
			a := s.row(mig, history.Baseline)
			a.StatementsTotal = 0
			if err := m.store.Record(ctx, s.conn, a); err != nil {
				return nil, m.connError(err)
			}
			st.record(a)
			out = append(out, attemptOf(a))
		}
		if !found {
			return nil, &MigrationError{Kind: ErrUnknownVersion, Version: target,
				Message: fmt.Sprintf("no migration file has a version at or below %s, so there is nothing to baseline", target),
				Hint:    "Try: strata status, to see the versions"}
		}
		return nil, nil
	})
	if out == nil {
		out = []Attempt{}
	}
	return out, err
}

// row is a successful history row for mig written by this session, with
// the file's current checksums.
func (s *session) row(mig *source.Migration, direction string) *history.Attempt {
	return &history.Attempt{Version: mig.Version.String(), Name: mig.Name, File: mig.Up.File,
		Checksum: mig.Up.Checksum, DownChecksum: mig.Down.Checksum, Direction: direction,
		AppliedAt: time.Now().UTC(), Success: true, AppliedBy: s.id.appliedBy(), ProcessID: s.id.pid, StrataVersion: Version}
}

// RepairAction is one thing Repair recorded.
type RepairAction struct {
	Version string `json:"version"`
	File    string `json:"file"`
	// What: "checksum" (an applied migration's new checksums accepted) or
	// "failure" (a failed attempt resolved: the migration will run again
	// from its first statement).
	What    string `json:"what"`
	Message string `json:"message"`
}

// Repair records, as new history rows, that the files as they are now are
// accepted: new checksums for edited applied migrations, and an end to
// failed attempts. A migration that failed part way then runs again from
// its first statement: Repair refuses it (ErrPartiallyApplied, before
// anything is recorded) unless RepairUndone says that what it committed
// was undone by hand. Nothing is deleted or updated.
func (m *Migrator) Repair(ctx context.Context, opts ...RepairOption) ([]RepairAction, error) {
	var c repairConfig
	for _, o := range opts {
		o(&c)
	}
	st, err := m.readState(ctx, nil)
	if err != nil {
		return nil, err
	}
	if !c.undone {
		if err := refusePartial(st); err != nil {
			return nil, err
		}
	}
	out := []RepairAction{}
	_, err = m.locked(ctx, "repair", st, func(s *session, st *state) ([]Result, error) {
		if !c.undone {
			// Again under the lock: another runner may have failed since.
			if err := refusePartial(st); err != nil {
				return nil, err
			}
		}
		for _, mig := range st.migs {
			v := mig.Version.String()
			vs := st.versions[v]
			if vs == nil {
				continue
			}
			var act *RepairAction
			switch {
			case vs.Failed != nil:
				act = &RepairAction{Version: v, File: mig.Up.File, What: "failure",
					Message: fmt.Sprintf("resolved failed attempt #%d (%s)", vs.Failed.ID, firstLine(vs.Failed.ErrorMessage))}
				if vs.Partial() {
					act.Message += fmt.Sprintf("; %s had been committed and were undone by hand (--undone): the migration will run again from its first statement", statementRange(1, vs.Failed.StatementsApplied))
				}
			case vs.Applied && (vs.Checksum != mig.Up.Checksum || vs.DownChecksum != mig.Down.Checksum):
				act = &RepairAction{Version: v, File: mig.Up.File, What: "checksum",
					Message: fmt.Sprintf("accepted the file's checksums (up %s, was %s)", mig.Up.Checksum, vs.Checksum)}
			default:
				continue
			}
			a := s.row(mig, history.Repair)
			a.Warnings = []string{act.Message}
			if err := m.store.Record(ctx, s.conn, a); err != nil {
				return nil, m.connError(err)
			}
			st.record(a)
			out = append(out, *act)
		}
		return nil, nil
	})
	return out, err
}

// UnlockResult says what Unlock found and did.
type UnlockResult struct {
	// Cleared is the stale holder whose row was removed; nil when the lock
	// was free.
	Cleared *LockHolder `json:"cleared,omitempty"`
	// Recorded is the unfinished attempt recorded for it, if it was working
	// on a migration.
	Recorded *Attempt `json:"recorded,omitempty"`
	// EndedSession is the database session of the holder that Unlock
	// ended: its process was gone from this machine (or, with force, the
	// caller vouched for its death) while the session still held the lock.
	EndedSession string `json:"ended_session,omitempty"`
}

// Unlock clears the lock row of a runner that died holding the lock,
// recording the attempt it left unfinished. A runner whose process is gone
// from this machine but whose database session still holds the lock (and
// may still be running its migration) is dead: Unlock ends that session
// first. A holder that may still be alive (its session holds the lock and
// its process runs here or on another machine, or its lease is fresh) is
// left alone unless Force is given: then its session is ended, or on
// SQLite its lease expired.
func (m *Migrator) Unlock(ctx context.Context, opts ...UnlockOption) (*UnlockResult, error) {
	var c unlockConfig
	for _, o := range opts {
		if o == nil {
			return nil, fmt.Errorf("%w: a nil option was passed to Unlock", ErrUsage)
		}
		o(&c)
	}
	force := c.force
	st, err := m.readState(ctx, nil)
	if err != nil {
		return nil, err
	}
	if !st.exists {
		return &UnlockResult{}, nil
	}
	h, err := m.store.ReadHolder(ctx, m.db)
	if err != nil {
		return nil, m.connError(err)
	}
	if h == nil {
		return &UnlockResult{}, nil
	}
	lo := m.lockOptions()
	life, session, err := m.store.LifeOf(ctx, m.db, h, time.Now(), lo)
	if err != nil {
		return nil, m.connError(err)
	}
	var ended string
	switch {
	case m.d.SessionLock() && (life == history.Orphaned || life == history.Alive && force):
		if session == "" {
			// A row that does not name its session (an older strata):
			// the caller vouches for whoever holds the lock.
			if session, _, err = m.d.LockSession(ctx, m.db, m.store.Tables()); err != nil {
				return nil, m.connError(err)
			}
		}
		if session != "" {
			if err := m.d.EndSession(ctx, m.db, session); err != nil {
				return nil, m.connError(fmt.Errorf("ending database session %s of the lock holder: %w", session, err))
			}
			ended = session
		}
	case !m.d.SessionLock() && force:
		// The user vouches that the lease holder is dead: expire the lease
		// so that the normal takeover below records and replaces it.
		conn, err := m.db.Conn(ctx)
		if err != nil {
			return nil, m.connError(err)
		}
		err = m.store.Expire(ctx, conn, h.Owner)
		conn.Close()
		if err != nil {
			return nil, m.connError(err)
		}
	}
	// Taking the lock the normal way is the test of whether the holder is
	// dead; a dead holder's row comes back as stale. An ended session
	// frees the lock once the server has cleaned it up.
	var within time.Duration
	if ended != "" {
		within = history.EndedGrace
	}
	s, err := m.lock(ctx, "unlock", within, false)
	if err != nil {
		var le *LockError
		if errors.As(err, &le) {
			return nil, &LiveHolderError{Holder: le.Holder, msg: fmt.Sprintf("nothing to unlock: the lock is %s, and %s",
				history.DescribeHolder(h, time.Now()), m.aliveBecause(h, lo, ended))}
		}
		return nil, err
	}
	defer s.release(ctx)
	res := &UnlockResult{Cleared: holderOf(s.stale), EndedSession: ended}
	st, err = s.reread(ctx, st)
	if err != nil {
		return nil, err
	}
	n := len(st.attempts)
	if err := s.recordStale(ctx, st); err != nil {
		return nil, err
	}
	if len(st.attempts) > n {
		// The row as the table holds it, id included: unlock is rare, so
		// reading the history again costs nothing that matters.
		attempts, _, err := m.store.Read(ctx, s.conn)
		if err != nil {
			return nil, m.connError(err)
		}
		res.Recorded = attemptPtr(&attempts[len(attempts)-1])
	}
	return res, nil
}

// UnlockOption changes what Unlock may do.
type UnlockOption func(*unlockConfig)

type unlockConfig struct{ force bool }

// Force makes Unlock take the lock from a holder that may still be alive:
// the caller vouches that it is dead.
func Force() UnlockOption { return func(c *unlockConfig) { c.force = true } }

// aliveBecause says why Unlock takes the holder h for alive, and what to
// do.
func (m *Migrator) aliveBecause(h *dialect.Holder, lo history.LockOptions, ended string) string {
	var why string
	switch {
	case ended != "":
		return fmt.Sprintf("its database session %s, which strata ended, still held it after %s. Try: strata unlock again in a moment", ended, history.EndedGrace)
	case !m.d.SessionLock() && history.HolderHost(h) == lo.Host:
		why = fmt.Sprintf("its lease is fresh and pid %d is running on this machine", h.ProcessID)
	case !m.d.SessionLock():
		why = fmt.Sprintf("its lease is fresh (last heartbeat %s ago) and it runs on %s, where strata cannot see whether pid %d is running",
			time.Since(h.Heartbeat).Round(time.Second), orUnknown(history.HolderHost(h)), h.ProcessID)
	case history.HolderHost(h) == lo.Host:
		why = fmt.Sprintf("its database session holds the lock and pid %d is running on this machine", h.ProcessID)
	default:
		why = fmt.Sprintf("its database session holds the lock and it runs on %s, where strata cannot see whether pid %d is running",
			orUnknown(history.HolderHost(h)), h.ProcessID)
	}
	hint := "stop that runner first, or wait for it; if you are sure it is dead, strata unlock --force "
	if m.d.SessionLock() {
		hint += "ends its database session"
	} else {
		hint += "takes its lease"
	}
	return "that runner may be alive: " + why + ". Try: " + hint
}

// Validate compares the files with the database and lists every problem:
// file naming and format, gaps in sequential numbering, statements that
// cannot run as written, edited applied migrations, out-of-order and failed
// migrations, applied migrations whose file is gone. It only reads.
func (m *Migrator) Validate(ctx context.Context) ([]Problem, error) {
	migs, err := m.load()
	if err != nil {
		var fe *FilesError
		if errors.As(err, &fe) {
			return fe.Problems(), nil
		}
		return nil, err
	}
	conn, err := m.conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if err := m.resolveHome(ctx, conn); err != nil {
		return nil, err
	}
	attempts, exists, err := m.store.Read(ctx, conn)
	if err == nil && !exists {
		err = m.store.CheckLost(ctx, conn)
	}
	if err != nil {
		return nil, m.tablesError(err)
	}
	st := &state{migs: migs, byVer: map[string]*source.Migration{}, exists: exists}
	for _, mig := range migs {
		st.byVer[mig.Version.String()] = mig
	}
	st.setAttempts(history.Refs(attempts))
	var stale *StaleLock
	if exists {
		h, err := m.store.ReadHolder(ctx, conn)
		if err != nil {
			return nil, m.connError(err)
		}
		if stale, err = m.staleLock(ctx, conn, st, h); err != nil {
			return nil, err
		}
	}
	problems := []Problem{}
	add := func(kind string, e *MigrationError) {
		problems = append(problems, Problem{Kind: kind, Version: e.Version, File: e.File, Line: e.Line, Message: e.Message + hintSuffix(e.Hint)})
	}
	for _, g := range gaps(migs) {
		problems = append(problems, g)
	}
	for _, mig := range migs {
		for _, sec := range []*source.Section{&mig.Up, &mig.Down} {
			if !sec.Present {
				continue
			}
			dir := history.Up
			if sec == &mig.Down {
				dir = history.Down
			}
			stmts, err := m.split(mig, sec, dir)
			if err != nil {
				var me *MigrationError
				errors.As(err, &me)
				add("syntax", me)
				continue
			}
			if err := m.checkStep(&step{mig: mig, sec: sec, dir: dir, stmts: stmts}); err != nil {
				add(problemKind(err), err.(*MigrationError))
			}
		}
	}
	top := st.highest()
	for _, ms := range m.status(st).Migrations {
		vs := st.versions[ms.Version]
		switch ms.State {
		case StateModified:
			add("modified", modifiedError(st.byVer[ms.Version], vs))
		case StateMissing:
			problems = append(problems, Problem{Kind: "missing", Version: ms.Version, File: ms.File,
				Message: "applied, but the file is gone: restore it from version control"})
		case StateOutOfOrder:
			problems = append(problems, Problem{Kind: "out-of-order", Version: ms.Version, File: ms.File,
				Message: fmt.Sprintf("pending, but older than %s, which is applied; strata up refuses it without --allow-out-of-order", top)})
		case StateFailed:
			f := vs.Failed
			if f.ID == 0 {
				continue // not recorded yet: the stale lock's, below
			}
			msg := fmt.Sprintf("attempt #%d (%s) failed", f.ID, f.Direction)
			if f.ErrorStatement > 0 {
				msg += fmt.Sprintf(" at statement %d", f.ErrorStatement)
			}
			msg += ": " + firstLine(f.ErrorMessage)
			if vs.Partial() {
				msg += fmt.Sprintf(" (%s committed)", statementRange(1, f.StatementsApplied))
			}
			problems = append(problems, Problem{Kind: "failed", Version: ms.Version, File: ms.File, Line: f.ErrorLine, Message: msg})
		}
	}
	if stale != nil {
		problems = append(problems, staleProblem(stale))
	}
	return problems, nil
}

func hintSuffix(h string) string {
	if h == "" {
		return ""
	}
	return ". " + h
}

// gaps finds missing numbers in sequentially numbered directories; a
// directory of timestamp versions has no sequence to break.
func gaps(migs []*source.Migration) []Problem {
	var out []Problem
	for i := 1; i < len(migs); i++ {
		prev, cur := migs[i-1].Version, migs[i].Version
		if source.IsTimestamp(prev) || source.IsTimestamp(cur) {
			continue
		}
		p, c := prev.String(), cur.String()
		if len(c) > 9 || len(p) > 9 {
			continue
		}
		var pn, cn int
		fmt.Sscan(p, &pn)
		fmt.Sscan(c, &cn)
		if cn > pn+1 {
			missing := fmt.Sprint(pn + 1)
			if cn > pn+2 {
				missing = fmt.Sprintf("%d-%d", pn+1, cn-1)
			}
			out = append(out, Problem{Kind: "gap", Version: c, File: migs[i].Up.File,
				Message: fmt.Sprintf("version %s follows %s: %s missing. Number migrations without gaps (strata new does)", c, p, missing)})
		}
	}
	return out
}
