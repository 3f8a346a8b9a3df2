package pgstore

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/rayclub/workoutflow/workout"
)

// wakeupChannel is the NOTIFY channel that wakes workers when jobs may be
// due.
const wakeupChannel = "workoutflow_jobs"

// requeueSQL queues the stages of a workout again. A stage without a job
// gets a new one. An existing job becomes pending and due at once, with its
// attempts reset and the new challenge ids appended to its own. Its token
// is incremented, which fences out a worker still running it.
const requeueSQL = `
INSERT INTO workoutflow_jobs AS j (
	workout_id, stage, user_id, challenge_ids, reason, state, attempt, token,
	run_at, created_at, updated_at)
SELECT $1, s.stage, $2, $3, $4, 'pending', 0, 0, $5, $5, $5
  FROM (SELECT DISTINCT unnest($6::text[]) AS stage) AS s
ON CONFLICT (workout_id, stage) DO UPDATE SET
	user_id = excluded.user_id,
	challenge_ids = j.challenge_ids || ARRAY(
		SELECT c FROM unnest(excluded.challenge_ids) WITH ORDINALITY AS added(c, n)
		 WHERE c <> ALL (j.challenge_ids) ORDER BY n),
	reason = excluded.reason,
	state = 'pending',
	attempt = 0,
	token = j.token + 1,
	owner = NULL,
	run_at = excluded.run_at,
	lease_expires_at = NULL,
	updated_at = excluded.updated_at`

// updateWorkoutSQL replaces the editable fields of a workout.
const updateWorkoutSQL = `
UPDATE workout_records
   SET workout_name = $2, workout_type = $3, date = $4, duration_minutes = $5,
       notes = $6, image_urls = $7, challenge_id = $8, updated_at = $9
 WHERE id = $1
RETURNING ` + workoutColumns

// resetQueueRowSQL points the workout's queue row at its current challenge
// and clears the flags of the requeued stages and processed_at, creating
// the row for a legacy workout that has none.
const resetQueueRowSQL = `
INSERT INTO workout_processing_queue AS q (workout_id, user_id, challenge_id, created_at)
VALUES ($1, $2, $3, $5)
ON CONFLICT (workout_id) DO UPDATE SET
	challenge_id = excluded.challenge_id,
	processed_for_ranking = q.processed_for_ranking AND NOT ('ranking' = ANY ($4::text[])),
	processed_for_dashboard = q.processed_for_dashboard AND NOT ('dashboard' = ANY ($4::text[])),
	processed_at = CASE WHEN cardinality($4::text[]) > 0 THEN NULL ELSE q.processed_at END`

// UpdateWorkout replaces the editable fields of the stored workout and
// queues the stages again with the previous and the new challenge, in one
// transaction. See workout.WorkoutStore.
func (s *Store) UpdateWorkout(ctx context.Context, w workout.Workout, stages []string, now time.Time) (workout.Workout, error) {
	var updated workout.Workout
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var previous uuid.NullUUID
		err := tx.QueryRow(ctx, `SELECT challenge_id FROM workout_records WHERE id = $1 FOR UPDATE`, w.ID).Scan(&previous)
		if err != nil {
			return err
		}

		rows, _ := tx.Query(ctx, updateWorkoutSQL, w.ID, w.Name, w.Type, w.Date, w.DurationMinutes,
			w.Notes, w.ImageURLs, nullUUID(w.ChallengeID), now)
		row, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[workoutRow])
		if err != nil {
			return err
		}
		updated = row.workout()

		stages := nonNil(stages)
		_, err = tx.Exec(ctx, resetQueueRowSQL, updated.ID, updated.UserID, nullUUID(updated.ChallengeID), stages, now)
		if err != nil {
			return err
		}
		return requeue(ctx, tx, updated, stages, workout.ReasonUpdated, now, uuidValue(previous), updated.ChallengeID)
	})
	if err != nil {
		return workout.Workout{}, wrap(err, "update workout %s", w.ID)
	}
	return updated, nil
}

// DeleteWorkout removes the workout, with its queue row through the
// foreign key's cascade, and queues the stages so that they recompute what
// the workout contributed, in one transaction. The jobs outlive the
// workout because the job table has no foreign key to it. See
// workout.WorkoutStore.
func (s *Store) DeleteWorkout(ctx context.Context, id uuid.UUID, stages []string, now time.Time) (workout.Workout, error) {
	var deleted workout.Workout
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `DELETE FROM workout_records WHERE id = $1 RETURNING `+workoutColumns, id)
		row, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[workoutRow])
		if err != nil {
			return err
		}
		deleted = row.workout()
		return requeue(ctx, tx, deleted, nonNil(stages), workout.ReasonDeleted, now, deleted.ChallengeID)
	})
	if err != nil {
		return workout.Workout{}, wrap(err, "delete workout %s", id)
	}
	return deleted, nil
}

// requeue queues the stages of w again and wakes the workers when the
// transaction commits.
func requeue(ctx context.Context, tx pgx.Tx, w workout.Workout, stages []string, reason string, now time.Time, challenges ...uuid.UUID) error {
	if len(stages) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, requeueSQL, w.ID, w.UserID, challengeIDs(challenges...), reason, now, stages)
	if err != nil {
		return err
	}
	return notify(ctx, tx)
}

// notify sends a wakeup, delivered when the transaction commits.
func notify(ctx context.Context, q querier) error {
	_, err := q.Exec(ctx, `SELECT pg_notify($1, '')`, wakeupChannel)
	return err
}

// inTx runs fn in a transaction that commits when fn returns nil.
func (s *Store) inTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	return s.run(ctx, func(q querier) error {
		return pgx.BeginFunc(ctx, q, fn)
	})
}

func nonNil(stages []string) []string {
	if stages == nil {
		return []string{}
	}
	return stages
}
