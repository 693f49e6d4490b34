package pgtree

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	_ "unsafe" // for go:linkname

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
	_ "github.com/wasilibs/go-pgquery/parser" // links the module and host functions named below
	"github.com/wasilibs/wazero-helpers/allocator"
)

// This file runs libpg_query itself rather than through go-pgquery's Parse.
//
// Why: go-pgquery compiles its 2.2 MB WebAssembly module from scratch in
// every process, on one core: 1.1-1.5 s of CPU before the first statement
// is parsed, more than strata lint's whole budget (the crates.io set must
// lint in under a second). Compiling with all cores, and keeping the
// compiled code in wazero's file cache under the user cache directory
// (as the go command keeps its build cache), brings that to 0.1-0.3 s
// from the second run on. go-pgquery has no option for either, so this
// file starts the same module with the same host functions and calls
// the same libpg_query function, pg_query_parse (the JSON form of the
// tree: see tree.go), itself.
//
// The module and the wasix host functions are go-pgquery's, reached with
// go:linkname because they live in its internal packages. go-pgquery is
// pinned in go.mod; if an upgrade moves them, the build fails at link
// time, loudly. TestParserMatchesGoPgquery checks that the trees are
// the same as go-pgquery's own Parse gives.

//go:linkname wasmModule github.com/wasilibs/go-pgquery/internal/wasm.LibPGQuery
var wasmModule []byte

//go:linkname instantiateWasix github.com/wasilibs/go-pgquery/internal/wasix32v1.MustInstantiate
func instantiateWasix(ctx context.Context, r wazero.Runtime)

//go:linkname wasixContext github.com/wasilibs/go-pgquery/internal/wasix32v1.BackgroundContext
func wasixContext() context.Context

// wasmParser is one instance of libpg_query. It parses one string at a
// time.
type wasmParser struct {
	mu                             sync.Mutex
	mem                            api.Memory
	malloc, free, parse, freeParse api.Function
}

// syntaxError is libpg_query's complaint about its input.
type syntaxError struct {
	msg    string
	cursor int // 1-based character position in the input; 0 when unknown
}

// Error implements error.
func (e *syntaxError) Error() string { return e.msg }

var (
	parserOnce sync.Once
	theParser  *wasmParser
	parserErr  error
)

// WarmParser starts the parser in the background, so that compiling
// (or loading) it overlaps reading and splitting the directory.
func WarmParser() {
	go parserOnce.Do(startParser)
}

// getParser returns the process's parser, starting it on first use.
func getParser() (*wasmParser, error) {
	parserOnce.Do(startParser)
	return theParser, parserErr
}

func startParser() {
	theParser, parserErr = newWasmParser()
	if parserErr != nil {
		parserErr = fmt.Errorf("lint: starting the PostgreSQL parser: %w", parserErr)
	}
}

// compilationCache returns wazero's file cache under the user cache
// directory, or an in-memory cache when there is none to write to.
func compilationCache() wazero.CompilationCache {
	if dir, err := os.UserCacheDir(); err == nil {
		if c, err := wazero.NewCompilationCacheWithDir(filepath.Join(dir, "strata", "wazero")); err == nil {
			return c
		}
	}
	return wazero.NewCompilationCache()
}

func newWasmParser() (*wasmParser, error) {
	ctx := context.Background()
	rt := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfig().
		WithCompilationCache(compilationCache()).
		WithCoreFeatures(api.CoreFeaturesV2|experimental.CoreFeaturesThreads))
	if _, err := wasi_snapshot_preview1.Instantiate(ctx, rt); err != nil {
		return nil, err
	}
	instantiateWasix(ctx, rt)
	code, err := rt.CompileModule(experimental.WithCompilationWorkers(ctx, runtime.GOMAXPROCS(0)), wasmModule)
	if err != nil {
		return nil, err
	}
	mod, err := rt.InstantiateModule(experimental.WithMemoryAllocator(ctx, allocator.NewNonMoving()), code,
		wazero.NewModuleConfig().WithSysNanotime().WithStartFunctions("_initialize"))
	if err != nil {
		return nil, err
	}
	p := &wasmParser{mem: mod.Memory()}
	for _, f := range []struct {
		fn   *api.Function
		name string
	}{{&p.malloc, "malloc"}, {&p.free, "free"}, {&p.parse, "pg_query_parse"}, {&p.freeParse, "pg_query_free_parse_result"}} {
		if *f.fn = mod.ExportedFunction(f.name); *f.fn == nil {
			return nil, fmt.Errorf("the module exports no %s", f.name)
		}
	}
	initFn := mod.ExportedFunction("pg_query_init")
	if initFn == nil {
		return nil, errors.New("the module exports no pg_query_init")
	}
	if _, err := initFn.Call(wasixContext()); err != nil {
		return nil, err
	}
	return p, nil
}

