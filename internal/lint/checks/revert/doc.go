// Package revert holds the strata lint checks of family R: down sections
// that are missing or do not undo their up section.
package revert
