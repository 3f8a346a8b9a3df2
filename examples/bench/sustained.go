package main

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/rayclub/workoutflow/storage/pgstore"
)

// returned is when Record returned for a workout.
type returned struct {
	id uuid.UUID
	at time.Time
}

// runSustained records workouts at rate per second for duration while
// workers run, then waits up to settle for the queue to empty, and
// reports the record latencies and the record-to-visible lags.
func runSustained(ctx context.Context, pool *pgxpool.Pool, store *pgstore.Store, p *population, o options, rate float64, logger *slog.Logger) (result, error) {
	r := result{Scenario: "e. sustained record + workers", Clients: o.clients}
	flow, err := newFlow(store, o, o.batch, logger)
	if err != nil {
		return r, err
	}
	if err := flow.Start(ctx); err != nil {
		return r, err
	}
	defer flow.Stop(context.WithoutCancel(ctx))

	ticks := make(chan struct{}, o.clients)
	var lat latencies
	var mu sync.Mutex
	var done []returned
	var errCount atomic.Int64
	var wg sync.WaitGroup
	for i := range o.clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			src := p.source(uint64(1000 + i))
			for range ticks {
				t0 := time.Now()
				rec, err := flow.Pipeline.Record(ctx, src.next(nowUTC()))
				if err != nil {
					errCount.Add(1)
					continue
				}
				end := time.Now()
				lat.add(end.Sub(t0))
				mu.Lock()
				done = append(done, returned{id: rec.Workout.ID, at: end})
				mu.Unlock()
			}
		}()
	}

	started := time.Now()
	pace(ctx, ticks, rate, o.sustained)
	close(ticks)
	wg.Wait()
	r.Elapsed = time.Since(started)
	r.Latency = lat.summary()
	r.Ops, r.Errors = r.Latency.Count, errCount.Load()

	settleCtx, cancel := context.WithTimeout(ctx, o.settle)
	_ = flow.Pipeline.WaitIdle(settleCtx, 50*time.Millisecond)
	cancel()
	lags, pending, err := readLags(ctx, pool, done)
	if err != nil {
		return r, err
	}
	s := summarize(lags)
	r.Lag, r.Unprocessed = &s, pending
	if pending > 0 {
		logger.Warn("bench: workouts not processed when the settle time ended", "count", pending)
	}
	return r, nil
}

// pace sends a tick every 1/rate seconds for duration. When every client
// is busy a tick waits, so the achieved rate shows in the result.
func pace(ctx context.Context, ticks chan<- struct{}, rate float64, duration time.Duration) {
	interval := time.Duration(float64(time.Second) / rate)
	start := time.Now()
	for n := 0; ; n++ {
		next := start.Add(time.Duration(n) * interval)
		if next.Sub(start) >= duration || ctx.Err() != nil {
			return
		}
		if wait := time.Until(next); wait > 0 {
			time.Sleep(wait)
		}
		ticks <- struct{}{}
	}
}

// readLags returns, for each recorded workout, processed_at minus the time
// Record returned. processed_at is written by the worker that completes the
// workout's last stage job, from the same machine clock, in the
// transaction that makes the stage results final. Workouts still
// unprocessed are counted in pending.
func readLags(ctx context.Context, pool *pgxpool.Pool, done []returned) ([]time.Duration, int, error) {
	ids := make([]uuid.UUID, len(done))
	for i, d := range done {
		ids[i] = d.id
	}
	rows, err := pool.Query(ctx, `SELECT workout_id, processed_at FROM workout_processing_queue WHERE workout_id = ANY ($1)`, ids)
	if err != nil {
		return nil, 0, err
	}
	processed := map[uuid.UUID]time.Time{}
	for rows.Next() {
		var id uuid.UUID
		var at *time.Time
		if err := rows.Scan(&id, &at); err != nil {
			return nil, 0, err
		}
		if at != nil {
			processed[id] = *at
		}
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}

	var lags []time.Duration
	pending := 0
	for _, d := range done {
		at, ok := processed[d.id]
		if !ok {
			pending++
			continue
		}
		lags = append(lags, max(0, at.Sub(d.at.Round(0))))
	}
	return lags, pending, nil
}
