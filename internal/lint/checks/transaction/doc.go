// Package transaction holds the strata lint checks of family T:
// statements that do not fit the transaction strata runs them in.
package transaction
