package strata

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/strata-db/strata/internal/history"
)

// A temporary scratch database is named after its maker, so that the next
// run can tell one left behind by a killed process from one in use:
// strata_scratch_HOST_HASH_PID_TIME_RAND, with HOST the host name's
// letters and digits (at most 16), HASH four hex digits of the whole host
// name (two hosts whose names differ only in punctuation stay apart), PID
// the process id, TIME the Unix time of creation in base 36, and RAND four
// hex digits. Every part is lower-case letters and digits, so the name
// needs no quoting and splits on "_".
const scratchPrefix = "strata_scratch_"

// ScratchMaxAge is how old a temporary scratch database of another host
// (or of a process id now used by another process) must be before the
// next TempDatabase drops it: no drift or verify runs that long.
const ScratchMaxAge = 24 * time.Hour

// scratchName names a new temporary database after this process.
func scratchName() string {
	var b [2]byte
	rand.Read(b[:])
	return fmt.Sprintf("%s%s_%d_%s_%s", scratchPrefix, hostTag(hostname()), os.Getpid(),
		strconv.FormatInt(time.Now().Unix(), 36), hex.EncodeToString(b[:]))
}

func hostname() string {
	h, err := os.Hostname()
	if err != nil || h == "" {
		return "unknown"
	}
	return h
}

// hostTag is HOST_HASH of a scratch name.
func hostTag(host string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(host) {
		if b.Len() == 16 {
			break
		}
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteRune(c)
		}
	}
	if b.Len() == 0 {
		b.WriteString("host")
	}
	h := fnv.New32a()
	h.Write([]byte(host))
	return fmt.Sprintf("%s_%04x", b.String(), h.Sum32()&0xffff)
}

// scratchOrigin is what a scratch database's name tells of its maker.
type scratchOrigin struct {
	host string // HOST_HASH
	pid  int
	made time.Time
}

// parseScratchName reads a name made by scratchName; ok is false for any
// other name, including those of strata versions before it, which are
// left alone.
func parseScratchName(name string) (o scratchOrigin, ok bool) {
	rest, found := strings.CutPrefix(name, scratchPrefix)
	// Only names that need no quoting: the name goes into DROP DATABASE.
	if !found || strings.ContainsFunc(rest, func(c rune) bool { return !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') }) {
		return o, false
	}
	parts := strings.Split(rest, "_")
	if len(parts) != 5 {
		return o, false
	}
	pid, err := strconv.Atoi(parts[2])
	if err != nil || pid <= 0 {
		return o, false
	}
	secs, err := strconv.ParseInt(parts[3], 36, 64)
	if err != nil {
		return o, false
	}
	return scratchOrigin{host: parts[0] + "_" + parts[1], pid: pid, made: time.Unix(secs, 0)}, true
}

// abandoned says why a scratch database may be dropped: its process on
// this host is gone, or it is older than ScratchMaxAge; "" to keep it.
func (o scratchOrigin) abandoned(now time.Time, host string, pid int, alive func(int) bool) string {
	switch {
	case now.Sub(o.made) > ScratchMaxAge:
		return fmt.Sprintf("made %s ago, more than %s", now.Sub(o.made).Round(time.Minute), ScratchMaxAge)
	case o.host == host && o.pid != pid && !alive(o.pid):
		return fmt.Sprintf("its process %d on this host is gone", o.pid)
	}
	return ""
}

// sweepScratch drops the temporary databases that killed strata processes
// left on the server: those whose process on this host is gone, and those
// older than ScratchMaxAge. It ends the sessions still connected to them
// first (a killed client's statement may still be running there). What
// it dropped and what it could not are returned as notes for people; a
// failure never stops the caller, which only wanted a new database.
func sweepScratch(ctx context.Context, db *sql.DB) (notes []string) {
	var version string
	if err := db.QueryRowContext(ctx, "SELECT version()").Scan(&version); err != nil {
		return nil
	}
	postgres := strings.HasPrefix(version, "PostgreSQL")
	list := "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'strata!_scratch!_%' ESCAPE '!'"
	if postgres {
		list = "SELECT datname FROM pg_database WHERE datname LIKE 'strata!_scratch!_%' ESCAPE '!'"
	}
	rows, err := db.QueryContext(ctx, list)
	if err != nil {
		return []string{fmt.Sprintf("could not list the temporary databases of earlier runs (%v)", oneLine(err.Error()))}
	}
	var names []string
	for rows.Next() {
		var n string
		if rows.Scan(&n) == nil {
			names = append(names, n)
		}
	}
	rows.Close()
	now, host, pid := time.Now(), hostTag(hostname()), os.Getpid()
	for _, name := range names {
		o, ok := parseScratchName(name)
		if !ok {
			continue
		}
		why := o.abandoned(now, host, pid, history.ProcessAlive)
		if why == "" {
			continue
		}
		if err := dropAbandoned(ctx, db, name, postgres); err != nil {
			notes = append(notes, fmt.Sprintf("could not drop the temporary database %s left by an earlier run (%s): %v; Try: DROP DATABASE %s",
				name, why, oneLine(err.Error()), name))
			continue
		}
		notes = append(notes, fmt.Sprintf("dropped the temporary database %s left by an earlier run (%s)", name, why))
	}
	return notes
}

// dropAbandoned ends the sessions connected to an abandoned scratch
// database and drops it.
func dropAbandoned(ctx context.Context, db *sql.DB, name string, postgres bool) error {
	if postgres {
		if _, err := db.ExecContext(ctx, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", name); err != nil {
			return err
		}
	} else {
		rows, err := db.QueryContext(ctx, "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()", name)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if rows.Scan(&id) == nil {
				ids = append(ids, id)
			}
		}
		rows.Close()
		for _, id := range ids {
			// The session may have ended since it was listed.
			db.ExecContext(ctx, "KILL "+strconv.FormatInt(id, 10))
		}
	}
	var err error
	// A terminated session takes a moment to leave the database.
	for range 10 {
		if _, err = db.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name); err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
	return err
}

// DevDatabase makes db, an empty database of the caller's (the one strata
// drift --dev-url names), a scratch database for Drift, Verify and Health:
// it refuses one that holds anything (ErrScratchNotEmpty), so that a real
// database given by mistake is never written to, and Close empties it
// again, dropping what the replay made, strata's tracking tables
// included, and the schemas and extensions it did not have: the database
// is left as it was found, ready for the next run. Close leaves db open;
// it stays the caller's.
func (m *Migrator) DevDatabase(ctx context.Context, db *sql.DB) (*Scratch, error) {
	sm, err := m.on(db)
	if err != nil {
		return nil, err
	}
	found, err := sm.checkEmpty(ctx)
	if err != nil {
		return nil, err
	}
	return &Scratch{DB: db, close: func(ctx context.Context) error {
		conn, err := db.Conn(ctx)
		if err == nil {
			err = m.d.Clear(ctx, conn, schemaIn(found))
			conn.Close()
		}
		if err != nil {
			return fmt.Errorf("emptying the scratch database after use: %v; Try: drop what it holds by hand, or the next run will refuse it", oneLine(err.Error()))
		}
		return nil
	}}, nil
}
