package strata

import (
	"context"
	"errors"
	"fmt"
	"io/fs"

	"github.com/strata-db/strata/internal/lint"
	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/lint/report"
)

// LintOptions says which migrations directory Lint checks and how.
type LintOptions struct {
	// Dialect is the SQL dialect of the files; required.
	Dialect Dialect
	// Dir is the migrations directory. Without FS it is a path on disk;
	// with FS it is the directory inside FS ("." for its root). Findings
	// name files as Dir joined with the file name.
	Dir string
	// FS, when set, is read instead of the disk (an embed.FS, say).
	FS fs.FS
	// Config is the [lint] table of strata.toml; the zero value means
	// every default.
	Config LintConfig
	// Since is a git revision: when set, only the migrations added or
	// changed since it are checked, the others serving as context. It
	// needs Dir on disk inside a git work tree.
	Since string
	// Applied maps each version applied to the database (digits without
	// leading zeros, as MigrationStatus.Version) to the checksum of its up
	// section when it was applied, so that an edited applied migration is
	// an error and a pending one older than the newest applied is out of
	// order. Nil when no database is at hand.
	Applied map[string]string
	// SQLMode is MySQL's sql_mode of the sessions that run the migrations,
	// where it is known: it decides whether a backslash escapes in strings.
	SQLMode string
	// AllowOutOfOrder is the project's allow_out_of_order: a pending
	// migration older than the newest applied one is then no finding.
	AllowOutOfOrder bool
}

// LintConfig is the [lint] table of strata.toml. Checks are named by
// code ("PG101") or by name ("index-not-concurrently"), in any case.
type LintConfig struct {
	// Disable lists checks not to run.
	Disable []string
	// Severity changes the severity of checks: "error", "warning",
	// "info", or "off" (the same as Disable).
	Severity map[string]string
	// MaxStatements is the most statements an up section may hold before
	// Z101 reports it; 0 means 50.
	MaxStatements int
	// MaxBytes is the largest up section, in bytes, before Z101 reports
	// it; 0 means 65536.
	MaxBytes int
	// RequireLockTimeout turns on PG109: migrations that take strong
	// locks on existing tables must SET lock_timeout first.
	RequireLockTimeout bool
}

// LintConfigError is one problem of a [lint] table. Key is the key it is
// about below [lint] ("disable", or "severity", "PG101"), so that the
// caller, which has the file, can say on which line it is. It comes with
// ErrUsage.
type LintConfigError struct {
	Key []string
	Msg string
}

// Error returns Msg.
func (e *LintConfigError) Error() string { return e.Msg }

// Unwrap returns ErrUsage: a bad configuration is the caller's to fix.
func (e *LintConfigError) Unwrap() error { return ErrUsage }

// ParseLintConfig reads the [lint] table of strata.toml as decoded from
// TOML (keys to values) and validates it. Unknown keys, values of the
// wrong type, unknown checks and unknown severities are LintConfigErrors,
// all of them joined, each saying what is allowed.
func ParseLintConfig(table map[string]any) (LintConfig, error) {
	c, err := lint.ParseConfig(table)
	if err != nil {
		return LintConfig{}, publicConfigErrors(err)
	}
	return LintConfig{Disable: c.Disable, Severity: c.Severity, MaxStatements: c.MaxStatements,
		MaxBytes: c.MaxBytes, RequireLockTimeout: c.RequireLockTimeout}, nil
}

// publicConfigErrors turns the lint package's configuration errors,
// joined or not, into LintConfigErrors with the same texts.
func publicConfigErrors(err error) error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var errs []error
		for _, e := range j.Unwrap() {
			errs = append(errs, publicConfigErrors(e))
		}
		return errors.Join(errs...)
	}
	var ce *lint.ConfigError
	if errors.As(err, &ce) {
		return &LintConfigError{Key: ce.Key, Msg: ce.Msg}
	}
	return err
}

// LintSeverity is how serious a lint finding is.
type LintSeverity string

// The severities. A finding of LintError makes strata lint exit with 3.
const (
	LintInfo    LintSeverity = "info"
	LintWarning LintSeverity = "warning"
	LintError   LintSeverity = "error"
)

// LintReport is what Lint found in a migrations directory.
type LintReport struct {
	// Findings are sorted by file, line, column and code.
	Findings []LintFinding
	// Migrations is the number of migrations read; Checked is how many
	// of them were checked (fewer with LintOptions.Since).
	Migrations, Checked int
	// Checks are the checks that ran, in code order.
	Checks []LintCheck
}

