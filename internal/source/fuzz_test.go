package source

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"math/big"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

// fuzzFiles lays out one or two fuzzed contents as a directory; mode picks
// the layout so that single files, pairs and duplicates all get fuzzed.
func fuzzFiles(mode uint8, a, b string) map[string]string {
	switch mode % 4 {
	case 0:
		return map[string]string{"m/001_a.sql": a, "m/002_b.sql": b}
	case 1:
		return map[string]string{"m/001_a.up.sql": a, "m/001_a.down.sql": b}
	case 2:
		return map[string]string{"m/001_a.sql": a}
	default:
		return map[string]string{"m/1_a.sql": a, "m/01_b.up.sql": b}
	}
}

// refLine counts lines the slow, obvious way, to check Section.Line.
func refLine(content string, off int) int {
	s := strings.ReplaceAll(content[:off], "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Count(s, "\n") + 1
}

// toCRLF turns every line ending ("\n", "\r\n", lone "\r") into "\r\n".
func toCRLF(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.ReplaceAll(s, "\n", "\r\n")
}

func readFiles(files map[string]string) ([]*Migration, error) {
	fsys := fstest.MapFS{}
	for name, content := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(content)}
	}
	return Read(fsys, "m")
}

func FuzzRead(f *testing.F) {
	f.Add(uint8(0), "CREATE TABLE t (id int);\n-- strata:down\nDROP TABLE t;\n", "")
	f.Add(uint8(0), "\uFEFF-- strata:up\r\nA;\r\n-- strata:down\r\nB;\r\n", "-- strata:no-transaction\rX;\r")
	f.Add(uint8(1), "-- strata:timeout 5s\nA;", "-- strata:down\n")
	f.Add(uint8(2), "-- strata:notx\n--strata:down\n-- strata:lint-ignore A,,B\n\x00", "")
	f.Add(uint8(3), "-- caf\xe9\n", "A;\n-- strata:up\n")
	f.Add(uint8(2), "\n\n-- strata:up\n-- strata:up x\n-- strata:down\n-- strata:down", "")
	f.Fuzz(func(t *testing.T, mode uint8, a, b string) {
		files := fuzzFiles(mode, a, b)
		migs, err := readFiles(files)
		var pe *ProblemsError
		if err != nil && !errors.As(err, &pe) {
			t.Fatalf("Read error is not a *ProblemsError: %v", err)
		}
		if pe != nil && len(pe.Problems) == 0 {
			t.Fatal("ProblemsError without problems")
		}

		migs2, err2 := readFiles(files)
		if !reflect.DeepEqual(migs, migs2) || !reflect.DeepEqual(err, err2) {
			t.Fatalf("Read is not deterministic:\n%v\n%v", err, err2)
		}

		// Skipping the SQL and loading it back gives what Read gives.
		fsys := fstest.MapFS{}
		for name, content := range files {
			fsys[name] = &fstest.MapFile{Data: []byte(content)}
		}
		skipped, serr := ReadWith(fsys, "m", ReadOptions{SkipSQL: true})
		if !reflect.DeepEqual(serr, err) || len(skipped) != len(migs) {
			t.Fatalf("SkipSQL read: %d migrations, %v; Read: %d, %v", len(skipped), serr, len(migs), err)
		}
		for i, m := range skipped {
			if lerr := Load(fsys, m); lerr != nil || !reflect.DeepEqual(m, migs[i]) {
				t.Fatalf("%s: loaded after SkipSQL (%v):\n%+v\nRead:\n%+v", m.Up.File, lerr, m, migs[i])
			}
		}

		for _, m := range migs {
			for _, s := range []Section{m.Up, m.Down} {
				if !s.Present {
					if !reflect.DeepEqual(s, Section{}) {
						t.Fatalf("absent section is not the zero Section: %+v", s)
					}
					continue
				}
				content, ok := files[s.File]
				if !ok {
					t.Fatalf("section of unknown file %q", s.File)
				}
				if s.Offset < 0 || s.Offset+len(s.SQL) > len(content) || content[s.Offset:s.Offset+len(s.SQL)] != s.SQL {
					t.Fatalf("%s: SQL %q is not the file slice at offset %d", s.File, s.SQL, s.Offset)
				}
				if strings.HasPrefix(s.SQL, bom) {
					t.Fatalf("%s: SQL starts with a BOM", s.File)
				}
				if got := refLine(content, s.Offset); s.Line != got {
					t.Fatalf("%s: Line %d, want %d", s.File, s.Line, got)
				}
				norm := Normalize(s.SQL)
				sum := sha256.Sum256([]byte(norm))
				if s.Checksum != "sha256:"+hex.EncodeToString(sum[:]) {
					t.Fatalf("%s: checksum %s is not sha256 of the normal form", s.File, s.Checksum)
				}
				if Normalize(norm) != norm {
					t.Fatalf("Normalize is not idempotent on %q", s.SQL)
				}
				for _, d := range s.Directives {
					if d.Line < s.Line {
						t.Fatalf("directive %+v before its section (line %d)", d, s.Line)
					}
				}
			}
		}

		// The same files with CRLF line endings must give the same
		// migrations, checksums, lines and problems: only offsets move.
		crlf := map[string]string{}
		for name, content := range files {
			crlf[name] = toCRLF(content)
		}
		cmigs, cerr := readFiles(crlf)
		if len(cmigs) != len(migs) {
			t.Fatalf("CRLF: %d migrations, want %d", len(cmigs), len(migs))
		}
		for i, m := range migs {
			c := cmigs[i]
			if c.Version != m.Version || c.Name != m.Name {
				t.Fatalf("CRLF: migration %d is %s_%s, want %s_%s", i, c.Version, c.Name, m.Version, m.Name)
			}
			for _, p := range [][2]Section{{m.Up, c.Up}, {m.Down, c.Down}} {
				s, cs := p[0], p[1]
				if s.Checksum != cs.Checksum || s.Line != cs.Line || s.Present != cs.Present ||
					!reflect.DeepEqual(s.Directives, cs.Directives) ||
					s.NoTransaction != cs.NoTransaction || s.TolerateExisting != cs.TolerateExisting || s.Timeout != cs.Timeout {
					t.Fatalf("CRLF changed section of %s:\n%+v\n%+v", s.File, s, cs)
				}
			}
		}
		var cpe *ProblemsError
		errors.As(cerr, &cpe)
		if (pe == nil) != (cpe == nil) || (pe != nil && !reflect.DeepEqual(pe.Problems, cpe.Problems)) {
			t.Fatalf("CRLF changed the problems:\n%v\n---\n%v", err, cerr)
		}
	})
}

