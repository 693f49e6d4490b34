// Package dialecttest is the contract every dialect must pass: the same
// scenarios (apply, roll back, redo, failures, checksums, ordering,
// baseline, repair, tolerated errors, resuming, locking, recovering from a
// dead runner) run against a real database of each dialect through
// strata's public API; only a dead runner's lock row is written through
// strata's store (see recovery.go).
package dialecttest

import (
	"context"
	"io/fs"
	"slices"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/strata-db/strata"
	"github.com/strata-db/strata/internal/testdb"
)

// Run runs the whole contract against fresh databases of dialect.
func Run(t *testing.T, dialect string) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			db := testdb.Open(t, dialect)
			c.run(t, &env{t: t, db: db, dialect: strata.Dialect(dialect)})
		})
	}
	for _, c := range recoveryCases {
		t.Run("Recovery/"+c.name, func(t *testing.T) {
			if c.skip != "" {
				t.Skip(c.skip)
			}
			t.Parallel()
			db := testdb.Open(t, dialect)
			runRecovery(t, &env{t: t, db: db, dialect: strata.Dialect(dialect)}, c)
		})
	}
}

type env struct {
	t       *testing.T
	db      *testdb.DB
	dialect strata.Dialect
	events  []strata.Event
	mu      sync.Mutex
	// fsys is the migration files of a recovery case, which its next
	// command may edit.
	fsys fstest.MapFS
}

// migrator returns a Migrator over files, recording its events.
func (e *env) migrator(files fstest.MapFS, opts ...strata.Option) *strata.Migrator {
	e.t.Helper()
	opts = append([]strata.Option{strata.WithEvents(func(ev strata.Event) {
		e.mu.Lock()
		e.events = append(e.events, ev)
		e.mu.Unlock()
	}), strata.WithLockTimeout(10 * time.Second)}, opts...)
	m, err := strata.New(e.db.DB, e.dialect, files, opts...)
	if err != nil {
		e.t.Fatal(err)
	}
	return m
}

func files(kv ...string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for i := 0; i+1 < len(kv); i += 2 {
		fsys[kv[i]] = &fstest.MapFile{Data: []byte(kv[i+1]), Mode: fs.ModePerm}
	}
	return fsys
}

func (e *env) up(m *strata.Migrator, opts ...strata.UpOption) []strata.Result {
	e.t.Helper()
	r, err := m.Up(context.Background(), opts...)
	if err != nil {
		e.t.Fatalf("Up: %v", err)
	}
	return r
}

func (e *env) status(m *strata.Migrator) map[string]string {
	e.t.Helper()
	s, err := m.Status(context.Background())
	if err != nil {
		e.t.Fatalf("Status: %v", err)
	}
	out := map[string]string{}
	for _, ms := range s.Migrations {
		out[ms.Version] = ms.State
	}
	return out
}

func (e *env) wantStates(m *strata.Migrator, want map[string]string) {
	e.t.Helper()
	got := e.status(m)
	for v, s := range want {
		if got[v] != s {
			e.t.Errorf("version %s: state %q, want %q (all: %v)", v, got[v], s, got)
		}
	}
	if len(got) != len(want) {
		e.t.Errorf("states %v, want %v", got, want)
	}
}

// tableExists asks the database itself, never strata.
func (e *env) tableExists(name string) bool {
	e.t.Helper()
	var q string
	switch e.dialect {
	case strata.Postgres:
		q = "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1"
	case strata.MySQL:
		q = "SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?"
	default:
		q = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?"
	}
	var n int
	if err := e.db.DB.QueryRow(q, name).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n > 0
}

func (e *env) history(m *strata.Migrator) []strata.Attempt {
	e.t.Helper()
	h, err := m.History(context.Background())
	if err != nil {
		e.t.Fatalf("History: %v", err)
	}
	return h
}

// successes counts successful rows per version and direction.
func successes(h []strata.Attempt, direction string) map[string]int {
	out := map[string]int{}
	for _, a := range h {
		if a.Success && a.Direction == direction {
			out[a.Version]++
		}
	}
	return out
}

const (
	users = `CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(200) NOT NULL);
-- strata:down
DROP TABLE users;
`
	posts = `CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL);
CREATE INDEX posts_user_idx ON posts (user_id);
-- strata:down
DROP TABLE posts;
`
	tags = `CREATE TABLE tags (id INTEGER PRIMARY KEY, label VARCHAR(50));
-- strata:down
DROP TABLE tags;
`
)

type testCase struct {
	name string
	run  func(t *testing.T, e *env)
}

// cases is the contract, group by group, in the order it runs.
var cases = slices.Concat(applyCases, resumeCases, tableCases, sessionCases)
