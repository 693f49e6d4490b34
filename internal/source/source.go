// Package source reads a directory of migration files from any fs.FS into
// an ordered list of migrations: versions, names, up and down sections,
// directives and checksums.
//
// It implements docs/file-format.md (names, versions, sections,
// directives, checksums) and imports nothing outside the standard library,
// so that embed.FS, os.DirFS and test file systems all work the same way.
package source

import (
	"cmp"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Migration is one versioned migration: a single file with an up section and
// an optional down section, or a golang-migrate style .up.sql/.down.sql pair.
type Migration struct {
	Version Version
	Name    string // lower-case words joined by "_"
	Up      Section
	Down    Section // Down.Present is false when the migration has no down section
}

// Section is the up or the down part of a migration.
type Section struct {
	// Present reports whether the section exists at all. An up section is
	// always present; a down section exists after a "-- strata:down" line
	// or in a .down.sql file, even when it is empty.
	Present bool
	// File is the path of the file holding the section, relative to the
	// fs.FS root (e.g. "migrations/001_core.sql").
	File string
	// SQL is the raw text of the section exactly as it is in the file,
	// without the "-- strata:up"/"-- strata:down" marker lines and without a
	// leading UTF-8 byte order mark. Directive lines stay in it (they are SQL
	// comments).
	SQL string
	// Offset and Line locate the first byte of SQL in File (Line is 1-based).
	Offset int
	Line   int
	// Checksum is "sha256:<hex>" of the section's normal form (see Normalize).
	Checksum string
	// Skipped is set when the section was read with ReadOptions.SkipSQL:
	// SQL is "" until Load reads it again.
	Skipped bool
	// Directives are the "-- strata:" lines of the section, in file order.
	Directives []Directive
	// The directives, interpreted.
	NoTransaction    bool
	TolerateExisting bool
	Timeout          time.Duration // 0 when not set
}

// Directive is one "-- strata:<word> [args]" line.
//
// A line whose first non-blank text (after spaces and tabs) is exactly
// "-- strata:" is a directive wherever it is: between statements, in the
// middle of one, inside a dollar-quoted function body or a block comment
// alike. Directives are found line by line without lexing the SQL, so
// that no quoting can hide one; to the database they are ordinary
// comments. The words are:
//
//	-- strata:up                  optional first line of a single file
//	-- strata:down                starts the down section of a single file
//	-- strata:no-transaction      run the section outside a transaction
//	-- strata:tolerate-existing   "already exists"/"does not exist" errors are warnings
//	-- strata:timeout <duration>  statement timeout, Go syntax: 30s, 5m, 1h30m
//	-- strata:lint-ignore <CODE>[,<CODE>...]  silence lint findings
//
// Any other word is a problem, with a "did you mean" when the word is an
// obvious typo. Near misses such as "--strata:down" or "-- STRATA:down"
// are problems too rather than plain comments: a down marker ignored as a
// comment would run the rollback as part of the up section. Repeating
// no-transaction or tolerate-existing in a section is allowed (it is
// harmless, e.g. after concatenating files); repeating timeout is a
// problem because one value would be silently lost. The up and down
// markers are not listed in Section.Directives.
type Directive struct {
	Name string // the word after "strata:", e.g. "no-transaction"
	Args string // the rest of the line, trimmed
	Line int    // 1-based line in the section's file
}

// Problem is one thing wrong with a migrations directory.
type Problem struct {
	File string // path relative to the fs.FS root
	Line int    // 1-based; 0 when the problem concerns the whole file
	Msg  string // what is wrong and what to do about it
}

// ProblemsError is the error Read returns when anything is wrong with a
// migrations directory. It holds every problem found, sorted by file and
// line, so that one run shows everything there is to fix.
type ProblemsError struct {
	Problems []Problem
}

// Error lists the problems one per line as "file:line: msg" ("file: msg"
// when the problem concerns the whole file).
func (e *ProblemsError) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// String formats the problem as "file:line: msg", or "file: msg" when Line
// is 0, the form editors and CI annotations recognise.
func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return p.File + ": " + p.Msg
}

