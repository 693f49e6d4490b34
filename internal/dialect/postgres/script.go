package postgres

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/strata-db/strata/internal/dialect"
)

var _ dialect.ScriptRunner = Engine{}

// scriptSeparator ends every part but the last. Parts never end in a
// comment (the splitter cuts comments off), so the ";" cannot be swallowed
// by one.
const scriptSeparator = ";\n"

// ElapsedMillisSQL implements dialect.ScriptRunner: now() is the start of
// the transaction, clock_timestamp() the moment the row is written.
func (Engine) ElapsedMillisSQL() string {
	return "CAST(EXTRACT(EPOCH FROM clock_timestamp() - now()) * 1000 AS bigint)"
}

// MarkSQL implements dialect.ScriptRunner with application_name, which
// pg_stat_activity shows to every session at once. SET LOCAL undoes it
// when the transaction ends, so the session's own name comes back.
func (d Engine) MarkSQL(label string) string {
	return "SET LOCAL application_name = " + d.Literal(label)
}

// ReadMark implements dialect.ScriptRunner.
func (Engine) ReadMark(ctx context.Context, q dialect.Querier, id string) (string, error) {
	var name sql.NullString
	err := q.QueryRowContext(ctx, `SELECT application_name FROM pg_stat_activity WHERE pid = $1::int`, id).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return name.String, err
}

// ExecScript implements dialect.ScriptRunner with one simple-query message.
// The server answers each statement of such a message with its own
// CommandComplete as it finishes, so counting them tells how far the script
// got once it ends; while it runs, the server keeps those answers until
// the end or an error (see MarkSQL for telling the running statement). A
// syntax error is the exception: the server parses the whole message
// before running any of it, but then its error carries a position, which
// names the part just as well.
//
// It needs the pgx driver (github.com/jackc/pgx/v5/stdlib); with another
// driver it returns dialect.ErrScriptUnsupported without sending anything.
func (Engine) ExecScript(ctx context.Context, conn *sql.Conn, parts []string, progress func(done int)) (failed, shift int, err error) {
	// starts[i] is where part i begins, in characters, as the server
	// counts positions.
	starts := make([]int, len(parts))
	size := 0
	for _, p := range parts {
		size += len(p) + len(scriptSeparator)
	}
	var b strings.Builder
	b.Grow(size)
	chars := 0
	for i, p := range parts {
		if i > 0 {
			b.WriteString(scriptSeparator)
			chars += len(scriptSeparator)
		}
		starts[i] = chars
		b.WriteString(p)
		chars += utf8.RuneCountInString(p)
	}

	done := 0
	supported := false
	err = conn.Raw(func(dc any) error {
		c, ok := dc.(interface{ Conn() *pgx.Conn })
		if !ok {
			return nil
		}
		supported = true
		mrr := c.Conn().PgConn().Exec(ctx, b.String())
		var rerr error
		for mrr.NextResult() {
			// Close reads and drops any rows a statement returned.
			if _, rerr = mrr.ResultReader().Close(); rerr != nil {
				break
			}
			done++
			if progress != nil {
				progress(done)
			}
		}
		cerr := mrr.Close()
		if rerr != nil {
			return rerr
		}
		return cerr
	})
	if !supported {
		return 0, 0, dialect.ErrScriptUnsupported
	}
	if err == nil {
		return 0, 0, nil
	}
	failed = min(done, len(parts)-1)
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Position > 0 {
		// The last part that starts before the blamed character.
		pos := int(pe.Position) - 1
		failed = 0
		for i, s := range starts {
			if s <= pos {
				failed = i
			}
		}
	}
	return failed, starts[failed], err
}
