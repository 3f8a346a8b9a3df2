package ranking_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/storage/memstore"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

// serviceBundle is a Service on the store of a stageBundle, sharing its
// Stage and clock.
type serviceBundle struct {
	*stageBundle
	service *ranking.Service
}

func setupService(t *testing.T) *serviceBundle {
	t.Helper()

	b := setupStage(t, false)
	service, err := ranking.NewService(ranking.ServiceConfig{
		Store: b.store,
		Clock: workout.ClockFunc(func() time.Time { return b.now }),
		Stage: b.stage,
	})
	require.NoError(t, err)
	return &serviceBundle{stageBundle: b, service: service}
}

func TestNewServiceRequiresStore(t *testing.T) {
	t.Parallel()

	_, err := ranking.NewService(ranking.ServiceConfig{})
	require.ErrorContains(t, err, "ServiceConfig.Store")
}

func TestServiceOwnStage(t *testing.T) {
	t.Parallel()

	store := memstore.New()
	service, err := ranking.NewService(ranking.ServiceConfig{Store: store})
	require.NoError(t, err)
	ctx := context.Background()

	ch, err := service.CreateChallenge(ctx, ranking.Challenge{
		Title:     "Desafio",
		StartDate: time.Date(2025, 6, 1, 0, 0, 0, 0, saoPaulo),
		EndDate:   time.Date(2025, 6, 21, 0, 0, 0, 0, saoPaulo),
	})
	require.NoError(t, err)
	_, err = service.Join(ctx, ch.ID, uuid.New())
	require.NoError(t, err)

	require.NoError(t, service.Stop(ctx))
	require.NoError(t, service.Stop(ctx))
	_, err = service.Join(ctx, ch.ID, uuid.New())
	require.ErrorIs(t, err, ranking.ErrRefresherStopped)
}

func TestCreateChallengeDefaults(t *testing.T) {
	t.Parallel()

	b := setupService(t)
	ctx := context.Background()

	created, err := b.service.CreateChallenge(ctx, ranking.Challenge{
		Title:     "Desafio de junho",
		StartDate: localTime(t, "2025-06-01 00:00"),
		EndDate:   localTime(t, "2025-06-21 00:00"),
	})
	require.NoError(t, err)
	require.NotEqual(t, uuid.Nil, created.ID)
	require.Equal(t, workout.DefaultTimeZone, created.TimeZone)
	require.Equal(t, ranking.DefaultPointsPerCheckIn, created.PointsPerCheckIn)
	require.Equal(t, ranking.DefaultMinDurationMinutes, created.MinDurationMinutes)
	require.Equal(t, b.now, created.CreatedAt)

	stored, err := b.store.Challenge(ctx, created.ID)
	require.NoError(t, err)
	require.Equal(t, created.Title, stored.Title)
	require.Equal(t, created.PointsPerCheckIn, stored.PointsPerCheckIn)
}

func TestCreateChallengeIDInUse(t *testing.T) {
	t.Parallel()

	b := setupService(t)
	ch := b.challenge
	ch.Title = "Outro"

	_, err := b.service.CreateChallenge(context.Background(), ch)
	require.ErrorIs(t, err, storage.ErrConflict)

	stored, err := b.store.Challenge(context.Background(), ch.ID)
	require.NoError(t, err)
	require.Equal(t, "21 dias", stored.Title)
}
