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

func TestCreateChallengeValidation(t *testing.T) {
	t.Parallel()

	valid := func() ranking.Challenge {
		return ranking.Challenge{
			Title:     "Desafio",
			StartDate: time.Date(2025, 6, 1, 0, 0, 0, 0, saoPaulo),
			EndDate:   time.Date(2025, 6, 21, 0, 0, 0, 0, saoPaulo),
		}
	}

	tests := []struct {
		name   string
		change func(*ranking.Challenge)
		fields []string
	}{
		{name: "title missing", change: func(c *ranking.Challenge) { c.Title = "  " }, fields: []string{"title"}},
		{name: "title not UTF-8", change: func(c *ranking.Challenge) { c.Title = "\xff" }, fields: []string{"title"}},
		{name: "description with NUL", change: func(c *ranking.Challenge) { c.Description = "a\x00b" }, fields: []string{"description"}},
		{name: "dates missing", change: func(c *ranking.Challenge) { c.StartDate, c.EndDate = time.Time{}, time.Time{} }, fields: []string{"start_date", "end_date"}},
		{name: "end before start", change: func(c *ranking.Challenge) { c.EndDate = c.StartDate.Add(-time.Minute) }, fields: []string{"end_date"}},
		{name: "unknown zone", change: func(c *ranking.Challenge) { c.TimeZone = "Brasil/Rio" }, fields: []string{"time_zone"}},
		{
			name: "negative numbers",
			change: func(c *ranking.Challenge) {
				c.PointsPerCheckIn, c.MinDurationMinutes, c.MinCheckIns, c.Points = -1, -1, -1, -1
			},
			fields: []string{"points_per_check_in", "min_duration_minutes", "min_checkins", "points"},
		},
		{name: "minimum longer than a day", change: func(c *ranking.Challenge) { c.MinDurationMinutes = 1441 }, fields: []string{"min_duration_minutes"}},
		{name: "more check-ins than days", change: func(c *ranking.Challenge) { c.MinCheckIns = 22 }, fields: []string{"min_checkins"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			ch := valid()
			tt.change(&ch)
			store := memstore.New()
			service, err := ranking.NewService(ranking.ServiceConfig{Store: store})
			require.NoError(t, err)
			t.Cleanup(func() { require.NoError(t, service.Stop(context.Background())) })

			_, err = service.CreateChallenge(context.Background(), ch)
			var verr *workout.ValidationError
			require.ErrorAs(t, err, &verr)
			require.Len(t, verr.Fields, len(tt.fields))
			for _, field := range tt.fields {
				require.True(t, verr.Has(field), "expected an error for %s, got %v", field, verr)
			}
		})
	}

	t.Run("same start and end day", func(t *testing.T) {
		t.Parallel()

		ch := valid()
		ch.EndDate = ch.StartDate.Add(23 * time.Hour)
		require.NoError(t, ranking.ValidateChallenge(ch))
	})
}

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
