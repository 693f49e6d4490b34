package strata

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/strata-db/strata/internal/history"
	"github.com/strata-db/strata/internal/source"
	"github.com/strata-db/strata/internal/sqlsplit"
)

// RunOption narrows what Up and Down do.
type RunOption func(*runConfig) error

type runConfig struct {
	to     string // normalised version; "" when not set
	toSet  bool
	steps  int
	all    bool
	dryRun bool
	// belowBaseline lets Down roll back baselined migrations.
	belowBaseline bool
	// notes, when set, collects the warnings of a plan instead of
	// emitting them: a plan made before the lock is made again under it,
	// and its warnings must be given once.
	notes *[]Warning
	// retry runs a failed statement again with its file unchanged.
	retry bool
}

// warn gives a warning of planning: to c.notes when set, as an event
// otherwise.
func (m *Migrator) warn(c runConfig, w Warning) {
	if c.notes != nil {
		*c.notes = append(*c.notes, w)
		return
	}
	m.emit(w)
}

// To stops Up after version v (inclusive), or makes Down roll back every
// applied migration above v ("0" rolls back everything above version 0).
func To(v string) RunOption {
	return func(c *runConfig) error {
		ver, err := source.ParseVersion(v)
		if err != nil {
			return fmt.Errorf("%w: --to %q is not a version: versions are digits", ErrUsage, v)
		}
		c.to, c.toSet = ver.String(), true
		return nil
	}
}

// Steps makes Down roll back the latest n migrations (default 1).
func Steps(n int) RunOption {
	return func(c *runConfig) error {
		if n < 1 {
			return fmt.Errorf("%w: --steps must be at least 1", ErrUsage)
		}
		c.steps = n
		return nil
	}
}

// All makes Down roll back every applied migration.
func All() RunOption {
	return func(c *runConfig) error { c.all = true; return nil }
}

// BelowBaseline lets Down roll back baselined migrations too. Without it,
// Down never runs the down section of a migration recorded by Baseline:
// that migration was never applied by strata, its objects predate it, and
// its down section would drop them (with their data). All() then stops
// above the newest baselined migration, and To or Steps reaching below it
// are refused with ErrBelowBaseline.
func BelowBaseline() RunOption {
	return func(c *runConfig) error { c.belowBaseline = true; return nil }
}

// DryRun makes Up and Down plan and return the statements they would run,
// without writing anything, not even the tracking tables.
func DryRun() RunOption {
	return func(c *runConfig) error { c.dryRun = true; return nil }
}

// Retry lets Up and Down resume a section that failed part way at its
// failed statement with the file unchanged, for a failure that has passed:
// a lock wait timeout, a statement timeout, a privilege granted since, an
// invalid index dropped by hand. The statements that committed never run
// again (their hashes are checked as on any resume), a file changed since
// the failure resumes as it would without Retry, and the new attempt
// records that it retried. Without it, an unchanged file is refused, so
// that a real mistake is not run again by accident. It also runs again a
// statement that was in flight when a runner died and whose outcome
// cannot be proven (a CALL, a DO block), which a resume otherwise refuses
// to repeat.
func Retry() RunOption {
	return func(c *runConfig) error { c.retry = true; return nil }
}

func newRunConfig(opts []RunOption) (runConfig, error) {
	var c runConfig
	for _, o := range opts {
		if err := o(&c); err != nil {
			return c, err
		}
	}
	n := 0
	if c.toSet {
		n++
	}
	if c.steps > 0 {
		n++
	}
	if c.all {
		n++
	}
	if n > 1 {
		return c, fmt.Errorf("%w: choose one of --to, --steps and --all", ErrUsage)
	}
	return c, nil
}

// step is one migration section to run.
type step struct {
	mig   *source.Migration
	sec   *source.Section
	dir   string
	stmts []sqlsplit.Statement
	// resumeAt is the 1-based statement to start at; 1 for a normal run.
	resumeAt int
	// unknown is true when statement resumeAt may or may not have run
	// before the previous runner died; "already exists" from it means it
	// had.
	unknown bool
	// edited is true when statement resumeAt was running when the
	// previous runner died and has been changed since.
	edited bool
	// retried is true when a failed statement runs again unchanged (Retry).
	retried bool
	// from is the failed attempt a resumed run continues.
	from *history.Attempt
}

