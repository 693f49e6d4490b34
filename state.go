package strata

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/strata-db/strata/internal/dialect"
	"github.com/strata-db/strata/internal/history"
	"github.com/strata-db/strata/internal/source"
)

// The states of a migration in Status.
const (
	StateApplied    = "applied"
	StatePending    = "pending"
	StateFailed     = "failed"
	StateModified   = "modified"
	StateMissing    = "missing"
	StateOutOfOrder = "out-of-order"
)

// state puts the files and the history side by side.
type state struct {
	migs  []*source.Migration
	byVer map[string]*source.Migration
	// attempts is the log, oldest first, as pointers: a run appends an
	// attempt per migration, and a slice of values would be copied whole
	// as it grows, each copy beside the one the states point into.
	attempts []*history.Attempt
	versions map[string]*history.Version
	// exists is false when the history table is not there yet.
	exists bool
	// holder is the lock row, when read (see readStateWith).
	holder *dialect.Holder
	// Derived from versions, kept until it changes (record, setAttempts):
	// a no-op up asks for both three times, which at 10,000 migrations
	// was 30,000 map lookups and two passes over the map.
	fileVers []*history.Version // fileVers[i] is the history of migs[i], nil for none
	top      string             // highest, when topKnown
	topKnown bool
}

// readState reads the files and the history at once: the two do not
// depend on each other, and overlapping them (connecting included) hides
// the slower one. q nil means a connection of the pool.
func (m *Migrator) readState(ctx context.Context, q dialect.Querier) (*state, error) {
	return m.readStateWith(ctx, q, stateOptions{})
}

// stateOptions are what readStateWith reads besides the files and the
// history.
type stateOptions struct {
	// holder: the lock row too, into st.holder, on the same connection
	// while the files are still being read.
	holder bool
	// skipSQL: the sections' checksums without their SQL, which m.split
	// reads again for what it plans (see source.ReadOptions.SkipSQL).
	skipSQL bool
	// busyWait, when set, bounds the wait for another connection's write
	// lock (SQLite, see dialect.BusyWaiter), and a history that cannot be
	// read for it is an errBusy holding the files.
	busyWait time.Duration
	// home: the schema strata's names resolve to first (see resolveHome).
	home bool
}

// errBusy reports a history that could not be read because another
// connection was writing to the database (SQLite), most likely a runner
// in the middle of a migration; st holds the files.
type errBusy struct {
	st  *state
	err error
}

func (e *errBusy) Error() string { return e.err.Error() }
func (e *errBusy) Unwrap() error { return e.err }

