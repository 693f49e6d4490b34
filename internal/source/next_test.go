package source

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestNext(t *testing.T) {
	now := time.Date(2026, 3, 4, 5, 6, 7, 0, time.FixedZone("CET", 3600))
	for _, tc := range []struct {
		name  string
		files []string
		in    string
		want  string
	}{
		{"empty directory", nil, "init", "001_init.sql"},
		{"continue 3 digits", []string{"001_a.sql", "002_b.sql", "003_c.sql"}, "add users", "004_add_users.sql"},
		{"no gaps from the latest", []string{"001_a.sql", "007_b.sql"}, "x", "008_x.sql"},
		{"width of the latest", []string{"1_a.sql", "0002_b.sql"}, "x", "0003_x.sql"},
		{"outgrow the width", []string{"999_a.sql"}, "x", "1000_x.sql"},
		{"no padding", []string{"1_a.sql", "2_b.sql"}, "x", "3_x.sql"},
		{"version 0 only", []string{"000_init.sql"}, "x", "001_x.sql"},
		// The layout of the latest migration: a pair after a pair.
		{"pairs", []string{"0041_a.up.sql", "0041_a.down.sql"}, "x", "0042_x.up.sql"},
		{"pair without its down", []string{"0041_a.up.sql"}, "x", "0042_x.up.sql"},
		{"pair after single files", []string{"001_a.sql", "002_b.up.sql", "002_b.down.sql"}, "x", "003_x.up.sql"},
		{"single file after pairs", []string{"001_a.up.sql", "001_a.down.sql", "002_b.sql"}, "x", "003_x.sql"},
		{"timestamp 14", []string{"20240131120000_a.sql"}, "x", "20260304040607_x.sql"},
		{"timestamp 18 (crates.io)", []string{"000000000000000000_setup.sql", "202401311200000000_a.sql"}, "x", "202603040406070000_x.sql"},
		{"timestamp 20 (kratos)", []string{"20150100000001000000_networks.sql"}, "x", "20260304040607000000_x.sql"},
		{"timestamp after sequential", []string{"001_a.sql", "20240131120000_b.sql"}, "x", "20260304040607_x.sql"},
		{"timestamp in the future", []string{"20990101000000_a.sql"}, "x", "20990101000001_x.sql"},
		{"timestamp in the future, padded", []string{"20990101000000999999_a.sql"}, "x", "20990101000001000000_x.sql"},
		{"same second", []string{"20260304040607_a.sql"}, "x", "20260304040608_x.sql"},
		{"name cleaned", []string{"001_a.sql"}, "  Add-Users  Table ", "002_add_users_table.sql"},
		{"40 digits", []string{"9999999999999999999999999999999999999999_a.sql"}, "x", "10000000000000000000000000000000000000000_x.sql"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{"m": {Mode: fs.ModeDir}}
			for _, f := range tc.files {
				fsys["m/"+f] = &fstest.MapFile{}
			}
			migs, err := Read(fsys, "m")
			if err != nil {
				t.Fatal(err)
			}
			file, v, err := Next(migs, tc.in, now)
			if err != nil {
				t.Fatal(err)
			}
			if file != tc.want {
				t.Errorf("Next = %q, want %q", file, tc.want)
			}
			// The new file must read back as the new latest version.
			if vv, _ := ParseVersion(file[:strings.IndexByte(file, '_')]); vv != v {
				t.Errorf("version %s does not match file %s", v, file)
			}
			for _, m := range migs {
				if m.Version.Compare(v) >= 0 {
					t.Errorf("new version %s is not above %s", v, m.Version)
				}
			}
			fsys["m/"+file] = &fstest.MapFile{}
			if down, ok := PairDown(file); ok {
				fsys["m/"+down] = &fstest.MapFile{}
			}
			if _, err := Read(fsys, "m"); err != nil {
				t.Errorf("directory with the new file: %v", err)
			}
		})
	}
}

func TestNextHandBuiltMigrations(t *testing.T) {
	// Migrations not from Read have no file name: the width is the
	// version's own.
	migs := []*Migration{{Version: MustParseVersion("41")}, nil}
	if file, _, err := Next(migs, "x", time.Now()); err != nil || file != "42_x.sql" {
		t.Errorf("Next = %q, %v", file, err)
	}
}

func TestCleanName(t *testing.T) {
	for in, want := range map[string]string{
		"add_users":        "add_users",
		"Add Users":        "add_users",
		"add-users":        "add_users",
		"  add -- users  ": "add_users",
		"_add__users_":     "add_users",
		"ADD USERS 2":      "add_users_2",
		"2fa":              "2fa",
	} {
		if got, err := CleanName(in); err != nil || got != want {
			t.Errorf("CleanName(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for in, msg := range map[string]string{
		"":              "the name is empty",
		" - _ ":         "the name is empty",
		"add.users":     `'.' is not allowed; use letters a-z, digits and "_"`,
		"add_users.sql": "give just the name, e.g. add_users; the version and .sql are added for you",
		"migrations/x":  "give just the name",
		"café":          `'é' is not allowed`,
		"drop;table":    `';' is not allowed`,
		"add\nusers":    `'\n' is not allowed`,
	} {
		if got, err := CleanName(in); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("CleanName(%q) = %q, %v; want error containing %q", in, got, err, msg)
		}
	}
	if _, _, err := Next(nil, "bad.name", time.Now()); err == nil || !strings.Contains(err.Error(), `migration name "bad.name"`) {
		t.Errorf("Next with a bad name: %v", err)
	}
}
