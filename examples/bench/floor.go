package main

import (
	"context"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/rayclub/workoutflow/workout"
)

// floorInsertSQL is the least work a durable record can do: the workout row
// and its queue row in one statement, so one round trip and one commit.
const floorInsertSQL = `
WITH w AS (
	INSERT INTO workout_records (id, user_id, workout_name, workout_type, date, duration_minutes,
	                             challenge_id, created_at, updated_at)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
	RETURNING id, user_id, challenge_id, created_at
)
INSERT INTO workout_processing_queue (workout_id, user_id, challenge_id, created_at)
SELECT id, user_id, challenge_id, created_at FROM w`

// floorCall inserts a workout and its queue row with plain pgx. The rows
// have no stage jobs, so the workers never see them.
func floorCall(pool *pgxpool.Pool) call {
	return func(ctx context.Context, src *workoutSource) error {
		now := nowUTC()
		w := src.next(now)
		_, err := pool.Exec(ctx, floorInsertSQL, uuid.Must(uuid.NewV7()), w.UserID, w.Name, w.Type, w.Date,
			w.DurationMinutes, nullChallenge(w), now)
		return err
	}
}

// recordCall records a workout through the library.
func recordCall(recorder *workout.Recorder) call {
	return func(ctx context.Context, src *workoutSource) error {
		_, err := recorder.Record(ctx, src.next(nowUTC()))
		return err
	}
}

func nullChallenge(w workout.Workout) any {
	if w.ChallengeID == uuid.Nil {
		return nil
	}
	return w.ChallengeID
}