// readStateWith is readState with options.
func (m *Migrator) readStateWith(ctx context.Context, q dialect.Querier, o stateOptions) (*state, error) {
	type filesResult struct {
		migs  []*source.Migration
		byVer map[string]*source.Migration
		err   error
	}
	ch := make(chan filesResult, 1)
	// The files are read while the history is: each side also builds its
	// own index before they meet, so that little is left to do one after
	// the other.
	go func() {
		migs, err := m.loadWith(source.ReadOptions{SkipSQL: o.skipSQL})
		var byVer map[string]*source.Migration
		if err == nil {
			byVer = make(map[string]*source.Migration, len(migs))
			for _, mig := range migs {
				byVer[mig.Version.String()] = mig
			}
		}
		ch <- filesResult{migs, byVer, err}
	}()
	var (
		attempts []*history.Attempt
		exists   bool
		herr     error
	)
	var release func() error
	if q == nil {
		conn, err := m.conn(ctx)
		if err != nil {
			<-ch
			return nil, err
		}
		q, release = conn, conn.Close
		if bw, ok := m.d.(dialect.BusyWaiter); ok && o.busyWait > 0 {
			if prev, err := bw.SetBusyWait(ctx, conn, o.busyWait); err == nil {
				if prev < o.busyWait {
					bw.SetBusyWait(ctx, conn, prev)
				}
				release = func() error {
					bw.SetBusyWait(context.WithoutCancel(ctx), conn, prev)
					return conn.Close()
				}
			}
		}
	}
	if o.home {
		if err := m.resolveHome(ctx, q); err != nil {
			if release != nil {
				release()
			}
			<-ch
			return nil, err
		}
	}
	// The brief read leaves out of successful attempts what only History
	// shows; nothing that reads a state uses it.
	attempts, exists, herr = m.store.ReadBrief(ctx, q)
	if herr == nil && !exists {
		herr = m.store.CheckLost(ctx, q)
	}
	var h *dialect.Holder
	if o.holder && herr == nil && exists {
		h, herr = m.store.ReadHolder(ctx, q)
	}
	if release != nil {
		// Back to the pool before the files are waited for: a pool that
		// keeps no idle connection (strata status) then closes it while
		// the files are still being read, and closing takes the server
		// a millisecond or two it may take from this process's CPU.
		release()
	}
	var versions map[string]*history.Version
	if herr == nil {
		versions = history.Derive(attempts)
	}
	files := <-ch
	if files.err != nil {
		return nil, files.err
	}
	if herr != nil {
		var ft *history.ForeignTableError
		var fe *history.FormatError
		if errors.As(herr, &ft) || errors.As(herr, &fe) {
			return nil, m.tablesError(herr)
		}
		if history.IsBusy(herr) {
			if o.busyWait > 0 {
				return nil, &errBusy{st: &state{migs: files.migs, byVer: files.byVer}, err: m.connError(herr)}
			}
			// A reading command: it cannot tell who writes either, since
			// the lock row is behind the same write.
			return nil, m.connError(fmt.Errorf("%w: held by %s, for longer than this command waits for it (the connection's busy timeout)\n"+
				"Try: run the command again once that write is done (strata status then names the runner); if no strata runner is running, "+
				"find the process that holds the file open (fuser or lsof on the database file) and let it finish or stop it", herr, history.WritingRunner))
		}
		return nil, m.connError(herr)
	}
	st := &state{migs: files.migs, byVer: files.byVer, exists: exists, attempts: attempts, versions: versions, holder: h}
	return st, nil
}

// setAttempts puts the attempts read from the database beside the files.
func (st *state) setAttempts(attempts []*history.Attempt) {
	st.attempts = attempts
	st.versions = history.Derive(attempts)
	st.changed()
}

// record appends an attempt that was just written to the database. The
// log and the states keep a itself, so the caller must not change it
// afterwards.
func (st *state) record(a *history.Attempt) {
	st.attempts = append(st.attempts, a)
	history.Fold(st.versions, a)
	st.changed()
}

// changed forgets what was derived from the versions.
func (st *state) changed() {
	st.fileVers, st.topKnown = nil, false
}

// versionsOfFiles returns the history of each file: the i-th entry is
// that of st.migs[i], nil when it has none.
func (st *state) versionsOfFiles() []*history.Version {
	if st.fileVers == nil {
		st.fileVers = make([]*history.Version, len(st.migs))
		for i, mig := range st.migs {
			st.fileVers[i] = st.versions[mig.Version.String()]
		}
	}
	return st.fileVers
}

// everyVersionHasFile reports whether every version of the history has
// its file, so that none can be applied with its file gone: the common
// case, which then needs no pass over the history.
func (st *state) everyVersionHasFile() bool {
	n := 0
	for _, vs := range st.versionsOfFiles() {
		if vs != nil {
			n++
		}
	}
	return n == len(st.versions)
}

// applied lists the applied versions, lowest first, with or without a file.
func (st *state) applied() []string {
	out := make([]string, 0, len(st.versions))
	for v, s := range st.versions {
		if s.Applied {
			out = append(out, v)
		}
	}
	slices.SortFunc(out, compareVersions)
	return out
}

