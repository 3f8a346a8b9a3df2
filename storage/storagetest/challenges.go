package storagetest

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

var challengeTests = []testCase{
	{name: "challenge round trip", run: testChallengeRoundTrip},
	{name: "participant round trip", run: testParticipantRoundTrip},
	{name: "profile round trip", run: testProfileRoundTrip},
	{name: "missing rows not found", run: testChallengeRowsNotFound},
	{name: "challenge workouts", run: testChallengeWorkouts},
}

// newChallenge returns a 21-day challenge with every field set.
func newChallenge() ranking.Challenge {
	start := time.Date(2024, time.June, 1, 3, 0, 0, 0, time.UTC)
	return ranking.Challenge{
		ID:                 uuid.New(),
		Title:              "Desafio 21 dias",
		Description:        "Treine todo dia",
		StartDate:          start,
		EndDate:            start.AddDate(0, 0, 20),
		TimeZone:           workout.DefaultTimeZone,
		PointsPerCheckIn:   15,
		MinDurationMinutes: 30,
		MinCheckIns:        18,
		Points:             100,
		Active:             true,
		CreatorID:          uuid.New(),
		CreatedAt:          baseTime.Add(-72 * time.Hour),
		UpdatedAt:          baseTime.Add(-48 * time.Hour),
	}
}

func testChallengeRoundTrip(t *testing.T, s Adapter) {
	c := newChallenge()
	require.NoError(t, s.SaveChallenge(t.Context(), c))
	requireChallenge(t, s, c)

	c.Title = "Desafio renovado"
	c.TimeZone = "Europe/Lisbon"
	c.PointsPerCheckIn = 0
	c.Active = false
	require.NoError(t, s.SaveChallenge(t.Context(), c), "saving again replaces the challenge")
	requireChallenge(t, s, c)
}

// requireChallenge requires that the stored challenge equals want.
func requireChallenge(t *testing.T, s Adapter, want ranking.Challenge) {
	t.Helper()
	got, err := s.Challenge(t.Context(), want.ID)
	require.NoError(t, err)

	requireTime(t, want.StartDate, got.StartDate, "StartDate")
	requireTime(t, want.EndDate, got.EndDate, "EndDate")
	requireTime(t, want.CreatedAt, got.CreatedAt, "CreatedAt")
	requireTime(t, want.UpdatedAt, got.UpdatedAt, "UpdatedAt")
	want.StartDate, got.StartDate = time.Time{}, time.Time{}
	want.EndDate, got.EndDate = time.Time{}, time.Time{}
	want.CreatedAt, got.CreatedAt = time.Time{}, time.Time{}
	want.UpdatedAt, got.UpdatedAt = time.Time{}, time.Time{}
	require.Equal(t, want, got)
}

func testParticipantRoundTrip(t *testing.T, s Adapter) {
	c := newChallenge()
	require.NoError(t, s.SaveChallenge(t.Context(), c))
	p := ranking.Participant{ChallengeID: c.ID, UserID: uuid.New(), Status: ranking.StatusActive, JoinedAt: baseTime.Add(-time.Hour)}

	for _, status := range []ranking.ParticipantStatus{ranking.StatusActive, ranking.StatusDropped, ranking.StatusCompleted} {
		p.Status = status
		require.NoError(t, s.SaveParticipant(t.Context(), p))

		got, err := s.Participant(t.Context(), c.ID, p.UserID)
		require.NoError(t, err)
		require.Equal(t, p.ChallengeID, got.ChallengeID)
		require.Equal(t, p.UserID, got.UserID)
		require.Equal(t, status, got.Status)
		requireTime(t, p.JoinedAt, got.JoinedAt, "JoinedAt")
	}
}

func testProfileRoundTrip(t *testing.T, s Adapter) {
	p := workout.Profile{ID: uuid.New(), Name: "Joana", PhotoURL: "https://example.com/j.jpg", TimeZone: "America/Manaus"}
	require.NoError(t, s.SaveProfile(t.Context(), p))

	got, err := s.Profile(t.Context(), p.ID)
	require.NoError(t, err)
	require.Equal(t, p, got)

	p.Name = "Joana S."
	p.PhotoURL = ""
	require.NoError(t, s.SaveProfile(t.Context(), p))
	got, err = s.Profile(t.Context(), p.ID)
	require.NoError(t, err)
	require.Equal(t, p, got)
}

func testChallengeRowsNotFound(t *testing.T, s Adapter) {
	ctx := t.Context()
	c := newChallenge()
	require.NoError(t, s.SaveChallenge(ctx, c))

	_, err := s.Challenge(ctx, uuid.New())
	require.ErrorIs(t, err, storage.ErrNotFound, "challenge")
	_, err = s.Participant(ctx, c.ID, uuid.New())
	require.ErrorIs(t, err, storage.ErrNotFound, "participant")
	_, err = s.Profile(ctx, uuid.New())
	require.ErrorIs(t, err, storage.ErrNotFound, "profile")
	_, err = s.UserProgress(ctx, c.ID, uuid.New())
	require.ErrorIs(t, err, storage.ErrNotFound, "progress")

	checkIns, err := s.CheckIns(ctx, c.ID, uuid.New())
	require.NoError(t, err)
	require.Empty(t, checkIns)
	rows, err := s.Ranking(ctx, c.ID)
	require.NoError(t, err)
	require.Empty(t, rows)
}

func testChallengeWorkouts(t *testing.T, s Adapter) {
	userID, challengeID := uuid.New(), uuid.New()
	first := insert(t, s, newWorkout(userID, challengeID), baseTime)
	second := newWorkout(userID, challengeID)
	second.Date = second.Date.Add(-24 * time.Hour)
	second = insert(t, s, second, baseTime)
	insert(t, s, newWorkout(userID, uuid.New()), baseTime)
	insert(t, s, newWorkout(userID, uuid.Nil), baseTime)
	insert(t, s, newWorkout(uuid.New(), challengeID), baseTime)

	got, err := s.ChallengeWorkouts(t.Context(), challengeID, userID)

	require.NoError(t, err)
	require.ElementsMatch(t, []uuid.UUID{first.ID, second.ID}, workoutIDs(got))
	for _, w := range got {
		if w.ID == first.ID {
			requireWorkout(t, first, w)
		}
	}
}

// workoutIDs returns the ids of the workouts.
func workoutIDs(workouts []workout.Workout) []uuid.UUID {
	ids := make([]uuid.UUID, 0, len(workouts))
	for _, w := range workouts {
		ids = append(ids, w.ID)
	}
	return ids
}
