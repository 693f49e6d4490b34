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
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
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

type harness struct {
	c       *config
	strata  string
	profile string // bench/profile, for the Go floor
	work    string
}

func benchmark(ctx context.Context, c *config) error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	if c.out == "" {
		c.out = filepath.Join(root, "bench", "out")
	}
	if c.out, err = filepath.Abs(c.out); err != nil {
		return err
	}
	if err := os.MkdirAll(c.out, 0o755); err != nil {
		return err
	}
	h := &harness{c: c, strata: c.strata, work: c.out}
	if h.strata != "" {
		// strata runs in the set's directory: a relative path would miss.
		if h.strata, err = filepath.Abs(h.strata); err != nil {
			return err
		}
	} else {
		h.strata = filepath.Join(c.out, "bin", "strata")
		logf("building %s", h.strata)
		if err := goBuild(root, c.tags, h.strata, "./cmd/strata"); err != nil {
			return err
		}
	}
	h.profile = filepath.Join(c.out, "bin", "strata-profile")
	// The floor connects with the same driver as the strata binary, so it
	// is built the same way.
	if err := goBuild(root, c.tags, h.profile, "./bench/profile"); err != nil {
		return err
	}
	env := describe(ctx, root, h.strata, c)
	var results []*result
	for _, d := range c.dialects {
		srv, err := h.server(d)
		if err != nil {
			return err
		}
		for _, n := range c.ns {
			r, err := h.measure(ctx, srv, n)
			if err != nil {
				return fmt.Errorf("%s, N=%d: %w", d, n, err)
			}
			results = append(results, r)
		}
	}
	report := render(c, env, results)
	fmt.Print(report)
	stamp := time.Now().Format("20060102-150405")
	if err := os.WriteFile(filepath.Join(c.out, "report-"+stamp+".md"), []byte(report), 0o644); err != nil {
		return err
	}
	raw, _ := json.MarshalIndent(map[string]any{"environment": env, "results": results}, "", "  ")
	if err := os.WriteFile(filepath.Join(c.out, "results-"+stamp+".json"), raw, 0o644); err != nil {
		return err
	}
	logf("report and raw samples written to %s/{report,results}-%s.*", c.out, stamp)
	return nil
}

func (h *harness) server(d synth.Dialect) (server, error) {
	switch d {
	case synth.Postgres:
		return newPostgres(h.c.pgURL)
	case synth.MySQL:
		return newMySQL(h.c.myURL)
	}
	dir := filepath.Join(h.work, "sqlite")
	return &sqlite{dir: dir}, os.MkdirAll(dir, 0o755)
}

// setDir generates (or reuses) the migration set of a dialect and N. The
// set is a pure function of its parameters, so a set already on disk with
// the same name is the same set.
func (h *harness) setDir(d synth.Dialect, n int) (string, error) {
	dir := filepath.Join(h.work, "sets", fmt.Sprintf("%s-%d-seed%d", d, n, h.c.seed))
	if _, err := os.Stat(filepath.Join(dir, "down.sql")); err == nil {
		return dir, nil
	}
	os.RemoveAll(dir)
	if _, err := synth.Write(dir, d, n, h.c.seed); err != nil {
		return "", err
	}
	return dir, nil
}

