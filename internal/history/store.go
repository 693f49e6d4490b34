// Package history keeps strata's tracking tables: the append-only attempt
// log (schema_migrations), the lock holder (migration_locks) and the state
// of each version derived from the log. The SQL text of each database comes
// from its dialect; the logic here is written once.
package history

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/strata-db/strata/internal/dialect"
)

// Directions of an attempt.
const (
	Up       = "up"
	Down     = "down"
	Baseline = "baseline"
	Repair   = "repair"
)

// Error codes strata itself writes into error_code, beside the database's
// SQLSTATEs and error numbers.
const (
	// CodeInterrupted marks an attempt whose runner died (killed, crashed,
	// lost its connection) before it could record the outcome. The next
	// runner records it on the dead runner's behalf.
	CodeInterrupted = "interrupted"
	// CodeCancelled marks an attempt stopped by the runner itself, after a
	// signal or a cancelled context.
	CodeCancelled = "cancelled"
)

// Attempt is one row of the history table.
type Attempt struct {
	ID                int64
	Version           string // digits without leading zeros
	Name              string
	File              string
	Checksum          string // of the up section
	DownChecksum      string // "" when the migration had no down section
	Direction         string
	AppliedAt         time.Time
	Duration          time.Duration // stored in whole milliseconds
	Success           bool
	ErrorCode         string
	ErrorMessage      string
	ErrorStatement    int // 1-based; 0 when not about a statement
	ErrorLine         int // line in File; 0 when unknown
	StatementsApplied int // statements whose effect is committed
	StatementsTotal   int
	// StatementChecksums: comma-separated hashes of the applied statements,
	// where they committed one by one; an interrupted attempt adds the hash
	// of the statement that was running, when known.
	StatementChecksums string
	AppliedBy          string
	ProcessID          int
	StrataVersion      string
	Warnings           []string // tolerated errors and other notes, one per entry
}

// historyColumns are the columns strata's history table has, in order. A
// table of the same name without them belongs to another tool.
var historyColumns = []string{
	"id", "version", "name", "filename", "checksum", "down_checksum", "direction",
	"applied_at", "execution_time_ms", "success", "error_code", "error_message",
	"error_statement", "error_line", "statements_applied", "statements_total",
	"statement_checksums", "applied_by", "process_id", "strata_version", "warnings",
}

var lockColumns = []string{
	"lock_key", "owner", "locked_at", "locked_by", "process_id", "command", "heartbeat_at",
	"version", "direction", "filename", "started_at", "statements_done",
	"statement_checksums", "in_transaction",
}

// briefColumns is the number of history columns, the first ones, that
// ReadBrief reads for every attempt; the others it reads for failed
// attempts only: id, version, name, filename, checksum, down_checksum,
// direction, applied_at, execution_time_ms and success.
const briefColumns = 10

// Store reads and writes the tracking tables of one database. It is safe
// for concurrent use: the names a session resolves (SetTables) replace
// the previous ones as a whole.
type Store struct {
	d     dialect.Engine
	names atomic.Pointer[names]
	// upgraded is what the last Acquire upgraded (see LastUpgrade).
	upgraded atomic.Pointer[Upgraded]
}

// names are the tables' names and the statements built from them.
type names struct {
	// tables are the names as configured, for messages and the lock, with
	// the schema they resolved to once a session has told (SetTables);
	// qt are those names qualified with it, for the SQL, and h and l
	// their quoted forms.
	tables, qt dialect.Tables
	h, l       string

	selectSQL, briefSQL, failedSQL, insertSQL string
}

// n returns the current names.
func (s *Store) n() *names { return s.names.Load() }

// NewStore returns a Store for the tables t.
func NewStore(d dialect.Engine, t dialect.Tables) *Store {
	s := &Store{d: d}
	s.SetTables(t)
	return s
}

// SetTables points the store at the tables t: those of NewStore with the
// schema a session found them in (see dialect.Session.Tables), so that
// every statement the store sends names it.
func (s *Store) SetTables(t dialect.Tables) {
	if cur := s.n(); cur != nil && t == cur.tables {
		return
	}
	d := s.d
	n := &names{tables: t, qt: t.Qualified()}
	n.h, n.l = d.QuoteTable(n.qt.History), d.QuoteTable(n.qt.Locks)
	cols := slices.Clone(historyColumns)
	cols[slices.Index(cols, "applied_at")] = d.TimeExpr("applied_at")
	n.selectSQL = "SELECT " + strings.Join(cols, ", ") + " FROM " + n.h + " ORDER BY id"
	n.briefSQL = "SELECT " + strings.Join(cols[:briefColumns], ", ") + " FROM " + n.h + " ORDER BY id"
	// success is a boolean or an integer 0/1 depending on the database,
	// a valid condition either way.
	n.failedSQL = "SELECT " + strings.Join(cols, ", ") + " FROM " + n.h + " WHERE NOT success ORDER BY id"
	ph := make([]string, len(historyColumns)-1)
	for i := range ph {
		ph[i] = d.Placeholder(i + 1)
	}
	n.insertSQL = "INSERT INTO " + n.h + " (" + strings.Join(historyColumns[1:], ", ") + ") VALUES (" + strings.Join(ph, ", ") + ")"
	s.names.Store(n)
}

