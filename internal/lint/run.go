package lint

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/lint/checks/naming"
	"github.com/strata-db/strata/internal/lint/facts"
	"github.com/strata-db/strata/internal/lint/model"
	"github.com/strata-db/strata/internal/lint/pgtree"
	"github.com/strata-db/strata/internal/lint/report"
	"github.com/strata-db/strata/internal/lint/tokstmt"
	"github.com/strata-db/strata/internal/source"
	"github.com/strata-db/strata/internal/sqlsplit"
)

// Options says what to lint and how.
type Options struct {
	// Context bounds the git commands of Since; nil means
	// context.Background().
	Context context.Context
	// Dialect selects the SQL dialect; required.
	Dialect sqlsplit.Syntax
	// Dir is the migrations directory. Without FS it is a path on disk;
	// with FS it is the directory inside FS ("." for its root). Findings
	// name files as Dir joined with the file name.
	Dir string
	// FS, when set, is read instead of the disk (embed.FS, tests).
	FS fs.FS
	// Config is the lint section of strata.toml; the zero value means
	// every default.
	Config Config
	// Since is a git revision. When set, only migrations added or changed
	// since it (committed, staged, unstaged or untracked) are checked;
	// the others still feed the schema model as context. Needs Dir on
	// disk inside a git work tree.
	Since string
	// Applied maps the versions applied to a database (digits without
	// leading zeros, as in source.Version.String) to the checksum of the
	// up section recorded when they were applied. A migration whose file
	// no longer has that checksum is an error (N106), and a pending
	// migration older than the newest applied one is out of order (N104).
	// Nil when no database is at hand.
	Applied map[string]string
	// SQLMode is MySQL's sql_mode of the sessions that run the migrations,
	// where it is known (the database URL's sql_mode parameter): it decides
	// whether a backslash escapes in strings. SET sql_mode statements in a
	// section change it for the statements after them.
	SQLMode string
	// AllowOutOfOrder is the project's allow_out_of_order: strata up
	// applies a pending migration older than the newest applied one, so
	// N104 does not report it (a migration older than a released one
	// still is).
	AllowOutOfOrder bool
}

// runState is the state of one Run shared by the passes.
type runState struct {
	analysis.Input
	opts    Options
	cfg     Config
	dialect sqlsplit.Syntax
	byFile  map[string][]*facts.Section
	// changed holds, with Options.Since, the display paths of files
	// changed since the revision; nil without Since.
	changed map[string]bool

	diags []analysis.Diagnostic
}

// Run lints the migrations directory described by opts.
//
// Problems of the directory itself (a bad file name, a duplicated
// version, a file that does not split into statements) are findings, not
// errors: the rest of the directory is still checked. Run returns an
// error only when it cannot do its job: an invalid configuration, a
// missing directory, or a --since revision git does not know.
func Run(opts Options) (*report.Report, error) {
	if opts.Dialect < sqlsplit.Postgres || opts.Dialect > sqlsplit.SQLite {
		return nil, errors.New("lint: no SQL dialect given: set --dialect, or a --database URL the dialect can be told from")
	}
	if err := opts.Config.Validate(); err != nil {
		return nil, err
	}
	if opts.Dialect == sqlsplit.Postgres {
		pgtree.WarmParser()
	}
	rs := &runState{opts: opts, cfg: opts.Config.withDefaults(), dialect: opts.Dialect, byFile: map[string][]*facts.Section{}}
	rs.Applied, rs.AllowOutOfOrder, rs.Since = opts.Applied, opts.AllowOutOfOrder, opts.Since
	rs.MaxStatements, rs.MaxBytes = rs.cfg.MaxStatements, rs.cfg.MaxBytes
	rs.Sink = rs.report

	fsys, dir, display := opts.FS, opts.Dir, ""
	if fsys == nil {
		if dir == "" {
			dir = "."
		}
		fsys, display, dir = os.DirFS(dir), filepath.ToSlash(dir), "."
	}
	if dir == "" {
		dir = "."
	}
	migs, err := source.Read(fsys, dir)
	var pe *source.ProblemsError
	if err != nil && !errors.As(err, &pe) {
		return nil, fmt.Errorf("lint: %w", err)
	}
	if pe != nil {
		rs.Problems = pe.Problems
		migs = append(migs, readDuplicates(fsys, dir, pe.Problems)...)
		slices.SortStableFunc(migs, func(a, b *source.Migration) int {
			return cmp.Or(a.Version.Compare(b.Version), strings.Compare(a.Up.File, b.Up.File))
		})
	}
	for i := range rs.Problems {
		rs.Problems[i].File = joinDisplay(display, rs.Problems[i].File)
	}

	for i, m := range migs {
		lm := &facts.Migration{Migration: m, Index: i, Checked: true}
		lm.UpSection = rs.newSection(lm, &m.Up, false, display)
		if m.Down.Present {
			lm.DownSection = rs.newSection(lm, &m.Down, true, display)
		}
		rs.Migrations = append(rs.Migrations, lm)
	}
	if err := rs.parse(); err != nil {
		return nil, err
	}
	rs.resolveIgnores()
	rs.Redefs, rs.Rebuilds = model.Replay(rs.dialect, rs.Migrations)

	if opts.Since != "" {
		if opts.FS != nil {
			return nil, errors.New("lint: --since needs the migrations directory on disk, in a git work tree")
		}
		if err := rs.applySince(opts.Dir); err != nil {
			return nil, err
		}
	}

	rep := &report.Report{Migrations: len(rs.Migrations), Severity: rs.cfg.severity}
	for _, m := range rs.Migrations {
		if m.Checked {
			rep.Checked++
		}
	}
	for _, a := range Analyzers() {
		if !rs.cfg.enabled(a) || !a.AppliesTo(rs.dialect) {
			continue
		}
		rep.Analyzers = append(rep.Analyzers, a)
		a.Run(&analysis.Pass{Analyzer: a, Dialect: rs.dialect, Input: &rs.Input})
	}
	slices.SortStableFunc(rs.diags, func(a, b analysis.Diagnostic) int {
		return cmp.Or(strings.Compare(a.File, b.File), cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Column, b.Pos.Column), strings.Compare(a.Code, b.Code), strings.Compare(a.Message, b.Message))
	})
	rep.Diagnostics = rs.diags
	return rep, nil
}

