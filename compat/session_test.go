package compat_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/compat"
)

// TestAppSessionRecordCheckInAndPoll follows the shipped app: save a
// workout, check in with the returned record id, then poll the queue row
// until the label reads "Processado".
func TestAppSessionRecordCheckInAndPoll(t *testing.T) {
	t.Parallel()
	b := setup(t)
	challengeID, member := b.challenge(t)
	ctx := context.Background()
	auth := compat.UserAuth(member)

	params := basicParams(member, noon.Add(-40*time.Minute), "app-session-1")
	params.ChallengeID = challengeID.String()
	saved, err := b.service.RecordWorkoutBasic(ctx, auth, params)
	require.NoError(t, err)
	require.True(t, saved.Success, saved.Message)
	require.True(t, saved.ProcessingQueued)

	checkIn, err := b.service.RecordChallengeCheckInV2(ctx, auth, checkInParams(challengeID, member, "11:20", saved.WorkoutID))
	require.NoError(t, err)
	require.Equal(t, 10, checkIn.PointsEarned)
	require.Equal(t, saved.WorkoutID, checkIn.WorkoutID)
	require.Equal(t, 1, checkIn.CurrentStreak)

	labels := pollUntilProcessed(t, b, auth, saved.WorkoutID)
	require.Equal(t, compat.LabelPending, labels[0])
	require.Equal(t, compat.LabelProcessed, labels[len(labels)-1])

	workouts, err := b.store.UserWorkouts(ctx, member)
	require.NoError(t, err)
	require.Len(t, workouts, 1, "one workout for one save")
	requireProgressPoints(t, b, challengeID, member, 10)
	board, err := b.store.Dashboard(ctx, member)
	require.NoError(t, err)
	require.Equal(t, 10, board.TotalPoints)
}

func TestAppSessionPartialProcessing(t *testing.T) {
	t.Parallel()
	b := setup(t)
	member := uuid.New()
	ctx := context.Background()
	b.dashboard.failing.Store(true)

	saved, err := b.service.RecordWorkoutBasic(ctx, compat.UserAuth(member), basicParams(member, noon, ""))
	require.NoError(t, err)
	_, err = b.pipeline.RunPending(ctx)
	require.NoError(t, err)

	row, found, err := b.service.ProcessingStatus(ctx, compat.UserAuth(member), saved.WorkoutID)
	require.NoError(t, err)
	require.True(t, found)
	require.True(t, row.ProcessedForRanking)
	require.False(t, row.ProcessedForDashboard)
	require.NotNil(t, row.ProcessingError)
	require.Equal(t, compat.LabelPartial, row.Label())
}

// pollUntilProcessed reads the queue row as the app does, running the due
// stages between two reads, and returns the labels it saw.
func pollUntilProcessed(t *testing.T, b *bundle, auth compat.Auth, workoutID string) []string {
	t.Helper()
	var labels []string
	for range 5 {
		row, found, err := b.service.ProcessingStatus(context.Background(), auth, workoutID)
		require.NoError(t, err)
		require.True(t, found)
		labels = append(labels, row.Label())
		if labels[len(labels)-1] == compat.LabelProcessed {
			return labels
		}
		_, err = b.pipeline.RunPending(context.Background())
		require.NoError(t, err)
	}
	t.Fatalf("workout %s not processed after 5 polls: %v", workoutID, labels)
	return nil
}
