// Command ferretdb-embedded runs FerretDB v1 (SQLite backend) embedded from its Go module.
//
// Why embedded: the cmd/ferretdb binary built by `go install` panics on a missing
// version file, the embedded package does not. It prints one JSON line with the
// MongoDB URI on stdout once it listens, then serves until SIGTERM/SIGINT or until
// its parent's stdin closes (so an orphaned server never outlives the test run).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	dataDir := flag.String("data", "", "directory for the SQLite databases (required)")
	listen := flag.String("listen", "127.0.0.1:0", "TCP address to listen on")
	watchStdin := flag.Bool("watch-stdin", false, "exit when stdin reaches EOF (parent died)")
	var pragmas pragmaList
	flag.Var(&pragmas, "sqlite-pragma", "extra SQLite pragma, e.g. synchronous(normal); repeatable")
	flag.Parse()
	if *dataDir == "" {
		fmt.Fprintln(os.Stderr, "ferretdb-embedded: --data is required")
		os.Exit(2)
	}
	abs, err := filepath.Abs(*dataDir)
	if err != nil {
		fail(err)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		fail(err)
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/" + pragmas.query(),
	})
	if err != nil {
		fail(err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if *watchStdin {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop()
		}()
	}

	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()
	go fixIDIndexesLoop(ctx, abs, 500*time.Millisecond)

	// MongoDBURI is only meaningful once the listener is bound; poll briefly.
	deadline := time.Now().Add(30 * time.Second)
	for {
		uri := f.MongoDBURI()
		if uri != "" && !hasZeroPort(uri) {
			out, _ := json.Marshal(map[string]any{"uri": uri, "data": abs, "pragmas": pragmas.effective()})
			fmt.Println(string(out))
			break
		}
		if time.Now().After(deadline) {
			fail(fmt.Errorf("listener did not start within 30s"))
		}
		select {
		case err := <-done:
			fail(fmt.Errorf("ferretdb stopped before listening: %v", err))
		case <-time.After(50 * time.Millisecond):
		}
	}
	if err := <-done; err != nil && ctx.Err() == nil {
		fail(err)
	}
}

// pragmaList collects --sqlite-pragma flags. FerretDB keeps its own defaults (WAL,
// busy timeout) for pragmas not given here; this program's are below.
type pragmaList []string

// defaultCacheSize bounds the page cache of each SQLite connection (KiB when negative).
// FerretDB v1 keeps up to 100 connections per database open and idle for ever
// (pool/opendb.go), and each fills its own cache: after one burst of 1,000 concurrent reads
// the server stayed at 455 MB resident with SQLite's default of 2 MB, at 179 MB with 512 KiB
// (bench/store-memory.ts; docs/benchmarks.md, "Embedded FerretDB memory"). The reads ran as
// fast and a crawl within its run-to-run spread: dropped pages come from the OS page cache.
const defaultCacheSize = "cache_size(-512)"

// SQLite's default synchronous=FULL syncs the WAL to disk at every commit, and FerretDB v1
// commits every write command; SQLite runs one writer at a time, so the syncs bounded a
// crawl (NORMAL: +36% pages/s at 4 tasks in flight, docs/benchmarks.md). In WAL mode NORMAL
// loses no committed write when a process dies (the server or the crawler, kill -9
// included), only the last commits on an OS crash or power loss, and then a suffix of them: the store comes back as it stood at an earlier moment, a
// state the pipeline already recovers from, as after a crash of both at that moment (the
// embedded server runs on the crawler's machine). MongoDB's default is alike: w:1
// acknowledges before the journal's next sync, every 100 ms.
const defaultSynchronous = "synchronous(normal)"

func (p *pragmaList) String() string { return fmt.Sprint(*p) }

func (p *pragmaList) Set(v string) error {
	*p = append(*p, v)
	return nil
}

func (p pragmaList) query() string {
	q := url.Values{}
	for _, v := range p.effective() {
		q.Add("_pragma", v)
	}
	return "?" + q.Encode()
}

// effective lists the pragmas given and the defaults above for those not given (a pragma
// given on the command line replaces the default of the same name).
func (p pragmaList) effective() []string {
	out := append([]string{}, p...)
	for _, d := range []string{defaultCacheSize, defaultSynchronous} {
		name := d[:strings.Index(d, "(")]
		given := false
		for _, v := range p {
			given = given || strings.HasPrefix(v, name)
		}
		if !given {
			out = append(out, d)
		}
	}
	return out
}

func hasZeroPort(uri string) bool {
	return len(uri) > 0 && (contains(uri, ":0/") || contains(uri, ":0?"))
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "ferretdb-embedded:", err)
	os.Exit(1)
}
