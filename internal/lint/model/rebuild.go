package model

import (
	"github.com/strata-db/strata/internal/lint/facts"
)

// Rebuild is a table replaced by a new copy under the same name:
// SQLite's way to change a column (create a new table, copy the rows,
// drop the old one, rename the new one into place; or rename the old one
// out of the way first, then create, copy and drop). The rows survive, so
// the DROP and the RENAME in it are not destructive; columns the new copy
// lacks are. The steps may be spread over several migrations, as
// generated migrations do with one statement per file.
type Rebuild struct {
	Table string   // the name kept
	Lost  []string // columns of the old table the new one lacks; nil when unknown
}

// rebuildTracker follows the up sections' table drops, creates and
// renames across migrations to find rebuilds.
type rebuildTracker struct {
	seq     int                      // ops seen so far
	created map[*facts.Table]int     // when each table was created (op sequence)
	dropped map[string]pending       // a pre-existing table dropped, by its name
	renamed map[string]pending       // a pre-existing table renamed away, by its old name
	await   map[*facts.Table]pending // renamed away, new table created under the old name: the drop ends it
	found   map[*facts.Op]*Rebuild
}

// pending is a step of a rebuild in progress.
type pending struct {
	o    *facts.Op
	old  *facts.Table
	cols []string // the old table's columns then
	seq  int
	repl *facts.Table // the new copy, once known
}

func newRebuildTracker() *rebuildTracker {
	return &rebuildTracker{created: map[*facts.Table]int{}, dropped: map[string]pending{},
		renamed: map[string]pending{}, await: map[*facts.Table]pending{}, found: map[*facts.Op]*Rebuild{}}
}

func columnNames(t *facts.Table) []string {
	if t == nil || t.Incomplete {
		return nil
	}
	out := make([]string, len(t.Cols))
	for i, c := range t.Cols {
		out[i] = c.Name
	}
	return out
}

// step records one op, after the replay applied it.
func (rt *rebuildTracker) step(o *facts.Op) {
	rt.seq++
	switch o.Kind {
	case facts.OpCreateTable:
		if o.Noop || o.Temporary || o.Subject == nil {
			return
		}
		rt.created[o.Subject] = rt.seq
		delete(rt.dropped, o.Table) // the name went to a new, empty table
		if r, ok := rt.renamed[o.Table]; ok {
			delete(rt.renamed, o.Table)
			r.repl = o.Subject
			rt.await[r.old] = r
		}
	case facts.OpDropTable:
		t := o.Subject
		if t == nil {
			return
		}
		if r, ok := rt.await[t]; ok {
			delete(rt.await, t)
			rt.record(r.o, o, t.Name, r.cols, r.repl)
			return
		}
		if _, ok := rt.created[t]; ok || o.Existed {
			rt.dropped[o.Table] = pending{o: o, old: t, cols: columnNames(t), seq: rt.seq}
		}
	case facts.OpRenameTable:
		t := o.Subject
		if t == nil {
			return
		}
		if d, ok := rt.dropped[o.NewName]; ok {
			delete(rt.dropped, o.NewName)
			// A copy made before the old table was dropped, renamed
			// into its place.
			if at, ok := rt.created[t]; ok && at < d.seq && t != d.old {
				rt.record(d.o, o, o.NewName, d.cols, t)
				return
			}
		}
		rt.renamed[o.Table] = pending{o: o, old: t, cols: columnNames(t), seq: rt.seq}
	}
}

// record marks the two ops of a rebuild.
func (rt *rebuildTracker) record(a, b *facts.Op, name string, oldCols []string, repl *facts.Table) {
	rb := &Rebuild{Table: name}
	if oldCols != nil && repl != nil && !repl.Incomplete {
		rb.Lost = []string{}
		for _, c := range oldCols {
			if repl.Column(c) == nil {
				rb.Lost = append(rb.Lost, c)
			}
		}
	}
	rt.found[a], rt.found[b] = rb, rb
}

// hasNotNullCheck reports whether a validated check constraint proves
// that column col has no NULLs.
func hasNotNullCheck(t *facts.Table, col string) bool {
	for _, c := range t.Cons {
		if c.Kind == facts.ConCheck && !c.NotValid && (c.Expr == col+" IS NOT NULL" || c.Expr == "("+col+" IS NOT NULL)") {
			return true
		}
	}
	return false
}
