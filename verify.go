package strata

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/strata-db/strata/internal/history"
	"github.com/strata-db/strata/internal/source"
)

// The kinds of VerifyFinding.
const (
	// VerifyNoDown: the migration has no down section, so it cannot be
	// rolled back at all.
	VerifyNoDown = "no-down"
	// VerifyDownFailed: the down section failed.
	VerifyDownFailed = "down-failed"
	// VerifyNotUndone: the down section ran, but the schema is not what it
	// was before the up section; Changes lead from before to after.
	VerifyNotUndone = "not-undone"
	// VerifyUpAgainFailed: after the down section, the up section failed
	// when applied again (typically on something the down section left).
	VerifyUpAgainFailed = "up-again-failed"
	// VerifyNotReproduced: applied again after its down section, the up
	// section built a different schema than the first time; Changes lead
	// from the first to the second.
	VerifyNotReproduced = "not-reproduced"
	// VerifyUpFailed: the up section itself failed on the scratch database.
	VerifyUpFailed = "up-failed"
)

// VerifyFinding is one migration whose rollback does not work.
type VerifyFinding struct {
	Version string `json:"version"`
	Name    string `json:"name"`
	File    string `json:"file"`
	Kind    string `json:"kind"` // VerifyNoDown, VerifyDownFailed, …
	Message string `json:"message"`
	// Changes are the schema differences behind a not-undone or
	// not-reproduced finding.
	Changes []Change `json:"changes,omitempty"`
}

// VerifyReport is the outcome of Verify.
type VerifyReport struct {
	Database string `json:"database"`
	// Migrations counts the migrations applied to the scratch database.
	Migrations int `json:"migrations"`
	// Checked counts those whose down section was run and compared.
	Checked  int             `json:"checked"`
	Findings []VerifyFinding `json:"findings"`
	// StoppedAt is the version at which verification had to stop, because
	// its up section failed and later migrations build on it; "" when every
	// migration was applied.
	StoppedAt string `json:"stopped_at,omitempty"`
	// Duration is how long Verify took.
	Duration time.Duration `json:"-"`
}

// OK reports whether every migration rolls back cleanly.
func (r *VerifyReport) OK() bool { return len(r.Findings) == 0 && r.StoppedAt == "" }

// Verify tests every migration's rollback in scratch, which must be an
// empty database of the same dialect: for each migration in version
// order it applies the up section, then the down section, checks that the
// schema is back to what it was, applies the up section again and checks
// that the schema matches what it built the first time. It reports every
// migration without a down section, every down section that fails or
// does not bring the schema back, and every up section that cannot be
// applied again or then builds something else. Only the schema is
// compared, not the rows.
//
// Where the database rolls DDL back (PostgreSQL, SQLite) and both
// sections run in a transaction, the down-and-up-again check runs in one
// transaction that is then rolled back, so a broken rollback never
// disturbs the check of the migrations after it. Elsewhere (MySQL,
// -- strata:no-transaction and -- strata:tolerate-existing sections) the
// sections run as strata down and up run them, and verification goes on
// from whatever schema they leave; an up section that cannot be applied
// again is then recorded as applied in the scratch history. An up section
// that fails the first time stops verification, since later migrations
// build on it. Nothing touches the Migrator's own database; the caller
// drops scratch afterwards.
func (m *Migrator) Verify(ctx context.Context, scratch *sql.DB) (*VerifyReport, error) {
	if scratch == nil {
		return nil, fmt.Errorf("%w: Verify needs a scratch database to apply the migrations to", ErrUsage)
	}
	start := time.Now()
	migs, err := m.load()
	if err != nil {
		return nil, err
	}
	sm, err := m.onScratch(ctx, scratch)
	if err != nil {
		return nil, err
	}
	if _, err := sm.checkEmpty(ctx); err != nil {
		return nil, err
	}
	if err := sm.checkScratchAll(migs, nil, true); err != nil {
		return nil, err
	}
	if err := m.shareSchema(ctx, scratch); err != nil {
		return nil, err
	}
	v := &verifier{m: sm, ctx: ctx, db: scratch, r: &VerifyReport{Database: string(m.name), Findings: []VerifyFinding{}}}
	// before is the schema with every earlier migration applied.
	if v.before, err = sm.inspect(ctx, scratch); err != nil {
		return nil, err
	}
	for _, mig := range migs {
		stop, err := v.migration(mig)
		if err != nil {
			return nil, err
		}
		if stop {
			break
		}
	}
	v.r.Duration = time.Since(start)
	return v.r, nil
}

