package pgstore

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/rayclub/workoutflow/recovery"
	"github.com/rayclub/workoutflow/workout"
)

var _ recovery.Store = (*Store)(nil)

// unqueuedWorkoutsSQL selects the workouts without a queue row or without
// a job of one of the stages in $2.
const unqueuedWorkoutsSQL = `
SELECT ` + workoutColumns + `
  FROM workout_records AS w
 WHERE ($1::timestamptz IS NULL OR w.created_at >= $1)
   AND (NOT EXISTS (SELECT 1 FROM workout_processing_queue AS q WHERE q.workout_id = w.id)
        OR EXISTS (
            SELECT 1 FROM unnest($2::text[]) AS s(stage)
             WHERE NOT EXISTS (
                 SELECT 1 FROM workoutflow_jobs AS j WHERE j.workout_id = w.id AND j.stage = s.stage)))
 ORDER BY w.created_at NULLS FIRST, w.id`

// UnqueuedWorkouts returns the workouts created at or after since (every
// workout when since is zero) that have no queue row or lack a job of one
// of stages, oldest first, then by id. It implements
// recovery.QueueScanner.
func (s *Store) UnqueuedWorkouts(ctx context.Context, since time.Time, stages []string) ([]workout.Workout, error) {
	found, err := s.selectWorkouts(ctx, unqueuedWorkoutsSQL, nullTime(since), nonNil(stages))
	if err != nil {
		return nil, wrap(err, "unqueued workouts since %s", since)
	}
	return found, nil
}

// insertMissingQueueRowsSQL inserts the queue rows of the stored workouts
// in $1 that have none.
const insertMissingQueueRowsSQL = `
INSERT INTO workout_processing_queue (workout_id, user_id, challenge_id, created_at)
SELECT w.id, w.user_id, w.challenge_id, $2 FROM workout_records AS w WHERE w.id = ANY ($1::uuid[])
ON CONFLICT (workout_id) DO NOTHING
RETURNING workout_id`

// insertMissingJobsSQL inserts a pending job for each stage in $2 that a
// stored workout in $1 lacks, and clears the processed flag of each
// queued stage and processed_at on the workout's queue row.
const insertMissingJobsSQL = `
WITH inserted AS (
	INSERT INTO workoutflow_jobs (
		workout_id, stage, user_id, challenge_ids, reason, state, run_at, created_at, updated_at)
	SELECT w.id, s.stage, w.user_id,
	       CASE WHEN w.challenge_id IS NULL THEN '{}'::uuid[] ELSE ARRAY[w.challenge_id] END,
	       'recorded', 'pending', $3, $3, $3
	  FROM workout_records AS w
	 CROSS JOIN (SELECT DISTINCT unnest($2::text[]) AS stage) AS s
	 WHERE w.id = ANY ($1::uuid[])
	ON CONFLICT (workout_id, stage) DO NOTHING
	RETURNING workout_id, stage
), per_workout AS (
	SELECT workout_id, array_agg(stage) AS stages FROM inserted GROUP BY workout_id
), reset AS (
	UPDATE workout_processing_queue AS q
	   SET processed_for_ranking = coalesce(q.processed_for_ranking, false) AND NOT ('ranking' = ANY (p.stages)),
	       processed_for_dashboard = coalesce(q.processed_for_dashboard, false) AND NOT ('dashboard' = ANY (p.stages)),
	       processed_at = NULL
	  FROM per_workout AS p
	 WHERE q.workout_id = p.workout_id
)
SELECT workout_id FROM per_workout`

// QueueWorkouts queues the stages of existing workouts in one transaction:
// the missing queue rows, and a pending job due at now for each stage
// without one. It returns the ids of the workouts it queued something for,
// in the order of ids. It implements recovery.QueueScanner.
func (s *Store) QueueWorkouts(ctx context.Context, ids []uuid.UUID, stages []string, now time.Time) ([]uuid.UUID, error) {
	changed := map[uuid.UUID]bool{}
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if err := collectIDs(ctx, tx, changed, insertMissingQueueRowsSQL, ids, now); err != nil {
			return err
		}
		// Lock the queue rows before the jobs, in the order every other
		// transaction that changes both takes them.
		_, err := tx.Exec(ctx, `SELECT 1 FROM workout_processing_queue WHERE workout_id = ANY ($1::uuid[])
			ORDER BY workout_id FOR UPDATE`, ids)
		if err != nil {
			return err
		}
		if err := collectIDs(ctx, tx, changed, insertMissingJobsSQL, ids, nonNil(stages), now); err != nil {
			return err
		}
		if len(changed) == 0 {
			return nil
		}
		return notify(ctx, tx)
	})
	if err != nil {
		return nil, wrap(err, "queue %d workouts", len(ids))
	}

	queued := []uuid.UUID{}
	for _, id := range ids {
		if changed[id] {
			queued = append(queued, id)
			delete(changed, id)
		}
	}
	return queued, nil
}

