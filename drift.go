package strata

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/strata-db/strata/internal/schema"
)

// Diff lists the differences between two schemas: objects only to has
// (added), objects only from has (removed), and each attribute that
// differs between objects of the same name (changed), in a stable order:
// the same two schemas always give the same list, and identical schemas
// give an empty one.
func Diff(from, to *Schema) []Change {
	return changesOf(schema.Diff(schemaIn(from), schemaIn(to)))
}

// Inspect reads the schema of the Migrator's database, without strata's
// tracking tables.
func (m *Migrator) Inspect(ctx context.Context) (*Schema, error) {
	return m.inspect(ctx, m.db)
}

// Inspect reads the schema of any database, such as the two that strata
// diff compares. Only the options naming the tracking tables (WithTables),
// which are left out, and the secrets (WithSecrets) matter here.
func Inspect(ctx context.Context, db *sql.DB, d Dialect, opts ...Option) (*Schema, error) {
	m, err := New(db, d, emptyFS{}, opts...)
	if err != nil {
		return nil, err
	}
	return m.Inspect(ctx)
}

// emptyFS stands in for migrations where none are needed.
type emptyFS struct{}

// Open implements fs.FS: there is no file.
func (emptyFS) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

// inspect reads the schema of db on one connection, so that every query
// sees the same database.
func (m *Migrator) inspect(ctx context.Context, db *sql.DB) (*Schema, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, m.connError(err)
	}
	defer conn.Close()
	s, err := m.d.Inspect(ctx, conn, m.store.Tables())
	if err != nil {
		return nil, m.connError(fmt.Errorf("inspecting the schema: %w", err))
	}
	return schemaOf(s), nil
}

// on returns a Migrator for another database with this one's files and
// options (tracking table names included), which reports no events: its
// work on a scratch database is not news about the real one.
func (m *Migrator) on(db *sql.DB) (*Migrator, error) {
	return New(db, m.name, m.fsys, func(o *options) error {
		*o = m.o
		// m.fsys is already the directory, without the excluded files.
		o.dir, o.excludeNames, o.excludeVersions = ".", nil, nil
		o.events, o.logger = nil, nil
		return nil
	})
}

// checkEmpty refuses a scratch database that holds anything: migrations
// replayed into it would fail or, worse, leave the comparison meaningless,
// and a production database given by mistake must never be written to.
// It returns the empty database's schema (its schemas and extensions).
func (m *Migrator) checkEmpty(ctx context.Context) (*Schema, error) {
	s, err := m.inspect(ctx, m.db)
	if err != nil {
		return nil, err
	}
	attempts, _, err := m.store.Read(ctx, m.db)
	if err != nil {
		return nil, m.connError(err)
	}
	if s.Empty() && len(attempts) == 0 {
		return s, nil
	}
	var found []string
	for _, t := range s.Tables {
		found = append(found, "table "+t.Name)
	}
	for _, v := range s.Views {
		found = append(found, "view "+v.Name)
	}
	for _, f := range s.Functions {
		found = append(found, f.Kind+" "+f.Signature())
	}
	for _, q := range s.Sequences {
		found = append(found, "sequence "+q.Name)
	}
	for _, t := range s.Types {
		found = append(found, "type "+t.Name)
	}
	for _, t := range s.Triggers {
		found = append(found, "trigger "+t.Name)
	}
	if len(attempts) > 0 {
		found = append(found, fmt.Sprintf("%d rows of strata history", len(attempts)))
	}
	if len(found) > 5 {
		found = append(found[:5], fmt.Sprintf("and %d more", len(found)-5))
	}
	return nil, fmt.Errorf("%w: it holds %s. strata replays the migrations into this database and needs it empty (it empties it again "+
		"afterwards, unless the run was killed); Try: empty it, or give a new, empty database (never a real one), "+
		"or leave out --dev-url to let strata create a temporary one", ErrScratchNotEmpty, strings.Join(found, ", "))
}

// DriftReport compares a live database with what its migrations build.
type DriftReport struct {
	Database string `json:"database"`
	// CurrentVersion is the live database's highest applied version.
	CurrentVersion string `json:"current_version"`
	// Replayed counts the migrations applied to the scratch database: the
	// ones applied to the live database, in version order.
	Replayed int `json:"replayed"`
	// Changes lead from the schema the migrations build to the live one:
	// "added" is in the live database only (made by hand), "removed" is
	// missing from it, "changed" differs, with the migrations' value in
	// From and the live one in To.
	Changes []Change `json:"changes"`
	// Missing are applied versions whose file is gone: they could not be
	// replayed, so what they did shows as added.
	Missing []string `json:"missing,omitempty"`
	// Modified are applied versions whose up section was edited since: the
	// scratch database ran the new text.
	Modified []string `json:"modified,omitempty"`
	// Failed are versions whose latest attempt on the live database failed;
	// what a partial attempt left behind shows as added.
	Failed []string `json:"failed,omitempty"`
	// Server is the live database server's product and version.
	Server string `json:"server,omitempty"`
}

// Drifted reports whether the live schema differs from the migrations'.
func (r *DriftReport) Drifted() bool { return len(r.Changes) > 0 }

