// Package directive holds the strata lint checks of family L: lint-
// ignore directives that name no check.
package directive
