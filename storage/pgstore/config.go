package pgstore

import (
	"fmt"
	"log/slog"
	"regexp"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jmoiron/sqlx"
)

// DefaultSchema is the schema of the tables when Config.Schema is empty. The
// app reads the legacy tables there.
const DefaultSchema = "public"

// DefaultLockConns is the default of Config.LockConns.
const DefaultLockConns = 10

// Config configures a Store. Exactly one of DSN, Pool and DB must be set.
type Config struct {
	// DSN is a PostgreSQL connection string, a URL or keyword/value pairs.
	// The Store opens its own pool from it and closes it in Close.
	DSN string
	// Pool is the service's pgx pool. The Store uses it as it is and never
	// closes it. Its connections must have Schema first in their
	// search_path (New checks one connection).
	Pool *pgxpool.Pool
	// DB is the service's database handle, opened with the pgx stdlib
	// driver (sqlx.Open("pgx", dsn)). The Store uses it as it is and never
	// closes it. Its connections must have Schema first in their
	// search_path (New checks one connection).
	DB *sqlx.DB

	// Schema is the schema of the tables: lower-case letters, digits and
	// underscores. Empty means DefaultSchema. With DSN it is set as the
	// search_path of the Store's connections.
	Schema string
	// LockConns is the maximum number of connections that Lock holds at
	// once, in a pool of their own so that held locks never starve the
	// queries of the work they protect. Zero means DefaultLockConns.
	LockConns int
	// Logger receives the Store's logs. Nil means slog.Default().
	Logger *slog.Logger
}

// schemaPattern is the form of a schema name that needs no quoting.
var schemaPattern = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// withDefaults validates cfg and fills in the defaults.
func (cfg Config) withDefaults() (Config, error) {
	handles := 0
	for _, set := range []bool{cfg.DSN != "", cfg.Pool != nil, cfg.DB != nil} {
		if set {
			handles++
		}
	}
	if handles != 1 {
		return cfg, fmt.Errorf("invalid pgstore config: set exactly one of DSN, Pool and DB, got %d", handles)
	}

	if cfg.Schema == "" {
		cfg.Schema = DefaultSchema
	}
	if !schemaPattern.MatchString(cfg.Schema) {
		return cfg, fmt.Errorf("invalid pgstore config: Schema %q must be lower-case letters, digits and underscores, at most 63, not starting with a digit", cfg.Schema)
	}
	if cfg.LockConns < 0 {
		return cfg, fmt.Errorf("invalid pgstore config: LockConns must not be negative, got %d", cfg.LockConns)
	}
	if cfg.LockConns == 0 {
		cfg.LockConns = DefaultLockConns
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return cfg, nil
}
