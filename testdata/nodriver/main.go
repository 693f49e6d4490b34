// Command nodriver is a program that imports strata and nothing else:
// TestLibraryLinksNoDriver lists what it links.
package main

import "github.com/strata-db/strata"

func main() { _ = strata.Postgres }
