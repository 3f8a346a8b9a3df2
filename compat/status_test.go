package compat_test

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/compat"
	"github.com/rayclub/workoutflow/workout"
)

func TestProcessingLabel(t *testing.T) {
	t.Parallel()
	tests := []struct {
		ranking, dashboard bool
		want               string
	}{
		{true, true, "Processado"},
		{true, false, "Processamento parcial"},
		{false, true, "Processamento parcial"},
		{false, false, "Em Análise"},
	}
	for _, tt := range tests {
		status := workout.Status{ProcessedForRanking: tt.ranking, ProcessedForDashboard: tt.dashboard}
		require.Equal(t, tt.want, compat.ProcessingLabel(status))
		row := compat.QueueRow{ProcessedForRanking: tt.ranking, ProcessedForDashboard: tt.dashboard}
		require.Equal(t, tt.want, row.Label())
	}
}

func TestProcessingStatusVisibility(t *testing.T) {
	t.Parallel()
	b := setup(t)
	member := uuid.New()
	ctx := context.Background()
	reply, err := b.service.RecordWorkoutBasic(ctx, compat.UserAuth(member), basicParams(member, noon, ""))
	require.NoError(t, err)

	row, found, err := b.service.ProcessingStatus(ctx, compat.UserAuth(member), reply.WorkoutID)
	require.NoError(t, err)
	require.True(t, found)
	require.Equal(t, reply.WorkoutID, row.WorkoutID)
	require.Nil(t, row.ChallengeID)
	require.Nil(t, row.ProcessedAt)

	object := decodeObject(t, row)
	require.ElementsMatch(t, []string{
		"workout_id", "user_id", "challenge_id", "processed_for_ranking", "processed_for_dashboard",
		"processing_error", "created_at", "processed_at",
	}, mapKeys(object))

	_, found, err = b.service.ProcessingStatus(ctx, compat.UserAuth(uuid.New()), reply.WorkoutID)
	require.NoError(t, err)
	require.False(t, found, "other users' rows are hidden")

	_, found, err = b.service.ProcessingStatus(ctx, compat.ServiceAuth(), reply.WorkoutID)
	require.NoError(t, err)
	require.True(t, found)

	for _, id := range []string{"x", uuid.NewString()} {
		_, found, err = b.service.ProcessingStatus(ctx, compat.ServiceAuth(), id)
		require.NoError(t, err)
		require.False(t, found)
	}
}
