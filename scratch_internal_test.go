package strata

import (
	"os"
	"strings"
	"testing"
	"time"
)

// A scratch name carries its maker, reads back, needs no quoting and fits
// the servers' 63-character limit, whatever the host name.
func TestScratchNameRoundTrip(t *testing.T) {
	for _, host := range []string{"web-1.example.com", "WEB_1", "", "日本", strings.Repeat("h", 300)} {
		tag := hostTag(host)
		name := scratchPrefix + tag + "_4194304_" + "zzzzzz" + "_ab12"
		if len(name) > 63 {
			t.Errorf("%q: %d characters", name, len(name))
		}
		o, ok := parseScratchName(name)
		if !ok || o.host != tag || o.pid != 4194304 {
			t.Errorf("%q read back as %+v, %v", name, o, ok)
		}
	}
	if hostTag("web-1") == hostTag("web_1") {
		t.Error("hosts whose names differ in punctuation share a tag")
	}
	name := scratchName()
	o, ok := parseScratchName(name)
	if !ok || o.pid != os.Getpid() || o.host != hostTag(hostname()) || time.Since(o.made) > time.Minute {
		t.Fatalf("%s read back as %+v, %v", name, o, ok)
	}
	for _, other := range []string{"strata_scratch_0123456789ab", "strata_scratch_a_b_1_1_1_1", "strata_scratch_h_0000_x_1_ab",
		"strata_scratch_h;drop_0000_1_1_ab", "mydb"} {
		if _, ok := parseScratchName(other); ok {
			t.Errorf("%q taken for a scratch name", other)
		}
	}
}

// Only a database of a dead process on this host, or one older than
// ScratchMaxAge, is abandoned: never one of this process, of a live
// process, or of a recent run on another host.
func TestScratchAbandoned(t *testing.T) {
	now := time.Now()
	here, me := "me_0001", 100
	alive := func(pid int) bool { return pid == 200 }
	cases := []struct {
		o    scratchOrigin
		want string
	}{
		{scratchOrigin{host: here, pid: 300, made: now}, "its process 300 on this host is gone"},
		{scratchOrigin{host: here, pid: 200, made: now}, ""},
		{scratchOrigin{host: here, pid: me, made: now}, ""},
		{scratchOrigin{host: "other_0002", pid: 300, made: now.Add(-time.Hour)}, ""},
		{scratchOrigin{host: "other_0002", pid: 300, made: now.Add(-25 * time.Hour)}, "made 25h0m0s ago, more than 24h0m0s"},
		{scratchOrigin{host: here, pid: 200, made: now.Add(-25 * time.Hour)}, "made 25h0m0s ago, more than 24h0m0s"},
	}
	for _, c := range cases {
		if got := c.o.abandoned(now, here, me, alive); got != c.want {
			t.Errorf("%+v: got %q, want %q", c.o, got, c.want)
		}
	}
}
