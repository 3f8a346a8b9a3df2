package memstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/storage/memstore"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// insertWorkout stores a new workout of a new user, which queues a job.
func insertWorkout(t *testing.T, s *memstore.Store) {
	t.Helper()
	now := time.Date(2024, time.June, 3, 12, 0, 0, 0, time.UTC)
	w := workout.Workout{ID: uuid.New(), UserID: uuid.New(), Name: "Corrida", Type: "Run", Date: now, DurationMinutes: 30}
	_, _, err := s.InsertWorkout(t.Context(), workout.InsertRequest{Workout: w, Stages: []string{workout.StageRanking}, Now: now})
	require.NoError(t, err)
}

func TestWakeupsKeepOnePendingValue(t *testing.T) {
	t.Parallel()
	s := memstore.New()
	wakeups := s.Wakeups(t.Context())

	insertWorkout(t, s)
	insertWorkout(t, s)

	require.Len(t, wakeups, 1, "a busy receiver finds one wakeup, not one per insert")
}

func TestWakeupsCloseWithoutLeak(t *testing.T) {
	defer goleak.VerifyNone(t)
	s := memstore.New()
	ctx, cancel := context.WithCancel(context.Background())
	wakeups := s.Wakeups(ctx)

	cancel()

	select {
	case _, open := <-wakeups:
		require.False(t, open)
	case <-time.After(5 * time.Second):
		require.FailNow(t, "the wakeup channel is still open after its context ended")
	}
	insertWorkout(t, s)
}
