package main

import (
	"context"
	"errors"
	"log/slog"

	"github.com/rayclub/workoutflow/storage/memstore"
)

// storeConfig selects the storage adapter.
type storeConfig struct {
	// DatabaseURL is a PostgreSQL connection string; empty means the
	// in-memory adapter, which keeps nothing after the process ends.
	DatabaseURL string
	// Migrate applies the PostgreSQL migrations before serving.
	Migrate bool
}

// openStore returns the storage adapter of cfg and a function that closes
// it.
func openStore(ctx context.Context, cfg storeConfig, logger *slog.Logger) (backend, func(), error) {
	if cfg.DatabaseURL == "" {
		logger.Info("server: using in-memory storage; data is lost when the process ends")
		return memstore.New(), func() {}, nil
	}

	// TODO: open storage/pgstore here once it has a constructor, and run
	// its migrations when cfg.Migrate is set.
	return nil, nil, errors.New("open PostgreSQL storage: not available in this build yet, run without -database-url")
}
