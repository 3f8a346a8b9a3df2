package ranking_test

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

func TestServiceJoinDropRejoin(t *testing.T) {
	t.Parallel()

	b := setupService(t)
	ctx := context.Background()
	leader := b.join(t, "Bia")
	b.record(t, leader, "2025-06-01 08:00", 60)
	b.record(t, leader, "2025-06-02 08:00", 60)
	b.process(t, leader)

	userID := uuid.New()
	w := b.record(t, userID, "2025-06-03 08:00", 60)
	b.process(t, userID)
	require.Equal(t, 0, b.workoutPoints(t, w.ID), "a workout earns nothing before the user joins")

	joined, err := b.service.Join(ctx, b.challenge.ID, userID)
	require.NoError(t, err)
	require.Equal(t, ranking.StatusActive, joined.Status)
	require.Equal(t, b.now, joined.JoinedAt)
	require.Equal(t, 10, b.workoutPoints(t, w.ID), "joining recomputes the recorded workouts")
	requireRanking(t, b, leader, userID)

	dropped, err := b.service.Drop(ctx, b.challenge.ID, userID)
	require.NoError(t, err)
	require.Equal(t, ranking.StatusDropped, dropped.Status)
	checkIns, err := b.service.CheckIns(ctx, b.challenge.ID, userID)
	require.NoError(t, err)
	require.Empty(t, checkIns)
	require.Equal(t, 0, b.workoutPoints(t, w.ID))
	requireRanking(t, b, leader)
	progress, err := b.service.UserProgress(ctx, b.challenge.ID, userID)
	require.NoError(t, err)
	require.Zero(t, progress.Position)

	rejoined, err := b.service.Join(ctx, b.challenge.ID, userID)
	require.NoError(t, err)
	require.Equal(t, ranking.StatusActive, rejoined.Status)
	checkIns, err = b.service.CheckIns(ctx, b.challenge.ID, userID)
	require.NoError(t, err)
	require.Len(t, checkIns, 1)
	requireRanking(t, b, leader, userID)
}

// requireRanking checks that the challenge's ranking lists the users in
// order at positions 1, 2, 3 ...
func requireRanking(t *testing.T, b *serviceBundle, users ...uuid.UUID) {
	t.Helper()
	rows, err := b.service.Ranking(context.Background(), b.challenge.ID)
	require.NoError(t, err)
	require.Len(t, rows, len(users))
	for i, row := range rows {
		require.Equal(t, users[i], row.UserID)
		require.Equal(t, i+1, row.Position)
	}
}

func TestServiceSetStatus(t *testing.T) {
	t.Parallel()

	b := setupService(t)
	ctx := context.Background()
	userID := b.join(t, "Ana")
	b.record(t, userID, "2025-06-02 08:00", 60)

	completed, err := b.service.SetStatus(ctx, b.challenge.ID, userID, ranking.StatusCompleted)
	require.NoError(t, err)
	require.Equal(t, ranking.StatusCompleted, completed.Status)
	requireRanking(t, b, userID)

	_, err = b.service.SetStatus(ctx, b.challenge.ID, userID, "paused")
	var verr *workout.ValidationError
	require.ErrorAs(t, err, &verr)
	require.True(t, verr.Has("status"))

	_, err = b.service.SetStatus(ctx, b.challenge.ID, uuid.New(), ranking.StatusActive)
	require.ErrorIs(t, err, storage.ErrNotFound)
}

func TestServiceUnknownRows(t *testing.T) {
	t.Parallel()

	b := setupService(t)
	ctx := context.Background()
	unknown := uuid.New()

	_, err := b.service.Join(ctx, unknown, uuid.New())
	require.ErrorIs(t, err, storage.ErrNotFound)
	require.ErrorContains(t, err, unknown.String())

	_, err = b.service.Drop(ctx, b.challenge.ID, uuid.New())
	require.ErrorIs(t, err, storage.ErrNotFound)

	_, err = b.service.Ranking(ctx, unknown)
	require.ErrorIs(t, err, storage.ErrNotFound)

	_, err = b.service.UserProgress(ctx, b.challenge.ID, uuid.New())
	require.ErrorIs(t, err, storage.ErrNotFound)

	checkIns, err := b.service.CheckIns(ctx, b.challenge.ID, uuid.New())
	require.NoError(t, err)
	require.Empty(t, checkIns)
}
