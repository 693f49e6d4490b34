// Package destructive holds the strata lint checks of family D: changes
// that delete data or break the code still running against the schema.
package destructive