// Read reads the migrations in directory dir of fsys ("." or "" for the
// root) and returns them sorted by version.
//
// Files named <version>_<name>.sql hold an up section and, after a line
// "-- strata:down", a down section. Pairs <version>_<name>.up.sql and
// <version>_<name>.down.sql are accepted as one migration; an .up.sql
// alone is a migration without a down section. Files not ending in .sql,
// hidden files (starting with ".") and subdirectories are ignored; every
// other .sql file must follow the naming rule.
//
// Files must be UTF-8 text: a NUL byte makes a file "binary", invalid
// UTF-8 is reported at the line of the first bad byte, and a leading byte
// order mark is dropped. An empty file is a valid migration whose up
// section is empty. Lines end at "\n", "\r\n" or a lone "\r", as in
// internal/sqlsplit.
//
// When anything is wrong, Read returns a *ProblemsError listing every
// problem of the directory, together with the migrations that had none
// (files with problems and all files of a duplicated version are left
// out), so that tools such as lint can still look at the rest. Failing to
// list the directory itself is returned as a plain error wrapping the
// fs error (errors.Is(err, fs.ErrNotExist) works).
func Read(fsys fs.FS, dir string) ([]*Migration, error) {
	return ReadWith(fsys, dir, ReadOptions{})
}

// ReadOptions tune how ReadWith reads.
type ReadOptions struct {
	// SkipSQL leaves the SQL of every section out once it is checksummed
	// (Section.SQL is "" and Section.Skipped is set): the files' text is
	// neither copied nor kept (see fileReader.read). For callers that only
	// compare checksums, such as strata's status and an up with nothing
	// to do; Load puts a migration's SQL back when it is needed.
	SkipSQL bool
}

// ReadWith is Read with options.
func ReadWith(fsys fs.FS, dir string, o ReadOptions) ([]*Migration, error) {
	if dir == "" {
		dir = "."
	}
	dir = path.Clean(dir)
	ents, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("reading migrations directory: %w", err)
	}

	var problems []Problem
	files := make([]fileJob, 0, len(ents))
	for _, e := range ents {
		if e.IsDir() {
			continue
		}
		f, ok, msg := parseFileName(e.Name())
		if !ok {
			if msg != "" {
				problems = append(problems, Problem{File: path.Join(dir, e.Name()), Msg: msg})
			}
			continue
		}
		files = append(files, fileJob{path: joinName(dir, e.Name()), name: f})
	}

	// A migration is one single file or one pair; a pair's halves are
	// matched by their identical "<version>_<name>" stem. The migrations
	// are put together before the files are read, so that each file's
	// sections are parsed straight into their place. Migrations and units
	// come from one allocation each: there are at most as many as files.
	slab := make([]Migration, 0, len(files))
	units := make([]unit, 0, len(files))
	migs := make([]*unit, 0, len(files))
	newUnit := func(name fileName) *unit {
		slab = append(slab, Migration{Version: name.version, Name: name.name})
		units = append(units, unit{mig: &slab[len(slab)-1]})
		u := &units[len(units)-1]
		migs = append(migs, u)
		return u
	}
	pairs := make(map[string]*unit)
	for i := range files {
		j := &files[i]
		switch j.name.kind {
		case kindSingle:
			j.unit = newUnit(j.name)
			j.unit.file = j.path
			j.up, j.down = &j.unit.mig.Up, &j.unit.mig.Down
		case kindPairUp, kindPairDown:
			u := pairs[j.name.stem()]
			if u == nil {
				u = newUnit(j.name)
				pairs[j.name.stem()] = u
			}
			j.unit = u
			if j.name.kind == kindPairUp {
				u.file, j.up = j.path, &u.mig.Up
			} else {
				u.downFile, j.up = j.path, &u.mig.Down
			}
		}
	}

	readAll(fsys, files, o.SkipSQL)

	for i := range files {
		j := &files[i]
		problems = append(problems, j.problems...)
		j.unit.bad = j.unit.bad || len(j.problems) > 0
	}
	// A .down.sql without its .up.sql is reported and dropped before the
	// duplicate check, which would only repeat the same news. When an
	// .up.sql of the same version exists, the pair is probably misnamed.
	lonelyUps := make(map[Version]string)
	for _, u := range migs {
		if u.file != "" && u.downFile == "" && strings.HasSuffix(u.file, ".up.sql") {
			// The directory is not sorted: of several, the last by name.
			if cur, ok := lonelyUps[u.mig.Version]; !ok || u.file > cur {
				lonelyUps[u.mig.Version] = u.file
			}
		}
	}
	migs = slices.DeleteFunc(migs, func(u *unit) bool {
		if u.file != "" {
			return false
		}
		want := path.Base(strings.TrimSuffix(u.downFile, ".down.sql") + ".up.sql")
		msg := fmt.Sprintf("down file without its up file %s: add the up file, or delete this one if the migration is gone", want)
		if up, ok := lonelyUps[u.mig.Version]; ok {
			msg = fmt.Sprintf("down file without its up file %s; %s has the same version: rename one so that both share the same <version>_<name>",
				want, path.Base(up))
		}
		problems = append(problems, Problem{File: u.downFile, Msg: msg})
		return true
	})

	// Files of one directory have distinct names, so this is a total
	// order and needs no stable sort.
	slices.SortFunc(migs, func(a, b *unit) int {
		return cmp.Or(a.mig.Version.Compare(b.mig.Version), strings.Compare(a.file, b.file))
	})
	out := make([]*Migration, 0, len(migs))
	for i := 0; i < len(migs); {
		j := i + 1
		for j < len(migs) && migs[j].mig.Version == migs[i].mig.Version {
			j++
		}
		if j-i > 1 {
			for _, u := range migs[i+1 : j] {
				problems = append(problems, Problem{File: u.file, Msg: fmt.Sprintf(
					"duplicate version %s: %s has the same version (leading zeros do not count); give one of them a new version, e.g. rename it with strata new",
					u.mig.Version, path.Base(migs[i].file))})
			}
		} else if !migs[i].bad {
			out = append(out, migs[i].mig)
		}
		i = j
	}

	if len(problems) > 0 {
		slices.SortStableFunc(problems, func(a, b Problem) int {
			return cmp.Or(strings.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
		})
		return out, &ProblemsError{Problems: problems}
	}
	return out, nil
}

