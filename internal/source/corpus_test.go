package source

import (
	"errors"
	"github.com/strata-db/strata/internal/corpus"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusDir locates the shared real-world migration sets; tests using it
// skip when the checkout has no corpus beside it.
func corpusDir(tb testing.TB) string {
	tb.Helper()
	dir := corpus.Root()
	if dir == "" {
		tb.Skipf("no real-world corpus: no shared/corpus above the working directory and %s is not set", corpus.Env)
	}
	return dir
}

func TestCorpus(t *testing.T) {
	root := corpusDir(t)
	for _, tc := range []struct {
		set  string
		want int // migration files in the set
		// dups are versions used by two files in the set.
		// docs/file-format.md makes a duplicate version an error, so
		// Read must report them and leave both files out; nothing else
		// may be a problem.
		dups map[string]int
	}{
		{"kratos-postgres", 346, nil},
		{"kratos-mysql", 352, nil},
		{"kratos-sqlite3", 694, nil},
		// crates.io (diesel) has 2026-05-27-120000_add_username_to_users and
		// 2026-05-27-120000_semver_ord_v2_not_null: the same version twice.
		{"cratesio", 285, map[string]int{"202605271200000000": 2}},
	} {
		t.Run(tc.set, func(t *testing.T) {
			migs, err := Read(os.DirFS(filepath.Join(root, tc.set)), ".")
			left := 0
			if pe := (*ProblemsError)(nil); errors.As(err, &pe) {
				for _, p := range pe.Problems {
					v, _, _ := strings.Cut(p.File, "_")
					if tc.dups[v] == 0 || !strings.Contains(p.Msg, "duplicate version") {
						t.Errorf("unexpected problem %v", p)
					}
				}
			} else if err != nil {
				t.Fatal(err)
			}
			for _, n := range tc.dups {
				left += n
			}
			if len(migs)+left != tc.want {
				t.Fatalf("got %d migrations (+%d left out as duplicates), want %d", len(migs), left, tc.want)
			}
			for i, m := range migs {
				if i > 0 && migs[i-1].Version.Compare(m.Version) >= 0 {
					t.Errorf("not sorted: %s before %s", migs[i-1].Up.File, m.Up.File)
				}
				if !m.Down.Present {
					t.Errorf("%s: no down section", m.Up.File)
				}
				if !IsTimestamp(m.Version) && !(tc.set == "cratesio" && i == 0) {
					t.Errorf("%s: IsTimestamp = false", m.Up.File)
				}
			}
		})
	}
}
