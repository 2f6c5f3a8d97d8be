package main

// FerretDB v1.24.2's SQLite backend pushes `_id` equality down as
// `WHERE _ferretdb_sjson->'$._id' = ?`, but builds the `_id` index on
// `_ferretdb_sjson->"_id"`. SQLite only uses an expression index for the identical
// expression, so every lookup by `_id` scanned the whole table (EXPLAIN QUERY PLAN: SCAN).
// This adds an index on the exact pushdown expression to every collection table. It is
// invisible to FerretDB (not in its metadata) and SQLite maintains it on every write.

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite"
)

func fixIDIndexesLoop(ctx context.Context, dir string, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		files, _ := filepath.Glob(filepath.Join(dir, "*.sqlite"))
		for _, f := range files {
			if err := fixIDIndexes(ctx, f); err != nil && ctx.Err() == nil {
				fmt.Fprintln(os.Stderr, "ferretdb-embedded: id index:", f, err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func fixIDIndexes(ctx context.Context, file string) error {
	db, err := sql.Open("sqlite", "file:"+file+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(wal)")
	if err != nil {
		return err
	}
	defer db.Close()
	// Tables listed by FerretDB that lack our index; a dropped and re-created collection
	// keeps its table name, so this is asked afresh every round rather than cached.
	rows, err := db.QueryContext(ctx, `SELECT c.table_name FROM "_ferretdb_collections" c
		WHERE NOT EXISTS (SELECT 1 FROM sqlite_master m WHERE m.type = 'index' AND m.name = c.table_name || '__id_pushdown')
		AND EXISTS (SELECT 1 FROM sqlite_master t WHERE t.type = 'table' AND t.name = c.table_name)`)
	if err != nil {
		if strings.Contains(err.Error(), "no such table") {
			return nil
		}
		return err
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, name)
	}
	rows.Close()
	for _, table := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, table+"__id_pushdown", table)
		if _, err := db.ExecContext(ctx, q); err != nil {
			if strings.Contains(err.Error(), "no such table") {
				continue // dropped meanwhile
			}
			return err
		}
	}
	return nil
}