// timed runs a command and returns its wall time and peak memory. Output
// goes to buffers through pipes, as to a program reading it, and is
// returned for checks and error messages.
func (h *harness) timed(c *exec.Cmd) (sample, string, error) {
	var out, errb bytes.Buffer
	c.Stdout, c.Stderr = &out, &errb
	start := time.Now()
	err := c.Start()
	if err == nil {
		// A hung command must not hang the whole benchmark.
		t := time.AfterFunc(h.c.timeout, func() { c.Process.Kill() })
		err = c.Wait()
		t.Stop()
	}
	wall := time.Since(start)
	if f, ok := c.Stdin.(*os.File); ok {
		f.Close()
	}
	if err != nil {
		return sample{}, out.String(), fmt.Errorf("%s: %v\n%s", strings.Join(c.Args, " "), err, tail(errb.String()+"\n"+out.String()))
	}
	s := sample{Wall: wall}
	if ru, ok := c.ProcessState.SysUsage().(*syscall.Rusage); ok {
		s.MaxRSS = ru.Maxrss // kilobytes on Linux
		s.CPU = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	return s, out.String(), nil
}

// strataCmd is a strata command line against name. Flags name the
// database and directory so that no STRATA_* variable or strata.toml of
// the caller changes what is measured; it runs in the set's directory,
// which holds no strata.toml.
func (h *harness) strataCmd(ctx context.Context, srv server, set, name string, args ...string) *exec.Cmd {
	c := exec.CommandContext(ctx, h.strata, append([]string{"-d", srv.strataURL(name), "--dir", filepath.Join(set, "migrations")}, args...)...)
	c.Dir = set
	return c
}

func (h *harness) measure(ctx context.Context, srv server, n int) (*result, error) {
	d := srv.dialect()
	set, err := h.setDir(d, n)
	if err != nil {
		return nil, err
	}
	runs := h.c.runs
	if n >= h.c.longN {
		runs = h.c.longRuns
	}
	r := &result{Dialect: d, N: n, Runs: runs, Samples: map[string][]sample{}}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cdb, sdb := fmt.Sprintf("strata_bench_client_%d", n), fmt.Sprintf("strata_bench_strata_%d", n)

	var empty string
	if h.c.check {
		if err := srv.fresh(ctx, cdb); err != nil {
			return nil, err
		}
		if empty, err = fingerprint(ctx, srv, cdb); err != nil {
			return nil, err
		}
	}
	var clientBuilt string // fingerprint after the client's apply, in the checked run

	clientPhase := func(run int) error {
		check := h.c.check && run == 0
		if err := srv.fresh(ctx, cdb); err != nil {
			return err
		}
		steps := []struct{ key, file string }{{clientApply, "up.sql"}, {clientRollback, "down.sql"}}
		if n != h.c.compare {
			// Only the comparison table shows the client's rollback; at
			// 10,000 migrations it would take many minutes per run.
			steps = steps[:1]
		}
		for _, step := range steps {
			cmd, err := srv.script(ctx, cdb, filepath.Join(set, step.file))
			if err != nil {
				return err
			}
			s, _, err := h.timed(cmd)
			if err != nil {
				return err
			}
			r.add(step.key, s)
			logf("%s N=%d run %d: %s %s", d, n, run+1, step.key, fmtDur(s.Wall))
			if !check {
				continue
			}
			fp, err := fingerprint(ctx, srv, cdb)
			if err != nil {
				return err
			}
			if step.key == clientApply {
				if fp == empty {
					return fmt.Errorf("%s applied %s but the database is still empty", srv.client(), step.file)
				}
				clientBuilt = fp
			} else if fp != empty {
				return fmt.Errorf("after %s ran down.sql the database is not empty: %s", srv.client(), firstDiff(empty, fp))
			}
		}
		if check && len(steps) == 2 {
			r.Checked = append(r.Checked, srv.client()+": down.sql undoes up.sql exactly")
		}
		return srv.drop(ctx, cdb)
	}

	strataPhase := func(run int) error {
		check := h.c.check && run == 0
		if err := srv.fresh(ctx, sdb); err != nil {
			return err
		}
		s, _, err := h.timed(h.strataCmd(ctx, srv, set, sdb, "up"))
		if err != nil {
			return err
		}
		r.add(strataApply, s)
		logf("%s N=%d run %d: %s %s, %d MB", d, n, run+1, strataApply, fmtDur(s.Wall), s.MaxRSS/1024)
		if check {
			if err := h.checkStatus(ctx, srv, set, sdb, n); err != nil {
				return err
			}
			r.Checked = append(r.Checked, fmt.Sprintf("strata status: %d migrations, all applied", n))
		}
		read := "SELECT * FROM schema_migrations ORDER BY id"
		for range h.c.reps {
			for _, step := range []struct {
				key string
				cmd *exec.Cmd
			}{
				{strataNoop, h.strataCmd(ctx, srv, set, sdb, "up")},
				{strataStatus, h.strataCmd(ctx, srv, set, sdb, "status")},
				{clientRead, srv.query(ctx, sdb, read)},
				{goFloor, h.floorCmd(ctx, srv, set, sdb)},
			} {
				s, _, err := h.timed(step.cmd)
				if err != nil {
					return err
				}
				r.add(step.key, s)
			}
		}
		logf("%s N=%d run %d: %s %s, %s %s, %s %s, %s %s (medians of %d)", d, n, run+1,
			strataNoop, fmtDur(median(r.Samples[strataNoop][run*h.c.reps:])),
			strataStatus, fmtDur(median(r.Samples[strataStatus][run*h.c.reps:])),
			clientRead, fmtDur(median(r.Samples[clientRead][run*h.c.reps:])),
			goFloor, fmtDur(median(r.Samples[goFloor][run*h.c.reps:])), h.c.reps)
		if check {
			// Run after the client phase has recorded what the SQL builds.
			fp, err := fingerprint(ctx, srv, sdb)
			if err != nil {
				return err
			}
			if clientBuilt != "" && fp != clientBuilt {
				return fmt.Errorf("strata up and %s built different databases: %s", srv.client(), firstDiff(clientBuilt, fp))
			}
			if clientBuilt != "" {
				r.Checked = append(r.Checked, "strata up builds the same schema and rows as "+srv.client())
			}
		}
		s, _, err = h.timed(h.strataCmd(ctx, srv, set, sdb, "down", "--all"))
		if err != nil {
			return err
		}
		r.add(strataRollback, s)
		logf("%s N=%d run %d: %s %s, %d MB", d, n, run+1, strataRollback, fmtDur(s.Wall), s.MaxRSS/1024)
		if check {
			fp, err := fingerprint(ctx, srv, sdb)
			if err != nil {
				return err
			}
			if fp != empty {
				return fmt.Errorf("after strata down --all the database still holds objects: %s", firstDiff(empty, fp))
			}
			r.Checked = append(r.Checked, "strata down --all leaves only strata's tracking tables")
		}
		return srv.drop(ctx, sdb)
	}

	for run := range runs {
		// The checked run goes client first, so that strata's schema can be
		// compared with the client's; later runs alternate.
		phases := []func(int) error{clientPhase, strataPhase}
		if run%2 == 1 {
			phases[0], phases[1] = phases[1], phases[0]
		}
		for _, p := range phases {
			if err := p(run); err != nil {
				return nil, err
			}
		}
	}
	return r, nil
}

// floorCmd is the Go floor: bench/profile connecting to name with
// strata's driver and running SELECT 1.
func (h *harness) floorCmd(ctx context.Context, srv server, set, name string) *exec.Cmd {
	args := []string{"-dialect", string(srv.dialect()), "-dir", filepath.Join(set, "migrations"), "-op", "connect", "-db", name}
	switch s := srv.(type) {
	case *postgres:
		args = append(args, "-server", h.c.pgURL)
	case *mysql:
		args = append(args, "-server", h.c.myURL)
	case *sqlite:
		args[len(args)-1] = s.path(name)
	}
	return exec.CommandContext(ctx, h.profile, args...)
}

// checkStatus asks strata for the status as JSON (not timed) and checks
// that it lists n migrations, all applied.
func (h *harness) checkStatus(ctx context.Context, srv server, set, name string, n int) error {
	_, out, err := h.timed(h.strataCmd(ctx, srv, set, name, "--json", "status"))
	if err != nil {
		return err
	}
	var st struct {
		Pending    int `json:"pending"`
		Migrations []struct {
			State string `json:"state"`
		} `json:"migrations"`
	}
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		return fmt.Errorf("strata --json status: %v", err)
	}
	applied := 0
	for _, m := range st.Migrations {
		if m.State == "applied" {
			applied++
		}
	}
	if len(st.Migrations) != n || applied != n || st.Pending != 0 {
		return fmt.Errorf("after strata up, status lists %d migrations, %d applied, %d pending; want %d applied", len(st.Migrations), applied, st.Pending, n)
	}
	return nil
}