// verifier is one run of Verify.
type verifier struct {
	m      *Migrator // on the scratch database
	ctx    context.Context
	db     *sql.DB
	r      *VerifyReport
	before *Schema
}

func (v *verifier) finding(mig *source.Migration, kind, msg string, changes []Change) {
	v.r.Findings = append(v.r.Findings, VerifyFinding{Version: mig.Version.String(), Name: mig.Name, File: mig.Up.File,
		Kind: kind, Message: msg, Changes: changes})
}

// after re-reads the schema, unless the run executed no statement.
func (v *verifier) after(prev *Schema, res []Result) (*Schema, error) {
	if len(res) == 1 && res[0].Statements == 0 {
		return prev, nil
	}
	return v.m.inspect(v.ctx, v.db)
}

// migration verifies one migration and leaves it applied; stop is true
// when verification cannot go on.
func (v *verifier) migration(mig *source.Migration) (stop bool, err error) {
	ver := mig.Version.String()
	res, err := v.m.Up(v.ctx, To(ver))
	if err != nil {
		if v.ctx.Err() != nil || errors.Is(err, ErrOutsideScratch) {
			return true, err
		}
		v.finding(mig, VerifyUpFailed, "the up section failed: "+failure(err), nil)
		v.r.StoppedAt = ver
		return true, nil
	}
	v.r.Migrations++
	up, err := v.after(v.before, res)
	if err != nil {
		return true, err
	}
	if !mig.Down.Present {
		v.finding(mig, VerifyNoDown, "no down section: the migration cannot be rolled back", nil)
		v.before = up
		return false, nil
	}
	if v.rehearsable(mig) {
		err = v.rehearse(mig, up)
		v.before = up
		return false, err
	}
	return false, v.run(mig, up)
}

// rehearsable reports whether both sections of mig can run inside one
// transaction that is then rolled back, exactly as strata would run them.
func (v *verifier) rehearsable(mig *source.Migration) bool {
	m := v.m
	return m.d.TransactionalDDL() && !m.o.tolerateExisting &&
		!mig.Up.NoTransaction && !mig.Down.NoTransaction && !mig.Up.TolerateExisting && !mig.Down.TolerateExisting
}

// rehearse runs the down section and the up section again in one
// transaction, compares the schema after each, and rolls everything back,
// so the database is left with the migration applied once, as it was.
func (v *verifier) rehearse(mig *source.Migration, up *Schema) error {
	m, ctx := v.m, v.ctx
	tx, err := v.db.BeginTx(ctx, nil)
	if err != nil {
		return m.connError(err)
	}
	defer tx.Rollback()
	inspect := func() (*Schema, error) {
		s, err := m.d.Inspect(ctx, tx, m.store.Tables())
		if err != nil {
			return nil, m.connError(fmt.Errorf("inspecting the schema: %w", err))
		}
		return schemaOf(s), nil
	}
	ran, err := v.exec(tx, mig, &mig.Down, history.Down)
	if errors.Is(err, ErrOutsideScratch) {
		return err
	}
	if err != nil {
		v.finding(mig, VerifyDownFailed, "the down section failed: "+failure(err), nil)
		return nil
	}
	v.r.Checked++
	down := up
	if ran > 0 {
		if down, err = inspect(); err != nil {
			return err
		}
	}
	if d := Diff(v.before, down); len(d) > 0 {
		v.finding(mig, VerifyNotUndone, notUndone(d), d)
	}
	ran, err = v.exec(tx, mig, &mig.Up, history.Up)
	if errors.Is(err, ErrOutsideScratch) {
		return err
	}
	if err != nil {
		v.finding(mig, VerifyUpAgainFailed, "after the down section, the up section failed when applied again: "+failure(err), nil)
		return nil
	}
	again := down
	if ran > 0 {
		if again, err = inspect(); err != nil {
			return err
		}
	}
	if d := Diff(up, again); len(d) > 0 {
		v.finding(mig, VerifyNotReproduced, notReproduced(d), d)
	}
	return nil
}

