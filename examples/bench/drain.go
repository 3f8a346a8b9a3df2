package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/rayclub/workoutflow"
	"github.com/rayclub/workoutflow/storage/pgstore"
	"github.com/rayclub/workoutflow/workout"
)

// newFlow returns a Flow on store whose workers claim batch jobs at once.
// With o.asyncPositions the ranking stage leaves position refreshes to a
// background refresher that coalesces them per challenge and starts them at
// least o.positionInterval apart.
func newFlow(store *pgstore.Store, o options, batch int, logger *slog.Logger) (*workoutflow.Flow, error) {
	workers := o.workers
	return workoutflow.New(workoutflow.Config{
		Store:            store,
		AsyncPositions:   o.asyncPositions,
		PositionInterval: o.positionInterval,
		Pipeline: workout.Config{
			Workers: workers, ClaimBatch: batch, Logger: logger,
			// Workers wake on NOTIFY; the poll only covers lost wakeups.
			PollInterval: 100 * time.Millisecond,
		},
	})
}

const doneJobsSQL = `SELECT count(*) FROM workoutflow_jobs WHERE state = 'done'`
const openJobsSQL = `SELECT count(*) FROM workoutflow_jobs WHERE state IN ('pending', 'running')`

// runDrain starts workers on the pending backlog for at most limit, or
// until it is empty, and reports stage executions (completed jobs) per
// second.
func runDrain(ctx context.Context, pool *pgxpool.Pool, store *pgstore.Store, o options, batch int, logger *slog.Logger) (result, error) {
	r := result{Scenario: fmt.Sprintf("d. stage processing, ClaimBatch %d", batch), Clients: o.workers, Unit: "stage runs"}
	before, err := countRows(ctx, pool, doneJobsSQL)
	if err != nil {
		return r, err
	}
	flow, err := newFlow(store, o, batch, logger)
	if err != nil {
		return r, err
	}

	started := time.Now()
	if err := flow.Start(ctx); err != nil {
		return r, err
	}
	waitCtx, cancel := context.WithTimeout(ctx, o.drainLimit)
	idleErr := flow.Pipeline.WaitIdle(waitCtx, 250*time.Millisecond)
	cancel()
	if err := flow.Stop(ctx); err != nil {
		return r, err
	}
	r.Elapsed = time.Since(started)
	if idleErr != nil && ctx.Err() != nil {
		return r, idleErr
	}

	after, err := countRows(ctx, pool, doneJobsSQL)
	r.Ops = after - before
	return r, err
}

// clearBacklog marks every open job done, so that the next scenario starts
// on an empty queue. Only the benchmark does this; it is not a library
// operation.
func clearBacklog(ctx context.Context, pool *pgxpool.Pool) error {
	_, err := pool.Exec(ctx, `UPDATE workoutflow_jobs SET state = 'done', owner = NULL, lease_expires_at = NULL
		WHERE state IN ('pending', 'running')`)
	if err == nil {
		_, err = pool.Exec(ctx, `UPDATE workout_processing_queue SET processed_at = now() WHERE processed_at IS NULL`)
	}
	if err == nil {
		_, err = pool.Exec(ctx, `VACUUM ANALYZE workoutflow_jobs`)
	}
	return err
}
