package history

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/strata-db/strata/internal/dialect"
)

// waiter paces the polling loop and reports the holder when it changes.
type waiter struct {
	o       LockOptions
	start   time.Time
	last    string
	started bool
	// known is the last holder read; writing is set while the lock row
	// cannot be read for another connection's write (SQLite).
	known   *dialect.Holder
	writing bool
}

// read reads the holder; when the row cannot be read for another
// connection's write, the last one read stands in for it.
func (w *waiter) read(ctx context.Context, s *Store, q dialect.Querier) *dialect.Holder {
	h, err := s.ReadHolder(ctx, q)
	switch {
	case err == nil:
		w.known, w.writing = h, false
	case IsBusy(err):
		w.writing = true
	}
	return w.known
}

// wait reports the holder and sleeps until the next try; it returns a
// LockTimeoutError when the timeout has passed.
func (w *waiter) wait(ctx context.Context, holder *dialect.Holder) error {
	w.report(holder)
	waited := time.Since(w.start)
	if waited >= w.o.Timeout {
		return &LockTimeoutError{Holder: holder, Writing: holder == nil && w.writing, Waited: waited}
	}
	// Jitter keeps many waiting runners from trying in lockstep.
	d := w.o.Poll/2 + rand.N(w.o.Poll)
	if rest := w.o.Timeout - waited; d > rest {
		d = rest
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return &LockTimeoutError{Holder: holder, Writing: holder == nil && w.writing, Waited: time.Since(w.start), Cause: ctx.Err()}
	case <-t.C:
		return nil
	}
}

// report tells OnWait of the holder when the wait starts or the holder
// changes.
func (w *waiter) report(holder *dialect.Holder) {
	key := "?"
	if holder != nil {
		key = holder.Owner
	} else if w.writing {
		key = "writing"
	}
	if !w.started || key != w.last {
		w.started, w.last = true, key
		if w.o.OnWait != nil {
			w.o.OnWait(holder, holder == nil && w.writing)
		}
	}
}
