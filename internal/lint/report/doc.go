// Package report holds the outcome of a strata lint run, a [Report]: the
// findings and the checks that ran, which the root package turns into a
// strata.LintReport for the writers of package lintreport.
package report
