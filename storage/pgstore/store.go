package pgstore

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/rayclub/workoutflow/dashboard"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/workout"
)

// Store is the PostgreSQL storage adapter. Create it with New and call
// Migrate once before first use. It is safe for concurrent use, also by
// several processes sharing the database.
type Store struct {
	handle    handle
	schema    string
	lockConns int
	logger    *slog.Logger
	locks     locks
	waker     waker
}

// Interface checks.
var (
	_ workout.Store    = (*Store)(nil)
	_ workout.Notifier = (*Store)(nil)
	_ workout.Locker   = (*Store)(nil)
	_ ranking.Store    = (*Store)(nil)
	_ dashboard.Store  = (*Store)(nil)
)

// New returns a Store on the connections that cfg names. With cfg.DSN it
// opens a pool whose connections use cfg.Schema as search_path; with
// cfg.Pool or cfg.DB it checks that their connections already do. New
// connects once to check the configuration.
func New(ctx context.Context, cfg Config) (*Store, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}

	h, err := openHandle(ctx, cfg)
	if err != nil {
		return nil, err
	}
	s := &Store{handle: h, schema: cfg.Schema, lockConns: cfg.LockConns, logger: cfg.Logger}

	if err := s.checkSearchPath(ctx); err != nil {
		h.close()
		return nil, err
	}
	return s, nil
}

func openHandle(ctx context.Context, cfg Config) (handle, error) {
	switch {
	case cfg.Pool != nil:
		return poolHandle{pool: cfg.Pool}, nil
	case cfg.DB != nil:
		return sqlHandle{db: cfg.DB.DB}, nil
	}

	poolConfig, err := pgxpool.ParseConfig(cfg.DSN)
	if err != nil {
		return nil, fmt.Errorf("invalid pgstore config: DSN: %w", err)
	}
	poolConfig.ConnConfig.RuntimeParams["search_path"] = cfg.Schema
	pool, err := pgxpool.NewWithConfig(ctx, poolConfig)
	if err != nil {
		return nil, fmt.Errorf("open pool from DSN: %w", err)
	}
	return poolHandle{pool: pool, owned: true}, nil
}

// checkSearchPath connects once and checks that unqualified table names
// resolve to the Store's schema: the first entry of search_path other
// than "$user" must be the schema.
func (s *Store) checkSearchPath(ctx context.Context) error {
	var searchPath string
	err := s.handle.run(ctx, func(q querier) error {
		return q.QueryRow(ctx, "SELECT current_setting('search_path')").Scan(&searchPath)
	})
	if err != nil {
		return fmt.Errorf("connect to PostgreSQL: %w", err)
	}

	if first := firstSchema(searchPath); first != s.schema {
		return fmt.Errorf("invalid pgstore config: Schema is %q but the connections' search_path is %q; "+
			"set search_path=%s in the connection configuration", s.schema, searchPath, s.schema)
	}
	return nil
}

// firstSchema returns the first schema of a search_path setting other than
// "$user", without quotes.
func firstSchema(searchPath string) string {
	for _, entry := range strings.Split(searchPath, ",") {
		entry = strings.Trim(strings.TrimSpace(entry), `"`)
		if entry != "" && entry != "$user" {
			return entry
		}
	}
	return ""
}

// Schema returns the schema of the Store's tables.
func (s *Store) Schema() string { return s.schema }

// Close closes the connections the Store opened: the pool it opened from
// Config.DSN and the connections of Lock. A pool or handle given in Config
// stays open. Close the Store only after its users have stopped.
func (s *Store) Close() {
	s.waitWakeups()
	s.closeLockPool()
	s.handle.close()
}

// run calls fn with a querier of the Store's connections.
func (s *Store) run(ctx context.Context, fn func(q querier) error) error {
	return s.handle.run(ctx, fn)
}