// readWorkers overrides the number of goroutines readAll uses when
// positive; benchmarks set it to compare sequential and parallel reading.
var readWorkers int

// unit is a migration being assembled from one file or a pair.
type unit struct {
	mig      *Migration
	file     string // the single file or the pair's .up.sql; sorts duplicates
	downFile string // the pair's .down.sql
	bad      bool   // some file of the migration has problems
}

// fileJob is one migration file to read and parse into the sections up
// and down point to, in its migration. For pair files the file's only
// section goes to up, which points to the migration's Down section for a
// .down.sql file.
type fileJob struct {
	path     string
	name     fileName
	unit     *unit
	up, down *Section
	problems []Problem
}

// run reads and parses the file.
func (j *fileJob) run(r *fileReader, skip bool) {
	data, err := r.read(j.path, skip)
	if err != nil {
		j.problems = append(j.problems, Problem{File: j.path, Msg: fmt.Sprintf("cannot read the file: %v", err)})
		return
	}
	j.parse(data, skip, &r.norm)
}

// parse parses the file's content into the sections and checksums them;
// with skip, data may be a reading buffer and nothing keeps a piece of
// it. norm is checksumWith's buffer.
func (j *fileJob) parse(data string, skip bool, norm *[]byte) {
	p := fileParser{file: j.path, data: data}
	if j.name.kind == kindSingle {
		p.parseSingle(j.up, j.down)
		if j.down.Present {
			j.down.Checksum = checksumWith(j.down.SQL, norm)
		}
	} else {
		*j.up = p.parsePairFile()
	}
	j.up.Checksum = checksumWith(j.up.SQL, norm)
	j.problems = p.problems
	if skip {
		j.up.skip()
		if j.down != nil {
			j.down.skip()
		}
	}
}

// skip drops the SQL of a section read with SkipSQL and copies what else
// pointed into the file's text: the directives' words.
func (s *Section) skip() {
	if !s.Present {
		return
	}
	s.SQL, s.Skipped = "", true
	for i := range s.Directives {
		d := &s.Directives[i]
		d.Name, d.Args = strings.Clone(d.Name), strings.Clone(d.Args)
	}
}

// joinName is path.Join(dir, name) for a clean dir and a migration file
// name, which has no "/" and is neither "." nor "..": nothing to clean.
func joinName(dir, name string) string {
	if dir == "." {
		return name
	}
	return dir + "/" + name
}

// readAll reads and parses the files, concurrently when there are enough
// of them to pay for the goroutines: on a real disk most of the time is
// open/read/close system calls, which overlap well.
func readAll(fsys fs.FS, files []fileJob, skip bool) {
	workers := min(runtime.GOMAXPROCS(0)*2, len(files)/8)
	if readWorkers > 0 {
		workers = readWorkers
	}
	if workers < 2 {
		r := newFileReader(fsys)
		for i := range files {
			files[i].run(r, skip)
		}
		return
	}
	var (
		next atomic.Int64
		wg   sync.WaitGroup
	)
	for range workers {
		wg.Go(func() {
			r := newFileReader(fsys)
			for {
				k := int(next.Add(1) - 1)
				if k >= len(files) {
					return
				}
				files[k].run(r, skip)
			}
		})
	}
	wg.Wait()
}
