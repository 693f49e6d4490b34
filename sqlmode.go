package strata

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/strata-db/strata/internal/dialect"
	"github.com/strata-db/strata/internal/sqlsplit"
)

// sessionMode is the sql_mode the sessions of a MySQL database start with
// (the URL's sql_mode parameter, or the server's default), which decides
// where a string with a backslash ends. It is read once per Migrator, and
// only when a section holds a backslash: elsewhere the mode cannot change
// a split, and the read would be a round trip for nothing.
type sessionMode struct {
	mu    sync.Mutex
	known bool
	value string
}

// splitOptions are the options to split sql with: on MySQL, when sql
// holds a backslash, the session's sql_mode. Should it not be readable,
// the split goes on with the defaults (backslashes escape), as before
// strata knew the mode, and the statement that fails says so.
func (m *Migrator) splitOptions(sql string) sqlsplit.Options {
	r, ok := m.d.(dialect.SQLModeReader)
	if !ok || strings.IndexByte(sql, '\\') < 0 {
		return sqlsplit.Options{}
	}
	m.mode.mu.Lock()
	defer m.mode.mu.Unlock()
	if !m.mode.known {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if v, err := r.SQLMode(ctx, m.db); err == nil {
			m.mode.value, m.mode.known = v, true
		}
	}
	return sqlsplit.Options{SQLMode: m.mode.value}
}