// split cuts a section into statements, turning a lexical error into a
// MigrationError that points at the file and line. sec is &mig.Up or
// &mig.Down: a section read without its SQL (SkipSQL) gets it back there.
func (m *Migrator) split(mig *source.Migration, sec *source.Section, dir string) ([]sqlsplit.Statement, error) {
	if sec.Skipped {
		// Read with SkipSQL: the text comes back, checked against the
		// checksum it was read with, into the section sec points to.
		if err := source.Load(m.fsys, mig); err != nil {
			return nil, &MigrationError{Kind: ErrInvalidFiles, Version: mig.Version.String(), Name: mig.Name, File: sec.File,
				Direction: dir, Message: err.Error(), Hint: "Try: run the command again once nothing is changing the migration files"}
		}
	}
	stmts, err := sqlsplit.SplitWith(m.d.Splitter(), sec.SQL, sqlsplit.Position{Offset: sec.Offset, Line: sec.Line, Column: 1},
		m.splitOptions(sec.SQL))
	if err != nil {
		me := &MigrationError{Kind: ErrInvalidFiles, Version: mig.Version.String(), Name: mig.Name, File: sec.File,
			Direction: dir, Message: err.Error()}
		var se *sqlsplit.Error
		if errors.As(err, &se) {
			me.Line, me.Column, me.Message = se.Pos.Line, se.Pos.Column, se.Msg
			if se.Hint != "" {
				me.Hint = "Try: " + se.Hint
			}
			me.StatementLine = lineAt(sec.SQL, se.Pos.Offset-sec.Offset)
		}
		return nil, me
	}
	return stmts, nil
}

// lineAt returns the line of text that holds byte offset off.
func lineAt(text string, off int) string {
	if off < 0 || off > len(text) {
		return ""
	}
	start := strings.LastIndexAny(text[:off], "\r\n") + 1
	end := strings.IndexAny(text[off:], "\r\n")
	if end < 0 {
		return text[start:]
	}
	return text[start : off+end]
}

// stmtHash identifies a statement's text for resuming: a statement that
// already ran must not have changed when its migration resumes.
func stmtHash(text string) string {
	sum := sha256.Sum256([]byte(source.Normalize(text)))
	return hex.EncodeToString(sum[:8])
}

func hashList(stmts []sqlsplit.Statement) string {
	hs := make([]string, len(stmts))
	for i, s := range stmts {
		hs[i] = stmtHash(s.Text)
	}
	return strings.Join(hs, ",")
}

// newStep splits one section of mig and refuses it when it cannot run as
// written or would touch strata's own tables.
func (m *Migrator) newStep(mig *source.Migration, dir string) (*step, error) {
	s := &step{mig: mig, sec: &mig.Up, dir: dir, resumeAt: 1}
	if dir == history.Down {
		s.sec = &mig.Down
	}
	stmts, err := m.split(mig, s.sec, dir)
	if err != nil {
		return nil, err
	}
	s.stmts = stmts
	if err := m.checkStep(s); err != nil {
		return nil, err
	}
	return s, nil
}

