package lint

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/strata-db/strata/internal/source"
)

// applySince narrows the run to the migrations added or changed since
// the revision in opts.Since: committed after it, staged, unstaged or
// untracked. The other migrations stay in the model as context. It also
// finds the newest version that existed at the revision, for N104.
func (rs *runState) applySince(dir string) error {
	if dir == "" {
		dir = "."
	}
	ref := rs.opts.Since
	ctx := rs.opts.Context
	if ctx == nil {
		ctx = context.Background()
	}
	if _, err := git(ctx, dir, "rev-parse", "--show-toplevel"); err != nil {
		return fmt.Errorf("lint: --since needs %s to be inside a git work tree: %w", dir, err)
	}
	if _, err := git(ctx, dir, "rev-parse", "--verify", "--quiet", ref+"^{commit}"); err != nil {
		return fmt.Errorf("lint: --since %s: git knows no such revision (try a branch, tag or commit such as origin/main)", ref)
	}
	// git diff <ref> compares the revision with the work tree, so it
	// covers commits since, staged and unstaged changes at once.
	diff, err := git(ctx, dir, "diff", "--name-status", "-z", "--relative", "--no-ext-diff", ref, "--", ".")
	if err != nil {
		return fmt.Errorf("lint: --since %s: %w", ref, err)
	}
	untracked, err := git(ctx, dir, "ls-files", "--others", "--exclude-standard", "-z", "--", ".")
	if err != nil {
		return fmt.Errorf("lint: --since %s: %w", ref, err)
	}
	display := filepath.ToSlash(dir)
	changed, added := map[string]bool{}, map[string]bool{}
	fields := splitNUL(diff)
	for i := 0; i < len(fields); i++ {
		status := fields[i]
		if status == "" {
			continue
		}
		paths := 1
		if status[0] == 'R' || status[0] == 'C' {
			paths = 2 // old and new name; the new one counts
		}
		if i+paths >= len(fields) {
			break
		}
		p := joinDisplay(display, fields[i+paths])
		i += paths
		changed[p] = true
		if status[0] == 'A' || status[0] == 'R' || status[0] == 'C' {
			added[p] = true
		}
	}
	for _, f := range splitNUL(untracked) {
		if f != "" {
			changed[joinDisplay(display, f)] = true
			added[joinDisplay(display, f)] = true
		}
	}

	// Files source rejected (bad names) are reported when they changed.
	rs.changed = changed
	rs.Released = source.Version{}
	for _, m := range rs.Migrations {
		m.Added = added[m.UpSection.File]
		m.Checked = changed[m.UpSection.File] || m.DownSection != nil && changed[m.DownSection.File]
		if m.Checked {
			rs.changed[m.UpSection.File] = true
			if m.DownSection != nil {
				rs.changed[m.DownSection.File] = true
			}
		}
		if !m.Added && m.Version.Compare(rs.Released) > 0 {
			rs.Released = m.Version
		}
	}
	return nil
}

// git runs a git command in dir and returns its standard output.
func git(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) && errOut.Len() > 0 {
			return "", fmt.Errorf("git %s: %s", args[0], strings.TrimSpace(errOut.String()))
		}
		return "", fmt.Errorf("git %s: %w", args[0], err)
	}
	return out.String(), nil
}

func splitNUL(s string) []string {
	return strings.Split(strings.TrimSuffix(s, "\x00"), "\x00")
}
