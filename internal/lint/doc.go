// Package lint implements strata lint: static checks of a migrations
// directory for the mistakes that wreck real projects, without a
// database.
//
// This package is the entry point: [Analyzers], the registry of every
// check; [Run], which lints a directory; the [Config] from strata.toml;
// lint-ignore directives; and --since. The work is done by packages with
// one job each, which import one another in this order:
//
//   - internal/lint/facts: migrations, sections, statements and the
//     dialect-neutral facts (ops) read from each statement;
//   - internal/lint/pgtree and internal/lint/tokstmt: the readers that
//     turn PostgreSQL, and MySQL and SQLite, statements into facts;
//   - internal/lint/model: the schema model the up sections are replayed
//     into;
//   - internal/lint/analysis: the framework of the checks (Analyzer, Pass,
//     Diagnostic, Severity), in the shape of golang.org/x/tools/go/analysis;
//   - internal/lint/checks/...: the checks, one package per family of codes
//     and one file per check;
//   - internal/lint/report: the [report.Report] Run returns, written as
//     text, JSON, SARIF 2.1.0 or GitHub workflow annotations.
//
// [Run] reads the directory with internal/source, splits every section
// with internal/sqlsplit, reads every statement, replays the up sections
// in version order into the schema model, runs the analyzers and returns
// the findings.
//
// # Reading statements
//
// PostgreSQL statements are read by PostgreSQL's own parser (libpg_query
// as compiled to WebAssembly by github.com/wasilibs/go-pgquery, run by
// wazero, so CGO_ENABLED=0 builds work), one call per section; its trees
// are read from the JSON it writes into the few node types lint needs
// (internal/lint/pgtree), which keeps protobuf and a second, native copy
// of the parser out of every strata command's start-up. The compiled
// parser is kept in wazero's file cache under the user cache
// directory (strata/wazero), which takes start-up from over a second to
// a few hundred milliseconds from the second run on. MySQL and SQLite have
// no such parser in pure Go: their statements are read by a small
// token-level reader (internal/lint/tokstmt) that knows keywords outside
// quotes and comments and the shapes of the statements that change a
// schema, and nothing more. Everything it does not fully understand is
// left unknown, and every check it drives stays silent on unknowns.
//
// Both readers turn statements into the same dialect-neutral facts
// (internal/lint/facts): tables created with their columns (type, nullability, default) and
// constraints (keys, foreign keys with ON DELETE/ON UPDATE, checks),
// columns added, altered, renamed and dropped, indexes, other objects by
// name, rows written.
//
// # The schema model
//
// The cross-migration checks (duplicated and conflicting definitions, and
// whether a table existed before a migration, which decides the locking
// hazards) need the schema as it evolves. Run builds it by applying each
// up section's facts, in version order, to an in-memory model
// (internal/lint/model): no scratch database. A table the model has never
// seen was made outside the migrations and counts as existing. A table
// changed in a way the readers cannot follow (a DO block naming it, an
// ALTER TABLE action the token reader does not know) becomes opaque to the
// cross-migration checks.
//
// # Suppressing findings
//
// A "-- strata:lint-ignore CODE[,CODE…]" directive silences the codes (or
// names) it lists for the statement after it (or the statement it is
// inside), or, before the first statement of a file, for the whole file.
// The lint section of strata.toml (see [Config]) disables checks, changes
// severities and sets the size limits.
//
// # Only what is new
//
// With [Options].Since, only migrations added or changed since a git
// revision are checked (committed, staged, unstaged or untracked); the
// others still feed the model. With [Options].Applied, the checksums a
// database recorded, an applied migration edited since is an error (N106),
// and a pending one older than the newest applied is out of order (N104).
//
// # Checks
//
// Every check, by code. The codes are stable: a check may be retired but
// its code is never reused. The prefix groups them: N naming and
// ordering, L lint directives, I idempotency, R rollback, T
// transactions, M mixing, S duplicated or conflicting schema, D
// destructive changes, PG PostgreSQL locking hazards, MY MySQL, Z size.
// (This list is generated from the analyzers by TestDocs; so is
// testdata/codes.md.)
//
//   - N100 invalid-file (error): A migration file strata cannot read: not UTF-8, an unknown -- strata: directive, an unterminated string or comment, a down file without its up file.
//     Fix: Correct the file as the message says; strata refuses to run a directory with an invalid file.
//   - N101 file-name (error): A .sql file whose name is not <version>_<name>.sql (or a golang-migrate .up.sql/.down.sql pair): strata refuses the directory.
//     Fix: Rename the file to <version>_<name>.sql with a lower-case name of words joined by "_", e.g. 004_add_users.sql.
//   - N102 duplicate-version (error): Two migrations with the same version (leading zeros do not count): strata refuses the directory, and two branches that both added a migration usually cause it.
//     Fix: Give the newer migration the next free version, e.g. by recreating it with strata new.
//   - N103 version-gap (warning): Sequentially numbered migrations with a number missing (timestamp versions are not checked): usually a migration lost in a merge or renumbered on one branch only.
//     Fix: Number the migration right after the previous one (strata new does), or restore the missing one.
//   - N104 out-of-order (error): A migration older than one already released (present at the --since revision) or applied to the database: strata up refuses it without --allow-out-of-order, and databases that ran the newer one first end up different. With allow_out_of_order = true in strata.toml, one older than an applied one only is not reported: up applies it.
//     Fix: Give the migration a version above every released one, e.g. by recreating it with strata new.
//   - N105 version-format (warning): A version written with a different number of digits from the rest of the directory (001 beside 0010, a 14-digit timestamp among 20-digit ones): file listings then sort differently from the migration order, and timestamps lose their meaning.
//     Fix: Rename the file so its version has as many digits as the others (zero-padded, or a full timestamp).
//   - N106 edited-applied (error): A migration edited after it was applied: the up section's checksum differs from the one the database recorded, so databases migrated before and after the edit differ.
//     Fix: Revert the edit and make the change in a new migration; if the edit changes nothing the database runs, record it with strata repair.
//   - L101 unknown-lint-code (warning): A -- strata:lint-ignore directive names a check that does not exist, so it silences nothing (often a typo).
//     Fix: Use a code or name from the list of checks, e.g. -- strata:lint-ignore PG101.
//   - I101 create-without-if-not-exists (warning): CREATE without IF NOT EXISTS in a directory whose other CREATE statements use it: the mix means some migrations can be re-run after a partial failure and some cannot.
//     Fix: Write CREATE … IF NOT EXISTS here too, as the rest of the directory does.
//   - I102 drop-without-if-exists (warning): DROP without IF EXISTS in a directory whose other DROP statements use it: the mix means some migrations (and rollbacks) can be re-run after a partial failure and some cannot.
//     Fix: Write DROP … IF EXISTS here too, as the rest of the directory does.
//   - R101 missing-down (warning): A migration whose up section changes something but which has no down section, or an empty one: strata down cannot roll it back.
//     Fix: Add a -- strata:down section that undoes the up section (or, for a migration that cannot be undone, say so with -- strata:lint-ignore R101).
//   - R102 incomplete-down (warning): The down section does not drop something the up section creates (a table, column, index, constraint, view, type, function …; extensions are not required), so a rollback leaves it behind and running the migration again fails.
//     Fix: Drop the object in the down section, under the name the database gave it.
//   - T101 needs-no-transaction (error): A statement that cannot run inside a transaction block (CREATE INDEX CONCURRENTLY, VACUUM, …) in a section that strata runs in a transaction: the migration fails every time.
//     Fix: Put the statement in its own migration whose section starts with -- strata:no-transaction.
//   - T102 multi-statement-no-transaction (warning): Several statements in a -- strata:no-transaction section: when one fails, the ones before it stay applied and the migration is left half done.
//     Fix: Give each statement that must run outside a transaction its own migration, and keep the rest in transactional ones.
//   - T103 transaction-control (error): BEGIN, COMMIT, ROLLBACK, XA or SET autocommit in a migration, in any section: strata begins, commits and records the transactions of a migration itself, so a COMMIT of the migration's own commits part of it behind strata's back and a ROLLBACK undoes part of what strata records as done. Savepoints are fine inside a section strata runs in a transaction, and meaningless where it runs statements one by one (MySQL, -- strata:no-transaction). strata up, down and redo refuse such a migration before running anything.
//     Fix: Remove the transaction statements: strata runs each section in one transaction where the database allows it; on MySQL and in -- strata:no-transaction sections it records after each statement how far it got and resumes there.
//   - T104 mysql-implicit-commit (info, MySQL only): Several schema statements in one MySQL migration: MySQL commits each DDL statement on its own, so when a later one fails the earlier ones stay applied and the migration cannot simply be run again.
//     Fix: Keep one schema change per MySQL migration, or make each statement safe to re-run.
//   - T105 session-breaking (error): A statement that undoes what strata's session relies on between statements: MySQL's LOCK TABLES and UNLOCK TABLES (mysqldump output), FLUSH TABLES … WITH READ LOCK or FOR EXPORT, RELEASE_ALL_LOCKS(), RELEASE_LOCK of a 'strata_…' or computed name, SET completion_type to CHAIN or RELEASE and MariaDB's BACKUP LOCK/STAGE/UNLOCK, PostgreSQL's DISCARD ALL, pg_advisory_unlock_all(), DROP OWNED and SET standard_conforming_strings = off. A session holding table or backup locks may write no other table or blocks others for the whole run, so strata could not record its progress; the lock releases let other runners in; completion_type changes strata's own COMMIT; DROP OWNED drops strata's tables with the role's other objects; and after standard_conforming_strings = off the server reads a backslash in '…' otherwise than strata, which splits the file. strata up, down and redo refuse such a migration before running anything.
//     Fix: Delete the statement: strata's own lock already keeps other runners out (for dumps, mysqldump --skip-add-locks leaves the table locks out); release only your own locks, one by one, by a literal name; drop objects by name instead of DROP OWNED; reset settings with RESET instead of DISCARD ALL; write strings that need backslash escapes as E'…'.
//   - M101 ddl-dml-mix (warning): A migration that both changes the schema and changes rows of existing tables: the data change holds the schema change's locks for as long as it runs, cannot be re-run or rolled back separately, and on MySQL is not even atomic with it.
//     Fix: Move the data change (UPDATE/INSERT/DELETE on existing tables, backfills) into a migration of its own.
//   - S101 duplicate-definition (warning): A migration creates again a table, column, index or constraint an earlier migration already created (typically a "complete schema" migration): with IF NOT EXISTS it silently does nothing, even where its definition has more; without, it fails on every database that ran the earlier one.
//     Fix: Remove the repeated definition; change the existing object with ALTER statements instead.
//   - S102 conflicting-definition (error): The same column, constraint or index defined by two migrations differently (type, nullability, default, ON DELETE/ON UPDATE, columns): which definition a database has depends on its history, so environments drift apart.
//     Fix: Decide on one definition and reach it with an explicit ALTER in a new migration; remove the conflicting re-definition.
//   - D101 drop-table (warning): DROP TABLE of a table that existed before the migration: its data is gone, and application code still running against it (during a rolling deploy, or an older version after a rollback) breaks.
//     Fix: First deploy code that no longer uses the table; drop it in a later release, after a backup (or rename it away and drop it later).
//   - D102 drop-column (warning): DROP COLUMN on an existing table (or a table rebuild that leaves a column out): the data is gone, and running code that still reads or writes the column fails.
//     Fix: First deploy code that no longer uses the column; drop it in a later release.
//   - D103 drop-schema (error): DROP SCHEMA or DROP DATABASE of one that existed before the migration: everything in it is gone at once.
//     Fix: Drop the objects you mean to drop one by one, after a backup; never drop a schema or database from a migration.
//   - D104 truncate (warning): TRUNCATE of an existing table in a migration: every row is gone, on every environment the migration reaches, including production.
//     Fix: Delete the rows you mean to delete with a WHERE clause, or do the cleanup outside the migrations.
//   - D105 rename-table (warning): Renaming an existing table: code still running against the old name (during a rolling deploy, or an older version after a rollback) fails.
//     Fix: Create the new table (or a view under the new name), move the code over, and drop the old name in a later release.
//   - D106 rename-column (warning): Renaming a column of an existing table: code still running against the old name (during a rolling deploy, or an older version after a rollback) fails.
//     Fix: Add the new column, write both, backfill, move reads over, and drop the old column in a later release.
//   - PG100 syntax-error (error, PostgreSQL only): A statement PostgreSQL's parser rejects: the migration (or its rollback) fails when it reaches it.
//     Fix: Correct the statement; a missing semicolon between two statements is the usual cause.
//   - PG101 index-not-concurrently (warning, PostgreSQL only): CREATE INDEX without CONCURRENTLY on a table that existed before the migration: writes to the table block until the index is built, minutes on a large table.
//     Fix: Use CREATE INDEX CONCURRENTLY, alone in a migration with -- strata:no-transaction.
//   - PG102 drop-index-not-concurrently (warning, PostgreSQL only): DROP INDEX without CONCURRENTLY on an index of an existing table: it takes an ACCESS EXCLUSIVE lock on the table, queueing every read and write behind any long query.
//     Fix: Use DROP INDEX CONCURRENTLY, alone in a migration with -- strata:no-transaction.
//   - PG103 foreign-key-not-valid (warning, PostgreSQL only): Adding a foreign key to an existing table without NOT VALID: PostgreSQL checks every row while blocking writes to both tables.
//     Fix: ADD CONSTRAINT … FOREIGN KEY … NOT VALID, then VALIDATE CONSTRAINT in a later migration (it takes a lock that lets writes continue).
//   - PG104 check-not-valid (warning, PostgreSQL only): Adding a CHECK constraint to an existing table without NOT VALID: PostgreSQL checks every row under an ACCESS EXCLUSIVE lock.
//     Fix: ADD CONSTRAINT … CHECK (…) NOT VALID, then VALIDATE CONSTRAINT in a later migration.
//   - PG105 set-not-null (warning, PostgreSQL only): ALTER COLUMN … SET NOT NULL on an existing table: PostgreSQL scans every row under an ACCESS EXCLUSIVE lock to prove there is no NULL.
//     Fix: ADD CONSTRAINT … CHECK (col IS NOT NULL) NOT VALID, VALIDATE it in a later migration, then SET NOT NULL (PostgreSQL 12+ uses the constraint and skips the scan) and drop the check.
//   - PG106 column-type-change (warning, PostgreSQL only): ALTER COLUMN … TYPE on an existing table: most type changes rewrite the table and its indexes under an ACCESS EXCLUSIVE lock, and break code that expects the old type; widening a varchar, varchar to text, widening a numeric, and timestamp to timestamptz after SET timezone = 'UTC' are recognised as safe.
//     Fix: Add a column of the new type, write both, backfill in batches, switch reads, and drop the old column in a later release.
//   - PG107 rewriting-column (warning, PostgreSQL only): Adding to an existing table a column whose value must be computed per row (a volatile default such as gen_random_uuid() or clock_timestamp(), serial, identity, a stored generated column): PostgreSQL rewrites the whole table under an ACCESS EXCLUSIVE lock. Constant and stable defaults such as now() do not (PostgreSQL 11+).
//     Fix: Add the column without the default, then SET DEFAULT (for new rows) and backfill the existing rows in batches.
//   - PG108 not-null-without-default (error, PostgreSQL only): Adding a NOT NULL column without a default to an existing table: it fails on any table that has rows, so it passes in development and breaks in production.
//     Fix: Add the column nullable (or with a default), backfill it, then make it NOT NULL.
//   - PG109 missing-lock-timeout (warning, off unless enabled, PostgreSQL only): A migration that takes a strong lock on an existing table without SET lock_timeout first: while it waits behind a long query, every other query on the table queues behind it, and the application stalls. Off unless require_lock_timeout = true.
//     Fix: Start the section with SET lock_timeout = '5s' (and retry the migration when it times out).
//   - PG110 constraint-builds-index (warning, PostgreSQL only): Adding a PRIMARY KEY, UNIQUE or EXCLUDE constraint to an existing table: PostgreSQL builds its index while holding an ACCESS EXCLUSIVE lock, blocking all reads and writes.
//     Fix: CREATE UNIQUE INDEX CONCURRENTLY first (in a no-transaction migration), then ADD CONSTRAINT … PRIMARY KEY/UNIQUE USING INDEX.
//   - MY101 mysql-table-copy (warning, MySQL only): An ALTER TABLE on an existing MySQL table that MySQL runs with ALGORITHM=COPY (a column type change, a VARCHAR widened past 255 bytes in its character set, a CHAR or DECIMAL length or a character set changed, CONVERT TO CHARACTER SET, dropping the primary key, a foreign key with foreign_key_checks on) or with a LOCK that blocks writes: the table is copied row by row while writes wait.
//     Fix: Write ALGORITHM=INPLACE, LOCK=NONE (MySQL then refuses instead of copying), or run the change with an online schema change tool such as gh-ost or pt-online-schema-change.
//   - Z101 too-large (warning): A migration whose up section has more statements or bytes than the configured limits (max_statements, max_bytes): it is hard to review, holds its locks for longer, and is all-or-nothing.
//     Fix: Split it into smaller migrations, each doing one thing.
package lint
