package pgstore

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/rayclub/workoutflow/workout"
)

// statusSQL selects a workout's queue row. Legacy rows may hold NULL flags.
const statusSQL = `
SELECT workout_id, user_id, challenge_id,
       coalesce(processed_for_ranking, false), coalesce(processed_for_dashboard, false),
       coalesce(processing_error, ''), created_at, processed_at
  FROM workout_processing_queue
 WHERE workout_id = $1`

// Status returns the workout's queue row with its jobs sorted by stage, or
// an error wrapping storage.ErrNotFound when the workout has no queue row.
func (s *Store) Status(ctx context.Context, workoutID uuid.UUID) (workout.Status, error) {
	var st workout.Status
	err := s.run(ctx, func(q querier) error {
		var challengeID uuid.NullUUID
		var createdAt, processedAt *time.Time
		err := q.QueryRow(ctx, statusSQL, workoutID).Scan(&st.WorkoutID, &st.UserID, &challengeID,
			&st.ProcessedForRanking, &st.ProcessedForDashboard, &st.ProcessingError, &createdAt, &processedAt)
		if err != nil {
			return err
		}
		st.ChallengeID = uuidValue(challengeID)
		st.CreatedAt = timeValue(createdAt)
		st.ProcessedAt = timePointer(processedAt)

		rows, _ := q.Query(ctx, `SELECT `+jobColumns+` FROM workoutflow_jobs AS j WHERE j.workout_id = $1 ORDER BY j.stage`, workoutID)
		collected, err := pgx.CollectRows(rows, pgx.RowToStructByName[jobRow])
		st.Jobs = make([]workout.Job, len(collected))
		for i, row := range collected {
			st.Jobs[i] = row.job()
		}
		return err
	})
	if err != nil {
		return workout.Status{}, wrap(err, "status of workout %s", workoutID)
	}
	return st, nil
}

// queueStatsSQL counts the jobs of every stage by state.
const queueStatsSQL = `
SELECT stage,
       count(*) FILTER (WHERE state = 'pending'),
       count(*) FILTER (WHERE state = 'running'),
       count(*) FILTER (WHERE state = 'done'),
       count(*) FILTER (WHERE state = 'dead'),
       min(created_at) FILTER (WHERE state IN ('pending', 'running'))
  FROM workoutflow_jobs
 GROUP BY stage
 ORDER BY stage`

// QueueStats counts the jobs of every stage that has jobs by state, sorted
// by stage. OldestPending is the creation time of the oldest pending or
// running job of the stage.
//
// NOTE: the scan covers done jobs too until retention (PurgeExpired) removes
// them, so its cost grows with the retention age.
func (s *Store) QueueStats(ctx context.Context) ([]workout.QueueStats, error) {
	all := []workout.QueueStats{}
	err := s.run(ctx, func(q querier) error {
		rows, _ := q.Query(ctx, queueStatsSQL)
		var stats workout.QueueStats
		var oldest *time.Time
		_, err := pgx.ForEachRow(rows, []any{&stats.Stage, &stats.Pending, &stats.Running, &stats.Done, &stats.Dead, &oldest},
			func() error {
				stats.OldestPending = timeValue(oldest)
				all = append(all, stats)
				return nil
			})
		return err
	})
	if err != nil {
		return nil, wrap(err, "queue stats")
	}
	return all, nil
}