// joinDisplay names a file for findings: relative to the fs.FS when the
// directory is inside one, under the directory as given when on disk.
func joinDisplay(display, file string) string {
	if display == "" || display == "." {
		return file
	}
	return path.Join(display, file)
}

// newSection splits a section into statements.
func (rs *runState) newSection(m *facts.Migration, src *source.Section, down bool, display string) *facts.Section {
	sec := &facts.Section{Src: src, Mig: m, Down: down, File: joinDisplay(display, src.File)}
	rs.byFile[sec.File] = append(rs.byFile[sec.File], sec)
	parts, err := sqlsplit.SplitWith(rs.dialect, src.SQL, sqlsplit.Position{Offset: src.Offset, Line: src.Line, Column: 1},
		sqlsplit.Options{SQLMode: rs.opts.SQLMode})
	if err != nil {
		var se *sqlsplit.Error
		if errors.As(err, &se) {
			sec.SplitErr = se
		} else {
			sec.SplitErr = &sqlsplit.Error{Pos: sqlsplit.Position{Offset: src.Offset, Line: src.Line, Column: 1}, Msg: err.Error()}
		}
		return sec
	}
	sec.Stmts = make([]*facts.Stmt, len(parts))
	for i, p := range parts {
		sec.Stmts[i] = &facts.Stmt{Statement: p, Sec: sec, Index: i}
	}
	return sec
}

// parse derives the facts of every statement with the dialect's reader.
func (rs *runState) parse() error {
	for _, m := range rs.Migrations {
		for _, sec := range []*facts.Section{m.UpSection, m.DownSection} {
			if sec == nil || len(sec.Stmts) == 0 {
				continue
			}
			if rs.dialect == sqlsplit.Postgres {
				if err := pgtree.Parse(sec); err != nil {
					return err
				}
			} else {
				for _, s := range sec.Stmts {
					tokstmt.Read(rs.dialect, s)
				}
			}
		}
	}
	return nil
}

// readDuplicates reads the migrations source.Read left out because their
// version is duplicated, one file at a time, so that the schema model
// still sees what they do. The duplicate itself is reported by N102.
func readDuplicates(fsys fs.FS, dir string, problems []source.Problem) []*source.Migration {
	var out []*source.Migration
	seen := map[string]bool{}
	for _, p := range problems {
		if !naming.IsDuplicateProblem(p) {
			continue
		}
		// Both the reported file and the one it names were left out.
		files := []string{p.File}
		if other := naming.DuplicateOf(p); other != "" {
			files = append(files, path.Join(path.Dir(p.File), other))
		}
		for _, f := range files {
			if seen[f] {
				continue
			}
			seen[f] = true
			if ms, err := source.Read(onlyFS{fsys, f}, dir); err == nil && len(ms) == 1 {
				out = append(out, ms[0])
			}
		}
	}
	return out
}

// onlyFS shows one file of a directory (and, for a golang-migrate pair,
// its partner), so that source.Read reads it alone.
type onlyFS struct {
	fs.FS
	file string
}

func (o onlyFS) ReadDir(name string) ([]fs.DirEntry, error) {
	ents, err := fs.ReadDir(o.FS, name)
	if err != nil {
		return nil, err
	}
	base := path.Base(o.file)
	stem := strings.TrimSuffix(strings.TrimSuffix(base, ".up.sql"), ".down.sql")
	return slices.DeleteFunc(ents, func(e fs.DirEntry) bool {
		n := e.Name()
		return n != base && n != stem+".up.sql" && n != stem+".down.sql"
	}), nil
}

// report applies the configuration, --since and lint-ignore directives
// to a finding and keeps it when it survives them.
func (rs *runState) report(d analysis.Diagnostic) {
	if sev, ok := rs.cfg.severity[d.Code]; ok {
		d.Severity = sev
	}
	if rs.changed != nil && !rs.changed[d.File] && d.Code != naming.CodeEditedApplied {
		return
	}
	if rs.ignored(d) {
		return
	}
	rs.diags = append(rs.diags, d)
}

// ignored reports whether a lint-ignore directive silences d: one before
// the first statement of d's file, or one directly before (or inside) the
// statement d points into.
func (rs *runState) ignored(d analysis.Diagnostic) bool {
	secs := rs.byFile[d.File]
	for _, sec := range secs {
		if slices.Contains(sec.FileIgnore, d.Code) {
			return true
		}
	}
	for _, sec := range secs {
		for _, s := range sec.Stmts {
			if d.Pos.Offset >= s.Start.Offset && d.Pos.Offset <= s.End {
				return slices.Contains(s.Ignore, d.Code)
			}
		}
	}
	return false
}