// Tables returns the names of the tables the store keeps.
func (s *Store) Tables() dialect.Tables { return s.n().tables }

// ForeignTableError reports a table that has strata's name but not its
// shape: another tool's table, which strata must never alter or drop.
type ForeignTableError struct {
	Table   string
	Columns []string
	Owner   string // a guess at the tool that made it; may be empty
	Setting string // the option or flag that renames strata's table
}

// Error implements error.
func (e *ForeignTableError) Error() string {
	owner := "another tool"
	if e.Owner != "" {
		owner = e.Owner
	}
	return fmt.Sprintf("table %s already exists but was not created by strata (columns: %s; it looks like %s's). "+
		"strata never alters or drops a table it did not create. Give strata's table another name: %s",
		e.Table, strings.Join(e.Columns, ", "), owner, e.Setting)
}

// guessOwner names the tool that is known to create a table with these
// columns.
func guessOwner(cols []string) string {
	has := func(c string) bool { return slices.Contains(cols, c) }
	switch {
	case has("version") && has("dirty") && len(cols) == 2:
		return "golang-migrate"
	case has("version_id") && has("is_applied"):
		return "goose"
	case has("installed_rank") && has("script"):
		return "Flyway"
	case has("version") && len(cols) == 1:
		return "dbmate or Rails"
	case has("id") && has("author") && has("filename") && has("md5sum"):
		return "Liquibase"
	}
	return ""
}

// checkShape returns a ForeignTableError when cols lack any of want.
func (s *Store) checkShape(table string, cols, want []string, setting string) error {
	for _, c := range want {
		if !slices.Contains(cols, c) {
			return &ForeignTableError{Table: table, Columns: cols, Owner: guessOwner(cols), Setting: setting}
		}
	}
	return nil
}

// Settings that rename the tables, for error messages.
const (
	historySetting = "--history-table NAME (history_table in strata.toml, strata.WithTables in the library)"
	lockSetting    = "--lock-table NAME (lock_table in strata.toml, strata.WithTables in the library)"
)

// Read returns every attempt in id order. A database without the history
// table has no attempts: exists is false and nothing is created, since
// reading commands must never write.
func (s *Store) Read(ctx context.Context, q dialect.Querier) (attempts []Attempt, exists bool, err error) {
	blocks, n, exists, err := s.read(ctx, q, s.n().selectSQL)
	if err == nil && exists {
		_, err = s.ReadFormat(ctx, q)
	}
	if err != nil || n == 0 {
		return nil, exists, err
	}
	if len(blocks) == 1 {
		return blocks[0], true, nil
	}
	attempts = make([]Attempt, 0, n)
	for _, b := range blocks {
		attempts = append(attempts, b...)
	}
	return attempts, true, nil
}

// ReadBrief is Read for deriving states and planning, which every command
// does, and on the path of a deploy with nothing to do: a successful
// attempt comes with the first briefColumns columns only, enough for Derive,
// status, health and the checks of up and down (version, name, file,
// checksums, direction, time, duration); the others, which only the
// history listing shows (who, which process and strata, statement counts
// and checksums, warnings), are left zero. A failed attempt comes whole:
// resuming it and reporting it need all of it. That is about half the
// bytes and allocations of Read: the brief columns of every attempt come
// in one query, and only when some attempt failed a second one reads the
// failed attempts whole (a query with the other columns blanked for
// successes still made the database evaluate and send them, 11 of 21).
// The attempts come as pointers into the blocks they were read into,
// which are not copied again into one slice.
func (s *Store) ReadBrief(ctx context.Context, q dialect.Querier) (attempts []*Attempt, exists bool, err error) {
	blocks, n, exists, err := s.read(ctx, q, s.n().briefSQL)
	if err == nil && exists {
		_, err = s.ReadFormat(ctx, q)
	}
	if err != nil || n == 0 {
		return nil, exists, err
	}
	attempts = make([]*Attempt, 0, n)
	var failed map[int64]*Attempt
	for _, b := range blocks {
		for i := range b {
			a := &b[i]
			attempts = append(attempts, a)
			if !a.Success {
				if failed == nil {
					failed = make(map[int64]*Attempt)
				}
				failed[a.ID] = a
			}
		}
	}
	if failed == nil {
		return attempts, true, nil
	}
	whole, _, _, err := s.read(ctx, q, s.n().failedSQL)
	if err != nil {
		return nil, true, err
	}
	// The log only grows: every failed attempt of the first read is in
	// the second, which may also hold newer ones, left for the next read.
	for _, b := range whole {
		for i := range b {
			if a := failed[b[i].ID]; a != nil {
				*a = b[i]
			}
		}
	}
	return attempts, true, nil
}

