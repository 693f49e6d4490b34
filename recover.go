package strata

import (
	"fmt"
	"strings"

	"github.com/strata-db/strata/internal/history"
)

// statementRange names statements from to to: "statement 3", "statements
// 1-4".
func statementRange(from, to int) string {
	if from == to {
		return fmt.Sprintf("statement %d", from)
	}
	return fmt.Sprintf("statements %d-%d", from, to)
}

// committed says how many statements of a section committed: "Statement
// 1 was committed", "Statements 1-3 were committed".
func committed(n int) string {
	switch n {
	case 0:
		return "No statement was committed"
	case 1:
		return "Statement 1 was committed"
	}
	return fmt.Sprintf("Statements 1-%d were committed", n)
}

// command is the strata command that runs a section of direction dir.
func command(dir string) string {
	if dir == history.Down {
		return "strata down"
	}
	return "strata up"
}

// failHint says what a failed section left behind and what to do next.
func failHint(p *step, inTx bool, me *MigrationError, interrupted bool) string {
	var b strings.Builder
	cmd := command(p.dir)
	switch {
	case inTx && p.dir == history.Down:
		b.WriteString("Nothing of this roll back was done: its transaction was rolled back, and the migration stays applied. ")
	case inTx:
		b.WriteString("Nothing of this migration was applied: its transaction was rolled back. ")
	case me.Applied == 1:
		b.WriteString("Statement 1 of this section was committed and stays so (statements commit one by one here). ")
	case me.Applied > 1:
		fmt.Fprintf(&b, "Statements 1-%d of this section were committed and stay so (statements commit one by one here). ", me.Applied)
	default:
		b.WriteString("No statement of this section was committed. ")
	}
	unknown := p.unknown && me.Statement == p.resumeAt && !interrupted
	if unknown {
		fmt.Fprintf(&b, "Statement %d was running when the previous runner died, so it may have taken effect then; running it again failed, "+
			"and only \"already exists\" of the object it creates counts as proof that it had. ", me.Statement)
	}
	section := p.sec.File
	if p.dir == history.Down {
		section = "the down section of " + p.sec.File
	}
	switch {
	case interrupted:
		fmt.Fprintf(&b, "Try: %s, to continue", cmd)
	case unknown:
		fmt.Fprintf(&b, "Try: check the database: if statement %d had taken effect, change it to fit the database as it is now (IF EXISTS, IF NOT EXISTS) or remove it; "+
			"otherwise fix it; then run %s again: it resumes at statement %d", me.Statement, cmd, me.Statement)
	case me.Statement == 0 && !inTx && me.Applied > 0:
		fmt.Fprintf(&b, "Try: fix the cause above and run %s again: it resumes at statement %d", cmd, me.Applied+1)
	case me.Statement == 0:
		fmt.Fprintf(&b, "Try: fix the cause above and run %s again", cmd)
	case !inTx && me.Applied > 0:
		fmt.Fprintf(&b, "Try: fix statement %d in %s and run %s again: it resumes at that statement", me.Statement, section, cmd)
	default:
		fmt.Fprintf(&b, "Try: fix %s and run %s again", section, cmd)
	}
	return b.String()
}
