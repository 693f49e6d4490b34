package main

import (
	"bytes"
	"testing"
	"time"

	"github.com/strata-db/strata"
)

func TestEventPrinter(t *testing.T) {
	var stdout, stderr bytes.Buffer
	o := newOutput(&stdout, &stderr)
	o.dir = "migrations"
	o.addSecrets("s3cret")
	p := newEventPrinter(o)
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	p.now = func() time.Time { return now }
	holder := &strata.LockHolder{LockedBy: "deploy@ci-7", ProcessID: 123, Command: "up", LockedAt: now.Add(-3 * time.Second), Version: "4"}

	p.handle(strata.LockWaiting{Holder: holder})
	now = now.Add(2 * time.Second)
	p.handle(strata.LockAcquired{})
	p.handle(strata.MigrationStarted{Version: "4", File: "004_orders.sql", Direction: "up", ResumeAt: 3})
	p.handle(strata.SlowMigration{Version: "4", File: "004_orders.sql", Statement: 3, Line: 17, Elapsed: 5 * time.Minute})
	p.handle(strata.Warning{Version: "4", File: "004_orders.sql", Line: 9, Message: "statement 2 (line 9): tolerated: relation \"orders\" already exists (42P07)"})
	p.handle(strata.MigrationFinished{Result: strata.Result{Version: "4", File: "004_orders.sql", Direction: "up", Duration: 12 * time.Millisecond, ResumedAt: 3}})
	p.handle(strata.MigrationFinished{Result: strata.Result{Version: "3", File: "003_users.sql", Direction: "down", Duration: 1500 * time.Millisecond}})
	p.handle(strata.RecoveredInterrupted{Holder: holder, Attempt: &strata.Attempt{ID: 17, Version: "4", File: "004_orders.sql", ErrorMessage: "runner deploy@ci-7 stopped (password s3cret)"}})
	p.handle(strata.RecoveredInterrupted{Holder: holder})

	wantErr := "waiting for the migration lock, held by deploy@ci-7 (pid 123, strata up) since 2026-01-02 03:04:02Z (for 3.0s), last reported at version 4\n" +
		"got the migration lock after 2.0s\n" +
		"resuming 004_orders.sql at statement 3: the statements before it are already committed\n" +
		"warning: 004_orders.sql has been running for 5m0s; it is at statement 3 (migrations/004_orders.sql:17)\n" +
		"warning: migrations/004_orders.sql:9: statement 2 (line 9): tolerated: relation \"orders\" already exists (42P07)\n" +
		"warning: the previous run stopped without recording its outcome; recorded it as attempt #17 (interrupted) on version 4 (migrations/004_orders.sql): runner deploy@ci-7 stopped (password xxxxx)\n" +
		"warning: the previous lock holder stopped without releasing the lock (it was held by deploy@ci-7 (pid 123, strata up) since 2026-01-02 03:04:02Z (for 5.0s), last reported at version 4); took the lock over\n"
	wantOut := "applied 004_orders.sql  (12ms, resumed at statement 3)\n" +
		"rolled back 003_users.sql  (1.5s)\n"
	if got := stderr.String(); got != wantErr {
		t.Errorf("stderr:\n%s\nwant:\n%s", got, wantErr)
	}
	if got := stdout.String(); got != wantOut {
		t.Errorf("stdout:\n%s\nwant:\n%s", got, wantOut)
	}

	// With --json, stdout is kept for the document.
	stdout.Reset()
	stderr.Reset()
	o.json = true
	p.handle(strata.MigrationFinished{Result: strata.Result{Version: "4", File: "004_orders.sql", Direction: "up", Duration: 12 * time.Millisecond}})
	if stdout.Len() != 0 || stderr.String() != "applied 004_orders.sql  (12ms)\n" {
		t.Errorf("with --json: stdout %q, stderr %q", stdout.String(), stderr.String())
	}
}
