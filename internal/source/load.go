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
	// The files are parsed as ReadWith parses them, into fresh sections.
	var up, down Section
	name, _, _ := parseFileName(path.Base(mig.Up.File))
	jobs := []fileJob{{path: mig.Up.File, name: name, up: &up, down: &down}}
	if name.kind != kindSingle {
		// A .up.sql, with its .down.sql when there is one.
		jobs[0].down = nil
		if mig.Down.Present {
			jobs = append(jobs, fileJob{path: mig.Down.File, name: fileName{kind: kindPairDown}, up: &down})
		}
	}
	var problems []Problem
	for i := range jobs {
		j := &jobs[i]
		data, err := fs.ReadFile(fsys, j.path)
		if err != nil {
			return fmt.Errorf("reading %s again: %w", j.path, err)
		}
		j.parse(string(data), false, nil)
		problems = append(problems, j.problems...)
	}
	if len(problems) > 0 || up.Checksum != mig.Up.Checksum || down.Present != mig.Down.Present || down.Checksum != mig.Down.Checksum {
		return fmt.Errorf("%s changed while strata was running (it was read, checked and then read again to run it): run the command again", mig.Up.File)
	}
	mig.Up, mig.Down = up, down
	return nil
}
