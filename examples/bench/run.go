package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/rayclub/workoutflow/internal/strava"
	"github.com/rayclub/workoutflow/storage/pgstore"
)

// run sets up the database and runs every scenario in order. It returns the
// report of the scenarios that finished, also on error.
func run(ctx context.Context, o options, logger *slog.Logger) (*report, error) {
	dsn, schema := o.databaseURL, pgstore.DefaultSchema
	if dsn == "" {
		srv, err := startServer(o.dataDir)
		if err != nil {
			return nil, err
		}
		defer srv.stop()
		dsn = srv.dsn()
	} else {
		schema = "bench_" + randomSuffix()
	}

	pool, store, err := openStore(ctx, dsn, schema, o.clients+o.workers+20, logger)
	if err != nil {
		return nil, err
	}
	defer pool.Close()
	defer store.Close()

	rep := &report{options: o}
	if err := rep.describeServer(ctx, pool); err != nil {
		return rep, err
	}
	activities, err := strava.LoadDir(o.stravaDir)
	if err != nil {
		return rep, err
	}
	p, err := seedPopulation(ctx, pool, o.sizes, activities)
	if err != nil {
		return rep, err
	}
	return rep, runScenarios(ctx, rep, o, pool, store, p, logger)
}

// openStore opens a pool whose connections use schema, creating it when it
// is not public, and migrates it.
func openStore(ctx context.Context, dsn, schema string, conns int, logger *slog.Logger) (*pgxpool.Pool, *pgstore.Store, error) {
	config, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, nil, fmt.Errorf("parse database URL: %w", err)
	}
	config.MaxConns = int32(conns)
	config.ConnConfig.RuntimeParams["search_path"] = schema
	pool, err := pgxpool.NewWithConfig(ctx, config)
	if err != nil {
		return nil, nil, fmt.Errorf("open pool: %w", err)
	}
	if schema != pgstore.DefaultSchema {
		if _, err := pool.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
			pool.Close()
			return nil, nil, fmt.Errorf("create schema %s: %w", schema, err)
		}
	}

	store, err := pgstore.New(ctx, pgstore.Config{Pool: pool, Schema: schema, Logger: logger})
	if err == nil {
		err = store.Migrate(ctx)
	}
	if err != nil {
		pool.Close()
		return nil, nil, err
	}
	return pool, store, nil
}

func runScenarios(ctx context.Context, rep *report, o options, pool *pgxpool.Pool, store *pgstore.Store, p *population, logger *slog.Logger) error {
	// The record scenarios run no workers, so position settings do not matter.
	recorder, err := newFlow(store, o, o.batch, logger)
	if err != nil {
		return err
	}
	closedLoop := []struct {
		name string
		fn   call
	}{
		{"a. floor: bare insert", floorCall(pool)},
		{"b. Record", recordCall(recorder.Pipeline.Recorder)},
		{"c. monolith", monolithCall(pool)},
	}
	for _, sc := range closedLoop {
		for _, clients := range []int{1, o.clients} {
			rep.progress(o, "running %s with %d clients", sc.name, clients)
			r, err := runClosedLoop(ctx, p, sc.name, clients, o.recordDuration, sc.fn)
			if err != nil {
				return err
			}
			rep.add(r)
		}
	}

	if err := runBulk(ctx, rep, o, pool, store, p); err != nil {
		return err
	}
	for _, batch := range []int{o.batch, 1} {
		rep.progress(o, "draining the backlog with ClaimBatch %d", batch)
		r, err := runDrain(ctx, pool, store, o, batch, logger)
		if err != nil {
			return err
		}
		rep.add(r)
	}
	if err := clearBacklog(ctx, pool); err != nil {
		return err
	}

	rate := max(1, rep.peakRecordRate()/2)
	if o.sustainedRate > 0 {
		rate = o.sustainedRate
	}
	rep.progress(o, "sustained load at %.0f records/s for %s", rate, o.sustained)
	r, err := runSustained(ctx, pool, store, p, o, rate, logger)
	if err != nil {
		return err
	}
	r.Target = rate
	rep.add(r)
	return nil
}

// runBulk imports the same number of workouts with ImportWorkouts and with
// a multi-row INSERT. Both sets stay queued and form the stage backlog.
func runBulk(ctx context.Context, rep *report, o options, pool *pgxpool.Pool, store *pgstore.Store, p *population) error {
	rep.progress(o, "bulk import of %d workouts, two ways", o.backlog)
	r, err := runMultiRowInsert(ctx, pool, historicalBatches(p, o.backlog, o.importBatch, 11))
	if err != nil {
		return err
	}
	rep.add(r)
	r, err = runImport(ctx, store, historicalBatches(p, o.backlog, o.importBatch, 12))
	if err != nil {
		return err
	}
	rep.add(r)
	_, err = pool.Exec(ctx, "ANALYZE")
	return err
}

func randomSuffix() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func nowUTC() time.Time { return time.Now().UTC() }
