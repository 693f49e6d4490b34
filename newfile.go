package strata

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/strata-db/strata/internal/source"
)

// NewFileOptions tunes NewMigrationFile.
type NewFileOptions struct {
	// Now is the time a timestamp version is made of, where the files use
	// timestamps; zero means time.Now().
	Now time.Time
}

// NewFile is the migration NewMigrationFile created.
type NewFile struct {
	// Version is the new migration's version, without leading zeros.
	Version string
	// Path is the file created in the directory (of a pair, the .up.sql).
	Path string
	// DownPath is the .down.sql of a pair; empty for a single file, which
	// holds both sections.
	DownPath string
}

// The texts of a new migration; %s is its name.
const (
	newTemplate     = "-- %s: write the migration here\n\n-- strata:down\n-- undo it here\n"
	newUpTemplate   = "-- %s: write the migration here\n"
	newDownTemplate = "-- %s: undo it here\n"
)

// NewMigrationFile creates the next migration file in the directory dir
// on disk (created if missing), what strata new does: the next version
// without gaps (or a UTC timestamp where the files use timestamps) and
// name in lower case with words joined by "_" ("Add users" gives
// add_users). Where the latest migration is a .up.sql/.down.sql pair, it
// creates such a pair. It never overwrites a file: an existing one is an
// error that wraps fs.ErrExist.
//
// A directory with invalid files gives a *FilesError and creates
// nothing, since numbering past a file left out could reuse its version.
// A name that cannot be a migration name is an ErrUsage.
func NewMigrationFile(dir, name string, opts NewFileOptions) (*NewFile, error) {
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return nil, fmt.Errorf("cannot create the migrations directory: %w", err)
	}
	migs, err := source.Read(os.DirFS(dir), ".")
	if err != nil {
		var pe *source.ProblemsError
		if errors.As(err, &pe) {
			return nil, &FilesError{Err: err}
		}
		return nil, fmt.Errorf("cannot read the migrations directory: %w", err)
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	file, v, err := source.Next(migs, name, now)
	if err != nil {
		return nil, &nameError{err}
	}
	clean, _ := source.CleanName(name)
	nf := &NewFile{Version: v.String(), Path: filepath.Join(dir, file)}
	downFile, pair := source.PairDown(file)
	if !pair {
		if err := createFile(nf.Path, fmt.Sprintf(newTemplate, clean)); err != nil {
			return nil, err
		}
		return nf, nil
	}
	nf.DownPath = filepath.Join(dir, downFile)
	if err := createFile(nf.Path, fmt.Sprintf(newUpTemplate, clean)); err != nil {
		return nil, err
	}
	if err := createFile(nf.DownPath, fmt.Sprintf(newDownTemplate, clean)); err != nil {
		os.Remove(nf.Path) // no half pair left behind
		return nil, err
	}
	return nf, nil
}

// nameError is a migration name that cannot be used; its text is the
// reason alone.
type nameError struct{ err error }

func (e *nameError) Error() string   { return e.err.Error() }
func (e *nameError) Unwrap() []error { return []error{ErrUsage, e.err} }

// createFile writes a new file, never over an existing one.
func createFile(path, text string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s already exists; a migration file is never overwritten: %w", path, err)
		}
		return fmt.Errorf("cannot create the migration: %w", err)
	}
	_, err = io.WriteString(f, text)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	return nil
}