// collectIDs runs a query returning workout ids and adds them to ids.
func collectIDs(ctx context.Context, tx pgx.Tx, ids map[uuid.UUID]bool, sql string, args ...any) error {
	rows, _ := tx.Query(ctx, sql, args...)
	var id uuid.UUID
	_, err := pgx.ForEachRow(rows, []any{&id}, func() error {
		ids[id] = true
		return nil
	})
	return err
}

// unhealthyJobsSQL selects the dead jobs, the pending jobs after a failed
// attempt and the running jobs whose lease ended at or before $2.
const unhealthyJobsSQL = `
SELECT ` + jobColumns + `
  FROM workoutflow_jobs AS j
 WHERE ($1::timestamptz IS NULL OR j.created_at >= $1)
   AND (j.state = 'dead'
        OR (j.state = 'pending' AND j.attempt > 0 AND coalesce(j.last_error, '') <> '')
        OR (j.state = 'running' AND j.lease_expires_at <= $2))
 ORDER BY j.created_at, j.workout_id, j.stage`

// UnhealthyJobs returns the jobs created at or after since (every job when
// since is zero) that are dead, pending after a failed attempt, or running
// with a lease that ended at or before now. It implements
// recovery.QueueScanner.
func (s *Store) UnhealthyJobs(ctx context.Context, since, now time.Time) ([]workout.Job, error) {
	found, err := s.selectJobs(ctx, unhealthyJobsSQL, nullTime(since), now)
	if err != nil {
		return nil, wrap(err, "unhealthy jobs since %s", since)
	}
	return found, nil
}

// selectJobs returns the jobs that a query selecting jobColumns returns.
func (s *Store) selectJobs(ctx context.Context, sql string, args ...any) ([]workout.Job, error) {
	found := []workout.Job{}
	err := s.run(ctx, func(q querier) error {
		rows, _ := q.Query(ctx, sql, args...)
		collected, err := pgx.CollectRows(rows, pgx.RowToStructByName[jobRow])
		for _, row := range collected {
			found = append(found, row.job())
		}
		return err
	})
	return found, err
}

// rankingKeysSQL selects the (challenge, user) pairs with a participant
// row, a progress row or a check-in, of the users with a workout created
// at or after $1 when $1 is not NULL.
const rankingKeysSQL = `
WITH pairs AS (
	SELECT challenge_id, user_id FROM challenge_participants
	UNION
	SELECT challenge_id, user_id FROM challenge_progress
	UNION
	SELECT challenge_id, user_id FROM challenge_check_ins
)
SELECT p.challenge_id, p.user_id
  FROM pairs AS p
 WHERE $1::timestamptz IS NULL
    OR EXISTS (SELECT 1 FROM workout_records AS w WHERE w.user_id = p.user_id AND w.created_at >= $1)
 ORDER BY p.challenge_id, p.user_id`

// RankingKeys returns every (challenge, user) pair that has a participant
// row, a progress row or a check-in, ordered by challenge id, then user id.
// When since is not zero it returns only the pairs of users who own a
// workout created at or after since. It implements recovery.ResultIndex.
func (s *Store) RankingKeys(ctx context.Context, since time.Time) ([]recovery.MemberKey, error) {
	keys := []recovery.MemberKey{}
	err := s.run(ctx, func(q querier) error {
		rows, _ := q.Query(ctx, rankingKeysSQL, nullTime(since))
		var key recovery.MemberKey
		_, err := pgx.ForEachRow(rows, []any{&key.ChallengeID, &key.UserID}, func() error {
			keys = append(keys, key)
			return nil
		})
		return err
	})
	if err != nil {
		return nil, wrap(err, "ranking keys since %s", since)
	}
	return keys, nil
}

// DashboardUsers returns the ids of the users with a stored dashboard, in
// ascending order. When since is not zero it returns only the users who
// own a workout created at or after since. It implements
// recovery.ResultIndex.
func (s *Store) DashboardUsers(ctx context.Context, since time.Time) ([]uuid.UUID, error) {
	users := []uuid.UUID{}
	err := s.run(ctx, func(q querier) error {
		rows, _ := q.Query(ctx, `
			SELECT d.user_id FROM user_progress AS d
			 WHERE $1::timestamptz IS NULL
			    OR EXISTS (SELECT 1 FROM workout_records AS w WHERE w.user_id = d.user_id AND w.created_at >= $1)
			 ORDER BY d.user_id`, nullTime(since))
		var id uuid.UUID
		_, err := pgx.ForEachRow(rows, []any{&id}, func() error {
			users = append(users, id)
			return nil
		})
		return err
	})
	if err != nil {
		return nil, wrap(err, "dashboard users since %s", since)
	}
	return users, nil
}
