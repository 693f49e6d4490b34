// Command profile runs one strata operation through the library, in
// process, with a CPU profile, and counts the network round trips it makes,
// to find where the time of a slow benchmark measure goes:
//
//	go run ./bench/profile -dialect postgres -db strata_prof -dir bench/out/sets/postgres-1000-seed20260101/migrations -op up -cpuprofile /tmp/up.pprof
//	go tool pprof -top /tmp/up.pprof
//
// Operations: up, noop (up with nothing pending), status, down (down --all),
// connect (a new connection and SELECT 1, the floor under every command).
// -rounds repeats noop and status in one process, so that their profile is
// not all process start-up. -fresh drops and recreates the database first
// (PostgreSQL and MySQL through their drivers; SQLite: a new file).
//
// The round-trip count is that of the client side of the connections:
// every time the client writes after having read, a new exchange with the
// server begins. It is exact for the PostgreSQL and MySQL protocols, where
// strata waits for each answer before it sends the next query.
package main

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"flag"
	"fmt"
	"net"
	"net/url"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	gomysql "github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/strata-db/strata"
	"github.com/strata-db/strata/mysqlcfg"
	// The SQLite driver the strata command of the same build uses
	// (modernc.org/sqlite, or mattn/go-sqlite3 with -tags sqlite_cgo),
	// registered by testdb, with sqlitedialect's DSN syntax for it.
	"github.com/strata-db/strata/internal/testdb"
)

// counter counts what crosses the client's connections.
type counter struct {
	writes, reads, trips, bytesOut, bytesIn atomic.Int64
	dialect                                 strata.Dialect
	trace                                   bool
	mu                                      sync.Mutex
	sent                                    map[string]int // what the client sent, by query text
	// spent is the time from sending each kind of request to sending the
	// next one: the server's work on it, the round trip, and whatever the
	// client did before its next request.
	spent     map[string]time.Duration
	last      string
	lastStart time.Time
}

// record notes the requests in one write, decoded from the wire protocol,
// so that -trace can say which queries make the round trips.
func (c *counter) record(b []byte) {
	if !c.trace {
		return
	}
	var reqs []string
	switch c.dialect {
	case strata.Postgres:
		// Frontend messages: type byte, int32 length (itself included),
		// payload. Simple queries ('Q') and parses ('P') carry the SQL.
		for len(b) >= 5 {
			t := b[0]
			n := int(b[1])<<24 | int(b[2])<<16 | int(b[3])<<8 | int(b[4])
			if n < 4 || 1+n > len(b) {
				break
			}
			p := b[5 : 1+n]
			switch t {
			case 'Q':
				reqs = append(reqs, "query: "+cstr(p))
			case 'P':
				name := cstr(p)
				reqs = append(reqs, "parse: "+cstr(p[len(name)+1:]))
			case 'B', 'E', 'S', 'D', 'C', 'H':
			default:
				reqs = append(reqs, fmt.Sprintf("message %q", t))
			}
			b = b[1+n:]
		}
	case strata.MySQL:
		// Packets: 3-byte length, sequence number, payload; the first
		// payload byte of a request is the command.
		for len(b) >= 5 {
			n := int(b[0]) | int(b[1])<<8 | int(b[2])<<16
			if 4+n > len(b) || n == 0 {
				break
			}
			p := b[4 : 4+n]
			switch p[0] {
			case 0x03:
				reqs = append(reqs, "query: "+string(p[1:]))
			case 0x16:
				reqs = append(reqs, "prepare: "+string(p[1:]))
			case 0x17:
				reqs = append(reqs, "execute prepared")
			case 0x19:
				// COM_STMT_CLOSE has no answer: not a round trip of its own.
			default:
				reqs = append(reqs, fmt.Sprintf("command 0x%02x", p[0]))
			}
			b = b[4+n:]
		}
	}
	now := time.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.last != "" {
		c.spent[c.last] += now.Sub(c.lastStart)
		c.last = ""
	}
	for _, r := range reqs {
		c.sent[shape(r)]++
		c.last, c.lastStart = shape(r), now
	}
}

