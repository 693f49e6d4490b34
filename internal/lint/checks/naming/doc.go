// Package naming holds the strata lint checks of family N: file names,
// versions and their order (strata refuses a directory they flag at
// error severity).
package naming