// exec runs a section's statements in tx and returns how many it ran; a
// failure comes back as the *MigrationError strata would report, with the
// file and line.
func (v *verifier) exec(tx *sql.Tx, mig *source.Migration, sec *source.Section, dir string) (ran int, err error) {
	m := v.m
	stmts, err := m.split(mig, sec, dir)
	if err != nil {
		return 0, err
	}
	// What strata up and down refuse to run, the rehearsal refuses too.
	p := &step{mig: mig, sec: sec, dir: dir, stmts: stmts}
	if err := m.checkStep(p); err != nil {
		return 0, err
	}
	// As between migrations, what the section changes of the session must
	// not reach the inspection or the next section.
	restore, err := m.d.SaveSession(v.ctx, tx, nil, stmts)
	if err != nil {
		return 0, m.connError(err)
	}
	if restore != nil {
		defer func() {
			if rerr := restore(v.ctx); rerr != nil && err == nil {
				err = m.connError(rerr)
			}
		}()
	}
	for i, st := range stmts {
		if _, err := tx.ExecContext(v.ctx, st.Text); err != nil {
			if v.ctx.Err() != nil {
				return i, v.ctx.Err()
			}
			return i, m.failed(p, i, m.d.Classify(err), err)
		}
	}
	return len(stmts), nil
}

// run checks the rollback the way strata down and up run it, committing
// as they go, and carries on from whatever schema that leaves.
func (v *verifier) run(mig *source.Migration, up *Schema) error {
	m, ctx, ver := v.m, v.ctx, mig.Version.String()
	res, err := m.Down(ctx, Steps(1))
	if err != nil {
		if ctx.Err() != nil || errors.Is(err, ErrOutsideScratch) {
			return err
		}
		v.finding(mig, VerifyDownFailed, "the down section failed: "+failure(err), nil)
		// Rolled back where the database could, partly applied elsewhere:
		// the next migration builds on what is there.
		v.before, err = m.inspect(ctx, v.db)
		return err
	}
	v.r.Checked++
	down, err := v.after(up, res)
	if err != nil {
		return err
	}
	if d := Diff(v.before, down); len(d) > 0 {
		v.finding(mig, VerifyNotUndone, notUndone(d), d)
	}
	res, err = m.Up(ctx, To(ver))
	if err != nil {
		if ctx.Err() != nil || errors.Is(err, ErrOutsideScratch) {
			return err
		}
		v.finding(mig, VerifyUpAgainFailed, "after the down section, the up section failed when applied again: "+failure(err), nil)
		// Typically the down section left what the up section makes, and
		// later migrations can build on that as well as on the up section's
		// own result: record the migration as applied in the scratch
		// history and go on from what is there.
		if _, err := m.Baseline(ctx, ver); err != nil {
			return err
		}
		v.before, err = m.inspect(ctx, v.db)
		return err
	}
	again, err := v.after(down, res)
	if err != nil {
		return err
	}
	if d := Diff(up, again); len(d) > 0 {
		v.finding(mig, VerifyNotReproduced, notReproduced(d), d)
	}
	v.before = again
	return nil
}

func notUndone(d []Change) string {
	return fmt.Sprintf("the down section does not undo the up section: %d difference(s) from the schema before the up section", len(d))
}

func notReproduced(d []Change) string {
	return fmt.Sprintf("applied again after the down section, the up section builds a different schema than the first time: %d difference(s)", len(d))
}

// failure is a failed run's error on one line: where and what, without
// the hint, which tells how to fix a live database, not a scratch one.
func failure(err error) string {
	var me *MigrationError
	if errors.As(err, &me) {
		return oneLine(me.Error())
	}
	return oneLine(err.Error())
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