func FuzzParseVersion(f *testing.F) {
	f.Add("010", "10")
	f.Add("0", "000")
	f.Add("", "1")
	f.Add("18446744073709551616", "18446744073709551615")
	f.Add("1234567890123456789012345678901234567890", "999999999999999999999999999999999999999")
	f.Add("12a", "-1")
	f.Fuzz(func(t *testing.T, a, b string) {
		v, err := ParseVersion(a)
		digits := a != "" && strings.Trim(a, "0123456789") == ""
		if digits != (err == nil) {
			t.Fatalf("ParseVersion(%q) error = %v", a, err)
		}
		if err != nil {
			if !v.IsZero() {
				t.Fatalf("ParseVersion(%q) = %q with an error", a, v)
			}
			return
		}
		s := v.String()
		if v.IsZero() || s == "" || (len(s) > 1 && s[0] == '0') || strings.Trim(s, "0123456789") != "" {
			t.Fatalf("ParseVersion(%q).String() = %q", a, s)
		}
		if w, err := ParseVersion(s); err != nil || w != v {
			t.Fatalf("round trip of %q: %q, %v", a, w, err)
		}
		var u Version
		if txt, _ := v.MarshalText(); u.UnmarshalText(txt) != nil || u != v {
			t.Fatalf("text round trip of %q", a)
		}
		_ = IsTimestamp(v)
		if v.next().Compare(v) != 1 {
			t.Fatalf("next(%s) is not greater", v)
		}

		w, err := ParseVersion(b)
		if err != nil {
			return
		}
		x, _ := new(big.Int).SetString(a, 10)
		y, _ := new(big.Int).SetString(b, 10)
		if got, want := v.Compare(w), x.Cmp(y); got != want {
			t.Fatalf("Compare(%q, %q) = %d, want %d", a, b, got, want)
		}
		if (v == w) != (x.Cmp(y) == 0) {
			t.Fatalf("(%q == %q) = %v", a, b, v == w)
		}
	})
}
