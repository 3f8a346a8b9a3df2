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

// completeJobSQL completes a leased job in one round trip through the
// function that the migrations install. It returns "done", "deleted" (the
// workout no longer exists, so the job was removed) or "lost".
const completeJobSQL = `SELECT workoutflow_complete_job($1, $2, $3, $4, $5)`

// CompleteJob marks a leased job done, sets the queue row's flag for the
// stage and, once every job of the workout is done, processed_at, all in
// one transaction. The job of a deleted workout is removed instead. It
// returns an error wrapping storage.ErrLeaseLost when the caller no longer
// holds the lease. See workout.QueueStore.
func (s *Store) CompleteJob(ctx context.Context, job workout.Job, now time.Time) error {
	var outcome string
	err := s.run(ctx, func(q querier) error {
		return q.QueryRow(ctx, completeJobSQL, job.WorkoutID, job.Stage, job.Owner, job.Token, now).Scan(&outcome)
	})
	if err == nil && outcome == "lost" {
		err = storage.ErrLeaseLost
	}
	return wrap(err, "complete job %s/%s token %d", job.WorkoutID, job.Stage, job.Token)
}

// failJobSQL records a failed attempt of a leased job.
const failJobSQL = `
UPDATE workoutflow_jobs
   SET state = CASE WHEN $6 THEN 'dead' ELSE 'pending' END,
       run_at = $5, owner = NULL, lease_expires_at = NULL, updated_at = $8,
       last_error = CASE WHEN $9 THEN last_error ELSE $7 END,
       attempt = CASE WHEN $9 THEN greatest(attempt - 1, 0) ELSE attempt END
 WHERE workout_id = $1 AND stage = $2 AND state = 'running' AND owner = $3 AND token = $4`

// FailJob records a failed attempt of a leased job: the job becomes pending
// at f.RetryAt, or dead when f.Dead is set, and the queue row's
// processing_error becomes "<stage>: <f.Message>". A released job keeps its
// last error and loses the claim's attempt instead. It returns an error
// wrapping storage.ErrLeaseLost when the caller no longer holds the lease.
// See workout.QueueStore.
func (s *Store) FailJob(ctx context.Context, job workout.Job, f workout.Failure) error {
	errMessage, dead := f.Message, f.Dead
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, lockQueueRowSQL, job.WorkoutID); err != nil {
			return err
		}

		tag, err := tx.Exec(ctx, failJobSQL, job.WorkoutID, job.Stage, job.Owner, job.Token, f.RetryAt, dead, errMessage, f.Now, f.Released)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return storage.ErrLeaseLost
		}
		if f.Released {
			return notify(ctx, tx)
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
