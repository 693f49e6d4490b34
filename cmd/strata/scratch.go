package main

import (
	"context"
	"database/sql"
	"net/url"

	"github.com/strata-db/strata"
)

// withDatabase is the target with another database name on the same
// server, for a temporary scratch database.
func (t *target) withDatabase(name string) (*target, error) {
	c := *t
	tc := *t.Target
	c.Target = &tc
	switch {
	case t.connector != nil:
		cfg := t.connector.Clone()
		cfg.DBName = name
		c.connector = cfg
	case t.Dialect == strata.Postgres:
		u, err := url.Parse(t.DSN)
		if err != nil {
			return nil, err
		}
		u.Path = "/" + name
		c.DSN = u.String()
	}
	return &c, nil
}

// scratchDatabase returns an empty database to replay the migrations into:
// the --dev-url one, emptied again when done, an in-memory one for SQLite,
// or a temporary one on the live database's server, dropped when done.
// The caller must call the returned function when done.
func scratchDatabase(ctx context.Context, o *output, m *strata.Migrator, live *target, liveDB *sql.DB, devURL string) (*sql.DB, func(), error) {
	if devURL != "" {
		t, err := parseURL(devURL)
		if err != nil {
			return nil, nil, usageErrorf("--dev-url: %v", err)
		}
		o.addSecrets(t.Secrets...)
		if t.Dialect != live.Dialect {
			return nil, nil, usageErrorf("--dev-url %s is %s, but the database is %s: the scratch database must be of the same kind", t.Display, t.Dialect, live.Dialect)
		}
		db, err := t.open(ctx, false)
		if err != nil {
			return nil, nil, err
		}
		sc, err := m.DevDatabase(ctx, db)
		if err != nil {
			db.Close()
			return nil, nil, err
		}
		return db, func() {
			if err := sc.Close(context.WithoutCancel(ctx)); err != nil {
				o.noticef("warning: --dev-url %s: %v", t.Display, err)
			}
			db.Close()
		}, nil
	}
	var sc *strata.Scratch
	var err error
	if live.Dialect == strata.SQLite {
		sc, err = strata.MemoryDatabase(ctx, liveDB.Driver())
	} else {
		sc, err = strata.TempDatabase(ctx, liveDB, func(name string) (*sql.DB, error) {
			t, err := live.withDatabase(name)
			if err != nil {
				return nil, err
			}
			return t.open(ctx, false)
		})
	}
	if err != nil {
		return nil, nil, err
	}
	for _, n := range sc.Notes {
		o.noticef("note: %s", n)
	}
	return sc.DB, func() {
		if err := sc.Close(context.WithoutCancel(ctx)); err != nil {
			o.noticef("warning: %v", err)
		}
	}, nil
}
