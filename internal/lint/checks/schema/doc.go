// Package schema holds the strata lint checks of family S: definitions
// written again, identically or differently, over earlier migrations.
package schema