// firstDiff shows where two fingerprints part.
func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-80)
	return fmt.Sprintf("first difference at byte %d:\n  want …%s…\n  got  …%s…", i, a[lo:min(len(a), i+120)], b[lo:min(len(b), i+120)])
}

// cgoFor is the CGO_ENABLED of the builds for tags: strata is built as
// the README says to install it, without cgo (a static binary, which
// starts about a millisecond sooner than one linked against the C
// library), unless the tags ask for the native SQLite driver, which
// needs cgo.
func cgoFor(tags string) string {
	if strings.Contains(tags, "sqlite_cgo") {
		return "1"
	}
	return "0"
}

// goBuild builds pkg of the module at root into out with tags.
func goBuild(root, tags, out, pkg string) error {
	b := exec.Command("go", "build", "-tags", tags, "-o", out, pkg)
	b.Dir = root
	b.Env = append(os.Environ(), "CGO_ENABLED="+cgoFor(tags))
	if msg, err := b.CombinedOutput(); err != nil {
		return fmt.Errorf("go build %s: %v\n%s", pkg, err, msg)
	}
	return nil
}

// environment is what the report says about where it ran.
type environment struct {
	Date     string            `json:"date"`
	Machine  string            `json:"machine"`
	Go       string            `json:"go"`
	Commit   string            `json:"commit"`
	Strata   string            `json:"strata"`
	Tags     string            `json:"tags"`
	Cgo      string            `json:"cgo_enabled"`   // of the builds, from cgoFor
	SQLite   string            `json:"sqlite_driver"` // from strata version: which SQLite driver the binary has
	Versions map[string]string `json:"versions"`
	Command  string            `json:"command"`
}

