package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// interruptContext returns a context that the first SIGINT or SIGTERM
// cancels: the library then stops the running statement, rolls back,
// records the attempt as cancelled and releases the lock. A second signal
// exits at once, for when that takes too long.
func interruptContext(stderr io.Writer) (context.Context, func()) {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case <-sigs:
		case <-ctx.Done():
			return
		}
		fmt.Fprintln(stderr, "interrupted: stopping the running statement, rolling back and releasing the lock (interrupt again to quit at once)")
		cancel()
		<-sigs
		fmt.Fprintln(stderr, "interrupted again: quitting without cleaning up; the next run records the unfinished attempt")
		os.Exit(exitSignal)
	}()
	return ctx, func() {
		signal.Stop(sigs)
		cancel()
	}
}
