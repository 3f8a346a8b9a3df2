package ranking_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/storage/memstore"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

func TestExplainStoredReadsStore(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	store := memstore.New()
	now := time.Date(2025, time.June, 10, 15, 0, 0, 0, time.UTC)
	ch := ranking.Challenge{ID: uuid.New(), Title: "Junho", StartDate: now.AddDate(0, 0, -9),
		EndDate: now.AddDate(0, 0, 20), TimeZone: "UTC", Active: true}
	require.NoError(t, store.SaveChallenge(ctx, ch))
	userID := uuid.New()

	record := func(date time.Time, challengeID uuid.UUID) uuid.UUID {
		w := workout.Workout{ID: uuid.New(), UserID: userID, Name: "Corrida", Type: "Run",
			Date: date, DurationMinutes: 50, ChallengeID: challengeID}
		_, _, err := store.InsertWorkout(ctx, workout.InsertRequest{Workout: w, Stages: []string{"ranking"}, Now: now})
		require.NoError(t, err)
		return w.ID
	}
	first := record(now.Add(-5*time.Hour), ch.ID)
	second := record(now.Add(-2*time.Hour), ch.ID)
	loose := record(now.Add(-time.Hour), uuid.Nil)

	got, err := ranking.ExplainStored(ctx, store, first, now)
	require.NoError(t, err)
	require.ErrorIs(t, got.Reason, ranking.ErrNotMember, "before joining")

	require.NoError(t, store.SaveParticipant(ctx, ranking.Participant{ChallengeID: ch.ID, UserID: userID,
		Status: ranking.StatusActive, JoinedAt: now}))
	got, err = ranking.ExplainStored(ctx, store, first, now)
	require.NoError(t, err)
	require.True(t, got.OwnsCheckIn, "first workout of the day")

	got, err = ranking.ExplainStored(ctx, store, second, now)
	require.NoError(t, err)
	require.ErrorIs(t, got.Reason, ranking.ErrDayTaken)
	require.Equal(t, first, got.OwnerID)

	got, err = ranking.ExplainStored(ctx, store, loose, now)
	require.NoError(t, err)
	require.ErrorIs(t, got.Reason, ranking.ErrNoChallenge)

	missing := uuid.New()
	_, err = ranking.ExplainStored(ctx, store, missing, now)
	require.ErrorIs(t, err, storage.ErrNotFound)
	require.Equal(t, 1, strings.Count(err.Error(), missing.String()), "error: %v", err)
}