func describe(ctx context.Context, root, bin string, c *config) environment {
	first := func(c *exec.Cmd) string {
		out, err := c.CombinedOutput()
		if err != nil {
			return "?"
		}
		s, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
		return s
	}
	cmd := func(name string, args ...string) *exec.Cmd { return exec.CommandContext(ctx, name, args...) }
	e := environment{Date: time.Now().UTC().Format("2006-01-02 15:04 MST"), Go: runtime.Version(), Versions: map[string]string{}}
	model := "?"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	mem := "?"
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		f := strings.Fields(string(b))
		if len(f) > 1 {
			if kb, err := strconv.Atoi(f[1]); err == nil {
				mem = fmt.Sprintf("%d GB", (kb+512*1024)/(1024*1024))
			}
		}
	}
	e.Machine = fmt.Sprintf("%d cores (%s), %s RAM, %s %s", runtime.NumCPU(), model, mem, runtime.GOOS, first(cmd("uname", "-r")))
	g := exec.CommandContext(ctx, "git", "describe", "--always", "--dirty")
	g.Dir = root
	if out, err := g.Output(); err == nil {
		e.Commit = strings.TrimSpace(string(out))
	}
	e.Strata = first(cmd(bin, "version"))
	e.Tags = c.tags
	e.Cgo = cgoFor(c.tags)
	if c.strata != "" {
		e.Cgo = "? (given with -strata)"
	}
	if out, err := cmd(bin, "version").Output(); err == nil {
		for _, l := range strings.Split(string(out), "\n") {
			if s, ok := strings.CutPrefix(l, "sqlite: "); ok {
				e.SQLite = s
			}
		}
	}
	e.Versions["psql"] = first(cmd("psql", "--version"))
	e.Versions["mariadb"] = first(cmd("mariadb", "--version"))
	e.Versions["sqlite3"] = first(cmd("sqlite3", "--version"))
	if pg, err := newPostgres(c.pgURL); err == nil {
		e.Versions["PostgreSQL server"] = first(pg.query(ctx, "postgres", "SHOW server_version"))
	}
	if my, err := newMySQL(c.myURL); err == nil {
		e.Versions["MariaDB server"] = first(my.cmd(ctx, "-N", "-B", "-e", "SELECT VERSION()"))
	}
	e.Command = "go run ./bench/run " + strings.Join(os.Args[1:], " ")
	return e
}
