package postgres

import (
	"math"
	"strconv"
	"strings"

	"github.com/strata-db/strata/internal/schema"
)

// identityOptions prints the options of an identity column's sequence
// that differ from what PostgreSQL picks for its type when none is given,
// so that a plain identity column prints nothing and ALTER COLUMN … SET
// INCREMENT BY 5 shows as a change. The current value is not an option:
// rows inserted move it, and drift is about the schema.
func identityOptions(sq *schema.Sequence) string {
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	switch sq.Type {
	case "smallint":
		lo, hi = math.MinInt16, math.MaxInt16
	case "integer":
		lo, hi = math.MinInt32, math.MaxInt32
	}
	// Ascending sequences count from 1 up to the type's maximum,
	// descending ones from -1 down to its minimum.
	defMin, defMax := int64(1), hi
	if sq.Increment < 0 {
		defMin, defMax = lo, -1
	}
	var parts []string
	add := func(name string, v, def int64) {
		if v != def {
			parts = append(parts, name+" "+strconv.FormatInt(v, 10))
		}
	}
	// START defaults to the minimum (ascending) or maximum (descending).
	defStart := sq.Min
	if sq.Increment < 0 {
		defStart = sq.Max
	}
	add("START", sq.Start, defStart)
	add("INCREMENT", sq.Increment, 1)
	add("MINVALUE", sq.Min, defMin)
	add("MAXVALUE", sq.Max, defMax)
	add("CACHE", sq.Cache, 1)
	if sq.Cycle {
		parts = append(parts, "CYCLE")
	}
	return strings.Join(parts, " ")
}
