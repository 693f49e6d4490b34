// Package idempotence holds the strata lint checks of family I: CREATE
// and DROP statements whose IF [NOT] EXISTS guards are used
// inconsistently.
package idempotence
