package main

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/rayclub/workoutflow/storage/pgstore"
	"github.com/rayclub/workoutflow/workout"
)

var bothStages = []string{workout.StageRanking, workout.StageDashboard}

// historicalBatches draws total workouts in batches of batch, each with
// its id set.
func historicalBatches(p *population, total, batch int, seed uint64) [][]workout.Workout {
	src := p.source(seed)
	now := nowUTC()
	var batches [][]workout.Workout
	for total > 0 {
		n := min(batch, total)
		ws := make([]workout.Workout, n)
		for i := range ws {
			ws[i] = src.next(now)
			ws[i].ID = uuid.Must(uuid.NewV7())
		}
		batches = append(batches, ws)
		total -= n
	}
	return batches
}

// runImport stores the batches with Store.ImportWorkouts, one transaction
// per batch, and reports workouts per second.
func runImport(ctx context.Context, store *pgstore.Store, batches [][]workout.Workout) (result, error) {
	r := result{Scenario: "f. bulk import, ImportWorkouts (COPY)", Clients: 1, Unit: "workouts"}
	var lat latencies
	started := time.Now()
	for _, batch := range batches {
		t0 := time.Now()
		n, err := store.ImportWorkouts(ctx, batch, bothStages, nowUTC())
		if err != nil {
			return r, err
		}
		lat.add(time.Since(t0))
		r.Ops += n
	}
	r.Elapsed, r.Latency = time.Since(started), lat.summary()
	return r, nil
}

// multiRowInsertSQL writes the same rows as ImportWorkouts with one INSERT
// ... SELECT FROM unnest per table, which sends each column as one array
// parameter: the fastest plain INSERT form for large batches.
const multiRowInsertSQL = `
WITH w AS (
	INSERT INTO workout_records (id, user_id, workout_id, workout_name, workout_type, date, duration_minutes,
	                             notes, challenge_id, points, is_completed, completion_status, created_at, updated_at)
	SELECT id, user_id, '', name, type, date, duration, '', challenge_id, 0, true, 'completed', $7, $7
	  FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::timestamptz[], $6::int[], $8::uuid[])
	       AS t(id, user_id, name, type, date, duration, challenge_id)
	RETURNING id, user_id, challenge_id
), q AS (
	INSERT INTO workout_processing_queue (workout_id, user_id, challenge_id, created_at)
	SELECT id, user_id, challenge_id, $7 FROM w
)
INSERT INTO workoutflow_jobs (workout_id, stage, user_id, challenge_ids, reason, state, run_at, created_at, updated_at)
SELECT w.id, s.stage, w.user_id,
       CASE WHEN w.challenge_id IS NULL THEN '{}'::uuid[] ELSE ARRAY[w.challenge_id] END,
       'recorded', 'pending', $7, $7, $7
  FROM w CROSS JOIN unnest($9::text[]) AS s(stage)`

// runMultiRowInsert stores the batches with multiRowInsertSQL, one
// statement (so one transaction) per batch.
func runMultiRowInsert(ctx context.Context, pool *pgxpool.Pool, batches [][]workout.Workout) (result, error) {
	r := result{Scenario: "f. bulk import, multi-row INSERT (unnest)", Clients: 1, Unit: "workouts"}
	var lat latencies
	started := time.Now()
	for _, batch := range batches {
		cols := columnsOf(batch)
		t0 := time.Now()
		_, err := pool.Exec(ctx, multiRowInsertSQL, cols.ids, cols.users, cols.names, cols.types, cols.dates,
			cols.durations, nowUTC(), cols.challenges, bothStages)
		if err != nil {
			return r, fmt.Errorf("multi-row insert: %w", err)
		}
		lat.add(time.Since(t0))
		r.Ops += len(batch)
	}
	r.Elapsed, r.Latency = time.Since(started), lat.summary()
	return r, nil
}

type workoutColumns struct {
	ids, users, challenges []*uuid.UUID
	names, types           []string
	dates                  []time.Time
	durations              []int32
}

func columnsOf(batch []workout.Workout) workoutColumns {
	var c workoutColumns
	for _, w := range batch {
		id, user := w.ID, w.UserID
		c.ids, c.users = append(c.ids, &id), append(c.users, &user)
		var challenge *uuid.UUID
		if w.HasChallenge() {
			ch := w.ChallengeID
			challenge = &ch
		}
		c.challenges = append(c.challenges, challenge)
		c.names, c.types = append(c.names, w.Name), append(c.types, w.Type)
		c.dates, c.durations = append(c.dates, w.Date), append(c.durations, int32(w.DurationMinutes))
	}
	return c
}

// countRows returns the result of a count query.
func countRows(ctx context.Context, pool *pgxpool.Pool, sql string) (int, error) {
	var n int
	err := pool.QueryRow(ctx, sql).Scan(&n)
	return n, err
}
