package reliability

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

var (
	runners    = flag.Int("runners", 16, "strata processes started at once")
	migrations = flag.Int("migrations", 200, "pending migrations for the concurrent runners")
	trials     = flag.Int("trials", 0, "SIGKILL trials per database (default: crashes 6, kills during long statements 20; 30 and 40 with STRATA_RELIABILITY_LONG=1)")
)

// strataBin is the strata command built once for all tests.
var strataBin string

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "strata-reliability-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	strataBin = filepath.Join(dir, "strata")
	// The same tags as this test binary: with -tags sqlite_cgo the command
	// under test must use the same SQLite driver as the test's own checks.
	build := exec.Command("go", "build", "-tags", buildTags, "-o", strataBin, "github.com/strata-db/strata/cmd/strata")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building strata:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func trialCount() int {
	if *trials > 0 {
		return *trials
	}
	if os.Getenv("STRATA_RELIABILITY_LONG") != "" {
		return 30
	}
	return 6
}

// run is one finished strata process.
type run struct {
	code           int
	stdout, stderr string
	pid            int
}

// strata runs the strata command against url with the migrations in dir.
func strata(ctx context.Context, url, dir string, args ...string) run {
	cmd := command(ctx, url, dir, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := run{stdout: out.String(), stderr: errb.String()}
	if cmd.Process != nil {
		r.pid = cmd.Process.Pid
	}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			r.code = 128 + int(ws.Signal())
		}
	} else if err != nil {
		r.code = -1
		r.stderr += err.Error()
	}
	return r
}

func command(ctx context.Context, url, dir string, args ...string) *exec.Cmd {
	full := append([]string{"--database", url, "--dir", dir}, args...)
	cmd := exec.CommandContext(ctx, strataBin, full...)
	// No config file or environment of the developer's may leak in.
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "NO_COLOR=1"}
	return cmd
}

func (r run) String() string {
	return fmt.Sprintf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
}

// writeMigrations writes n migrations made by body(i) into a new directory.
func writeMigrations(t *testing.T, n int, body func(i int) string) string {
	t.Helper()
	dir := t.TempDir()
	width := len(fmt.Sprint(n))
	if width < 3 {
		width = 3
	}
	for i := 1; i <= n; i++ {
		name := filepath.Join(dir, fmt.Sprintf("%0*d_step_%d.sql", width, i, i))
		if err := os.WriteFile(name, []byte(body(i)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func waitTimeout(d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	_ = cancel // the context ends with its deadline; tests are short-lived
	return ctx
}

func contains(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}
