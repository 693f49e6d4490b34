//go:build sqlite_cgo && !cgo

package main

// The sqlite_cgo tag asks for the SQLite C library, which needs cgo: build
// with CGO_ENABLED=1 and a C compiler, or without the tag. Without this
// file the build would succeed and every SQLite connection would fail at
// run time.
var _ = sqlite_cgo_needs_CGO_ENABLED_1_and_a_C_compiler
