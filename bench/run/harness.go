package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/strata-db/strata/bench/internal/synth"
)

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
