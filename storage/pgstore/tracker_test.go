package pgstore_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/storage/pgstore"
	"github.com/rayclub/workoutflow/tracking"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

// stageEvent returns the end of a stage attempt.
func stageEvent(workoutID uuid.UUID, stage, status string, duration time.Duration, at time.Time) tracking.Event {
	return tracking.Event{
		WorkoutID: workoutID, UserID: uuid.New(), Action: stage, Status: status,
		RequestData: json.RawMessage(`{"reason":"recorded"}`), Duration: duration, CreatedAt: at,
	}
}

func TestTrackerWritesEvents(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	tracker := s.NewTracker(pgstore.TrackerConfig{BatchSize: 3})
	require.NoError(t, tracker.Start(t.Context()))

	workoutID := uuid.New()
	failed := stageEvent(workoutID, workout.StageRanking, tracking.StatusFailed, 1500*time.Millisecond, baseTime)
	failed.ID = uuid.New()
	failed.ErrorMessage = "timeout"
	failed.StackTrace = "goroutine 1"
	failed.ClientInfo = json.RawMessage(`{"platform":"android"}`)
	tracker.Track(t.Context(), failed)
	for i := range 6 {
		tracker.Track(t.Context(), stageEvent(workoutID, workout.StageDashboard, tracking.StatusSucceeded,
			time.Duration(i+1)*time.Millisecond, baseTime.Add(time.Duration(i+1)*time.Second)))
	}
	tracker.Track(t.Context(), tracking.Event{WorkoutID: workoutID, UserID: uuid.New(), Action: tracking.ActionRecord,
		Status: tracking.StatusSucceeded, CreatedAt: baseTime.Add(time.Minute)})

	require.NoError(t, tracker.Stop(t.Context()))
	require.NoError(t, tracker.Stop(t.Context()), "a second Stop does nothing")
	require.Zero(t, tracker.Failed())
	require.Zero(t, tracker.Dropped())

	events, err := s.Events(t.Context(), workoutID)
	require.NoError(t, err)
	require.Len(t, events, 8)
	first := events[0]
	require.Equal(t, failed.ID, first.ID)
	require.Equal(t, "timeout", first.ErrorMessage)
	require.Equal(t, "goroutine 1", first.StackTrace)
	require.Equal(t, 1500*time.Millisecond, first.Duration)
	require.JSONEq(t, `{"platform":"android"}`, string(first.ClientInfo))
	require.JSONEq(t, `{"reason":"recorded"}`, string(first.RequestData))
	require.True(t, baseTime.Equal(first.CreatedAt))
	require.JSONEq(t, `{}`, string(events[7].RequestData), "an empty request is stored as {}")

	tracker.Track(t.Context(), stageEvent(workoutID, workout.StageRanking, tracking.StatusSucceeded, 0, baseTime))
	require.Equal(t, int64(1), tracker.Dropped(), "events after Stop are dropped")
}

func TestTrackerStats(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	tracker := s.NewTracker(pgstore.TrackerConfig{})
	require.NoError(t, tracker.Start(t.Context()))

	var events []tracking.Event
	for i := range 10 {
		status := tracking.StatusSucceeded
		if i == 9 {
			status = tracking.StatusFailed
		}
		events = append(events, stageEvent(uuid.New(), workout.StageRanking, status,
			time.Duration(i+1)*10*time.Millisecond, baseTime.Add(-time.Duration(i)*time.Minute)))
	}
	events = append(events, stageEvent(uuid.New(), workout.StageRanking, tracking.StatusSucceeded,
		time.Second, baseTime.Add(-2*time.Hour)))
	for _, e := range events {
		tracker.Track(t.Context(), e)
	}
	require.NoError(t, tracker.Stop(t.Context()))
	_, _, err := s.InsertWorkout(t.Context(), insertRequest(newWorkout(uuid.New()), baseTime))
	require.NoError(t, err)

	stats, err := s.Stats(t.Context(), time.Hour, baseTime)
	require.NoError(t, err)
	expected := tracking.WithQueue(tracking.Summarize(events, time.Hour, baseTime),
		[]tracking.QueueStats{
			{Stage: workout.StageDashboard, Pending: 1, OldestPending: baseTime},
			{Stage: workout.StageRanking, Pending: 1, OldestPending: baseTime},
		}, time.Hour, baseTime)
	require.Equal(t, expected, stats, "the SQL figures match tracking.Summarize")
}

func TestTrackerDropsWhenFull(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	tracker := s.NewTracker(pgstore.TrackerConfig{Buffer: 2})
	workoutID := uuid.New()

	for range 5 {
		tracker.Track(t.Context(), stageEvent(workoutID, workout.StageRanking, tracking.StatusSucceeded, 0, baseTime))
	}
	require.Equal(t, int64(3), tracker.Dropped(), "events beyond the buffer are dropped before Start")

	require.NoError(t, tracker.Start(t.Context()))
	require.NoError(t, tracker.Stop(t.Context()))
	events, err := s.Events(t.Context(), workoutID)
	require.NoError(t, err)
	require.Len(t, events, 2, "queued events are written once started")
}