// compareVersions orders version strings without leading zeros
// numerically: a longer one is larger.
func compareVersions(a, b string) int {
	if len(a) != len(b) {
		if len(a) < len(b) {
			return -1
		}
		return 1
	}
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// highest returns the highest applied version, "" when none is. One pass
// finds it: every no-op up and status asks, and sorting 10,000 versions
// for it cost more than the rest of the comparison.
func (st *state) highest() string {
	if st.topKnown {
		return st.top
	}
	top := ""
	for v, s := range st.versions {
		if s.Applied && (top == "" || compareVersions(v, top) > 0) {
			top = v
		}
	}
	st.top, st.topKnown = top, true
	return top
}

func (st *state) isApplied(v string) bool {
	s := st.versions[v]
	return s != nil && s.Applied
}

// MigrationStatus is one line of Status.
type MigrationStatus struct {
	Version  string `json:"version"`
	Name     string `json:"name"`
	File     string `json:"file,omitempty"`
	State    string `json:"state"`
	Checksum string `json:"checksum,omitempty"` // of the file's up section
	// AppliedChecksum is the checksum recorded when it was applied, when it
	// differs from the file's.
	AppliedChecksum string     `json:"applied_checksum,omitempty"`
	AppliedAt       *time.Time `json:"applied_at,omitempty"`
	ExecutionTimeMS *int64     `json:"execution_time_ms,omitempty"`
	// DownChanged reports a down section edited since the migration was
	// applied: allowed (fixing a rollback is fine), but worth knowing.
	DownChanged bool `json:"down_changed,omitempty"`
	// Error is the message of the failed attempt, for failed migrations.
	Error string `json:"error,omitempty"`
	// Interrupted is true when the failed attempt's runner died or was
	// stopped.
	Interrupted bool `json:"interrupted,omitempty"`
}

// Status is the state of every migration.
type Status struct {
	Database       string            `json:"database"`
	CurrentVersion string            `json:"current_version"`
	Pending        int               `json:"pending"`
	Migrations     []MigrationStatus `json:"migrations"`
	// Lock is the current lock holder, nil when the lock is free.
	Lock *LockHolder `json:"lock,omitempty"`
	// StaleLock is the lock row of a runner that died holding the lock,
	// nil when there is none; its unfinished migration shows as failed
	// and interrupted among Migrations.
	StaleLock *StaleLock `json:"stale_lock,omitempty"`
}

// status builds the Status of st.
func (m *Migrator) status(st *state) *Status {
	out := &Status{Database: string(m.name), CurrentVersion: st.highest(), Migrations: make([]MigrationStatus, 0, len(st.migs))}
	top := out.CurrentVersion
	// The times of the applied migrations, in two allocations instead of
	// two per migration; the slices never grow, so the pointers hold.
	times := make([]time.Time, 0, len(st.migs))
	durations := make([]int64, 0, len(st.migs))
	vers := st.versionsOfFiles()
	for i, mig := range st.migs {
		v := mig.Version.String()
		ms := MigrationStatus{Version: v, Name: mig.Name, File: mig.Up.File, Checksum: mig.Up.Checksum, State: StatePending}
		vs := vers[i]
		if vs != nil && vs.Applied {
			ms.State = StateApplied
			times = append(times, vs.Applying.AppliedAt)
			ms.AppliedAt = &times[len(times)-1]
			durations = append(durations, vs.Applying.Duration.Milliseconds())
			ms.ExecutionTimeMS = &durations[len(durations)-1]
			if vs.Checksum != mig.Up.Checksum {
				ms.State, ms.AppliedChecksum = StateModified, vs.Checksum
			}
			ms.DownChanged = vs.DownChecksum != mig.Down.Checksum && (vs.DownChecksum != "" || mig.Down.Present)
		} else if top != "" && compareVersions(v, top) < 0 && !m.o.allowOutOfOrder {
			// Allowed, it is pending like any other: up applies it.
			ms.State = StateOutOfOrder
		}
		if vs != nil && vs.Failed != nil {
			ms.State = StateFailed
			ms.Error = vs.Failed.ErrorMessage
			ms.Interrupted = vs.Failed.ErrorCode == history.CodeInterrupted || vs.Failed.ErrorCode == history.CodeCancelled
		}
		if ms.State == StatePending || ms.State == StateOutOfOrder || (ms.State == StateFailed && !vs.Applied) {
			out.Pending++
		}
		out.Migrations = append(out.Migrations, ms)
	}
	// The files are in version order already; only applied versions
	// whose file is gone need sorting in.
	n := len(out.Migrations)
	if st.everyVersionHasFile() {
		return out
	}
	for v, vs := range st.versions {
		if !vs.Applied || st.byVer[v] != nil {
			continue
		}
		at := vs.Applying.AppliedAt
		out.Migrations = append(out.Migrations, MigrationStatus{Version: v, Name: vs.Applying.Name, File: vs.Applying.File,
			State: StateMissing, AppliedChecksum: vs.Checksum, AppliedAt: &at, ExecutionTimeMS: ptr(vs.Applying.Duration.Milliseconds())})
	}
	if len(out.Migrations) > n {
		slices.SortStableFunc(out.Migrations, func(a, b MigrationStatus) int { return compareVersions(a.Version, b.Version) })
	}
	return out
}

func ptr[T any](v T) *T { return &v }

// Status reports every migration with its state. It only reads: against a
// database strata has never touched it reports everything pending and
// creates nothing.
func (m *Migrator) Status(ctx context.Context) (*Status, error) {
	st, err := m.readStateWith(ctx, nil, stateOptions{holder: true, skipSQL: true})
	if err != nil {
		return nil, err
	}
	stale, err := m.staleLock(ctx, m.db, st, st.holder)
	if err != nil {
		return nil, err
	}
	out := m.status(st)
	if out.StaleLock = stale; stale == nil {
		out.Lock = holderOf(st.holder)
	}
	return out, nil
}

// History returns every attempt, newest first.
func (m *Migrator) History(ctx context.Context) ([]Attempt, error) {
	conn, err := m.conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	rows, exists, err := m.store.Read(ctx, conn)
	if err == nil && !exists {
		err = m.store.CheckLost(ctx, conn)
	}
	if err != nil {
		return nil, m.tablesError(err)
	}
	attempts := make([]Attempt, len(rows))
	for i := range rows {
		attempts[len(rows)-1-i] = attemptOf(&rows[i])
	}
	return attempts, nil
}

// checkApplied refuses applied migrations whose up section was edited,
// and warns (see Migrator.warn) of applied migrations whose file is gone.
func (m *Migrator) checkApplied(st *state, c runConfig) error {
	// The files are in version order: walking them finds the edited ones
	// in order without sorting 10,000 applied versions.
	var errs []error
	for i, vs := range st.versionsOfFiles() {
		mig := st.migs[i]
		if vs == nil || !vs.Applied {
			continue
		}
		if vs.Checksum != mig.Up.Checksum {
			errs = append(errs, modifiedError(mig, vs))
		}
	}
	var gone []string
	if !st.everyVersionHasFile() {
		for v, vs := range st.versions {
			if vs.Applied && st.byVer[v] == nil {
				gone = append(gone, v)
			}
		}
		slices.SortFunc(gone, compareVersions)
	}
	for _, v := range gone {
		file := st.versions[v].Applying.File
		m.warn(c, Warning{Version: v, File: file, Message: fmt.Sprintf(
			"version %s (%s) is applied but its file is gone; it cannot be rolled back", v, file)})
	}
	return errors.Join(errs...)
}

func modifiedError(mig *source.Migration, vs *history.Version) *MigrationError {
	return &MigrationError{Kind: ErrChecksumMismatch, Version: mig.Version.String(), Name: mig.Name, File: mig.Up.File,
		Line: mig.Up.Line, Direction: history.Up,
		Message: fmt.Sprintf("the up section was edited after the migration was applied (applied %s, file now %s)", vs.Checksum, mig.Up.Checksum),
		Hint:    "Try: undo the edit (applied migrations must not change; write a new migration instead), or, if the database already matches the new text, record it with strata repair"}
}