// shape groups the requests for the summary: strata's own queries (those
// on its tracking tables, and its session set-up) are kept as they are, the
// migrations' statements are grouped by their leading words.
func shape(r string) string {
	r = strings.Join(strings.Fields(r), " ")
	kind, text, _ := strings.Cut(r, ": ")
	// strata sends a PostgreSQL migration as one script: BEGIN, the
	// statements, the history row and COMMIT. Group scripts by their
	// first statement.
	if u := strings.ToUpper(text); strings.HasPrefix(u, "BEGIN;") && len(text) > len("BEGIN; ") {
		rest := strings.TrimSpace(text[len("BEGIN;"):])
		if i := strings.Index(rest, "; INSERT INTO \"schema_migrations\""); i >= 0 {
			first, _, _ := strings.Cut(rest[:i], ";")
			g := strings.TrimPrefix(shape(kind+": "+first), kind+": ")
			return kind + ": BEGIN + " + g + " + history row + COMMIT"
		}
		kind, text = kind+": BEGIN +", rest
	}
	if i := strings.IndexAny(text, "'"); i >= 0 && (strings.Contains(text, "schema_migrations") || strings.Contains(text, "migration_locks")) {
		// strata's own writes carry their values as literals where the
		// driver interpolates them; group them by the statement.
		r = kind + ": " + strings.TrimSuffix(text[:i], "(")
		if len(r) > 110 {
			r = r[:110]
		}
		return r + "…"
	}
	if text != "" && !strings.Contains(text, "schema_migrations") && !strings.Contains(text, "migration_locks") {
		w := strings.Fields(strings.ToUpper(text))
		switch w[0] {
		case "CREATE", "ALTER", "DROP", "INSERT", "DELETE", "UPDATE":
			k := min(len(w), 2)
			if w[0] == "CREATE" && len(w) > 2 && (w[1] == "OR" || w[1] == "UNIQUE") {
				k = 3
			}
			return kind + ": " + strings.Join(w[:k], " ") + " … (migration SQL)"
		}
	}
	if len(r) > 110 {
		r = r[:110] + "…"
	}
	return r
}

func cstr(b []byte) string {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return string(b[:i])
	}
	return string(b)
}

type countedConn struct {
	net.Conn
	c        *counter
	mu       sync.Mutex
	lastRead bool
}

func (cc *countedConn) Write(b []byte) (int, error) {
	cc.mu.Lock()
	if cc.lastRead || cc.c.writes.Load() == 0 {
		cc.c.trips.Add(1)
	}
	cc.lastRead = false
	cc.mu.Unlock()
	cc.c.writes.Add(1)
	cc.c.record(b)
	n, err := cc.Conn.Write(b)
	cc.c.bytesOut.Add(int64(n))
	return n, err
}

func (cc *countedConn) Read(b []byte) (int, error) {
	n, err := cc.Conn.Read(b)
	if n > 0 {
		cc.mu.Lock()
		cc.lastRead = true
		cc.mu.Unlock()
		cc.c.reads.Add(1)
		cc.c.bytesIn.Add(int64(n))
	}
	return n, err
}

