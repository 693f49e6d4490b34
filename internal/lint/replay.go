package lint

import (
	"fmt"
	"slices"
	"strings"

	"github.com/strata-db/strata/internal/sqlsplit"
)

// redef is a definition a migration writes for an object the model
// already holds: S101 reports the identical ones, S102 the different
// ones.
type redef struct {
	s    *stmt
	pos  sqlsplit.Position
	what string // "table users", "column orders.user_id", …
	here string // this definition, canonical
	// earlier are the earlier definitions involved, the object's own
	// first.
	earlier []origin
	diffs   []string // what differs; empty when identical
	// missing lists, for a table written again, what this definition has
	// that the table lacks: with IF NOT EXISTS they are never added.
	missing []string
	// other names the earlier object when this one has another name but
	// the same definition (a duplicate index or constraint).
	other string
	// ifNotExists: the statement is a no-op because of IF NOT EXISTS
	// (without it, it fails).
	ifNotExists bool
	// fails: without IF NOT EXISTS, the statement fails where the
	// earlier object exists.
	fails bool
	// alive reports whether the earlier object still exists; one dropped
	// later in the same migration was being replaced, not duplicated.
	alive func() bool
}

// replay applies the up sections to the schema model in version order,
// filling in the ops' facts and collecting redefinitions.
func replay(d sqlsplit.Dialect, migs []*migration) (redefs []*redef, rebuilds map[*op]*rebuild) {
	sc := newSchema(d)
	rt := newRebuildTracker()
	for _, m := range migs {
		r := &replayer{sc: sc, m: m}
		for _, s := range m.up.stmts {
			r.s = s
			r.addNoop = false
			for i := range s.ops {
				r.apply(&s.ops[i])
				rt.step(&s.ops[i])
			}
		}
		// An object re-created under a new name and whose old copy this
		// migration then drops was replaced, not duplicated.
		for _, d := range r.redefs {
			if d.alive == nil || d.alive() {
				redefs = append(redefs, d)
			}
		}
	}
	return redefs, rt.found
}

// replayer applies one migration.
type replayer struct {
	sc     *schema
	m      *migration
	s      *stmt
	redefs []*redef
	// addNoop: the last opAddColumn changed nothing, so the constraints
	// written on that column change nothing either.
	addNoop bool
}

