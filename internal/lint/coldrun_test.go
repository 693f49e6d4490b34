package lint

import (
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/strata-db/strata/internal/corpus"
	"github.com/strata-db/strata/internal/sqlsplit"
)

// TestColdRun measures strata lint's real cost on the crates.io set: a
// new process that starts the parser (from the compilation cache when an
// earlier run filled it) and lints all 285 migrations. It only logs the
// time: a bound would make the test depend on the machine.
func TestColdRun(t *testing.T) {
	if os.Getenv("LINT_COLD_CHILD") != "" {
		if _, err := Run(Options{Dialect: sqlsplit.Postgres, Dir: corpus.Dir(t, "cratesio")}); err != nil {
			t.Fatal(err)
		}
		return
	}
	corpus.Dir(t, "cratesio")
	if testing.Short() {
		t.Skip("starts two processes")
	}
	for _, run := range []string{"first", "second"} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestColdRun$")
		cmd.Env = append(os.Environ(), "LINT_COLD_CHILD=1")
		start := time.Now()
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		t.Logf("%s run, new process: crates.io linted in %v", run, time.Since(start).Round(time.Millisecond))
	}
}
