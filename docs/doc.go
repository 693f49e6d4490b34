// Package docs holds strata's reference documentation, as Markdown beside
// this file, and the tests that keep its generated parts true: the
// package picture of architecture.md is drawn from "go list -deps -json"
// and compared with the file (go test ./docs -update redraws it).
package docs