// Parse parses sql into PostgreSQL's raw parse tree. A syntax error is
// a *syntaxError; other errors mean the parser itself failed.
func (p *wasmParser) Parse(sql string) (*ParseResult, error) {
	tree, err := p.parseJSON(sql)
	if err != nil {
		return nil, err
	}
	out := &ParseResult{}
	if err := json.Unmarshal(tree, out); err != nil {
		return nil, fmt.Errorf("reading the parse tree: %w", err)
	}
	return out, nil
}

// parseJSON is Parse before the decoding: the tree as libpg_query writes
// it, in a buffer of its own.
func (p *wasmParser) parseJSON(sql string) ([]byte, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	ctx := wasixContext()
	in, err := p.alloc(ctx, uint64(len(sql)+1))
	if err != nil {
		return nil, err
	}
	defer p.free.Call(ctx, uint64(in))
	if !p.mem.WriteString(in, sql) || !p.mem.WriteByte(in+uint32(len(sql)), 0) {
		return nil, errors.New("cannot write the statement into the parser's memory")
	}
	// PgQueryParseResult {char *parse_tree; char *stderr_buffer;
	// PgQueryError *error}: 12 bytes, returned through the pointer
	// passed first.
	res, err := p.alloc(ctx, 12)
	if err != nil {
		return nil, err
	}
	defer p.free.Call(ctx, uint64(res))
	if _, err := p.parse.Call(ctx, uint64(res), uint64(in)); err != nil {
		return nil, err
	}
	defer p.freeParse.Call(ctx, uint64(res))
	buf, ok := p.mem.Read(res, 12)
	if !ok {
		return nil, errors.New("cannot read the parser's result")
	}
	if errPtr := binary.LittleEndian.Uint32(buf[8:]); errPtr != 0 {
		return nil, p.syntaxError(errPtr)
	}
	// A copy, which the nodes keep slices of (see pgNode.UnmarshalJSON):
	// the parser's memory is reused.
	tree, ok := p.cBytes(binary.LittleEndian.Uint32(buf))
	if !ok {
		return nil, errors.New("cannot read the parse tree")
	}
	return bytes.Clone(tree), nil
}

func (p *wasmParser) alloc(ctx context.Context, n uint64) (uint32, error) {
	r, err := p.malloc.Call(ctx, n)
	if err != nil {
		return 0, err
	}
	if r[0] == 0 {
		return 0, errors.New("the parser is out of memory")
	}
	return uint32(r[0]), nil
}

// syntaxError reads a PgQueryError {char *message; char *funcname; char
// *filename; int lineno; int cursorpos; char *context}.
func (p *wasmParser) syntaxError(at uint32) error {
	e := &syntaxError{msg: "syntax error"}
	if ptr, ok := p.mem.ReadUint32Le(at); ok {
		e.msg = p.cString(ptr)
	}
	if cur, ok := p.mem.ReadUint32Le(at + 16); ok {
		e.cursor = int(cur)
	}
	return e
}

// cString reads a NUL-terminated string from the parser's memory.
func (p *wasmParser) cString(ptr uint32) string {
	b, _ := p.cBytes(ptr)
	return string(b)
}

// cBytes is the NUL-terminated string at ptr in the parser's memory, as
// a view of that memory, valid until the parser runs again.
func (p *wasmParser) cBytes(ptr uint32) ([]byte, bool) {
	if ptr == 0 {
		return nil, true
	}
	rest, ok := p.mem.Read(ptr, p.mem.Size()-ptr)
	if !ok {
		return nil, false
	}
	end := bytes.IndexByte(rest, 0)
	if end < 0 {
		return nil, false
	}
	return rest[:end], true
}