func main() {
	dialect := flag.String("dialect", "postgres", "postgres, mysql or sqlite")
	server := flag.String("server", "", "server URL without database (default: postgres://postgres@127.0.0.1:5432/?sslmode=disable or mysql://root@127.0.0.1:3306/); for sqlite, ignored")
	dbName := flag.String("db", "strata_profile", "database name (sqlite: file path)")
	dir := flag.String("dir", "", "migrations directory (required)")
	op := flag.String("op", "up", "up, noop, status, down, or connect (a new connection and SELECT 1: the floor under every command)")
	rounds := flag.Int("rounds", 1, "repetitions of the operation (noop and status)")
	fresh := flag.Bool("fresh", false, "drop and recreate the database first")
	cpu := flag.String("cpuprofile", "", "write a CPU profile here")
	mem := flag.String("memprofile", "", "write a heap profile (allocations) here")
	trace := flag.Bool("trace", false, "list the requests sent to the server, with counts (PostgreSQL, MySQL)")
	flag.Parse()
	if *dir == "" {
		fail("-dir is required")
	}
	d, err := strata.ParseDialect(*dialect)
	if err != nil {
		fail("%v", err)
	}
	ctx := context.Background()
	cnt := &counter{dialect: d, trace: *trace, sent: map[string]int{}, spent: map[string]time.Duration{}}
	db, err := open(ctx, d, *server, *dbName, *fresh, cnt)
	if err != nil {
		fail("%v", err)
	}
	defer db.Close()
	m, err := strata.New(db, d, os.DirFS(*dir))
	if err != nil {
		fail("%v", err)
	}
	if *cpu != "" {
		f, err := os.Create(*cpu)
		if err != nil {
			fail("%v", err)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	runtime.MemProfileRate = 4096
	w0, t0 := cnt.writes.Load(), cnt.trips.Load()
	start := time.Now()
	n := 0
	for range *rounds {
		switch *op {
		case "connect":
			// A fresh pool each round, as each strata process starts with.
			fresh, err := open(ctx, d, *server, *dbName, false, cnt)
			if err != nil {
				fail("connect: %v", err)
			}
			var one int
			if err := fresh.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
				fail("connect: %v", err)
			}
			fresh.Close()
		case "up", "noop":
			r, err := m.Up(ctx)
			if err != nil {
				fail("up: %v", err)
			}
			n = len(r)
		case "status":
			st, err := m.Status(ctx)
			if err != nil {
				fail("status: %v", err)
			}
			n = len(st.Migrations)
		case "down":
			r, err := m.Down(ctx, strata.All())
			if err != nil {
				fail("down: %v", err)
			}
			n = len(r)
		default:
			fail("unknown -op %q", *op)
		}
	}
	el := time.Since(start)
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	trips := cnt.trips.Load() - t0
	fmt.Printf("%s %s: %d rounds in %v (%v each); %d migrations in the result\n", d, *op, *rounds, el.Round(time.Microsecond), (el / time.Duration(*rounds)).Round(time.Microsecond), n)
	if d != strata.SQLite {
		fmt.Printf("round trips: %d (%d writes), %.1f per round", trips, cnt.writes.Load()-w0, float64(trips)/float64(*rounds))
		if n > 0 && (*op == "up" || *op == "down") {
			fmt.Printf(", %.2f per migration", float64(trips)/float64(n))
		}
		fmt.Printf("; %d bytes out, %d bytes in\n", cnt.bytesOut.Load(), cnt.bytesIn.Load())
	}
	if *trace {
		type kv struct {
			q string
			n int
		}
		var all []kv
		for q, n := range cnt.sent {
			all = append(all, kv{q, n})
		}
		slices.SortFunc(all, func(a, b kv) int { return cmp.Or(b.n-a.n, strings.Compare(a.q, b.q)) })
		fmt.Println("requests sent, set-up included (count, time until the next request, text):")
		for _, e := range all {
			fmt.Printf("%7d %10s  %s\n", e.n, cnt.spent[e.q].Round(time.Millisecond), e.q)
		}
	}
	fmt.Printf("Go heap: %d MB total allocated, %d MB in use at the end, %d GCs\n", ms.TotalAlloc>>20, ms.HeapInuse>>20, ms.NumGC)
	if *mem != "" {
		f, err := os.Create(*mem)
		if err != nil {
			fail("%v", err)
		}
		pprof.Lookup("allocs").WriteTo(f, 0)
		f.Close()
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "profile: "+format+"\n", args...)
	os.Exit(1)
}

// open connects as the strata command does (same drivers, same settings
// that matter for speed), with the connections counted.
func open(ctx context.Context, d strata.Dialect, server, name string, fresh bool, cnt *counter) (*sql.DB, error) {
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return &countedConn{Conn: c, c: cnt}, nil
	}
	switch d {
	case strata.Postgres:
		if server == "" {
			server = "postgres://postgres@127.0.0.1:5432/?sslmode=disable"
		}
		u, err := url.Parse(server)
		if err != nil {
			return nil, err
		}
		if fresh {
			u.Path = "/postgres"
			admin, err := sql.Open("pgx", u.String())
			if err != nil {
				return nil, err
			}
			defer admin.Close()
			for _, q := range []string{"DROP DATABASE IF EXISTS " + name + " WITH (FORCE)", "CREATE DATABASE " + name} {
				if _, err := admin.ExecContext(ctx, q); err != nil {
					return nil, err
				}
			}
		}
		u.Path = "/" + name
		cfg, err := pgx.ParseConfig(u.String())
		if err != nil {
			return nil, err
		}
		cfg.DialFunc = dial
		return stdlib.OpenDB(*cfg), nil
	case strata.MySQL:
		if server == "" {
			server = "mysql://root@127.0.0.1:3306/"
		}
		u, err := url.Parse(server)
		if err != nil {
			return nil, err
		}
		pass, _ := u.User.Password()
		gomysql.RegisterDialContext("counted", func(ctx context.Context, addr string) (net.Conn, error) { return dial(ctx, "tcp", addr) })
		cfg := gomysql.NewConfig()
		cfg.User, cfg.Passwd, cfg.Net, cfg.Addr = u.User.Username(), pass, "counted", u.Host
		mysqlcfg.Configure(cfg)
		if fresh {
			c, err := gomysql.NewConnector(cfg)
			if err != nil {
				return nil, err
			}
			admin := sql.OpenDB(c)
			defer admin.Close()
			for _, q := range []string{"DROP DATABASE IF EXISTS " + name, "CREATE DATABASE " + name} {
				if _, err := admin.ExecContext(ctx, q); err != nil {
					return nil, err
				}
			}
		}
		cfg.DBName = name
		c, err := gomysql.NewConnector(cfg)
		if err != nil {
			return nil, err
		}
		return sql.OpenDB(c), nil
	}
	if fresh {
		for _, s := range []string{"", "-journal", "-wal", "-shm"} {
			os.Remove(name + s)
		}
	}
	if strings.ContainsAny(name, "?#") {
		return nil, fmt.Errorf("sqlite path %q must not hold ? or #", name)
	}
	// The busy timeout is what the strata command sets; nothing else.
	return sql.Open(testdb.SQLiteKind.Name(), testdb.SQLiteKind.DSN(name, 5*time.Second))
}
