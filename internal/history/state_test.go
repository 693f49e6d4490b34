package history

import "testing"

// TestDeriveInterruptedDown: a roll back killed inside its transaction
// changed nothing, so the version stays applied and not failed; one that
// committed statements (MySQL, no-transaction) or failed on its own is a
// failure (trial 2, F8).
func TestDeriveInterruptedDown(t *testing.T) {
	up := &Attempt{Version: "1", Direction: Up, Success: true, Checksum: "sha256:a"}
	cases := []struct {
		name    string
		down    *Attempt
		applied bool
		failed  bool
		partial bool
	}{
		{"killed in its transaction", &Attempt{Version: "1", Direction: Down, ErrorCode: CodeInterrupted}, true, false, false},
		{"killed after statement 1 committed", &Attempt{Version: "1", Direction: Down, ErrorCode: CodeInterrupted, StatementsApplied: 1, ErrorStatement: 2}, true, true, true},
		{"killed at statement 1 of a no-transaction section", &Attempt{Version: "1", Direction: Down, ErrorCode: CodeInterrupted, ErrorStatement: 1}, true, true, true},
		{"failed in its transaction", &Attempt{Version: "1", Direction: Down, ErrorCode: "42P01", ErrorStatement: 1}, true, true, false},
		{"up killed in its transaction", &Attempt{Version: "1", Direction: Up, ErrorCode: CodeInterrupted}, true, true, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := Derive([]*Attempt{up, c.down})["1"]
			if v.Applied != c.applied || (v.Failed != nil) != c.failed || v.Partial() != c.partial || v.Last != c.down || v.Checksum != "sha256:a" {
				t.Fatalf("applied %v, failed %v, partial %v, last %+v, checksum %q; want applied %v, failed %v, partial %v",
					v.Applied, v.Failed != nil, v.Partial(), v.Last, v.Checksum, c.applied, c.failed, c.partial)
			}
		})
	}
}
