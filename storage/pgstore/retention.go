package pgstore

import (
	"context"
	"time"

	"github.com/rayclub/workoutflow/workout"
)

var _ workout.Retainer = (*Store)(nil)

// purgeQueueSQL deletes one batch of queue rows processed before $1, with
// their done jobs. SKIP LOCKED leaves rows that a requeue is changing.
const purgeQueueSQL = `
WITH expired AS (
    SELECT workout_id FROM workout_processing_queue
     WHERE processed_at < $1
     ORDER BY processed_at
     LIMIT $2
       FOR UPDATE SKIP LOCKED
), deleted_jobs AS (
    DELETE FROM workoutflow_jobs AS j USING expired AS e
     WHERE j.workout_id = e.workout_id AND j.state = 'done'
    RETURNING 1
), deleted_rows AS (
    DELETE FROM workout_processing_queue AS q USING expired AS e
     WHERE q.workout_id = e.workout_id
    RETURNING 1
)
SELECT (SELECT count(*) FROM deleted_rows), (SELECT count(*) FROM deleted_jobs)`

// purgeOrphanJobsSQL deletes one batch of jobs whose workout no longer
// exists: done jobs last changed before $1 and dead jobs last changed
// before $2.
const purgeOrphanJobsSQL = `
WITH expired AS (
    SELECT j.workout_id, j.stage FROM workoutflow_jobs AS j
     WHERE ((j.state = 'done' AND j.updated_at < $1) OR (j.state = 'dead' AND j.updated_at < $2))
       AND NOT EXISTS (SELECT 1 FROM workout_records AS w WHERE w.id = j.workout_id)
     LIMIT $3
       FOR UPDATE OF j SKIP LOCKED
)
DELETE FROM workoutflow_jobs AS j USING expired AS e
 WHERE j.workout_id = e.workout_id AND j.stage = e.stage`

// purgeLogSQL deletes one batch of log events created before $1, keeping
// failed and dead events until $2.
const purgeLogSQL = `
DELETE FROM workout_tracking_log WHERE id IN (
    SELECT id FROM workout_tracking_log
     WHERE created_at < $1 AND (created_at < $2 OR status NOT IN ('failed', 'dead'))
     ORDER BY created_at
     LIMIT $3)`

// purgeRepliesSQL deletes a batch of check-in reply markers created before
// the cutoff.
const purgeRepliesSQL = `
DELETE FROM workoutflow_checkin_replies WHERE (workout_id, challenge_id) IN (
    SELECT workout_id, challenge_id FROM workoutflow_checkin_replies
     WHERE created_at < $1
     ORDER BY created_at
     LIMIT $2)`

// PurgeExpired deletes the rows that policy no longer keeps at now, oldest
// first, in statements of at most policy.BatchSize rows:
//
//   - queue rows processed before now minus policy.Age, with their done jobs;
//   - done jobs of deleted workouts last changed before that time;
//   - dead jobs of deleted workouts last changed before now minus
//     policy.FailureAge;
//   - workout_tracking_log events created before now minus policy.Age,
//     except failed and dead events, which are kept until now minus
//     policy.FailureAge;
//   - markers of legacy check-in replies created before now minus
//     policy.Age.
//
// It implements workout.Retainer.
func (s *Store) PurgeExpired(ctx context.Context, policy workout.RetentionPolicy, now time.Time) (workout.Purged, error) {
	policy, err := policy.WithDefaults()
	if err != nil {
		return workout.Purged{}, err
	}
	cutoff := now.Add(-policy.Age)
	failureCutoff := now.Add(-policy.FailureAge)

	var purged workout.Purged
	err = s.purgeBatches(ctx, policy.BatchSize, func(q querier) (int, error) {
		var rows, jobs int
		err := q.QueryRow(ctx, purgeQueueSQL, cutoff, policy.BatchSize).Scan(&rows, &jobs)
		purged.QueueRows += rows
		purged.Jobs += jobs
		return rows, err
	})
	if err != nil {
		return purged, wrap(err, "purge queue rows processed before %s", cutoff.Format(time.RFC3339))
	}

	err = s.purgeBatches(ctx, policy.BatchSize, func(q querier) (int, error) {
		tag, err := q.Exec(ctx, purgeOrphanJobsSQL, cutoff, failureCutoff, policy.BatchSize)
		purged.Jobs += int(tag.RowsAffected())
		return int(tag.RowsAffected()), err
	})
	if err != nil {
		return purged, wrap(err, "purge jobs of deleted workouts finished before %s", cutoff.Format(time.RFC3339))
	}

	err = s.purgeBatches(ctx, policy.BatchSize, func(q querier) (int, error) {
		tag, err := q.Exec(ctx, purgeLogSQL, cutoff, failureCutoff, policy.BatchSize)
		purged.LogEvents += int(tag.RowsAffected())
		return int(tag.RowsAffected()), err
	})
	if err != nil {
		return purged, wrap(err, "purge tracking events created before %s", cutoff.Format(time.RFC3339))
	}

	err = s.purgeBatches(ctx, policy.BatchSize, func(q querier) (int, error) {
		tag, err := q.Exec(ctx, purgeRepliesSQL, cutoff, policy.BatchSize)
		purged.CheckInReplies += int(tag.RowsAffected())
		return int(tag.RowsAffected()), err
	})
	if err != nil {
		return purged, wrap(err, "purge check-in reply markers created before %s", cutoff.Format(time.RFC3339))
	}
	return purged, nil
}

// purgeBatches runs deleteBatch, each call in its own transaction, until a
// call deletes fewer than batchSize rows, fails or ctx ends.
func (s *Store) purgeBatches(ctx context.Context, batchSize int, deleteBatch func(q querier) (int, error)) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		var deleted int
		err := s.run(ctx, func(q querier) error {
			var err error
			deleted, err = deleteBatch(q)
			return err
		})
		if err != nil || deleted < batchSize {
			return err
		}
	}
}
