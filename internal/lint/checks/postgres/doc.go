// Package postgres holds the strata lint checks of family PG: PostgreSQL
// locking hazards and parse errors.
package postgres
