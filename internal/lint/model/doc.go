// Package model replays the up sections of a migrations directory, in
// version order, into an in-memory schema model: tables with their
// columns and constraints, indexes, and the other objects by name. No
// database is needed: each statement's facts (internal/lint/facts) are
// applied to the model.
//
// The replay fills in what each op found (whether its table existed
// before the migration, whether it changed anything) and returns the
// definitions written twice ([Redef]) and the table rebuilds ([Rebuild])
// that the cross-migration checks report on. The model knows only what
// the migrations say: a table it has never seen was made outside them and
// counts as existing, and a table changed in a way the readers cannot
// follow becomes opaque to the cross-migration checks.
package model
