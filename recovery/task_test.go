package recovery_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/recovery"
	"github.com/rayclub/workoutflow/workout"
)

func TestTaskRepairsRecentWorkouts(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envConfig{})
	ctx := context.Background()
	old := newWorkout(t, 1, userA, "2026-06-02 10:00", 50, challengeID)
	_, err := e.store.InsertWorkoutWithoutQueue(ctx, old, e.clock.Now().Add(-48*time.Hour))
	require.NoError(t, err)
	recent := newWorkout(t, 2, userB, "2026-06-09 10:00", 50, challengeID)
	_, err = e.store.InsertWorkoutWithoutQueue(ctx, recent, e.clock.Now().Add(-time.Hour))
	require.NoError(t, err)

	runner, err := workout.NewMaintenance(workout.MaintenanceConfig{
		Tasks: []workout.MaintenanceTask{e.recoverer.Task(recovery.Options{Checks: recovery.CheckQueue}, 24*time.Hour)},
	})
	require.NoError(t, err)
	led, err := runner.RunOnce(ctx)
	require.NoError(t, err)
	require.True(t, led)

	unqueued, err := e.store.UnqueuedWorkouts(ctx, time.Time{}, e.pipeline.Stages())
	require.NoError(t, err)
	require.Equal(t, workoutIDs(unqueued), workoutIDs([]workout.Workout{old}),
		"only the workout created in the last 24 hours is queued")
}

func TestSinceLimitsEveryCheck(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envConfig{})
	e.feed(t, sampleWorkouts(t)...)
	extra := newWorkout(t, 9, userB, "2026-06-07 07:00", 50, challengeID)
	_, err := e.store.InsertWorkoutWithoutQueue(context.Background(), extra, e.clock.Now())
	require.NoError(t, err)

	later := e.diagnose(t, recovery.Options{Since: e.clock.Now().Add(time.Second)})
	require.True(t, later.Clean(), "findings: %+v", later.Findings)

	now := e.diagnose(t, recovery.Options{Since: e.clock.Now()})
	require.Equal(t, 1, now.Count(recovery.KindUnqueued))
	require.Equal(t, 1, now.Count(recovery.KindDashboardDrift))
	require.Equal(t, 1, now.Count(recovery.KindProgressDrift))
}
