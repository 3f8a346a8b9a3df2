package pgstore_test

import (
	"encoding/json"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/storage/pgstore"
	"github.com/rayclub/workoutflow/tracking"
	"github.com/rayclub/workoutflow/workout"
)

func TestInsertWritesRecordLogEntry(t *testing.T) {
	t.Parallel()
	s, dsn := newStore(t)
	conn := connect(t, dsn)
	w := newWorkout(uuid.New())
	w.IdempotencyKey = "phone-7"

	first := insertRequest(w, baseTime)
	first.Event = &tracking.Event{ID: uuid.New(), Action: tracking.ActionRecord,
		RequestData: json.RawMessage(`{"workout_name":"Corrida"}`), ClientInfo: json.RawMessage(`{"platform":"ios"}`)}
	_, replayed, err := s.InsertWorkout(t.Context(), first)
	require.NoError(t, err)
	require.False(t, replayed)

	require.Equal(t, 1, count(t, conn, `SELECT count(*) FROM workout_tracking_log
		WHERE id = $1 AND workout_id = $2 AND action = 'record' AND status = 'succeeded'
		  AND request_data = '{"workout_name":"Corrida"}' AND client_info = '{"platform":"ios"}'`, first.Event.ID, w.ID))
	require.Equal(t, 1, count(t, conn, `SELECT count(*) FROM workout_processing_queue
		WHERE workout_id = $1 AND tracking_log_id = $2`, w.ID, first.Event.ID), "the queue row links its log entry")

	again := w
	again.ID = uuid.New()
	second := insertRequest(again, baseTime)
	second.Event = &tracking.Event{ID: uuid.New(), Action: tracking.ActionRecord}
	_, replayed, err = s.InsertWorkout(t.Context(), second)
	require.NoError(t, err)
	require.True(t, replayed)
	require.Equal(t, 1, count(t, conn, `SELECT count(*) FROM workout_tracking_log
		WHERE id = $1 AND workout_id = $2 AND status = 'replayed'`, second.Event.ID, w.ID),
		"a replay is logged against the first workout")
}

func TestTrackerSkipsStoredEvents(t *testing.T) {
	t.Parallel()
	s, dsn := newStore(t)
	conn := connect(t, dsn)
	tracker := s.NewTracker(pgstore.TrackerConfig{})
	require.NoError(t, tracker.Start(t.Context()))

	workoutID := uuid.New()
	stored := tracking.Event{ID: uuid.New(), WorkoutID: workoutID, UserID: uuid.New(), Action: tracking.ActionRecord,
		Status: tracking.StatusSucceeded, CreatedAt: baseTime, Stored: true}
	tracker.Track(t.Context(), stored)
	require.NoError(t, tracker.Stop(t.Context()))

	require.Zero(t, count(t, conn, `SELECT count(*) FROM workout_tracking_log WHERE workout_id = $1`, workoutID),
		"an event the store already logged is not written twice")
	require.Zero(t, tracker.Failed())
}

func TestRecorderLogsEachRecordOnce(t *testing.T) {
	t.Parallel()
	s, dsn := newStore(t)
	conn := connect(t, dsn)
	tracker := s.NewTracker(pgstore.TrackerConfig{})
	require.NoError(t, tracker.Start(t.Context()))
	p, err := workout.New(workout.Config{Store: s, Tracker: tracker})
	require.NoError(t, err)

	rec, err := p.Record(t.Context(), newWorkout(uuid.New()))
	require.NoError(t, err)
	require.NoError(t, tracker.Stop(t.Context()))

	require.Equal(t, 1, count(t, conn, `SELECT count(*) FROM workout_tracking_log
		WHERE workout_id = $1 AND action = 'record'`, rec.Workout.ID))
}
