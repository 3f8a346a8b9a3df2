package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/rayclub/workoutflow/storage/memstore"
	"github.com/rayclub/workoutflow/storage/pgstore"
)

// storeConfig selects the storage adapter.
type storeConfig struct {
	// DatabaseURL is a PostgreSQL connection string. Empty means the
	// in-memory adapter, which keeps nothing after the process ends.
	DatabaseURL string
	// Migrate applies the PostgreSQL migrations before serving.
	Migrate bool
}

// openStore returns the storage adapter of cfg and a function that closes
// it.
func openStore(ctx context.Context, cfg storeConfig, logger *slog.Logger) (backend, func(), error) {
	if cfg.DatabaseURL == "" {
		if cfg.Migrate {
			return nil, nil, fmt.Errorf("invalid -migrate: it needs -database-url or DATABASE_URL")
		}
		logger.Info("server: using in-memory storage, data is lost when the process ends")
		return memstore.New(), func() {}, nil
	}

	store, err := pgstore.New(ctx, pgstore.Config{DSN: cfg.DatabaseURL, Logger: logger})
	if err != nil {
		return nil, nil, fmt.Errorf("open PostgreSQL storage: %w", err)
	}
	if cfg.Migrate {
		if err := store.Migrate(ctx); err != nil {
			store.Close()
			return nil, nil, fmt.Errorf("migrate PostgreSQL storage: %w", err)
		}
		logger.Info("server: PostgreSQL migrations applied", "schema", store.Schema())
	}
	logger.Info("server: using PostgreSQL storage", "schema", store.Schema())
	return store, store.Close, nil
}
