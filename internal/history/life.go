package history

import (
	"context"
	"strings"
	"time"

	"github.com/strata-db/strata/internal/dialect"
)

// NewOwner is the owner token of a runner: random, unique per run, and,
// where the lock belongs to a database session, that session's id after a
// "/", so that another runner can tell whether the session that holds the
// lock is this runner's (see Life).
func NewOwner(random, session string) string {
	if session == "" {
		return random
	}
	return random + "/" + session
}

// ownerSession is the session id in an owner token, "" for a token
// without one (a lease, or a row written by an older strata).
func ownerSession(owner string) string {
	if i := strings.LastIndexByte(owner, '/'); i >= 0 {
		return owner[i+1:]
	}
	return ""
}

// Life is what can be told of a lock holder's life.
type Life int

const (
	// Alive: the holder may still be working: its session holds the lock,
	// or its lease is fresh.
	Alive Life = iota
	// Dead: its row is a leftover: the session lock is free or held by
	// another session, its lease expired, or its process is gone from this
	// machine and no session of its own still works for it.
	Dead
	// Orphaned: the holder's process is gone from this machine, but its
	// database session still holds the lock and may still be running (and
	// then committing) what the process sent it. Ending that session
	// (dialect.EndSession) makes it Dead.
	Orphaned
)

// LifeOf tells whether the holder h of the lock row is alive. session is
// the id of h's own database session when that session holds the lock
// (Alive or Orphaned), "" otherwise. Without a way to tell (the server
// would not say), a holder counts as Alive.
func (s *Store) LifeOf(ctx context.Context, q dialect.Querier, h *dialect.Holder, now time.Time, o LockOptions) (life Life, session string, err error) {
	deadHere := o.Host != "" && HolderHost(h) == o.Host && !processAlive(h.ProcessID)
	if !s.d.SessionLock() {
		if LeaseAlive(h, now, o.Lease, o.Host) {
			return Alive, "", nil
		}
		return Dead, "", nil
	}
	id, since, err := s.d.LockSession(ctx, q, s.n().tables)
	if err != nil {
		return Alive, "", err
	}
	mine := ownerSession(h.Owner)
	switch {
	case id == "":
		// A runner deletes its row before it lets go of the lock.
		return Dead, "", nil
	case mine == "":
		// A row without its session (an older strata): whose session
		// holds the lock cannot be told.
		if deadHere {
			return Dead, "", nil
		}
		return Alive, "", nil
	case id != mine:
		// Another runner took the lock and has not replaced the row yet.
		return Dead, "", nil
	case since.IsZero() || since.After(h.LockedAt.Add(clockSlack)):
		// The id may be a later session's that got the same number: the
		// session is h's only if it existed when h took the lock.
		if since.IsZero() && !deadHere {
			return Alive, "", nil
		}
		return Dead, "", nil
	case deadHere:
		return Orphaned, id, nil
	}
	return Alive, id, nil
}

// clockSlack allows for the server's clock (a session's start) being
// ahead of the runner's (LockedAt). A later session that got a dead one's
// id would also have to hold the lock before the next runner replaced the
// dead one's row, a window of milliseconds, so the slack costs nothing.
const clockSlack = time.Minute

// endOrphan ends the session of a holder whose process is gone from this
// machine while its session holds the lock, once per session, and reports
// whether it did.
func (s *Store) endOrphan(ctx context.Context, conn dialect.Querier, h *dialect.Holder, o LockOptions, ended map[string]bool) bool {
	if h == nil || o.Host == "" || HolderHost(h) != o.Host || processAlive(h.ProcessID) {
		return false // the common case costs no query
	}
	life, id, err := s.LifeOf(ctx, conn, h, time.Now(), o)
	if err != nil || life != Orphaned || ended[id] {
		return false
	}
	ended[id] = true
	if err := s.d.EndSession(ctx, conn, id); err != nil {
		return false
	}
	if o.OnEnded != nil {
		o.OnEnded(h, id)
	}
	return true
}
