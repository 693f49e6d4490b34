package history

// Version is the state of one version, derived from its attempts. Nothing
// about it is stored: the attempt log is the only truth.
type Version struct {
	Version string
	// Applied is true after a successful up or baseline that no successful
	// down followed.
	Applied bool
	// Applying is the row that made the version applied (up or baseline);
	// nil when not applied.
	Applying *Attempt
	// Checksum is the up-section checksum the database accepts for the
	// version: the applying row's, or a later repair's.
	Checksum string
	// DownChecksum is the down-section checksum recorded with it.
	DownChecksum string
	// Failed is the latest attempt when it failed and no success or repair
	// came after it.
	Failed *Attempt
	// Last is the latest row of any kind.
	Last *Attempt
}

// Derive folds the attempts (in id order) into the state of each version.
func Derive(attempts []*Attempt) map[string]*Version {
	// Most versions have one attempt, so len(attempts) is a good size for
	// the map; the states are allocated in blocks rather than one by one.
	out := make(map[string]*Version, len(attempts))
	var block []Version
	for i := range attempts {
		a := attempts[i]
		v := out[a.Version]
		if v == nil {
			if len(block) == cap(block) {
				block = make([]Version, 0, min(len(attempts)-i, 256))
			}
			block = append(block, Version{Version: a.Version})
			v = &block[len(block)-1]
			out[a.Version] = v
		}
		fold(v, a)
	}
	return out
}

// Refs returns pointers to the attempts, in the same order.
func Refs(attempts []Attempt) []*Attempt {
	out := make([]*Attempt, len(attempts))
	for i := range attempts {
		out[i] = &attempts[i]
	}
	return out
}

// Fold adds one attempt, newer than all before it, to the states: what a
// runner does after each attempt it records, instead of deriving all again.
func Fold(out map[string]*Version, a *Attempt) {
	v := out[a.Version]
	if v == nil {
		v = &Version{Version: a.Version}
		out[a.Version] = v
	}
	fold(v, a)
}

// fold adds attempt a to v, the state of its version.
func fold(v *Version, a *Attempt) {
	v.Last = a
	if !a.Success {
		if a.Direction == Down && a.ErrorCode == CodeInterrupted && a.StatementsApplied == 0 && a.ErrorStatement == 0 {
			// A roll back killed inside its transaction changed nothing:
			// the version stays as it was, applied.
			return
		}
		v.Failed = a
		return
	}
	switch a.Direction {
	case Up, Baseline:
		v.Applied, v.Applying, v.Failed = true, a, nil
		v.Checksum, v.DownChecksum = a.Checksum, a.DownChecksum
	case Down:
		v.Applied, v.Applying, v.Failed = false, nil, nil
		v.Checksum, v.DownChecksum = "", ""
	case Repair:
		// A repair accepts the file as it is now: new checksums for an
		// applied version, and an end to a failure.
		v.Failed = nil
		if v.Applied {
			v.Checksum, v.DownChecksum = a.Checksum, a.DownChecksum
		}
	}
}

// Partial reports whether a failed up or down attempt left some of its
// statements committed (MySQL, or a no-transaction section): the version
// is then neither cleanly applied nor cleanly pending.
func (v *Version) Partial() bool {
	f := v.Failed
	if f == nil || f.Direction != Up && f.Direction != Down {
		return false
	}
	// An interrupted non-transactional attempt names the statement whose
	// outcome is unknown even when none is known to have completed.
	return f.StatementsApplied > 0 || (f.ErrorCode == CodeInterrupted && f.ErrorStatement > 0)
}