// Drift compares the live database with its migrations: it replays into
// scratch, which must be an empty database of the same dialect (ideally
// on the same server version), exactly the migrations the live database
// has applied, in version order, then compares the two schemas. The
// scratch database keeps the replayed schema (and its own strata history)
// afterwards: the caller's Scratch drops it (TempDatabase, MemoryDatabase)
// or empties it (DevDatabase).
func (m *Migrator) Drift(ctx context.Context, scratch *sql.DB) (*DriftReport, error) {
	if scratch == nil {
		return nil, fmt.Errorf("%w: Drift needs a scratch database to replay the migrations into", ErrUsage)
	}
	st, err := m.readState(ctx, m.db)
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
	if err := m.shareSchema(ctx, scratch); err != nil {
		return nil, err
	}
	r := &DriftReport{Database: string(m.name), CurrentVersion: st.highest()}
	replay := map[string]bool{}
	for _, v := range st.applied() {
		mig := st.byVer[v]
		if mig == nil {
			r.Missing = append(r.Missing, v)
			continue
		}
		replay[v] = true
		if st.versions[v].Checksum != mig.Up.Checksum {
			r.Modified = append(r.Modified, v)
		}
	}
	for _, mig := range st.migs {
		if vs := st.versions[mig.Version.String()]; vs != nil && vs.Failed != nil {
			r.Failed = append(r.Failed, vs.Version)
		}
	}
	if err := sm.checkScratchAll(st.migs, replay, false); err != nil {
		return nil, err
	}
	if r.Replayed, err = sm.replay(ctx, replay); err != nil {
		return nil, fmt.Errorf("replaying the applied migrations into the scratch database: %w", err)
	}
	expected, err := sm.inspect(ctx, scratch)
	if err != nil {
		return nil, err
	}
	live, err := m.inspect(ctx, m.db)
	if err != nil {
		return nil, err
	}
	r.Server = live.Server
	r.Changes = Diff(expected, live)
	return r, nil
}

// replay applies exactly the given versions, in version order: a live
// database may have skipped one (applied out of order, or not yet), and
// the replay must build what the live database ran, nothing more.
func (m *Migrator) replay(ctx context.Context, versions map[string]bool) (int, error) {
	top := ""
	for v := range versions {
		if top == "" || compareVersions(v, top) > 0 {
			top = v
		}
	}
	if top == "" {
		return 0, nil
	}
	st, err := m.readState(ctx, m.db)
	if err != nil {
		return 0, err
	}
	res, err := m.locked(ctx, "drift", st, func(s *session, st *state) ([]Result, error) {
		plan, err := m.planUp(st, runConfig{to: top, toSet: true})
		if err != nil {
			return nil, err
		}
		var run []*step
		for _, p := range plan {
			if versions[p.mig.Version.String()] {
				run = append(run, p)
			}
		}
		return s.runAll(ctx, st, run)
	})
	return len(res), err
}

// Scratch is a temporary empty database for Drift and Verify, made by
// TempDatabase or MemoryDatabase. Close removes it.
type Scratch struct {
	DB *sql.DB
	// Name is the database's name on the server, or the in-memory SQLite
	// database's name.
	Name string
	// Notes tell, for people, which temporary databases of killed runs
	// TempDatabase dropped first, and which it could not drop.
	Notes []string
	close func(context.Context) error
}

// Close closes the connections and drops the database.
func (s *Scratch) Close(ctx context.Context) error { return s.close(ctx) }

// TempDatabase creates an empty database on the PostgreSQL or
// MySQL/MariaDB server that db is connected to, and opens it with open,
// which is given the new database's name and must return a pool connected
// to it (the caller knows the driver and the URL: the same URL with the
// database name replaced). Close drops it. The database user needs the
// right to create databases (PostgreSQL: CREATEDB; MySQL: CREATE); for
// SQLite use MemoryDatabase.
//
// The name carries this host and process id (see scratchName), so that a
// database left behind by a killed process is recognised: TempDatabase
// first drops those whose process on this host is gone, and any older
// than ScratchMaxAge, and says so in Notes.
func TempDatabase(ctx context.Context, db *sql.DB, open func(name string) (*sql.DB, error)) (*Scratch, error) {
	// A server that cannot be reached is not a missing right to create
	// databases: say which it is.
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, connFailed(ctx, err, nil)
	}
	defer conn.Close()
	notes := sweepScratch(ctx, db)
	name := scratchName()
	// A name of lower-case letters, digits and "_" needs no quoting, and
	// CREATE/DROP DATABASE read the same on both servers.
	if _, err := conn.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return nil, fmt.Errorf("%w: could not create a temporary database on this server (%v); "+
			"Try: give the database user the right to create databases, or pass an empty database of your own with --dev-url", ErrDatabase, err)
	}
	drop := func(ctx context.Context) error {
		var err error
		// A server may still be ending the scratch pool's sessions, which
		// blocks the drop for a moment.
		for range 10 {
			if _, err = db.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name); err == nil {
				return nil
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("dropping temporary database %s: %w; drop it by hand", name, ctx.Err())
			case <-time.After(500 * time.Millisecond):
			}
		}
		return fmt.Errorf("dropping temporary database %s: %w; drop it by hand", name, err)
	}
	sdb, err := open(name)
	if err == nil {
		err = sdb.PingContext(ctx)
		if err != nil {
			sdb.Close()
		}
	}
	if err != nil {
		return nil, errors.Join(fmt.Errorf("opening the temporary database %s: %w", name, err), drop(context.WithoutCancel(ctx)))
	}
	return &Scratch{DB: sdb, Name: name, Notes: notes, close: func(ctx context.Context) error {
		return errors.Join(sdb.Close(), drop(ctx))
	}}, nil
}