func (r *replayer) apply(o *op) {
	sc := r.sc
	t := sc.tables[o.table]
	if t != nil {
		o.subject = t
		o.existed = t.createdIn != r.m
	} else {
		// Not a table the model holds: made outside the migrations, or a
		// materialized view (which takes indexes too).
		org, isView := sc.objects[objKey(objMatView, o.table)]
		o.existed = !isView || org.mig != r.m
	}
	switch o.kind {
	case opCreateTable:
		o.existed = t != nil
		if o.temporary {
			return
		}
		if t != nil {
			o.noop = true
			r.tableAgain(o, t)
			return
		}
		// The model gets copies, so that later changes to it never show
		// through the ops the checks read.
		nt := cloneTable(o.tbl)
		nt.createdIn = r.m
		nt.origin.mig = r.m
		sc.tables[nt.name] = nt
		o.subject = nt
	case opDropTable:
		if t != nil {
			sc.dropTable(t)
		}
	case opRenameTable:
		if t != nil && o.newName != "" {
			sc.renameTable(t, o.newName)
		}
	case opAddColumn:
		r.addNoop = false
		if t == nil {
			return
		}
		if old := t.column(o.col.name); old != nil {
			o.noop, r.addNoop = true, true
			if !t.opaque {
				r.columnAgain(o, t, old)
			}
			return
		}
		c := copyColumn(o.col)
		c.origin.mig = r.m
		if c.charset == "" && isTextType(c.typ) {
			c.charset = t.charset // MySQL: the table's default for new columns
		}
		t.cols = append(t.cols, c)
	case opDropColumn:
		if t != nil {
			o.before = copyColumn(t.column(o.name))
			sc.dropColumn(t, o.name)
		}
	case opRenameColumn:
		if t != nil {
			o.before = copyColumn(t.column(o.name))
			sc.renameColumn(t, o.name, o.newName)
		}
	case opAlterColumnType, opSetNotNull, opDropNotNull, opSetDefault, opDropDefault:
		if t == nil {
			return
		}
		c := t.column(o.name)
		if c == nil {
			return
		}
		o.before = copyColumn(c)
		switch o.kind {
		case opAlterColumnType:
			c.typ = o.typ
		case opSetNotNull:
			o.proven = hasNotNullCheck(t, c.name)
			c.null = notNull
		case opDropNotNull:
			c.null = nullable
		case opSetDefault:
			c.def, c.defKnown = o.col.def, o.col.defKnown
		case opDropDefault:
			c.def, c.defKnown = "", true
		}
	case opModifyColumn:
		if t == nil {
			return
		}
		if o.col.charset == "" && isTextType(o.col.typ) {
			// A whole new definition: without a character set of its
			// own, the column takes the table's default, whatever it had.
			o.col.charset = t.charset
		}
		if c := t.column(o.name); c != nil {
			o.before = copyColumn(c)
			if o.newName != o.name {
				sc.renameColumn(t, o.name, o.newName)
			}
			c.typ, c.null, c.def, c.defKnown, c.charset = o.col.typ, o.col.null, o.col.def, o.col.defKnown, o.col.charset
		}
	case opTableCharset:
		if t != nil {
			t.charset = o.newName
		}
	case opTableRebuild:
		if t != nil && o.name == "CONVERT TO CHARACTER SET" && o.newName != "" {
			t.charset = o.newName
			for _, c := range t.cols {
				if isTextType(c.typ) {
					c.charset = o.newName
				}
			}
		}
	case opAddConstraint:
		if t == nil {
			return
		}
		r.addConstraint(o, t)
	case opDropConstraint:
		if t == nil {
			return
		}
		if c := t.constraint(o.name); c != nil {
			t.cons = slices.DeleteFunc(t.cons, func(x *constraint) bool { return x == c })
		} else {
			// The model named it differently (or never saw it): its idea
			// of this table's constraints can no longer be trusted.
			t.consUncertain = true
		}
	case opRenameConstraint:
		if t != nil {
			if c := t.constraint(o.name); c != nil {
				c.name, c.named = o.newName, true
			}
		}
	case opValidateConstraint:
		if t != nil {
			if c := t.constraint(o.name); c != nil {
				c.notValid = false
			}
		}
	case opCreateIndex:
		r.createIndex(o, t)
	case opDropIndex:
		key := sc.indexKey(o.table, o.name)
		x := sc.indexes[key]
		if x == nil {
			// Made outside the migrations, or under a name the model did
			// not guess; with IF EXISTS, perhaps not there at all.
			sc.indexesUncertain = true
			o.noop = o.ifExists
			return
		}
		if it := sc.tables[x.table]; it != nil {
			o.subject, o.existed = it, it.createdIn != r.m
		}
		delete(sc.indexes, key)
	case opRenameIndex:
		key := sc.indexKey(o.table, o.name)
		if x := sc.indexes[key]; x != nil {
			delete(sc.indexes, key)
			x.name, x.named = o.newName, true
			sc.indexes[sc.indexKey(o.table, o.newName)] = x
		}
	case opCreateObject:
		k := objKey(o.obj, o.name)
		_, o.existed = sc.objects[k]
		o.noop = o.existed && !o.orReplace
		if !o.existed {
			sc.objects[k] = r.s.origin(o.pos, "")
		}
	case opDropObject:
		org, ok := sc.objects[objKey(o.obj, o.name)]
		o.existed = !ok || org.mig != r.m
		sc.dropObject(o)
	case opRenameObject:
		k := objKey(o.obj, o.name)
		if org, ok := sc.objects[k]; ok {
			delete(sc.objects, k)
			sc.objects[objKey(o.obj, o.newName)] = org
		}
	case opAlterTableOther:
		if t != nil {
			t.opaque = true
		}
	case opTouch:
		for _, w := range identifierWords(o.name) {
			if tt := sc.tables[w]; tt != nil {
				tt.opaque = true
			}
		}
	}
}

// dropObject removes a named object. Dropping a schema drops its tables,
// dropping a materialized view its indexes.
func (sc *schema) dropObject(o *op) {
	delete(sc.objects, objKey(o.obj, o.name))
	if o.obj == objMatView {
		for k, x := range sc.indexes {
			if x.table == o.name {
				delete(sc.indexes, k)
			}
		}
	}
	if o.obj == objSchema {
		for name, t := range sc.tables {
			if strings.HasPrefix(name, o.name+".") {
				sc.dropTable(t)
			}
		}
	}
}

