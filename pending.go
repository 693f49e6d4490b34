package strata

import "context"

// HasPending reports whether Up has anything to apply: a migration that is
// pending, out of order or failed (the Pending count of Status). It only
// reads, like Status.
func (m *Migrator) HasPending(ctx context.Context) (bool, error) {
	st, err := m.readStateWith(ctx, nil, stateOptions{skipSQL: true})
	if err != nil {
		return false, err
	}
	return m.status(st).Pending > 0, nil
}

// CurrentVersion returns the highest applied version, "" when none is
// (Status's CurrentVersion). It only reads.
func (m *Migrator) CurrentVersion(ctx context.Context) (string, error) {
	st, err := m.readStateWith(ctx, nil, stateOptions{skipSQL: true})
	if err != nil {
		return "", err
	}
	return st.highest(), nil
}

// UpByOne applies the next pending migration only, as Up would apply it
// first, and returns what happened to it; nil, and no error, when nothing
// is pending.
func (m *Migrator) UpByOne(ctx context.Context, opts ...UpOption) (*Result, error) {
	c, err := upConfig(opts)
	if err != nil {
		return nil, err
	}
	res, err := m.planAndRun(ctx, "up", c, func(st *state, c runConfig) ([]*step, error) {
		steps, err := m.planUp(st, c)
		return steps[:min(len(steps), 1)], err
	})
	if len(res) == 0 {
		return nil, err
	}
	return &res[0], err
}
