package pgstore

import (
	"context"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/rayclub/workoutflow/tracking"
	"github.com/rayclub/workoutflow/workout"
)

// insertWorkoutSQL records a workout and its processing-log entry in one
// round trip through the function that the migrations install. The false
// argument turns off the function's own NOTIFY, because InsertWorkout sends
// the wakeup after the commit (see waker).
const insertWorkoutSQL = `SELECT replayed, ` + workoutColumns + `
	FROM workoutflow_record_workout($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,
		false, $16, $17, $18)`

// insertedRow is a row of workoutflow_insert_workout.
type insertedRow struct {
	Replayed bool `db:"replayed"`
	workoutRow
}

// InsertWorkout stores the workout, its queue row and one pending job per
// stage in one transaction, and after the commit wakes the listening
// workers. The database decides replays: a unique index on (user_id,
// idempotency_key) for keyed calls, and a per-user advisory lock around the
// look-up for identical content otherwise, so concurrent identical calls on
// different connections store one workout and all get its id. See
// workout.WorkoutStore.
func (s *Store) InsertWorkout(ctx context.Context, req workout.InsertRequest) (workout.Workout, bool, error) {
	w := req.Workout
	stages := req.Stages
	if stages == nil {
		stages = []string{}
	}
	event := req.Event
	if event == nil {
		event = &tracking.Event{Action: tracking.ActionRecord}
	}
	logID := event.ID
	if logID == uuid.Nil {
		logID = uuid.New()
	}

	var row insertedRow
	err := s.run(ctx, func(q querier) error {
		rows, _ := q.Query(ctx, insertWorkoutSQL,
			w.ID, w.UserID, w.ClientWorkoutID, w.Name, w.Type, w.Date, w.DurationMinutes,
			w.Notes, w.ImageURLs, nullUUID(w.ChallengeID), nullString(w.IdempotencyKey), w.Points,
			stages, req.ReplayWindow, req.Now, logID, nullJSON(event.RequestData), nullJSON(event.ClientInfo))
		var err error
		row, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[insertedRow])
		return err
	})
	if err != nil {
		return workout.Workout{}, false, wrap(err, "insert workout %s", w.ID)
	}
	if !row.Replayed && len(stages) > 0 {
		s.wake()
	}
	return row.workout(), row.Replayed, nil
}

// LogsRecordEvents reports that InsertWorkout writes the record's entry of
// workout_tracking_log in its own transaction. It implements
// workout.RecordLogger.
func (s *Store) LogsRecordEvents() bool { return true }

// Workout returns the workout with the given record id, or an error
// wrapping storage.ErrNotFound.
func (s *Store) Workout(ctx context.Context, id uuid.UUID) (workout.Workout, error) {
	var row workoutRow
	err := s.run(ctx, func(q querier) error {
		rows, _ := q.Query(ctx, `SELECT `+workoutColumns+` FROM workout_records WHERE id = $1`, id)
		var err error
		row, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[workoutRow])
		return err
	})
	if err != nil {
		return workout.Workout{}, wrap(err, "workout %s", id)
	}
	return row.workout(), nil
}

// selectWorkouts returns the workouts that a query selecting
// workoutColumns returns.
func (s *Store) selectWorkouts(ctx context.Context, sql string, args ...any) ([]workout.Workout, error) {
	var found []workout.Workout
	err := s.run(ctx, func(q querier) error {
		rows, _ := q.Query(ctx, sql, args...)
		collected, err := pgx.CollectRows(rows, pgx.RowToStructByName[workoutRow])
		found = make([]workout.Workout, len(collected))
		for i, row := range collected {
			found[i] = row.workout()
		}
		return err
	})
	return found, err
}