// identifierWords returns the lower-case words of procedural code, to
// find the tables it may touch.
func identifierWords(code string) []string {
	return strings.FieldsFunc(strings.ToLower(code), func(r rune) bool {
		return !(r == '_' || r == '.' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
}

func copyColumn(c *column) *column {
	if c == nil {
		return nil
	}
	cp := *c
	return &cp
}

func cloneConstraint(c *constraint) *constraint {
	cp := *c
	cp.cols, cp.refCols = slices.Clone(c.cols), slices.Clone(c.refCols)
	return &cp
}

func cloneIndex(x *index) *index {
	cp := *x
	cp.cols = slices.Clone(x.cols)
	return &cp
}

func cloneTable(t *table) *table {
	cp := *t
	cp.cols = make([]*column, len(t.cols))
	for i, c := range t.cols {
		cp.cols[i] = copyColumn(c)
	}
	cp.cons = make([]*constraint, len(t.cons))
	for i, c := range t.cons {
		cp.cons[i] = cloneConstraint(c)
	}
	return &cp
}

// tableAgain records a CREATE TABLE of a table the model already holds.
func (r *replayer) tableAgain(o *op, old *table) {
	if old.opaque {
		return
	}
	nt := o.tbl
	d := &redef{s: r.s, pos: o.pos, what: "table " + old.name, earlier: []origin{old.origin},
		ifNotExists: o.ifExists, fails: !o.ifExists, alive: r.tableAlive(old)}
	for _, c := range nt.cols {
		oc := old.column(c.name)
		if oc == nil {
			if !old.incomplete {
				d.missing = append(d.missing, "column "+c.name)
			}
			continue
		}
		// Identical columns are covered by the table's own finding.
		if cd := r.compareColumn(old, oc, c, columnCons(nt, c.name)); len(cd.diffs) > 0 {
			cd.pos = c.origin.pos
			cd.ifNotExists = o.ifExists
			r.redefs = append(r.redefs, cd)
		}
	}
	for _, c := range nt.cons {
		if len(c.cols) == 1 && nt.column(c.cols[0]) != nil && c.kind != conPrimary {
			continue // written on the column: compared with it
		}
		if old.consUncertain {
			continue
		}
		oc := findConstraint(old, c)
		if oc == nil {
			d.missing = append(d.missing, c.render())
			continue
		}
		if diffs := constraintDiffs(r.sc, oc, c); len(diffs) > 0 {
			r.redefs = append(r.redefs, &redef{s: r.s, pos: c.origin.pos, what: c.kind.String() + " " + c.name + " on " + old.name,
				here: c.render(), earlier: []origin{oc.origin}, diffs: diffs, ifNotExists: o.ifExists})
		}
	}
	d.here = "CREATE TABLE " + nt.name
	r.redefs = append(r.redefs, d)
}

// columnCons returns the single-column constraints of t on column name.
func columnCons(t *table, name string) []*constraint {
	var out []*constraint
	for _, c := range t.cons {
		if len(c.cols) == 1 && c.cols[0] == name && c.kind != conPrimary {
			out = append(out, c)
		}
	}
	return out
}

// columnAgain records an ADD COLUMN of a column the table already has.
func (r *replayer) columnAgain(o *op, t *table, old *column) {
	var cons []*constraint
	for _, later := range r.s.ops {
		if later.kind == opAddConstraint && later.viaColumn && later.table == o.table &&
			len(later.con.cols) == 1 && later.con.cols[0] == old.name {
			cons = append(cons, later.con)
		}
	}
	if d := r.compareColumn(t, old, o.col, cons); d != nil {
		d.pos = o.pos
		d.ifNotExists, d.fails = o.ifExists, !o.ifExists
		r.redefs = append(r.redefs, d)
	}
}

// compareColumn compares a column written again (with the constraints
// written on it) with the model's, returning the redefinition.
func (r *replayer) compareColumn(t *table, old, c *column, cons []*constraint) *redef {
	d := &redef{s: r.s, what: "column " + t.name + "." + old.name, earlier: []origin{old.origin},
		here: c.render(), alive: r.tableAlive(t)}
	d.diffs = columnDiffs(old, c)
	if !t.consUncertain {
		for _, nc := range cons {
			d.here += " " + nc.renderInline()
			oc := findConstraint(t, nc)
			if oc == nil {
				d.diffs = append(d.diffs, fmt.Sprintf("%s %s only here", nc.kind, nc.render()))
				continue
			}
			if diffs := constraintDiffs(r.sc, oc, nc); len(diffs) > 0 {
				d.diffs = append(d.diffs, diffs...)
				if !oc.inline || oc.origin.file != old.origin.file {
					d.earlier = append(d.earlier, oc.origin) // not shown with the column's own definition
				}
			}
		}
	}
	return d
}

func (r *replayer) tableAlive(t *table) func() bool {
	sc := r.sc
	return func() bool { return sc.tables[t.name] == t }
}

// columnDiffs lists how two definitions of a column differ, comparing
// only what both readers knew.
func columnDiffs(old, c *column) []string {
	var diffs []string
	if old.typ != "" && c.typ != "" && !strings.EqualFold(old.typ, c.typ) {
		diffs = append(diffs, fmt.Sprintf("type %s here, %s earlier", c.typ, old.typ))
	}
	if old.null != nullUnknown && c.null != nullUnknown && old.null != c.null {
		diffs = append(diffs, fmt.Sprintf("%s here, %s earlier", nullWord(c.null), nullWord(old.null)))
	}
	if old.defKnown && c.defKnown && !sameDefault(old.def, c.def) {
		diffs = append(diffs, fmt.Sprintf("default %s here, %s earlier", orNone(c.def), orNone(old.def)))
	}
	return diffs
}

func nullWord(n nullness) string {
	if n == notNull {
		return "NOT NULL"
	}
	return "nullable"
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// sameDefault compares canonical defaults, ignoring case outside quotes.
func sameDefault(a, b string) bool {
	return a == b || strings.EqualFold(a, b) && !strings.Contains(a, "'")
}

// findConstraint finds the model's constraint matching c: by name, or
// else one of the same kind on the same columns (for a check, with the
// same expression).
func findConstraint(t *table, c *constraint) *constraint {
	if c.named {
		if oc := t.constraint(c.name); oc != nil {
			return oc
		}
	}
	for _, oc := range t.cons {
		if oc.kind != c.kind {
			continue
		}
		switch c.kind {
		case conPrimary:
			return oc
		case conCheck:
			if oc.expr != "" && oc.expr == c.expr {
				return oc
			}
		default:
			if len(c.cols) > 0 && sameColumns(oc.cols, c.cols) {
				return oc
			}
		}
	}
	if oc := t.constraint(c.name); oc != nil && oc.kind == c.kind {
		return oc
	}
	return nil
}

// constraintDiffs lists how two definitions of a constraint differ.
func constraintDiffs(sc *schema, old, c *constraint) []string {
	var diffs []string
	if old.kind != c.kind {
		return []string{fmt.Sprintf("%s here, %s earlier", c.kind, old.kind)}
	}
	if len(old.cols) > 0 && len(c.cols) > 0 && !sameColumns(old.cols, c.cols) {
		diffs = append(diffs, fmt.Sprintf("columns (%s) here, (%s) earlier", strings.Join(c.cols, ", "), strings.Join(old.cols, ", ")))
	}
	switch c.kind {
	case conForeign:
		if old.refTable != c.refTable {
			diffs = append(diffs, fmt.Sprintf("references %s here, %s earlier", c.refTable, old.refTable))
		} else if a, b := sc.refColumns(old), sc.refColumns(c); a != nil && b != nil && !sameColumns(a, b) {
			diffs = append(diffs, fmt.Sprintf("references %s(%s) here, (%s) earlier", c.refTable, strings.Join(b, ", "), strings.Join(a, ", ")))
		}
		if old.onDelete != "" && c.onDelete != "" && old.onDelete != c.onDelete {
			diffs = append(diffs, fmt.Sprintf("ON DELETE %s here, ON DELETE %s earlier", c.onDelete, old.onDelete))
		}
		if old.onUpdate != "" && c.onUpdate != "" && old.onUpdate != c.onUpdate {
			diffs = append(diffs, fmt.Sprintf("ON UPDATE %s here, ON UPDATE %s earlier", c.onUpdate, old.onUpdate))
		}
	case conCheck:
		if old.expr != "" && c.expr != "" && old.expr != c.expr {
			diffs = append(diffs, fmt.Sprintf("CHECK (%s) here, CHECK (%s) earlier", c.expr, old.expr))
		}
	}
	return diffs
}

// refColumns returns the columns a foreign key references: as written,
// or else the referenced table's primary key; nil when unknown.
func (sc *schema) refColumns(c *constraint) []string {
	if len(c.refCols) > 0 {
		return c.refCols
	}
	if t := sc.tables[c.refTable]; t != nil {
		for _, pk := range t.cons {
			if pk.kind == conPrimary {
				return pk.cols
			}
		}
	}
	return nil
}

// addConstraint applies ADD CONSTRAINT, or records it as a
// redefinition.
func (r *replayer) addConstraint(o *op, t *table) {
	c := o.con
	if o.viaColumn && r.addNoop {
		o.noop = true // compared with its column in columnAgain
		return
	}
	if c.usingIndex != "" {
		if x := r.sc.indexes[r.sc.indexKey(t.name, schemaPrefix(t.name)+c.usingIndex)]; x != nil {
			c.cols = slices.Clone(x.cols)
			delete(r.sc.indexes, r.sc.indexKey(t.name, x.name))
		}
	}
	if !t.opaque && !t.consUncertain {
		if oc := findConstraint(t, c); oc != nil {
			diffs := constraintDiffs(r.sc, oc, c)
			sameName := oc.name == c.name
			if sameName || c.kind == conPrimary {
				o.noop = true // fails: the name (or the primary key) is taken
			}
			d := &redef{s: r.s, pos: o.pos, what: c.kind.String() + " " + c.name + " on " + t.name,
				here: c.render(), earlier: []origin{oc.origin}, diffs: diffs, fails: o.noop, alive: r.constraintAlive(t, oc)}
			if !sameName {
				d.other = oc.kind.String() + " " + oc.name
			}
			r.redefs = append(r.redefs, d)
			if o.noop {
				return
			}
		}
	}
	c = cloneConstraint(c)
	c.origin.mig = r.m
	t.cons = append(t.cons, c)
}

func (r *replayer) constraintAlive(t *table, c *constraint) func() bool {
	sc := r.sc
	return func() bool { return sc.tables[t.name] == t && slices.Contains(t.cons, c) }
}

// createIndex applies CREATE INDEX, or records it as a redefinition.
func (r *replayer) createIndex(o *op, t *table) {
	sc := r.sc
	x := o.idx
	key := sc.indexKey(x.table, x.name)
	if old := sc.indexes[key]; old != nil {
		o.noop = true
		if old.known && x.known && (t == nil || !t.opaque) {
			r.redefs = append(r.redefs, &redef{s: r.s, pos: o.pos, what: "index " + x.name, here: x.render(),
				earlier: []origin{old.origin}, diffs: indexDiffs(old, x), ifNotExists: o.ifExists, fails: !o.ifExists, alive: r.indexAlive(key, old)})
		}
		return
	}
	if x.known && !sc.indexesUncertain && (t == nil || !t.opaque) {
		for k, old := range sc.indexes {
			if old.table == x.table && old.known && len(indexDiffs(old, x)) == 0 {
				r.redefs = append(r.redefs, &redef{s: r.s, pos: o.pos, what: "index " + x.name, other: "index " + old.name,
					here: x.render(), earlier: []origin{old.origin}, alive: r.indexAlive(k, old)})
				break
			}
		}
	}
	x = cloneIndex(x)
	x.origin.mig = r.m
	sc.indexes[key] = x
}

func (r *replayer) indexAlive(key string, x *index) func() bool {
	sc := r.sc
	return func() bool { return sc.indexes[key] == x }
}

// indexDiffs lists how two definitions of an index differ.
func indexDiffs(old, x *index) []string {
	var diffs []string
	if old.table != x.table {
		diffs = append(diffs, fmt.Sprintf("on %s here, on %s earlier", x.table, old.table))
	}
	if !slices.Equal(old.cols, x.cols) {
		diffs = append(diffs, fmt.Sprintf("columns (%s) here, (%s) earlier", strings.Join(x.cols, ", "), strings.Join(old.cols, ", ")))
	}
	if old.unique != x.unique {
		diffs = append(diffs, fmt.Sprintf("%s here, %s earlier", uniqueWord(x.unique), uniqueWord(old.unique)))
	}
	if old.where != x.where {
		diffs = append(diffs, fmt.Sprintf("WHERE %s here, WHERE %s earlier", orNone(x.where), orNone(old.where)))
	}
	if old.method != x.method {
		diffs = append(diffs, fmt.Sprintf("USING %s here, USING %s earlier", orDefault(x.method), orDefault(old.method)))
	}
	return diffs
}

func uniqueWord(u bool) string {
	if u {
		return "unique"
	}
	return "not unique"
}

func orDefault(s string) string {
	if s == "" {
		return "the default method"
	}
	return s
}

// rebuild is a table replaced by a new copy under the same name:
// SQLite's way to change a column (create a new table, copy the rows,
// drop the old one, rename the new one into place; or rename the old one
// out of the way first, then create, copy and drop). The rows survive, so
// the DROP and the RENAME in it are not destructive; columns the new copy
// lacks are. The steps may be spread over several migrations, as
// generated migrations do with one statement per file.
type rebuild struct {
	table string   // the name kept
	lost  []string // columns of the old table the new one lacks; nil when unknown
}

// rebuildTracker follows the up sections' table drops, creates and
// renames across migrations to find rebuilds.
type rebuildTracker struct {
	seq     int                // ops seen so far
	created map[*table]int     // when each table was created (op sequence)
	dropped map[string]pending // a pre-existing table dropped, by its name
	renamed map[string]pending // a pre-existing table renamed away, by its old name
	await   map[*table]pending // renamed away, new table created under the old name: the drop ends it
	found   map[*op]*rebuild
}

// pending is a step of a rebuild in progress.
type pending struct {
	o    *op
	old  *table
	cols []string // the old table's columns then
	seq  int
	repl *table // the new copy, once known
}

func newRebuildTracker() *rebuildTracker {
	return &rebuildTracker{created: map[*table]int{}, dropped: map[string]pending{},
		renamed: map[string]pending{}, await: map[*table]pending{}, found: map[*op]*rebuild{}}
}

func columnNames(t *table) []string {
	if t == nil || t.incomplete {
		return nil
	}
	out := make([]string, len(t.cols))
	for i, c := range t.cols {
		out[i] = c.name
	}
	return out
}

// step records one op, after the replay applied it.
func (rt *rebuildTracker) step(o *op) {
	rt.seq++
	switch o.kind {
	case opCreateTable:
		if o.noop || o.temporary || o.subject == nil {
			return
		}
		rt.created[o.subject] = rt.seq
		delete(rt.dropped, o.table) // the name went to a new, empty table
		if r, ok := rt.renamed[o.table]; ok {
			delete(rt.renamed, o.table)
			r.repl = o.subject
			rt.await[r.old] = r
		}
	case opDropTable:
		t := o.subject
		if t == nil {
			return
		}
		if r, ok := rt.await[t]; ok {
			delete(rt.await, t)
			rt.record(r.o, o, t.name, r.cols, r.repl)
			return
		}
		if _, ok := rt.created[t]; ok || o.existed {
			rt.dropped[o.table] = pending{o: o, old: t, cols: columnNames(t), seq: rt.seq}
		}
	case opRenameTable:
		t := o.subject
		if t == nil {
			return
		}
		if d, ok := rt.dropped[o.newName]; ok {
			delete(rt.dropped, o.newName)
			// A copy made before the old table was dropped, renamed
			// into its place.
			if at, ok := rt.created[t]; ok && at < d.seq && t != d.old {
				rt.record(d.o, o, o.newName, d.cols, t)
				return
			}
		}
		rt.renamed[o.table] = pending{o: o, old: t, cols: columnNames(t), seq: rt.seq}
	}
}

// record marks the two ops of a rebuild.
func (rt *rebuildTracker) record(a, b *op, name string, oldCols []string, repl *table) {
	rb := &rebuild{table: name}
	if oldCols != nil && repl != nil && !repl.incomplete {
		rb.lost = []string{}
		for _, c := range oldCols {
			if repl.column(c) == nil {
				rb.lost = append(rb.lost, c)
			}
		}
	}
	rt.found[a], rt.found[b] = rb, rb
}

// hasNotNullCheck reports whether a validated check constraint proves
// that column col has no NULLs.
func hasNotNullCheck(t *table, col string) bool {
	for _, c := range t.cons {
		if c.kind == conCheck && !c.notValid && (c.expr == col+" IS NOT NULL" || c.expr == "("+col+" IS NOT NULL)") {
			return true
		}
	}
	return false
}