// HasErrors reports whether a finding of severity LintError remains.
func (r *LintReport) HasErrors() bool { return r.Count(LintError) > 0 }

// Count returns the number of findings of severity s.
func (r *LintReport) Count(s LintSeverity) int {
	n := 0
	for _, f := range r.Findings {
		if f.Severity == s {
			n++
		}
	}
	return n
}

// LintFinding is one finding: what is wrong, where, and what to do
// instead.
type LintFinding struct {
	Code     string // stable code, e.g. "PG101"; never reused
	Name     string // stable kebab-case name of the check, e.g. "index-not-concurrently"
	Severity LintSeverity
	// File is the path as LintOptions.Dir names it, slash-separated; Line
	// and Column are 1-based.
	File         string
	Line, Column int
	Message      string        // one line: what is wrong here
	Fix          string        // the safe alternative; may be empty
	Related      []LintRelated // earlier definitions and the like; may be empty
}

// String formats the finding as "file:line:col: CODE message", the form
// editors and CI logs recognise.
func (f LintFinding) String() string {
	return fmt.Sprintf("%s:%d:%d: %s %s", f.File, f.Line, f.Column, f.Code, f.Message)
}

// LintRelated is another place a finding refers to, typically the
// earlier definition of an object that a migration re-creates or
// contradicts.
type LintRelated struct {
	File         string
	Line, Column int
	Message      string // what the place is, e.g. "first created here"
	Text         string // the definition there, canonical; may be empty
}

// LintCheck describes one check that ran.
type LintCheck struct {
	Code, Name string
	Doc        string       // one line: what the check finds and why it matters
	Fix        string       // one line: the safe alternative
	Severity   LintSeverity // in this run: its default, or the configuration's
}

// Lint checks the migrations directory opts describes, without a
// database, for the mistakes that wreck migration histories (the checks
// of strata lint). Problems of the directory itself (a bad file name, a
// duplicated version) are findings, not errors: Lint returns an error
// only when it cannot do its job (an invalid configuration, a missing
// directory, a Since revision git does not know). ctx bounds the git
// commands of Since.
func Lint(ctx context.Context, opts LintOptions) (*LintReport, error) {
	d, err := opts.Dialect.impl()
	if err != nil {
		return nil, err
	}
	c := opts.Config
	rep, err := lint.Run(lint.Options{Context: ctx, Dialect: d.Splitter(), Dir: opts.Dir, FS: opts.FS,
		Config: lint.Config{Disable: c.Disable, Severity: c.Severity, MaxStatements: c.MaxStatements,
			MaxBytes: c.MaxBytes, RequireLockTimeout: c.RequireLockTimeout},
		Since: opts.Since, Applied: opts.Applied, SQLMode: opts.SQLMode, AllowOutOfOrder: opts.AllowOutOfOrder})
	if err != nil {
		return nil, publicConfigErrors(err)
	}
	return publicReport(rep), nil
}

// publicReport copies the lint package's report into the public types.
func publicReport(rep *report.Report) *LintReport {
	out := &LintReport{Migrations: rep.Migrations, Checked: rep.Checked, Findings: []LintFinding{}}
	names := map[string]string{}
	for _, a := range rep.Analyzers {
		sev := a.Severity
		if s, ok := rep.Severity[a.Code]; ok {
			sev = s
		}
		names[a.Code] = a.Name
		out.Checks = append(out.Checks, LintCheck{Code: a.Code, Name: a.Name, Doc: a.Doc, Fix: a.Fix, Severity: lintSeverity(sev)})
	}
	for _, d := range rep.Diagnostics {
		f := LintFinding{Code: d.Code, Name: names[d.Code], Severity: lintSeverity(d.Severity), File: d.File,
			Line: d.Pos.Line, Column: d.Pos.Column, Message: d.Message, Fix: d.Fix}
		for _, r := range d.Related {
			f.Related = append(f.Related, LintRelated{File: r.File, Line: r.Pos.Line, Column: r.Pos.Column, Message: r.Message, Text: r.Text})
		}
		out.Findings = append(out.Findings, f)
	}
	return out
}

func lintSeverity(s analysis.Severity) LintSeverity { return LintSeverity(s.String()) }
