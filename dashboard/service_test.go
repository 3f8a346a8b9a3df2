package dashboard_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/dashboard"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

func (b testBundle) newService(t *testing.T) *dashboard.Service {
	t.Helper()
	service, err := dashboard.NewService(dashboard.ServiceConfig{Store: b.store, Clock: b.clock})
	require.NoError(t, err)
	return service
}

func TestNewServiceRequiresStore(t *testing.T) {
	t.Parallel()

	_, err := dashboard.NewService(dashboard.ServiceConfig{})
	require.ErrorContains(t, err, "Store")
}

func TestServiceComputesMissingDashboard(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, time.Date(2025, time.June, 10, 12, 0, 0, 0, saoPaulo))
	b.record(t, time.Date(2025, time.June, 10, 7, 0, 0, 0, saoPaulo), 40, uuid.Nil)
	_, err := b.store.Dashboard(ctx, b.userID)
	require.True(t, errors.Is(err, storage.ErrNotFound), "no dashboard before the first read: %v", err)

	d, err := b.newService(t).Dashboard(ctx, b.userID)
	require.NoError(t, err)
	require.Equal(t, 1, d.TotalWorkouts)
	require.Equal(t, 40, d.MinutesThisMonth)

	stored, err := b.store.Dashboard(ctx, b.userID)
	require.NoError(t, err)
	require.Equal(t, d.ComputedFor, stored.ComputedFor)
	require.Equal(t, 1, stored.TotalWorkouts)
}

func TestServiceReturnsCurrentRow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, time.Date(2025, time.June, 10, 23, 0, 0, 0, saoPaulo))
	b.record(t, time.Date(2025, time.June, 10, 7, 0, 0, 0, saoPaulo), 40, uuid.Nil)

	// A row computed earlier today is returned as stored, without a
	// recompute that would replace these figures.
	row := dashboard.Dashboard{
		UserID:         b.userID,
		TimeZone:       workout.DefaultTimeZone,
		ComputedFor:    workout.LocalDate{Year: 2025, Month: time.June, Day: 10},
		TotalWorkouts:  7,
		WorkoutsByType: map[string]int{"Run": 7},
		Level:          1,
		UpdatedAt:      time.Date(2025, time.June, 10, 6, 0, 0, 0, saoPaulo),
	}
	require.NoError(t, b.store.SaveDashboard(ctx, row))

	d, err := b.newService(t).Dashboard(ctx, b.userID)
	require.NoError(t, err)
	require.Equal(t, 7, d.TotalWorkouts)
	require.Equal(t, row.ComputedFor, d.ComputedFor)
}

func TestServiceRecomputesLastMonthRow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, time.Date(2025, time.May, 31, 23, 40, 0, 0, saoPaulo))
	// 23:30 in Sao Paulo on 31 May is 02:30 UTC on 1 June.
	job := b.record(t, time.Date(2025, time.June, 1, 2, 30, 0, 0, time.UTC), 50, uuid.Nil)
	require.NoError(t, b.newStage(t).Process(ctx, job))
	service := b.newService(t)

	may, err := service.Dashboard(ctx, b.userID)
	require.NoError(t, err)
	require.Equal(t, workout.LocalDate{Year: 2025, Month: time.May, Day: 31}, may.ComputedFor)
	require.Equal(t, 50, may.MinutesThisMonth)
	require.Equal(t, 1, may.DaysTrainedThisMonth)

	b.clock.Set(time.Date(2025, time.June, 1, 0, 5, 0, 0, saoPaulo))
	june, err := service.Dashboard(ctx, b.userID)
	require.NoError(t, err)
	require.Equal(t, workout.LocalDate{Year: 2025, Month: time.June, Day: 1}, june.ComputedFor)
	require.Zero(t, june.MinutesThisMonth)
	require.Zero(t, june.DaysTrainedThisMonth)
	require.Equal(t, 50, june.TotalMinutes)
	require.Equal(t, 1, june.CurrentStreak, "31 May is yesterday")

	stored, err := b.store.Dashboard(ctx, b.userID)
	require.NoError(t, err)
	require.Equal(t, june.ComputedFor, stored.ComputedFor)
	require.Zero(t, stored.MinutesThisMonth)
}

func TestServiceRecomputesStaleStreak(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, time.Date(2025, time.June, 10, 20, 0, 0, 0, saoPaulo))
	b.record(t, time.Date(2025, time.June, 8, 7, 0, 0, 0, saoPaulo), 30, uuid.Nil)
	b.record(t, time.Date(2025, time.June, 9, 7, 0, 0, 0, saoPaulo), 30, uuid.Nil)
	job := b.record(t, time.Date(2025, time.June, 10, 7, 0, 0, 0, saoPaulo), 30, uuid.Nil)
	require.NoError(t, b.newStage(t).Process(ctx, job))
	service := b.newService(t)

	tests := []struct {
		now         time.Time
		wantCurrent int
	}{
		{time.Date(2025, time.June, 10, 23, 59, 0, 0, saoPaulo), 3},
		{time.Date(2025, time.June, 11, 9, 0, 0, 0, saoPaulo), 3},
		{time.Date(2025, time.June, 12, 9, 0, 0, 0, saoPaulo), 0},
	}
	for _, tt := range tests {
		b.clock.Set(tt.now)

		d, err := service.Dashboard(ctx, b.userID)
		require.NoError(t, err)
		require.Equal(t, workout.LocalDateOf(tt.now, saoPaulo), d.ComputedFor)
		require.Equal(t, tt.wantCurrent, d.CurrentStreak, "read at %s", tt.now)
		require.Equal(t, 3, d.LongestStreak)
	}
}

func TestServiceRecomputesRowWithUnknownZone(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	b := setup(t, time.Date(2025, time.June, 10, 12, 0, 0, 0, saoPaulo))
	b.record(t, time.Date(2025, time.June, 10, 7, 0, 0, 0, saoPaulo), 40, uuid.Nil)
	require.NoError(t, b.store.SaveDashboard(ctx, dashboard.Dashboard{
		UserID:      b.userID,
		TimeZone:    "Nowhere/Unknown",
		ComputedFor: workout.LocalDate{Year: 2025, Month: time.June, Day: 10},
	}))

	d, err := b.newService(t).Dashboard(ctx, b.userID)
	require.NoError(t, err)
	require.Equal(t, workout.DefaultTimeZone, d.TimeZone)
	require.Equal(t, 1, d.TotalWorkouts)
}

func TestServiceRejectsNilUser(t *testing.T) {
	t.Parallel()
	b := setup(t, time.Date(2025, time.June, 10, 12, 0, 0, 0, saoPaulo))

	_, err := b.newService(t).Dashboard(context.Background(), uuid.Nil)
	require.ErrorContains(t, err, "missing user id")
}
