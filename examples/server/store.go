package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/rayclub/workoutflow"
	"github.com/rayclub/workoutflow/storage/memstore"
	"github.com/rayclub/workoutflow/storage/pgstore"
	"github.com/rayclub/workoutflow/tracking"
	"github.com/rayclub/workoutflow/workout"
)

// storeConfig selects the storage adapter.
type storeConfig struct {
	// DatabaseURL is a PostgreSQL connection string. Empty means the
	// in-memory adapter, which keeps nothing after the process ends.
	DatabaseURL string
	// Migrate applies the PostgreSQL migrations before serving.
	Migrate bool
}

// statsReader returns the health of every stage over a window ending at
// now.
type statsReader interface {
	Stats(ctx context.Context, window time.Duration, now time.Time) ([]tracking.StageStats, error)
}

// memoryStats computes the stage statistics from an in-memory tracker and
// the queue counts of the store.
type memoryStats struct {
	tracker *tracking.Memory
	queue   workout.QueueStore
}

// Stats merges the tracker's attempt figures with the queue counts.
func (m memoryStats) Stats(ctx context.Context, window time.Duration, now time.Time) ([]tracking.StageStats, error) {
	queue, err := m.queue.QueueStats(ctx)
	if err != nil {
		return nil, err
	}
	return m.tracker.Stats(queue, window, now), nil
}

// openedStore is a storage adapter with its processing log.
type openedStore struct {
	store workoutflow.Store
	// tracker receives the processing events and stats reads them back.
	tracker tracking.Tracker
	stats   statsReader
	// startTracker and stopTracker run and flush a tracker that writes in
	// the background.
	startTracker func(ctx context.Context) error
	stopTracker  func(ctx context.Context) error
	close        func()
}

// openStore opens the storage adapter of cfg.
func openStore(ctx context.Context, cfg storeConfig, logger *slog.Logger) (*openedStore, error) {
	if cfg.DatabaseURL == "" {
		if cfg.Migrate {
			return nil, fmt.Errorf("invalid -migrate: it needs -database-url or DATABASE_URL")
		}
		logger.Info("server: using in-memory storage, data is lost when the process ends")
		return openMemory(memstore.New()), nil
	}

	store, err := pgstore.New(ctx, pgstore.Config{DSN: cfg.DatabaseURL, Logger: logger})
	if err != nil {
		return nil, fmt.Errorf("open PostgreSQL storage: %w", err)
	}
	if cfg.Migrate {
		if err := store.Migrate(ctx); err != nil {
			store.Close()
			return nil, fmt.Errorf("migrate PostgreSQL storage: %w", err)
		}
		logger.Info("server: PostgreSQL migrations applied", "schema", store.Schema())
	}
	logger.Info("server: using PostgreSQL storage", "schema", store.Schema())

	tracker := store.NewTracker(pgstore.TrackerConfig{})
	return &openedStore{
		store: store, tracker: tracker, stats: store,
		startTracker: tracker.Start, stopTracker: tracker.Stop, close: store.Close,
	}, nil
}

// openMemory returns store with an in-memory tracker, whose statistics
// cover only this process.
func openMemory(store *memstore.Store) *openedStore {
	tracker := tracking.NewMemory(0)
	nothing := func(context.Context) error { return nil }
	return &openedStore{
		store: store, tracker: tracker, stats: memoryStats{tracker: tracker, queue: store},
		startTracker: nothing, stopTracker: nothing, close: func() {},
	}
}
