// Package pgtree reads PostgreSQL statements for strata lint with
// PostgreSQL's own parser: libpg_query as compiled to WebAssembly by
// github.com/wasilibs/go-pgquery, run by wazero, so CGO_ENABLED=0 builds
// work. [Parse] parses a section at a time, decodes the JSON trees the
// parser writes into the few node types lint needs, and turns each
// statement into facts (internal/lint/facts).
//
// The compiled parser is kept in wazero's file cache under the user cache
// directory (strata/wazero), so that only the first run pays for
// compiling it.
package pgtree
