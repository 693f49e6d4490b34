package dialecttest

// A dead runner's lock row, written as a runner writes it, and the
// statements of a section as strata splits and hashes them.

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"strings"
	"testing/fstest"
	"time"

	"github.com/strata-db/strata"
	"github.com/strata-db/strata/internal/dialect"
	"github.com/strata-db/strata/internal/dialect/mysql"
	"github.com/strata-db/strata/internal/dialect/postgres"
	"github.com/strata-db/strata/internal/dialect/sqlite"
	"github.com/strata-db/strata/internal/history"
	"github.com/strata-db/strata/internal/source"
	"github.com/strata-db/strata/internal/sqlsplit"
)

// kill leaves the lock row of a dead runner: it takes the lock through
// strata's store on a connection of its own, writes its progress as a
// runner does, and closes the connection, which ends a session lock as a
// kill -9 does. It ran on another host, an hour ago, so its lease
// (SQLite) has long expired.
func (e *env) kill(fsys fstest.MapFS, r deadRunner) {
	t := e.t
	t.Helper()
	ctx := context.Background()
	db, err := sql.Open(e.db.Driver, e.db.DSN)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tables := dialect.Tables{History: "schema_migrations", Locks: "migration_locks"}
	sess, err := e.impl().OpenSession(ctx, conn, tables)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		conn.Close()
		db.Close()
		e.waitSessionGone(sess.ID)
	}()
	store := history.NewStore(e.impl(), tables)
	store.SetTables(sess.Tables)
	past := time.Now().Add(-time.Hour).UTC()
	const owner = "deadbeef"
	me := dialect.Holder{Owner: owner, LockedAt: past, LockedBy: deadBy, ProcessID: deadPID, Command: r.command, Heartbeat: past}
	if _, err := store.Acquire(ctx, conn, me, history.LockOptions{Timeout: 10 * time.Second, Lease: 30 * time.Second, Poll: 20 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	if r.version != "" {
		sec := e.section(fsys, r.version, r.direction)
		n := r.done
		if r.inflight {
			n++
		}
		p := history.Progress{Version: r.version, Direction: r.direction, File: sec.file, Started: past,
			Statements: r.done, StmtHashes: strings.Join(hashes(sec.stmts[:n]), ","), Transaction: r.inTx}
		if err := store.SetProgress(ctx, conn, owner, p, past); err != nil {
			t.Fatal(err)
		}
	}
}

// waitSessionGone waits until the server has ended the session id (its
// locks go with it): closing a connection returns before the server is
// done with it.
func (e *env) waitSessionGone(id string) {
	e.t.Helper()
	var q string
	switch e.dialect {
	case strata.Postgres:
		q = "SELECT count(*) FROM pg_stat_activity WHERE pid = $1::int"
	case strata.MySQL:
		q = "SELECT count(*) FROM information_schema.processlist WHERE id = ?"
	default:
		return
	}
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		var n int
		if err := e.db.DB.QueryRow(q, id).Scan(&n); err != nil {
			e.t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
	e.t.Fatalf("session %s never ended", id)
}

func (e *env) impl() dialect.Engine {
	switch e.dialect {
	case strata.Postgres:
		return postgres.Engine{}
	case strata.MySQL:
		return mysql.Engine{}
	}
	return sqlite.Engine{}
}

// section is one section of a migration, split as strata splits it.
type section struct {
	file  string
	stmts []sqlsplit.Statement
}

func (e *env) section(fsys fstest.MapFS, version, direction string) section {
	t := e.t
	t.Helper()
	migs, err := source.ReadWith(fsys, ".", source.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, mig := range migs {
		if mig.Version.String() != version {
			continue
		}
		sec := &mig.Up
		if direction == "down" {
			sec = &mig.Down
		}
		stmts, err := sqlsplit.Split(e.impl().Splitter(), sec.SQL, sqlsplit.Position{Offset: sec.Offset, Line: sec.Line, Column: 1})
		if err != nil {
			t.Fatal(err)
		}
		return section{file: sec.File, stmts: stmts}
	}
	t.Fatalf("no migration %s", version)
	return section{}
}

// hashes are the statement checksums a runner records: the first 8 bytes
// of the SHA-256 of the statement's normal form, in hex. They are written
// out here rather than borrowed from strata, because runners of older
// versions wrote them: the format is part of the tables' contract.
func hashes(stmts []sqlsplit.Statement) []string {
	out := make([]string, len(stmts))
	for i, s := range stmts {
		sum := sha256.Sum256([]byte(source.Normalize(s.Text)))
		out[i] = hex.EncodeToString(sum[:8])
	}
	return out
}