// timeOf converts what a TimeExpr column was scanned into: a time.Time
// where the driver decodes the column itself (pgx), or text for the
// dialect's ParseTime. NULL is the zero time.
func (s *Store) timeOf(v any) (time.Time, error) {
	switch v := v.(type) {
	case time.Time:
		return v.UTC(), nil
	case string:
		return s.d.ParseTime(v)
	case []byte:
		return s.d.ParseTime(string(v))
	case nil:
		return time.Time{}, nil
	}
	return time.Time{}, fmt.Errorf("unreadable time %v (%T) in a tracking table", v, v)
}

// read runs query, selectSQL or briefSQL, and scans the n attempts into
// blocks of at most readBlock, in id order.
func (s *Store) read(ctx context.Context, q dialect.Querier, query string) (blocks [][]Attempt, n int, exists bool, err error) {
	// One set of scan destinations for all rows: fresh ones per row
	// escape to the heap, as would the arguments of Scan, about 600 bytes
	// of garbage a row.
	var (
		a                                     Attempt
		at                                    any
		errStmt, errLine, applied, total, pid sql.NullInt64
		ms                                    int64
	)
	var cols [12]textCol
	version, name, file, sum, downSum, dir := &cols[0], &cols[1], &cols[2], &cols[3], &cols[4], &cols[5]
	code, msg, sums, by, strataV, ws := &cols[6], &cols[7], &cols[8], &cols[9], &cols[10], &cols[11]
	dest := []any{&a.ID, version, name, file, sum, downSum, dir,
		&at, &ms, &a.Success, code, msg, &errStmt, &errLine, &applied,
		&total, sums, by, &pid, strataV, ws}
	// The rows are gathered in blocks: growing one slice by append
	// allocates and copies about three times the final size, at 300 bytes
	// an attempt.
	block := make([]Attempt, 0, readBlock)
	row := func() error {
		var err error
		if a.AppliedAt, err = s.timeOf(at); err != nil {
			return err
		}
		a.Version, a.Name, a.File = version.s, name.s, file.s
		a.Checksum, a.DownChecksum, a.Direction = sum.s, downSum.s, direction(dir.s)
		a.ErrorCode, a.ErrorMessage = code.s, msg.s
		a.StatementChecksums, a.AppliedBy, a.StrataVersion = sums.s, by.s, strataV.s
		a.ErrorStatement, a.ErrorLine = int(errStmt.Int64), int(errLine.Int64)
		a.StatementsApplied, a.StatementsTotal, a.ProcessID = int(applied.Int64), int(total.Int64), int(pid.Int64)
		a.Duration = time.Duration(ms) * time.Millisecond
		a.Warnings = nil
		if ws.s != "" {
			a.Warnings = strings.Split(ws.s, "\n")
		}
		if len(block) == cap(block) {
			blocks = append(blocks, block)
			block = make([]Attempt, 0, readBlock)
		}
		block = append(block, a)
		n++
		return nil
	}
	if query == s.n().briefSQL {
		// The other columns are never scanned: their destinations stay
		// zero for every row.
		dest = dest[:briefColumns]
	}
	err = s.scan(ctx, q, query, dest, row)
	if err != nil && n == 0 {
		cols, cerr := s.d.Columns(ctx, q, s.n().qt.History)
		if cerr != nil && s.d.Classify(err).Kind == dialect.DoesNotExist {
			// The look failed (SQLite: a runner creating the table holds
			// the file): the query saw no table, and there is none yet.
			return nil, 0, false, nil
		}
		if cerr != nil {
			return nil, 0, false, fmt.Errorf("reading %s: %w", s.n().tables.History, err)
		}
		if cols == nil {
			return nil, 0, false, nil
		}
		if serr := s.checkShape(s.n().tables.History, cols, historyColumns, historySetting); serr != nil {
			return nil, 0, true, serr
		}
		// The table was created between the query and the check, by a
		// runner that got the lock first: read it now. A connection of
		// the pool that still does not see it (SQLite keeps each
		// connection's view of the schema) sees the moment before the
		// table came: no history yet.
		err = s.scan(ctx, q, query, dest, row)
		if err != nil && n == 0 && s.d.Classify(err).Kind == dialect.DoesNotExist {
			return nil, 0, false, nil
		}
	}
	if err != nil {
		return nil, 0, true, fmt.Errorf("reading %s: %w", s.n().tables.History, err)
	}
	if n == 0 {
		return nil, 0, true, nil
	}
	return append(blocks, block), n, true, nil
}

// scan runs query and calls row after scanning each row into dest.
func (s *Store) scan(ctx context.Context, q dialect.Querier, query string, dest []any, row func() error) error {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		if err := row(); err != nil {
			return err
		}
	}
	return rows.Err()
}

// direction returns d, as the constant when it is one of the four that
// strata writes, so that the states share it.
func direction(d string) string {
	for _, c := range [...]string{Up, Down, Baseline, Repair} {
		if d == c {
			return c
		}
	}
	return d
}

// textCol receives one text column of the history from any driver; NULL
// is "".
type textCol struct{ s string }

// Scan implements sql.Scanner.
func (c *textCol) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		c.s = ""
	case string:
		c.s = v
	case []byte:
		c.s = string(v)
	default:
		return fmt.Errorf("a text column holds %T", v)
	}
	return nil
}

// readBlock is the number of attempts read gathers in one block.
const readBlock = 256
