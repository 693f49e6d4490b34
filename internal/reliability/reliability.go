// Package reliability holds the tests that turn strata's promises into
// repeatable experiments with the real strata command against real
// databases: many runners at once, runners killed at random moments,
// sessions terminated by the server, interrupts. It has no code of its own
// beyond what the tests share.
//
// The tests run in CI at a size that fits; the flags -runners, -migrations
// and -trials (or STRATA_RELIABILITY_LONG=1) make a longer run:
//
//	STRATA_RELIABILITY_LONG=1 go test ./internal/reliability -run Crash -v -timeout 60m
package reliability
