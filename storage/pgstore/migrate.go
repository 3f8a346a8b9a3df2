package pgstore

import (
	"context"
	"embed"
	"fmt"
	"hash/fnv"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// VersionTable is the table, in the Store's schema, where goose records the
// applied migrations. It is not goose's default name, so that a service
// that runs its own goose migrations in the same schema keeps its history
// apart.
const VersionTable = "workoutflow_schema_migrations"

// Migrations returns the embedded goose migration files, for services that
// run migrations with their own tooling. The files expect search_path to
// start with the target schema.
func Migrations() fs.FS {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		panic(err) // The embedded directory exists, so fs.Sub does not fail here.
	}
	return sub
}

// Migrate creates the schema if needed and applies the migrations that
// the database lacks, under a session advisory lock so that processes
// starting together migrate one at a time. Every migration is idempotent
// and keeps existing rows, so Migrate is safe on a database that already
// holds the legacy tables.
func (s *Store) Migrate(ctx context.Context) error {
	err := s.run(ctx, func(q querier) error {
		_, err := q.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+pgx.Identifier{s.schema}.Sanitize())
		return err
	})
	if err != nil {
		return fmt.Errorf("create schema %s: %w", s.schema, err)
	}

	provider, release, err := s.migrationProvider()
	if err != nil {
		return err
	}
	defer release()

	results, err := provider.Up(ctx)
	if err != nil {
		return fmt.Errorf("migrate schema %s: %w", s.schema, err)
	}
	for _, result := range results {
		s.logger.Info("workoutflow: migration applied", "schema", s.schema,
			"version", result.Source.Version, "file", result.Source.Path, "duration", result.Duration)
	}
	return nil
}

// migrationProvider returns a goose provider on the Store's connections and
// the function that releases it.
func (s *Store) migrationProvider() (*goose.Provider, func(), error) {
	locker, err := lock.NewPostgresSessionLocker(
		lock.WithLockID(migrationLockID(s.schema)),
		lock.WithLockTimeout(1, 600),
	)
	if err != nil {
		return nil, nil, fmt.Errorf("create migration lock: %w", err)
	}

	db, releaseDB := s.handle.sqlDB()
	provider, err := goose.NewProvider(goose.DialectPostgres, db, Migrations(),
		goose.WithTableName(s.schema+"."+VersionTable),
		goose.WithSessionLocker(locker),
		goose.WithDisableGlobalRegistry(true),
	)
	if err != nil {
		_ = releaseDB()
		return nil, nil, fmt.Errorf("create migration provider: %w", err)
	}
	return provider, func() { _ = releaseDB() }, nil
}

// migrationLockID returns the advisory lock key of the migrations of a
// schema, so that schemas of one database migrate independently.
func migrationLockID(schema string) int64 {
	h := fnv.New64a()
	h.Write([]byte("workoutflow migrations " + schema))
	return int64(h.Sum64())
}

// MigrationSQL returns the SQL of every migration, in order, for review or
// for running by hand with psql. It starts by creating the schema and
// setting search_path to it (schema empty means DefaultSchema). The SQL does
// not fill the goose version table, but it is idempotent, so Migrate may
// run over it later.
func MigrationSQL(schema string) (string, error) {
	cfg, err := Config{DSN: "unused", Schema: schema}.withDefaults()
	if err != nil {
		return "", err
	}
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return "", err
	}
	sort.Strings(names)

	var b strings.Builder
	fmt.Fprintf(&b, "CREATE SCHEMA IF NOT EXISTS %s;\nSET search_path TO %s;\n", cfg.Schema, cfg.Schema)
	for _, name := range names {
		content, err := migrationFiles.ReadFile(name)
		if err != nil {
			return "", err
		}
		// Only the Up section belongs in the script: a Down section would
		// drop what its Up created.
		up, _, _ := strings.Cut(string(content), "-- +goose Down")
		fmt.Fprintf(&b, "\n-- %s\n%s", path.Base(name), up)
	}
	return b.String(), nil
}
