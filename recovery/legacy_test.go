package recovery_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/recovery"
	"github.com/rayclub/workoutflow/workout"
)

func TestRecoverRecentCountsEachWorkoutOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envConfig{maxAttempts: 1})
	ctx := context.Background()
	e.ranking.set(faultError)
	e.dashboard.set(faultError)
	e.feed(t, sampleWorkouts(t)...)

	recent := newWorkout(t, 9, userB, "2026-06-07 07:00", 50, challengeID)
	_, err := e.store.InsertWorkoutWithoutQueue(ctx, recent, e.clock.Now())
	require.NoError(t, err)
	old := newWorkout(t, 10, userB, "2026-05-25 07:00", 50, uuid.Nil)
	_, err = e.store.InsertWorkoutWithoutQueue(ctx, old, e.clock.Now().Add(-10*24*time.Hour))
	require.NoError(t, err)

	recovered, missing, failed, err := e.recoverer.RecoverRecent(ctx, 7)
	require.NoError(t, err)
	require.Equal(t, 1, missing, "the workout created 10 days ago is outside the period")
	require.Equal(t, 8, failed, "two dead jobs of one workout count once")
	require.Equal(t, 9, recovered, "one queued workout and eight with dead jobs sent back")

	status, err := e.store.Status(ctx, recent.ID)
	require.NoError(t, err)
	require.Len(t, status.Jobs, 2)

	e.ranking.set(faultNone)
	e.dashboard.set(faultNone)
	e.runPending(t)
	recovered, missing, failed, err = e.recoverer.RecoverRecent(ctx, 7)
	require.NoError(t, err)
	require.Zero(t, recovered)
	require.Zero(t, missing)
	require.Zero(t, failed)
}

func TestFailedJobBecomesDeadNotBoth(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envConfig{maxAttempts: 2})
	e.ranking.set(faultError)
	e.feed(t, sampleWorkouts(t)[:2]...)

	report := e.diagnose(t, recovery.Options{Checks: recovery.CheckJobs})
	require.Equal(t, map[recovery.Kind]int{recovery.KindFailed: 2}, report.Counts())
	require.Contains(t, report.Of(recovery.KindFailed)[0].Detail, "injected stage failure")

	e.clock.Advance(time.Minute)
	e.runPending(t)
	report = e.diagnose(t, recovery.Options{Checks: recovery.CheckJobs})
	require.Equal(t, map[recovery.Kind]int{recovery.KindDead: 2}, report.Counts())
	require.Equal(t, recovery.ActionNone, report.Of(recovery.KindDead)[0].Action,
		"without RetryDead or a policy a dead job waits for an operator")

	// A pending job that was never attempted is not failed.
	e.insert(t, sampleWorkouts(t)[2])
	report = e.diagnose(t, recovery.Options{Checks: recovery.CheckJobs})
	require.Equal(t, map[recovery.Kind]int{recovery.KindDead: 2}, report.Counts())
}

func TestRecoverRecentRejectsBadPeriod(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envConfig{})

	_, _, _, err := e.recoverer.RecoverRecent(context.Background(), -1)
	require.ErrorContains(t, err, "days back must be at least 1")
}

func TestRetryWorkout(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envConfig{maxAttempts: 1})
	ctx := context.Background()
	workouts := sampleWorkouts(t)
	e.feed(t, workouts[0])

	e.ranking.set(faultError)
	e.feed(t, workouts[1])
	e.ranking.set(faultNone)
	_, err := e.store.InsertWorkoutWithoutQueue(ctx, workouts[2], e.clock.Now())
	require.NoError(t, err)

	cases := []struct {
		name string
		id   uuid.UUID
		want bool
	}{
		{"unknown workout", uuid.New(), false},
		{"every stage done", workouts[0].ID, false},
		{"dead ranking job", workouts[1].ID, true},
		{"workout missing from the queue", workouts[2].ID, true},
	}
	for _, tc := range cases {
		queued, err := e.recoverer.RetryWorkout(ctx, tc.id)
		require.NoError(t, err, tc.name)
		require.Equal(t, tc.want, queued, tc.name)
	}

	e.runPending(t)
	for _, w := range workouts[:3] {
		status, err := e.store.Status(ctx, w.ID)
		require.NoError(t, err)
		require.True(t, status.ProcessedForRanking, "workout %s", w.ID)
		require.True(t, status.ProcessedForDashboard, "workout %s", w.ID)
		require.Len(t, status.Jobs, 2)
		for _, job := range status.Jobs {
			require.Equal(t, workout.JobDone, job.State)
		}
	}
}
