package pgstore

import (
	"context"
	"encoding/json"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/rayclub/workoutflow/tracking"
)

// trackingEventsSQL selects the logged events of a workout, oldest first.
const trackingEventsSQL = `
SELECT id, workout_id, user_id, challenge_id, action, status, request_data, response_data,
       coalesce(error_message, ''), coalesce(error_detail, ''), coalesce(stack_trace, ''),
       coalesce(processing_time_ms, 0), client_info, created_at
  FROM workout_tracking_log
 WHERE workout_id = $1
 ORDER BY created_at, id`

// Events returns the logged events of a workout, oldest first. Events still
// queued in a Tracker are not included.
func (s *Store) Events(ctx context.Context, workoutID uuid.UUID) ([]tracking.Event, error) {
	events := []tracking.Event{}
	err := s.run(ctx, func(q querier) error {
		rows, _ := q.Query(ctx, trackingEventsSQL, workoutID)
		var e tracking.Event
		var workout, challenge uuid.NullUUID
		var request, response, client []byte
		var milliseconds int
		var createdAt *time.Time
		_, err := pgx.ForEachRow(rows, []any{&e.ID, &workout, &e.UserID, &challenge, &e.Action, &e.Status,
			&request, &response, &e.ErrorMessage, &e.ErrorDetail, &e.StackTrace, &milliseconds, &client, &createdAt},
			func() error {
				e.WorkoutID, e.ChallengeID = uuidValue(workout), uuidValue(challenge)
				e.RequestData, e.ResponseData, e.ClientInfo = rawJSON(request), rawJSON(response), rawJSON(client)
				e.Duration = time.Duration(milliseconds) * time.Millisecond
				e.CreatedAt = timeValue(createdAt)
				events = append(events, e)
				return nil
			})
		return err
	})
	if err != nil {
		return nil, wrap(err, "tracking events of workout %s", workoutID)
	}
	return events, nil
}

// rawJSON copies a scanned document, nil for NULL.
func rawJSON(document []byte) json.RawMessage {
	if document == nil {
		return nil
	}
	return json.RawMessage(append([]byte(nil), document...))
}

// Stats returns the health of every stage: the attempts that ended in
// (now-window, now] as logged in workout_tracking_log, with the current job
// counts of the queue, sorted by stage. Processing times are stored in
// whole milliseconds, so the figures have that precision.
func (s *Store) Stats(ctx context.Context, window time.Duration, now time.Time) ([]tracking.StageStats, error) {
	byStage := map[string]*tracking.StageStats{}
	err := s.run(ctx, func(q querier) error {
		rows, _ := q.Query(ctx, `SELECT stage, attempts, succeeded, skipped, failed, dead, failure_rate,
			mean_ms, p50_ms, p95_ms, p99_ms FROM workoutflow_stage_stats($1, $2)`, now.Add(-window), now)
		var st tracking.StageStats
		var meanMS float64
		var p50, p95, p99 int
		_, err := pgx.ForEachRow(rows, []any{&st.Stage, &st.Attempts, &st.Succeeded, &st.Skipped, &st.Failed,
			&st.DeadAttempts, &st.FailureRate, &meanMS, &p50, &p95, &p99}, func() error {
			stage := st
			stage.Window = window
			stage.Mean = time.Duration(meanMS * float64(time.Millisecond))
			stage.P50 = time.Duration(p50) * time.Millisecond
			stage.P95 = time.Duration(p95) * time.Millisecond
			stage.P99 = time.Duration(p99) * time.Millisecond
			byStage[stage.Stage] = &stage
			return nil
		})
		return err
	})
	if err != nil {
		return nil, wrap(err, "stage stats")
	}

	queue, err := s.QueueStats(ctx)
	if err != nil {
		return nil, err
	}
	counts := make([]tracking.QueueStats, len(queue))
	for i, q := range queue {
		counts[i] = tracking.QueueStats{Stage: q.Stage, Pending: q.Pending, Running: q.Running,
			Done: q.Done, Dead: q.Dead, OldestPending: q.OldestPending}
	}
	return tracking.WithQueue(byStage, counts, window, now), nil
}
