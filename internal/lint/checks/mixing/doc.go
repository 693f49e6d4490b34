// Package mixing holds the strata lint checks of family M: migrations
// that mix schema changes with data changes.
package mixing
