package source

import (
	"fmt"
	"io/fs"
	"path"
)

// Load puts back the SQL of a migration read with ReadOptions.SkipSQL,
// reading its file or files again whole. What comes back must be what was
// checksummed: a file edited since (or replaced, or gone) is an error,
// since what was compared with the database would no longer be what runs.
// A migration whose sections are not skipped is left as it is.
func Load(fsys fs.FS, mig *Migration) error {
	if !mig.Up.Skipped && !mig.Down.Skipped {
		return nil
	}
	var up, down Section
	var problems []Problem
	if name, _, _ := parseFileName(path.Base(mig.Up.File)); name.kind != kindSingle {
		// A .up.sql, with its .down.sql when there is one.
		files := []struct {
			sec  *Section
			file string
		}{{&up, mig.Up.File}}
		if mig.Down.Present {
			files = append(files, struct {
				sec  *Section
				file string
			}{&down, mig.Down.File})
		}
		for _, f := range files {
			data, err := fs.ReadFile(fsys, f.file)
			if err != nil {
				return fmt.Errorf("reading %s again: %w", f.file, err)
			}
			p := fileParser{file: f.file, data: string(data)}
			*f.sec = p.parsePairFile()
			f.sec.Checksum = Checksum(f.sec.SQL)
			problems = append(problems, p.problems...)
		}
	} else {
		data, err := fs.ReadFile(fsys, mig.Up.File)
		if err != nil {
			return fmt.Errorf("reading %s again: %w", mig.Up.File, err)
		}
		p := fileParser{file: mig.Up.File, data: string(data)}
		p.parseSingle(&up, &down)
		up.Checksum = Checksum(up.SQL)
		if down.Present {
			down.Checksum = Checksum(down.SQL)
		}
		problems = p.problems
	}
	if len(problems) > 0 || up.Checksum != mig.Up.Checksum || down.Present != mig.Down.Present || down.Checksum != mig.Down.Checksum {
		return fmt.Errorf("%s changed while strata was running (it was read, checked and then read again to run it): run the command again", mig.Up.File)
	}
	mig.Up, mig.Down = up, down
	return nil
}
