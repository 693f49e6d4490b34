// Command run is strata's speed benchmark: in one run, on the same
// machine, it times strata against the database's own client on the same
// SQL, and prints the medians and ratios as markdown tables with the
// targets of the speed goals.
//
//	go run ./bench/run                       # quick: N=100, 3 runs, all databases
//	go run ./bench/run -n 100,1000,10000 -runs 5 -compare 1000   # the full run
//
// For every dialect and N it generates N migrations (bench/internal/synth),
// and for every run, each on fresh databases:
//
//   - the client applies up.sql (psql: one transaction per migration in
//     one session; mariadb: the statements in one session; sqlite3: one
//     transaction per migration), then down.sql;
//   - strata applies the migrations ("up"), runs "up" with nothing pending
//     and "status" (each -reps times, beside the client reading strata's
//     history table: the least any tool must do), then "down --all".
//
// Client and strata alternate who goes first from run to run, so that a
// slow phase of this shared machine does not always hit the same side. The
// strata binary is built once with "go build", without cgo as the README
// says to install it (or given with -strata); timing "go run" would
// measure the compiler. Every process's peak memory
// comes from the kernel's rusage of the child (ru_maxrss).
//
// Only ratios from one run of this program mean anything on a noisy shared
// machine; absolute times from different runs are not comparable.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/strata-db/strata/bench/internal/synth"
)

type config struct {
	dialects []synth.Dialect
	ns       []int
	runs     int
	longRuns int // runs for N >= longN, where one apply takes minutes
	longN    int
	reps     int // repetitions of the short measures (no-op up, status) per run
	compare  int // the N of the client comparison table
	seed     uint64
	strata   string
	tags     string // go build -tags of the strata binary and the Go floor, e.g. sqlite_cgo
	out      string
	pgURL    string
	myURL    string
	check    bool
	timeout  time.Duration
}

func main() {
	var c config
	dialects := flag.String("dialects", "postgres,mysql,sqlite", "comma-separated dialects to run")
	ns := flag.String("n", "100", "comma-separated numbers of migrations")
	flag.IntVar(&c.runs, "runs", 3, "runs per dialect and N, each on fresh databases (medians need at least 5 for the record)")
	flag.IntVar(&c.longRuns, "long-runs", 1, "runs for N >= -long-n, where one apply takes minutes (0: same as -runs)")
	flag.IntVar(&c.longN, "long-n", 5000, "from this N on, -long-runs applies")
	flag.IntVar(&c.reps, "reps", 5, "repetitions per run of no-op up, status and the client's history read")
	flag.IntVar(&c.compare, "compare", 0, "N of the client comparison table (default: 1000 if measured, else the largest N)")
	flag.Uint64Var(&c.seed, "seed", synth.DefaultSeed, "generator seed")
	flag.StringVar(&c.strata, "strata", "", "strata binary to time (default: built once from ./cmd/strata into -out)")
	flag.StringVar(&c.tags, "tags", "", "build tags for `go build` of the strata binary and of bench/profile (the Go floor), e.g. sqlite_cgo for the native SQLite driver; with -strata, only the floor's")
	flag.StringVar(&c.out, "out", "", "work directory for sets, databases and reports (default: bench/out in the module)")
	flag.StringVar(&c.pgURL, "pg", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable", "PostgreSQL server URL (the database part is replaced)")
	flag.StringVar(&c.myURL, "mysql", "mysql://root@127.0.0.1:3306/", "MySQL/MariaDB server URL (the database part is replaced)")
	flag.BoolVar(&c.check, "check", true, "on the first run of each dialect and N, check that client and strata build the same schema and that both rollbacks leave an empty database")
	flag.DurationVar(&c.timeout, "timeout", 30*time.Minute, "limit for any one command")
	flag.Parse()
	if flag.NArg() > 0 {
		fatalf("unexpected arguments %q; see -help", flag.Args())
	}
	for _, s := range strings.Split(*dialects, ",") {
		d, err := synth.ParseDialect(s)
		if err != nil {
			fatalf("%v", err)
		}
		c.dialects = append(c.dialects, d)
	}
	for _, s := range strings.Split(*ns, ",") {
		n, err := strconv.Atoi(strings.ReplaceAll(strings.TrimSpace(s), "_", ""))
		if err != nil || n < 1 {
			fatalf("-n: %q is not a positive number", s)
		}
		c.ns = append(c.ns, n)
	}
	if c.runs < 1 || c.reps < 1 {
		fatalf("-runs and -reps must be at least 1")
	}
	if c.longRuns < 1 {
		c.longRuns = c.runs
	}
	if c.compare == 0 {
		c.compare = c.ns[len(c.ns)-1]
		for _, n := range c.ns {
			if n == 1000 {
				c.compare = 1000
			}
		}
	}
	if err := benchmark(context.Background(), &c); err != nil {
		fatalf("%v", err)
	}
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
	os.Exit(1)
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
}

// moduleRoot finds the strata module, for building the binary and placing
// the default output directory.
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %v", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("run the benchmark from inside the strata module (go run ./bench/run)")
	}
	return filepath.Dir(mod), nil
}

// sample is one timed process.
type sample struct {
	Wall time.Duration `json:"wall_ns"`
	// CPU is the user and system time of the process itself (not of the
	// server it talks to): how much of the wall time is its own work.
	CPU    time.Duration `json:"cpu_ns"`
	MaxRSS int64         `json:"max_rss_kb"`
}

// measurement keys.
const (
	clientApply    = "client apply"
	clientRollback = "client rollback"
	clientRead     = "client read history"
	strataApply    = "strata up"
	strataNoop     = "strata up (nothing pending)"
	strataStatus   = "strata status"
	strataRollback = "strata down --all"
	// goFloor is a Go process that opens a connection with strata's driver
	// and runs SELECT 1: the least a Go tool's command can take. psql's own
	// start-up is slower than strata's, so the client's history read
	// alone would understate how far strata is from the floor.
	goFloor = "go floor"
)

// result holds every sample of one dialect and N.
type result struct {
	Dialect synth.Dialect       `json:"dialect"`
	N       int                 `json:"n"`
	Runs    int                 `json:"runs"`
	Samples map[string][]sample `json:"samples"`
	Checked []string            `json:"checked,omitempty"`
}

func (r *result) add(key string, s sample) { r.Samples[key] = append(r.Samples[key], s) }
