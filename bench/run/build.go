package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"time"
)

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
