// Package size holds the strata lint checks of family Z: migrations too
// large to review.
package size
