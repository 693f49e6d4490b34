package dialect

import "context"

// FirstFormat is the format of tracking tables that carry no format mark:
// those of the releases before marks, read as format 1.
const FirstFormat = 1

// Formats is what a dialect knows of the format mark of its tracking
// tables: a number that says which columns, values and functions they
// have, so that a strata meeting an older format can upgrade it and one
// meeting a newer format can refuse it. The mark lives with the history
// table, the one table every set of tracking tables has for good (the lock
// table is rebuilt at will, and UNLOGGED on PostgreSQL).
type Formats interface {
	// ReadFormat returns the format marked on the tracking tables t, whose
	// history table exists; FirstFormat when they carry no mark.
	ReadFormat(ctx context.Context, q Querier, t Tables) (int, error)
	// MarkFormat returns the statements that mark the tracking tables t,
	// which exist, as of format n. Run twice, they leave one mark.
	MarkFormat(t Tables, n int) []string
}

// Functions is implemented by dialects that keep SQL functions beside the
// tracking tables (PostgreSQL).
type Functions interface {
	// ReplaceFunctions returns statements that define the functions of
	// the tracking tables t as this strata writes them, where they are
	// missing or belong to t (and not to another set of tracking tables
	// in the same schema, which CreateTables left them to), keeping their
	// owner and grants.
	ReplaceFunctions(t Tables) []string
}

// WideProgress is implemented by dialects whose lock table's
// statement_checksums column was too narrow before format 3: MySQL's
// TEXT holds 64 KB, the checksums of about 3,850 statements, so a longer
// migration could never record its progress.
type WideProgress interface {
	// WidenProgress returns statements that widen the column in the
	// lock table of t, which exists. Run twice, they change nothing more.
	WidenProgress(t Tables) []string
}
