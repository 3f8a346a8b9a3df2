package compat_test

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/compat"
)

func TestRetryWorkoutProcessingRequeuesDeadJob(t *testing.T) {
	t.Parallel()
	b := setup(t)
	dead := recordDeadWorkout(t, b)
	ctx := context.Background()

	status, err := b.pipeline.Status(ctx, dead)
	require.NoError(t, err)
	require.Equal(t, compat.LabelPartial, compat.ProcessingLabel(status))

	retried, err := b.service.RetryWorkoutProcessing(ctx, compat.ServiceAuth(), compat.RetryParams{WorkoutID: dead.String()})
	require.NoError(t, err)
	require.True(t, retried)

	_, err = b.pipeline.RunPending(ctx)
	require.NoError(t, err)
	status, err = b.pipeline.Status(ctx, dead)
	require.NoError(t, err)
	require.Equal(t, compat.LabelProcessed, compat.ProcessingLabel(status))

	again, err := b.service.RetryWorkoutProcessing(ctx, compat.ServiceAuth(), compat.RetryParams{WorkoutID: dead.String()})
	require.NoError(t, err)
	require.False(t, again, "nothing left to retry")
}

func TestRetryWorkoutProcessingByOwner(t *testing.T) {
	t.Parallel()
	b := setup(t)
	member := uuid.New()
	ctx := context.Background()
	reply, err := b.service.RecordWorkoutBasic(ctx, compat.UserAuth(member), basicParams(member, noon, ""))
	require.NoError(t, err)

	retried, err := b.service.RetryWorkoutProcessing(ctx, compat.UserAuth(member), compat.RetryParams{WorkoutID: reply.WorkoutID})
	require.NoError(t, err)
	require.True(t, retried, "pending jobs are queued again, due now")

	_, err = b.service.RetryWorkoutProcessing(ctx, compat.UserAuth(uuid.New()), compat.RetryParams{WorkoutID: reply.WorkoutID})
	require.ErrorIs(t, err, compat.ErrForbidden)
}

func TestRetryWorkoutProcessingUnknownIDs(t *testing.T) {
	t.Parallel()
	b := setup(t)

	for _, id := range []string{"", "treino-1", uuid.NewString()} {
		retried, err := b.service.RetryWorkoutProcessing(context.Background(), compat.UserAuth(uuid.New()), compat.RetryParams{WorkoutID: id})
		require.NoError(t, err, id)
		require.False(t, retried, id)
	}
}
