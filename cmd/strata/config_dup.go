package main

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/BurntSushi/toml"
)

// definedTwice is BurntSushi/toml's message for a key or table set twice.
var definedTwice = regexp.MustCompile(`^Key '([^']+)' has already been defined`)

// duplicateKey reports key, dotted ("dir", "env.prod.dir", "env.prod"),
// set a second time at line second of the config file path: where the
// first one is, when it can be found, and what to do.
func duplicateKey(path string, data []byte, key string, second int) error {
	c := &config{path: path, data: data}
	k := toml.Key(strings.Split(key, "."))
	first := ""
	if at, ok := c.line(k); ok {
		if n := at[strings.LastIndexByte(at, ':')+1:]; n != fmt.Sprint(second) {
			first = " (first at line " + n + ")"
		}
	}
	what := "key " + key + " is"
	if strings.HasPrefix(key, "env.") && len(k) == 2 || key == "lint" {
		what = "table [" + key + "] is"
	}
	return &configError{fmt.Sprintf("%s:%d: %s set twice%s\nTry: keep one of them: TOML allows each key once in a table, and each table once", path, second, what, first)}
}
