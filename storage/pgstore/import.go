package pgstore

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/rayclub/workoutflow/workout"
)

// ImportWorkouts stores historical workouts in bulk: the workouts, their
// queue rows and one pending job per stage, written with COPY in one
// transaction, so that either all of them are stored or none. It wakes the
// listening workers when it commits and returns how many workouts it
// stored.
//
// Each workout is validated as Record validates it, with now as the
// current time and workout.DefaultFutureTolerance; the first invalid one
// rejects the whole import with an error naming its index. A workout
// without ID gets a new time-ordered one. Unlike InsertWorkout, the import
// applies no replay rule: a workout whose idempotency key is already
// stored for its user fails the whole import with a unique violation.
// CreatedAt and UpdatedAt are set to now, and Points to 0.
func (s *Store) ImportWorkouts(ctx context.Context, workouts []workout.Workout, stages []string, now time.Time) (int, error) {
	if len(workouts) == 0 {
		return 0, nil
	}
	records, queue, jobs, err := importRows(workouts, dedupe(stages), now)
	if err != nil {
		return 0, err
	}

	err = s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"workout_records"}, importRecordColumns, pgx.CopyFromRows(records)); err != nil {
			return err
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"workout_processing_queue"}, importQueueColumns, pgx.CopyFromRows(queue)); err != nil {
			return err
		}
		if len(jobs) == 0 {
			return nil
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"workoutflow_jobs"}, importJobColumns, pgx.CopyFromRows(jobs)); err != nil {
			return err
		}
		return notify(ctx, tx)
	})
	if err != nil {
		return 0, wrap(err, "import %d workouts", len(workouts))
	}
	return len(workouts), nil
}

var (
	importRecordColumns = []string{"id", "user_id", "workout_id", "workout_name", "workout_type", "date",
		"duration_minutes", "notes", "image_urls", "challenge_id", "idempotency_key", "points",
		"is_completed", "completion_status", "created_at", "updated_at"}
	importQueueColumns = []string{"id", "workout_id", "user_id", "challenge_id", "created_at"}
	importJobColumns   = []string{"workout_id", "stage", "user_id", "challenge_ids", "reason", "state",
		"run_at", "created_at", "updated_at"}
)

// importRows validates the workouts and returns the rows to copy into
// workout_records, workout_processing_queue and workoutflow_jobs.
func importRows(workouts []workout.Workout, stages []string, now time.Time) (records, queue, jobs [][]any, err error) {
	records = make([][]any, 0, len(workouts))
	queue = make([][]any, 0, len(workouts))
	jobs = make([][]any, 0, len(workouts)*len(stages))
	for i, w := range workouts {
		if err := workout.Validate(w, now, workout.DefaultFutureTolerance); err != nil {
			return nil, nil, nil, fmt.Errorf("import workouts: workout %d: %w", i, err)
		}
		if w.ID == uuid.Nil {
			w.ID = uuid.Must(uuid.NewV7())
		}
		challenges := []uuid.UUID{}
		if w.HasChallenge() {
			challenges = []uuid.UUID{w.ChallengeID}
		}

		records = append(records, []any{w.ID, w.UserID, w.ClientWorkoutID, w.Name, w.Type, w.Date,
			w.DurationMinutes, w.Notes, w.ImageURLs, nullUUID(w.ChallengeID), nullString(w.IdempotencyKey), 0,
			true, "completed", now, now})
		queue = append(queue, []any{uuid.New(), w.ID, w.UserID, nullUUID(w.ChallengeID), now})
		for _, stage := range stages {
			jobs = append(jobs, []any{w.ID, stage, w.UserID, challenges, workout.ReasonRecorded,
				string(workout.JobPending), now, now, now})
		}
	}
	return records, queue, jobs, nil
}

// dedupe returns stages without repeated names, in their first order.
func dedupe(stages []string) []string {
	seen := make(map[string]bool, len(stages))
	unique := make([]string, 0, len(stages))
	for _, stage := range stages {
		if !seen[stage] {
			seen[stage] = true
			unique = append(unique, stage)
		}
	}
	return unique
}
