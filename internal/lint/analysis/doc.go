// Package analysis is the framework of strata lint's checks, in the shape
// of golang.org/x/tools/go/analysis: an [Analyzer] is one check with a
// stable code, a name, a default severity, a one-line explanation and the
// safe alternative; its Run function reads a [Pass] (the directory's
// migrations as internal/lint/facts describes them, with what the schema
// model found) and reports [Diagnostic]s through it.
//
// It holds no checks (those are under internal/lint/checks) and does not
// know how a directory is read or how findings are printed.
package analysis
