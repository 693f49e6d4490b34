package source

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestParseVersion(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		err      string
	}{
		{in: "1", want: "1"},
		{in: "001", want: "1"},
		{in: "010", want: "10"},
		{in: "0", want: "0"},
		{in: "000", want: "0"},
		{in: "20240131120000", want: "20240131120000"},
		{in: "00000000000000000000000000000000000000000042", want: "42"},
		{in: "1234567890123456789012345678901234567890", want: "1234567890123456789012345678901234567890"},
		{in: "", err: "empty version"},
		{in: "1a", err: `version "1a": only decimal digits`},
		{in: "-1", err: "only decimal digits"},
		{in: "+1", err: "only decimal digits"},
		{in: " 1", err: "only decimal digits"},
		{in: "١", err: "only decimal digits"}, // Arabic-Indic digit one
	} {
		v, err := ParseVersion(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseVersion(%q) error = %v, want %q", tc.in, err, tc.err)
			}
			if !v.IsZero() {
				t.Errorf("ParseVersion(%q) = %v on error, want the zero value", tc.in, v)
			}
			continue
		}
		if err != nil || v.String() != tc.want || v.IsZero() {
			t.Errorf("ParseVersion(%q) = %q, %v (zero %v), want %q", tc.in, v, err, v.IsZero(), tc.want)
		}
	}
}

func TestVersionEquality(t *testing.T) {
	if MustParseVersion("010") != MustParseVersion("10") {
		t.Error(`"010" != "10"`)
	}
	if MustParseVersion("000") != MustParseVersion("0") {
		t.Error(`"000" != "0"`)
	}
	if MustParseVersion("0") == (Version{}) {
		t.Error("version 0 equals the zero value")
	}
	if !(Version{}).IsZero() || (Version{}).String() != "" {
		t.Error("zero value is not zero")
	}
}

func TestVersionCompare(t *testing.T) {
	// Sorted ascending; every pair must compare like its indexes.
	sorted := []Version{
		{},
		MustParseVersion("0"),
		MustParseVersion("1"),
		MustParseVersion("2"),
		MustParseVersion("9"),
		MustParseVersion("10"),
		MustParseVersion("99"),
		MustParseVersion("100"),
		MustParseVersion("18446744073709551615"),  // max uint64
		MustParseVersion("18446744073709551616"),  // max uint64 + 1
		MustParseVersion("020150100000001000000"), // leading zero, 20 digits
		MustParseVersion("1234567890123456789012345678901234567890"),
		MustParseVersion("1234567890123456789012345678901234567891"),
		MustParseVersion("9999999999999999999999999999999999999999"),
		MustParseVersion("10000000000000000000000000000000000000000"),
	}
	for i, v := range sorted {
		for j, w := range sorted {
			want := 0
			if i < j {
				want = -1
			} else if i > j {
				want = 1
			}
			if got := v.Compare(w); got != want {
				t.Errorf("%q.Compare(%q) = %d, want %d", v, w, got, want)
			}
		}
	}
}

func TestVersionNext(t *testing.T) {
	for in, want := range map[string]string{
		"0": "1", "1": "2", "9": "10", "199": "200", "999": "1000",
		"9999999999999999999999999999999999999999": "10000000000000000000000000000000000000000",
	} {
		if got := MustParseVersion(in).next().String(); got != want {
			t.Errorf("next(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestVersionJSON(t *testing.T) {
	type doc struct {
		V Version `json:"v"`
	}
	b, err := json.Marshal(doc{MustParseVersion("0021")})
	if err != nil || string(b) != `{"v":"21"}` {
		t.Fatalf("Marshal = %s, %v", b, err)
	}
	var d doc
	if err := json.Unmarshal([]byte(`{"v":"0042"}`), &d); err != nil || d.V != MustParseVersion("42") {
		t.Fatalf("Unmarshal = %v, %v", d.V, err)
	}
	if err := json.Unmarshal([]byte(`{"v":"4x"}`), &d); err == nil {
		t.Fatal("Unmarshal of 4x succeeded")
	}
	if err := json.Unmarshal([]byte(`{"v":""}`), &d); err != nil || !d.V.IsZero() {
		t.Fatalf(`Unmarshal of "" = %v, %v`, d.V, err)
	}
}

func TestIsTimestamp(t *testing.T) {
	for in, want := range map[string]bool{
		"20240131120000":       true,
		"20240131235959":       true,
		"202401311200000000":   true, // crates.io: padded to 18 digits
		"20150100000001000000": true, // Kratos: day 00
		"20140929103760":       true, // crates.io: second 60
		"19700101000000":       true,
		"2024013112000":        false, // 13 digits
		"001":                  false,
		"00000000000000":       false, // version 0
		"00020240131120000":    true,  // leading zeros do not count
		"18991231120000":       false, // year
		"20241331120000":       false, // month 13
		"20240031120000":       false, // month 00
		"20240132120000":       false, // day 32
		"20240131240000":       false, // hour 24
		"12345678901234":       false,
		"99999999999999":       false,
	} {
		if got := IsTimestamp(MustParseVersion(in)); got != want {
			t.Errorf("IsTimestamp(%s) = %v, want %v", in, got, want)
		}
	}
	if IsTimestamp(Version{}) {
		t.Error("IsTimestamp(zero value) = true")
	}
}
