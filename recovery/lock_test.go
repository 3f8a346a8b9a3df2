package recovery_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/recovery"
)

func TestRepairWaitsForRunningStage(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envConfig{})
	ctx := context.Background()
	workouts := sampleWorkouts(t)
	e.feed(t, workouts[:6]...)
	progress, err := e.store.UserProgress(ctx, challengeID, userA)
	require.NoError(t, err)
	progress.Points = 25
	require.NoError(t, e.store.PutRawProgress(ctx, progress))

	// A's ranking job blocks inside the stage, holding A's ranking lock.
	e.ranking.set(faultBlock)
	e.insert(t, newWorkout(t, 9, userA, "2026-06-08 07:00", 50, challengeID))
	ran := make(chan error, 1)
	go func() {
		_, err := e.pipeline.RunPending(ctx)
		ran <- err
	}()
	select {
	case <-e.ranking.started:
	case <-time.After(5 * time.Second):
		t.Fatal("timed out after 5s waiting for the ranking job to start")
	}

	// The lock stays held until release, so the repair cannot get it
	// whatever the deadline.
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	_, err = e.recoverer.Repair(short, recovery.Options{Checks: recovery.CheckRanking})
	require.ErrorIs(t, err, context.DeadlineExceeded)
	stored, err := e.store.UserProgress(ctx, challengeID, userA)
	require.NoError(t, err)
	require.Equal(t, 25, stored.Points, "the repair must not write while the stage runs")

	e.ranking.set(faultNone)
	close(e.ranking.release)
	select {
	case err := <-ran:
		require.NoError(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("timed out after 5s waiting for the pending jobs to finish")
	}
	report := e.diagnose(t, recovery.Options{})
	require.True(t, report.Clean(), "findings: %+v", report.Findings)
}
