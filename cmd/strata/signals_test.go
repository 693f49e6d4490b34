package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// signalChildEnv makes the test binary act as the child of
// TestSecondInterruptQuits instead of running the tests.
const signalChildEnv = "STRATA_TEST_SIGNAL_CHILD"

// The first interrupt cancels the context, for the library to clean up;
// a second one, while that is still going on, quits at once with 130.
// Signals go to the whole process, so this runs in a child process.
func TestSecondInterruptQuits(t *testing.T) {
	if os.Getenv(signalChildEnv) != "" {
		signalChild()
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestSecondInterruptQuits$")
	cmd.Env = append(os.Environ(), signalChildEnv+"=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != exitSignal {
		t.Fatalf("child ended with %v, want exit code %d; stderr:\n%s", err, exitSignal, stderr.String())
	}
	for _, want := range []string{"interrupted: stopping the running statement", "interrupted again: quitting without cleaning up"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
}

// signalChild interrupts itself twice, the second time while it "cleans
// up" (here: waits), and must never get to return normally.
func signalChild() {
	ctx, stop := interruptContext(os.Stderr)
	defer stop()
	syscall.Kill(os.Getpid(), syscall.SIGINT)
	select {
	case <-ctx.Done():
	case <-time.After(10 * time.Second):
		os.Stderr.WriteString("the first interrupt did not cancel the context\n")
		os.Exit(3)
	}
	syscall.Kill(os.Getpid(), syscall.SIGINT)
	time.Sleep(10 * time.Second)
	os.Stderr.WriteString("the second interrupt did not quit\n")
	os.Exit(4)
}
