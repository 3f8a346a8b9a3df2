package compat_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/compat"
	"github.com/rayclub/workoutflow/workout"
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

func TestRetryWorkoutProcessingQueuesMissingWorkout(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	member := uuid.New()
	stored, err := b.store.InsertWorkoutWithoutQueue(ctx, workout.Workout{
		UserID: member, Name: "Corrida", Type: "Cardio", DurationMinutes: 50, Date: noon.Add(-time.Hour),
	}, noon.Add(-time.Hour))
	require.NoError(t, err)

	retried, err := b.service.RetryWorkoutProcessing(ctx, compat.UserAuth(member), compat.RetryParams{WorkoutID: stored.ID.String()})
	require.NoError(t, err)
	require.True(t, retried)

	_, err = b.pipeline.RunPending(ctx)
	require.NoError(t, err)
	status, err := b.pipeline.Status(ctx, stored.ID)
	require.NoError(t, err)
	require.Equal(t, compat.LabelProcessed, compat.ProcessingLabel(status))
}
