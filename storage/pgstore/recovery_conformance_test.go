package pgstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/rayclub/workoutflow/recovery/recoverytest"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

// insertWorkoutWithoutQueue returns a function that writes a workout with
// plain SQL, as a writer that bypasses the library would.
func insertWorkoutWithoutQueue(pool *pgxpool.Pool) func(ctx context.Context, w workout.Workout, now time.Time) error {
	return func(ctx context.Context, w workout.Workout, now time.Time) error {
		var challengeID any
		if w.HasChallenge() {
			challengeID = w.ChallengeID
		}
		_, err := pool.Exec(ctx, `
			INSERT INTO workout_records (id, user_id, workout_id, workout_name, workout_type, date,
			                             duration_minutes, notes, challenge_id, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
			w.ID, w.UserID, w.ClientWorkoutID, w.Name, w.Type, w.Date, w.DurationMinutes, w.Notes, challengeID, now)
		return err
	}
}

func TestRecoveryConformance(t *testing.T) {
	t.Parallel()
	recoverytest.Run(t, func(t *testing.T) recoverytest.Harness {
		s, dsn := newStore(t)
		pool, err := pgxpool.New(t.Context(), dsn)
		require.NoError(t, err)
		t.Cleanup(pool.Close)
		return recoverytest.Harness{Store: s, InsertWorkoutWithoutQueue: insertWorkoutWithoutQueue(pool)}
	})
}
