package mysql

import (
	"context"
	"database/sql"
	"errors"
	"regexp"
	"strconv"

	"github.com/strata-db/strata/internal/dialect"
)

// The format of the tracking tables is marked in the history table's
// comment, which strata has always written: a comment is no new object
// (nothing for migrations, drift or a dump to learn about), it travels
// with the table through mariadb-dump and mysqldump, and changing it only
// changes the table's metadata. The previous release's comment has no
// mark: format 1.

// historyComment is the comment of the history table; the mark follows it.
const historyComment = "strata: one row per migration attempt; never updated or deleted"

// formatMark reads the mark out of the comment.
var formatMark = regexp.MustCompile(`; tracking format (\d+)$`)

// ReadFormat implements dialect.Formats.
func (Engine) ReadFormat(ctx context.Context, q dialect.Querier, t dialect.Tables) (int, error) {
	db, table := dialect.SplitQualified(t.History)
	var schema any
	if db != "" {
		schema = db
	}
	var comment string
	err := q.QueryRowContext(ctx, `SELECT table_comment FROM information_schema.tables
		WHERE table_schema = COALESCE(?, DATABASE()) AND table_name = ?`, schema, table).Scan(&comment)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	if m := formatMark.FindStringSubmatch(comment); m != nil {
		if n, err := strconv.Atoi(m[1]); err == nil && n > 0 {
			return n, nil
		}
	}
	return dialect.FirstFormat, nil
}

// MarkFormat implements dialect.Formats.
func (d Engine) MarkFormat(t dialect.Tables, n int) []string {
	return []string{`ALTER TABLE ` + d.QuoteTable(t.History) + ` COMMENT = '` + markedComment(n) + `'`}
}

// markedComment is the history table's comment with the mark of format n.
func markedComment(n int) string { return historyComment + "; tracking format " + strconv.Itoa(n) }

// WidenProgress implements dialect.WideProgress: MEDIUMTEXT, as in
// CreateTables, holds 16 MB, the checksums of about 980,000 statements.
func (d Engine) WidenProgress(t dialect.Tables) []string {
	return []string{`ALTER TABLE ` + d.QuoteTable(t.Locks) + ` MODIFY statement_checksums ` + progressType}
}
