package strata

import (
	"fmt"

	"github.com/strata-db/strata/internal/source"
)

// UpOption narrows what Up and UpByOne do: To, DryRun, Retry. Options of
// Down only (Steps, All, BelowBaseline) are not UpOptions, so that a call
// that could not mean anything does not compile.
type UpOption interface{ applyUp(*runConfig) error }

// DownOption narrows what Down does: To, Steps, All, BelowBaseline,
// DryRun, Retry.
type DownOption interface{ applyDown(*runConfig) error }

// RunOption is an option of both Up and Down.
type RunOption func(*runConfig) error

func (o RunOption) applyUp(c *runConfig) error   { return o(c) }
func (o RunOption) applyDown(c *runConfig) error { return o(c) }

// downOnly is an option of Down alone.
type downOnly func(*runConfig) error

func (o downOnly) applyDown(c *runConfig) error { return o(c) }

// To stops Up after version v (inclusive), or makes Down roll back every
// applied migration above v ("0" rolls back everything above version 0).
func To(v string) RunOption {
	return func(c *runConfig) error {
		ver, err := source.ParseVersion(v)
		if err != nil {
			return fmt.Errorf("%w: --to %q is not a version: versions are digits", ErrUsage, v)
		}
		c.to, c.toSet = ver.String(), true
		return nil
	}
}

// Steps makes Down roll back the latest n migrations (default 1).
func Steps(n int) DownOption {
	return downOnly(func(c *runConfig) error {
		if n < 1 {
			return fmt.Errorf("%w: --steps must be at least 1", ErrUsage)
		}
		c.steps = n
		return nil
	})
}

// All makes Down roll back every applied migration.
func All() DownOption {
	return downOnly(func(c *runConfig) error { c.all = true; return nil })
}

// BelowBaseline lets Down roll back baselined migrations too. Without it,
// Down never runs the down section of a migration recorded by Baseline:
// that migration was never applied by strata, its objects predate it, and
// its down section would drop them (with their data). All() then stops
// above the newest baselined migration, and To or Steps reaching below it
// are refused with ErrBelowBaseline.
func BelowBaseline() DownOption {
	return downOnly(func(c *runConfig) error { c.belowBaseline = true; return nil })
}

// DryRun makes Up and Down plan and return the statements they would run,
// without writing anything, not even the tracking tables.
func DryRun() RunOption {
	return func(c *runConfig) error { c.dryRun = true; return nil }
}

// Retry lets Up and Down resume a section that failed part way at its
// failed statement with the file unchanged, for a failure that has passed:
// a lock wait timeout, a statement timeout, a privilege granted since, an
// invalid index dropped by hand. The statements that committed never run
// again (their hashes are checked as on any resume), a file changed since
// the failure resumes as it would without Retry, and the new attempt
// records that it retried. Without it, an unchanged file is refused, so
// that a real mistake is not run again by accident. It also runs again a
// statement that was in flight when a runner died and whose outcome
// cannot be proven (a CALL, a DO block), which a resume otherwise refuses
// to repeat.
func Retry() RunOption {
	return func(c *runConfig) error { c.retry = true; return nil }
}

// upConfig applies the options of Up.
func upConfig(opts []UpOption) (runConfig, error) {
	fs := make([]func(*runConfig) error, len(opts))
	for i, o := range opts {
		if o == nil {
			return runConfig{}, fmt.Errorf("%w: a nil option was passed to Up", ErrUsage)
		}
		fs[i] = o.applyUp
	}
	return newRunConfig(fs)
}

// downConfig applies the options of Down.
func downConfig(opts []DownOption) (runConfig, error) {
	fs := make([]func(*runConfig) error, len(opts))
	for i, o := range opts {
		if o == nil {
			return runConfig{}, fmt.Errorf("%w: a nil option was passed to Down", ErrUsage)
		}
		fs[i] = o.applyDown
	}
	return newRunConfig(fs)
}

func newRunConfig(opts []func(*runConfig) error) (runConfig, error) {
	var c runConfig
	for _, o := range opts {
		if err := o(&c); err != nil {
			return c, err
		}
	}
	n := 0
	if c.toSet {
		n++
	}
	if c.steps > 0 {
		n++
	}
	if c.all {
		n++
	}
	if n > 1 {
		return c, fmt.Errorf("%w: choose one of --to, --steps and --all", ErrUsage)
	}
	return c, nil
}
