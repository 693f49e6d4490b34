package strata

import (
	"fmt"

	"github.com/strata-db/strata/internal/history"
)

// WritingHolder describes, in words, a lock holder that could not be
// read because it is writing to an SQLite database, which SQLite lets no
// one read meanwhile (LockWaiting.Writing, LockError.Writing).
const WritingHolder = history.WritingRunner

// String names the holder as strata's messages do: "user@host (pid 42,
// strata up)".
func (h LockHolder) String() string {
	return fmt.Sprintf("%s (pid %d, strata %s)", h.LockedBy, h.ProcessID, h.Command)
}
