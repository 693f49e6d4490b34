package strata

import (
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/strata-db/strata/internal/source"
)

// WithExcludeNames leaves the named migration files out, as if they were
// not in the directory: no command reads, applies or rolls them back.
// Names are file names in the migrations directory ("003_backfill.sql");
// for a golang-migrate pair, "003_backfill.sql" names both halves. An
// excluded migration that is already applied shows as missing in Status.
func WithExcludeNames(names ...string) Option {
	return func(o *options) error {
		for _, n := range names {
			if n == "" || strings.Contains(n, "/") {
				return fmt.Errorf("%w: WithExcludeNames(%q): give a file name of the migrations directory, such as \"003_backfill.sql\"", ErrUsage, n)
			}
			if o.excludeNames == nil {
				o.excludeNames = map[string]bool{}
			}
			o.excludeNames[n] = true
		}
		return nil
	}
}

// WithExcludeVersions leaves the migrations of the given versions out, as
// WithExcludeNames does. Versions are digits; leading zeros do not count
// ("003" is "3").
func WithExcludeVersions(versions ...string) Option {
	return func(o *options) error {
		for _, v := range versions {
			ver, err := source.ParseVersion(v)
			if err != nil {
				return fmt.Errorf("%w: WithExcludeVersions(%q): versions are digits, as in the file names", ErrUsage, v)
			}
			if o.excludeVersions == nil {
				o.excludeVersions = map[string]bool{}
			}
			o.excludeVersions[ver.String()] = true
		}
		return nil
	}
}

// excludeFS hides the excluded migration files of the directory at its
// root from listings; everything else passes through.
type excludeFS struct {
	fs.FS
	names, versions map[string]bool
}

// ReadDir implements fs.ReadDirFS.
func (e excludeFS) ReadDir(name string) ([]fs.DirEntry, error) {
	ents, err := fs.ReadDir(e.FS, name)
	if err != nil || path.Clean(name) != "." {
		return ents, err
	}
	out := ents[:0]
	for _, de := range ents {
		if !e.excluded(de.Name()) {
			out = append(out, de)
		}
	}
	return out, nil
}

// ReadFile implements fs.ReadFileFS, keeping the inner one's.
func (e excludeFS) ReadFile(name string) ([]byte, error) { return fs.ReadFile(e.FS, name) }

// excluded reports whether the file name is left out.
func (e excludeFS) excluded(name string) bool {
	if e.names[name] {
		return true
	}
	if stem, ok := strings.CutSuffix(name, ".up.sql"); ok && e.names[stem+".sql"] {
		return true
	}
	if stem, ok := strings.CutSuffix(name, ".down.sql"); ok && e.names[stem+".sql"] {
		return true
	}
	n := 0
	for n < len(name) && name[n] >= '0' && name[n] <= '9' {
		n++
	}
	if n == 0 || len(e.versions) == 0 {
		return false
	}
	v, err := source.ParseVersion(name[:n])
	return err == nil && e.versions[v.String()]
}
