// Package report holds the outcome of a strata lint run, a [Report], and
// writes it as text, JSON, SARIF 2.1.0 or GitHub workflow annotations.
package report
