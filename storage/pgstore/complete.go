package pgstore

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/workout"
)

// lockQueueRowSQL locks the workout's queue row, if there is one. Every
// transaction that changes a job and its queue row takes this lock first,
// so that the completions of two stages of one workout run one after the
// other and the later one reads the earlier one's job as done.
const lockQueueRowSQL = `SELECT 1 FROM workout_processing_queue WHERE workout_id = $1 FOR UPDATE`

// completeJobSQL marks a leased job done and resets its challenge ids to
// the workout's current challenge. It changes nothing when the workout no
// longer exists.
const completeJobSQL = `
UPDATE workoutflow_jobs AS j
   SET state = 'done', last_error = NULL, owner = NULL, lease_expires_at = NULL,
       challenge_ids = CASE WHEN w.challenge_id IS NULL THEN '{}'::uuid[] ELSE ARRAY[w.challenge_id] END,
       updated_at = $5
  FROM workout_records AS w
 WHERE w.id = j.workout_id
   AND j.workout_id = $1 AND j.stage = $2 AND j.state = 'running' AND j.owner = $3 AND j.token = $4`

// deleteDoneJobSQL removes a leased job whose workout was deleted: its
// work is done and nothing refers to it any more.
const deleteDoneJobSQL = `
DELETE FROM workoutflow_jobs AS j
 WHERE j.workout_id = $1 AND j.stage = $2 AND j.state = 'running' AND j.owner = $3 AND j.token = $4
   AND NOT EXISTS (SELECT 1 FROM workout_records WHERE id = $1)`

// markStageDoneSQL sets the queue row's flag of a built-in stage, and
// processed_at once every job of the workout is done.
const markStageDoneSQL = `
UPDATE workout_processing_queue AS q
   SET processed_for_ranking = coalesce(q.processed_for_ranking, false) OR $2 = 'ranking',
       processed_for_dashboard = coalesce(q.processed_for_dashboard, false) OR $2 = 'dashboard',
       processed_at = CASE WHEN d.all_done THEN $3 ELSE q.processed_at END,
       processing_error = CASE WHEN d.all_done THEN NULL ELSE q.processing_error END
  FROM (SELECT NOT EXISTS (
	SELECT 1 FROM workoutflow_jobs WHERE workout_id = $1 AND state <> 'done')) AS d(all_done)
 WHERE q.workout_id = $1`

// CompleteJob marks a leased job done, sets the queue row's flag for the
// stage and, once every job of the workout is done, processed_at, all in
// one transaction. The job of a deleted workout is removed instead. It
// returns an error wrapping storage.ErrLeaseLost when the caller no longer
// holds the lease. See workout.QueueStore.
func (s *Store) CompleteJob(ctx context.Context, job workout.Job, now time.Time) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, lockQueueRowSQL, job.WorkoutID); err != nil {
			return err
		}

		tag, err := tx.Exec(ctx, completeJobSQL, job.WorkoutID, job.Stage, job.Owner, job.Token, now)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return deleteDoneJob(ctx, tx, job)
		}

		_, err = tx.Exec(ctx, markStageDoneSQL, job.WorkoutID, job.Stage, now)
		return err
	})
	return wrap(err, "complete job %s/%s token %d", job.WorkoutID, job.Stage, job.Token)
}

// deleteDoneJob removes the leased job of a deleted workout, or returns
// storage.ErrLeaseLost when the caller no longer holds the lease.
func deleteDoneJob(ctx context.Context, tx pgx.Tx, job workout.Job) error {
	tag, err := tx.Exec(ctx, deleteDoneJobSQL, job.WorkoutID, job.Stage, job.Owner, job.Token)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return storage.ErrLeaseLost
	}
	return nil
}

// failJobSQL records a failed attempt of a leased job. updated_at comes
// from the database clock because FailJob has no time parameter.
const failJobSQL = `
UPDATE workoutflow_jobs
   SET state = CASE WHEN $6 THEN 'dead' ELSE 'pending' END,
       run_at = $5, last_error = $7, owner = NULL, lease_expires_at = NULL,
       updated_at = now()
 WHERE workout_id = $1 AND stage = $2 AND state = 'running' AND owner = $3 AND token = $4`

// FailJob records a failed attempt of a leased job: the job becomes pending
// at retryAt, or dead when dead is set, and the queue row's
// processing_error becomes "<stage>: <errMessage>". It returns an error
// wrapping storage.ErrLeaseLost when the caller no longer holds the lease.
// See workout.QueueStore.
func (s *Store) FailJob(ctx context.Context, job workout.Job, errMessage string, retryAt time.Time, dead bool) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, lockQueueRowSQL, job.WorkoutID); err != nil {
			return err
		}

		tag, err := tx.Exec(ctx, failJobSQL, job.WorkoutID, job.Stage, job.Owner, job.Token, retryAt, dead, errMessage)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return storage.ErrLeaseLost
		}

		_, err = tx.Exec(ctx, `UPDATE workout_processing_queue SET processing_error = $2 WHERE workout_id = $1`,
			job.WorkoutID, job.Stage+": "+errMessage)
		if err != nil || dead {
			return err
		}
		return notify(ctx, tx)
	})
	return wrap(err, "fail job %s/%s token %d", job.WorkoutID, job.Stage, job.Token)
}

// retryJobsSQL sends the jobs of a workout that are not done back to the
// queue. A running job is sent back only when its lease has ended.
const retryJobsSQL = `
UPDATE workoutflow_jobs
   SET state = 'pending', reason = 'retried', attempt = 0, token = token + 1, owner = NULL,
       run_at = $2, lease_expires_at = NULL, updated_at = $2
 WHERE workout_id = $1
   AND (state IN ('pending', 'dead') OR (state = 'running' AND lease_expires_at <= $2))`

// RetryJobs sends the workout's failed, dead and abandoned jobs back to the
// queue, due at now with their attempts reset, and returns how many it
// requeued. See workout.QueueStore.
func (s *Store) RetryJobs(ctx context.Context, workoutID uuid.UUID, now time.Time) (int, error) {
	var count int
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, retryJobsSQL, workoutID, now)
		if err != nil {
			return err
		}
		count = int(tag.RowsAffected())
		if count == 0 {
			return nil
		}
		return notify(ctx, tx)
	})
	if err != nil {
		return 0, fmt.Errorf("retry jobs of workout %s: %w", workoutID, translate(err))
	}
	return count, nil
}