// planUp lists the pending migrations Up would run, in order, and refuses
// what must not run: edited applied migrations, out-of-order ones, sections
// that cannot run as written, partial failures that were not fixed. Every
// problem is reported at once, before anything runs.
func (m *Migrator) planUp(st *state, c runConfig) ([]*step, error) {
	errs := []error{m.checkApplied(st, c)}
	if c.toSet && st.byVer[c.to] == nil && !st.isApplied(c.to) {
		return nil, &MigrationError{Kind: ErrUnknownVersion, Version: c.to,
			Message: fmt.Sprintf("no migration has version %s", c.to), Hint: "Try: strata status, to see the versions"}
	}
	top := st.highest()
	var steps []*step
	vers := st.versionsOfFiles()
	for i, mig := range st.migs {
		v := mig.Version.String()
		vs := vers[i]
		if vs != nil && vs.Applied {
			continue
		}
		if c.toSet && compareVersions(v, c.to) > 0 {
			break
		}
		if top != "" && compareVersions(v, top) < 0 && !m.o.allowOutOfOrder {
			errs = append(errs, &MigrationError{Kind: ErrOutOfOrder, Version: v, Name: mig.Name, File: mig.Up.File, Direction: history.Up,
				Message: fmt.Sprintf("pending migration %s is older than %s, which is already applied", v, top),
				Hint:    "Try: give it a version above " + top + " (rename the file), or apply it anyway with strata up --allow-out-of-order"})
			continue
		}
		s, err := m.newStep(mig, history.Up)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if vs != nil && vs.Partial() {
			if err := m.planResume(s, vs.Failed, c.retry); err != nil {
				errs = append(errs, err)
				continue
			}
		}
		steps = append(steps, s)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return steps, nil
}

// codeConnectionLost is recorded when the runner's session was ended under
// it; like an interruption, it allows resuming without an edit.
const codeConnectionLost = "connection-lost"

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// aboveBaseline keeps the rollback targets (applied versions, oldest
// first) above the newest baselined one among them: All stops there,
// with a warning; To and Steps are refused. BelowBaseline keeps them all.
func (m *Migrator) aboveBaseline(st *state, c runConfig, targets []string) ([]string, error) {
	if c.belowBaseline {
		return targets, nil
	}
	cut := -1
	for i := len(targets) - 1; i >= 0; i-- {
		if vs := st.versions[targets[i]]; vs.Applying != nil && vs.Applying.Direction == history.Baseline {
			cut = i
			break
		}
	}
	if cut < 0 {
		return targets, nil
	}
	v := targets[cut]
	a := st.versions[v].Applying
	var baselined []string
	for _, t := range targets[:cut+1] {
		if vs := st.versions[t]; vs.Applying.Direction == history.Baseline {
			baselined = append(baselined, t)
		}
	}
	when := a.AppliedAt.UTC().Format("2006-01-02 15:04:05Z")
	what := fmt.Sprintf("version %s was baselined on %s: strata recorded it as already in the database and never applied it, so its down section would drop objects that predate strata, with their data", v, when)
	if len(baselined) > 1 {
		what = fmt.Sprintf("versions %s were baselined on %s: strata recorded them as already in the database and never applied them, so their down sections would drop objects that predate strata, with their data", joinVersions(baselined), when)
	}
	if c.all {
		m.warn(c, Warning{Version: v, File: a.File, Message: fmt.Sprintf("stopping above version %s: %s. To roll back baselined migrations too, add --below-baseline (strata.BelowBaseline() in the library)", v, what)})
		return targets[cut+1:], nil
	}
	hint := "Try: "
	if cut+1 < len(targets) {
		hint += fmt.Sprintf("strata down --to %s to roll back only what strata applied above it; or, ", v)
	} else {
		hint += "nothing strata applied is above it; "
	}
	hint += "if you mean to run the down sections of baselined migrations, add --below-baseline (strata.BelowBaseline() in the library)"
	return nil, &MigrationError{Kind: ErrBelowBaseline, Version: v, Name: a.Name, File: a.File, Direction: history.Down,
		Message: "this rollback reaches below the baseline: " + what, Hint: hint}
}

// joinVersions lists versions as people read them: 1, 2 and 3.
func joinVersions(vs []string) string {
	if len(vs) > 6 {
		return strings.Join(vs[:3], ", ") + fmt.Sprintf(", … (%d in all) and ", len(vs)) + vs[len(vs)-1]
	}
	return strings.Join(vs[:len(vs)-1], ", ") + " and " + vs[len(vs)-1]
}

// planDown lists the applied migrations Down would roll back, newest
// first, and refuses the request when any of them cannot be rolled back.
func (m *Migrator) planDown(st *state, c runConfig) ([]*step, error) {
	applied := st.applied()
	var targets []string
	switch {
	case c.all:
		targets = applied
	case c.toSet:
		if c.to != "0" && st.byVer[c.to] == nil && !st.isApplied(c.to) {
			return nil, &MigrationError{Kind: ErrUnknownVersion, Version: c.to,
				Message: fmt.Sprintf("no migration has version %s", c.to), Hint: "Try: strata status, to see the versions"}
		}
		for _, v := range applied {
			if compareVersions(v, c.to) > 0 {
				targets = append(targets, v)
			}
		}
	default:
		n := max(c.steps, 1)
		targets = applied[max(len(applied)-n, 0):]
	}
	targets, err := m.aboveBaseline(st, c, targets)
	if err != nil {
		return nil, err
	}
	var steps []*step
	var errs []error
	for i := len(targets) - 1; i >= 0; i-- {
		v := targets[i]
		vs := st.versions[v]
		mig := st.byVer[v]
		if mig == nil {
			errs = append(errs, &MigrationError{Kind: ErrMissingFile, Version: v, Name: vs.Applying.Name, File: vs.Applying.File, Direction: history.Down,
				Message: "the migration is applied but its file is gone, so there is no down section to run",
				Hint:    "Try: restore " + vs.Applying.File + " from version control"})
			continue
		}
		if vs.Checksum != mig.Up.Checksum {
			errs = append(errs, modifiedError(mig, vs))
			continue
		}
		if !mig.Down.Present {
			errs = append(errs, &MigrationError{Kind: ErrNoDownSection, Version: v, Name: mig.Name, File: mig.Up.File, Direction: history.Down,
				Message: "the migration has no down section, so strata cannot roll it back",
				Hint:    "Try: add a \"-- strata:down\" line followed by the SQL that undoes the up section (an empty down section is allowed when nothing needs undoing)"})
			continue
		}
		s, err := m.newStep(mig, history.Down)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		// A down section that stopped half way resumes as an up does.
		if vs.Partial() && vs.Failed.Direction == history.Down {
			if err := m.planResume(s, vs.Failed, c.retry); err != nil {
				errs = append(errs, err)
				continue
			}
		}
		steps = append(steps, s)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return steps, nil
}
