package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/strata-db/strata"
)

// output is where a command writes: results to stdout, diagnostics to
// stderr. Every byte passes through the secrets filter, so a password that
// reaches a message by any road (a driver error, an event, a history row)
// is still never printed.
type output struct {
	stdout, stderr io.Writer
	json           bool
	// colorOut and colorErr: ANSI colour on stdout and stderr.
	colorOut, colorErr bool
	secrets            []string
	// dir is the migrations directory: the library names files relative
	// to it, people need them relative to the working directory.
	dir string
	// database (redacted) and where its URL came from, to explain a
	// database that cannot be reached.
	database, databaseFrom string
	// finished is where the last up, down or redo left the database.
	finished *strata.RunFinished
}

func newOutput(stdout, stderr io.Writer) *output {
	o := &output{colorOut: wantColor(stdout), colorErr: wantColor(stderr)}
	o.stdout = &scrubWriter{w: stdout, o: o}
	o.stderr = &scrubWriter{w: stderr, o: o}
	return o
}

// wantColor reports whether w is a terminal that should get colour: never
// with NO_COLOR set (to any value, https://no-color.org) or TERM=dumb.
func wantColor(w io.Writer) bool {
	if _, ok := os.LookupEnv("NO_COLOR"); ok || os.Getenv("TERM") == "dumb" {
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// scrubWriter replaces secrets in whatever is written. Commands write
// whole lines or whole documents at once (tables in blocks of whole
// lines; see tableChunk), so a secret is never split between two writes.
type scrubWriter struct {
	w io.Writer
	o *output
}

func (s *scrubWriter) Write(p []byte) (int, error) {
	if !s.o.holdsSecret(p) {
		// Nearly always: the bytes go out as they are, not copied into a
		// string and back (a status of 10,000 migrations is a megabyte).
		if _, err := s.w.Write(p); err != nil {
			return 0, err
		}
		return len(p), nil
	}
	text := s.o.scrub(string(p))
	if _, err := io.WriteString(s.w, text); err != nil {
		return 0, err
	}
	return len(p), nil
}

// holdsSecret reports whether p contains any secret.
func (o *output) holdsSecret(p []byte) bool {
	for _, sec := range o.secrets {
		if bytes.Contains(p, []byte(sec)) {
			return true
		}
	}
	return false
}

// addSecrets adds strings never to print, longest first, so that a secret
// holding another is replaced whole.
func (o *output) addSecrets(secrets ...string) {
	o.secrets = append(o.secrets, secrets...)
	slices.SortStableFunc(o.secrets, func(a, b string) int { return len(b) - len(a) })
}

// scrub replaces every secret in text with xxxxx.
func (o *output) scrub(text string) string {
	for _, sec := range o.secrets {
		text = strings.ReplaceAll(text, sec, "xxxxx")
	}
	return text
}

// ANSI styles.
const (
	styleNone   = ""
	styleBold   = "1"
	styleRed    = "31"
	styleGreen  = "32"
	styleYellow = "33"
)

func paint(on bool, style, text string) string {
	if !on || style == styleNone || text == "" {
		return text
	}
	return "\x1b[" + style + "m" + text + "\x1b[0m"
}

// printf writes a line of text to stdout.
func (o *output) printf(format string, args ...any) {
	fmt.Fprintf(o.stdout, format+"\n", args...)
}

// warnf writes a warning to stderr.
func (o *output) warnf(format string, args ...any) {
	fmt.Fprintf(o.stderr, "%s %s\n", paint(o.colorErr, styleYellow, "warning:"), fmt.Sprintf(format, args...))
}

// noticef writes a progress note to stderr.
func (o *output) noticef(format string, args ...any) {
	fmt.Fprintf(o.stderr, format+"\n", args...)
}

// writeJSON prints v as the one JSON document of the command.
func (o *output) writeJSON(v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = o.stdout.Write(append(b, '\n'))
	return err
}

// cell is one table cell, with the style of its text.
type cell struct {
	text  string
	style string
}

// table writes rows under headers to stdout, columns aligned by two
// spaces. Trailing empty cells are dropped so that lines do not end in
// spaces.
func (o *output) table(headers []string, rows [][]cell) {
	o.tableOf(headers, len(rows), func(i int, cells []cell) { copy(cells, rows[i]) })
}

// tableOf is table for n rows that row fills in on demand, twice each
// (once to size the columns, once to print): a table of 10,000 rows then
// needs no matrix of cells.
func (o *output) tableOf(headers []string, n int, row func(i int, cells []cell)) {
	widths := make([]int, len(headers))
	for i, h := range headers {
		widths[i] = utf8.RuneCountInString(h)
	}
	cells := make([]cell, len(headers))
	fill := func(i int) {
		clear(cells)
		row(i, cells)
	}
	for r := range n {
		fill(r)
		for i, c := range cells {
			widths[i] = max(widths[i], utf8.RuneCountInString(c.text))
		}
	}
	// Tables of 10,000 rows are printed as fast as the state is read:
	// lines go into one buffer, padding cut from one string, and out in
	// blocks of whole lines, so that no copy of the whole table is made.
	// A secret with a line break in it could span two blocks: then the
	// table goes out in one.
	chunk := tableChunk
	for _, sec := range o.secrets {
		if strings.ContainsAny(sec, "\r\n") {
			chunk = math.MaxInt
		}
	}
	lineLen := 1
	for _, w := range widths {
		lineLen += w + 2
	}
	b := make([]byte, 0, min(lineLen*(n+1), tableChunk+lineLen))
	line := func(cells []cell) {
		last := len(cells) - 1
		for last >= 0 && cells[last].text == "" {
			last--
		}
		for i := 0; i <= last; i++ {
			c := cells[i]
			b = append(b, paint(o.colorOut, c.style, c.text)...)
			if i < last {
				b = pad(b, widths[i]-utf8.RuneCountInString(c.text)+2)
			}
		}
		b = append(b, '\n')
		if len(b) >= chunk {
			o.stdout.Write(b)
			b = b[:0]
		}
	}
	hs := make([]cell, len(headers))
	for i, h := range headers {
		hs[i] = cell{h, styleBold}
	}
	line(hs)
	for r := range n {
		fill(r)
		line(cells)
	}
	if len(b) > 0 {
		o.stdout.Write(b)
	}
}

// tableChunk is the size of the blocks a table is written in.
const tableChunk = 64 << 10

// spaces is where pad cuts its padding from.
const spaces = "                                                                "

// pad appends n spaces to b.
func pad(b []byte, n int) []byte {
	for n > len(spaces) {
		b = append(b, spaces...)
		n -= len(spaces)
	}
	return append(b, spaces[:n]...)
}

// human formats a duration for people: 12ms, 1.5s, 2m5s.
func human(d time.Duration) string {
	switch {
	case d < time.Second:
		return strconv.FormatInt(d.Milliseconds(), 10) + "ms"
	case d < time.Minute:
		return fmt.Sprintf("%.1fs", d.Seconds())
	}
	return d.Round(time.Second).String()
}

// timestamp formats a time for tables: UTC, to the second.
func timestamp(t time.Time) string {
	return t.UTC().Format("2006-01-02 15:04:05Z")
}

// rfc3339 formats a time for JSON.
func rfc3339(t time.Time) string {
	return t.UTC().Format(time.RFC3339)
}

// plural returns "1 migration" or "3 migrations".
func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// firstLine is the first line of a possibly multi-line message.
func firstLine(s string) string {
	first, _, _ := strings.Cut(s, "\n")
	return first
}
