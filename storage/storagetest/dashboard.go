package storagetest

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/dashboard"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

var dashboardTests = []testCase{
	{name: "dashboard round trip", run: testDashboardRoundTrip},
	{name: "missing dashboard not found", run: testDashboardNotFound},
	{name: "user workouts", run: testUserWorkouts},
	{name: "user memberships", run: testUserMemberships},
	{name: "returned values are copies", run: testReturnedCopies},
}

// newDashboard returns a dashboard with every field set.
func newDashboard(userID uuid.UUID) dashboard.Dashboard {
	lastWorkout := baseTime.Add(-90 * time.Minute)
	return dashboard.Dashboard{
		UserID:               userID,
		TimeZone:             workout.DefaultTimeZone,
		ComputedFor:          workout.LocalDate{Year: 2024, Month: time.June, Day: 3},
		TotalWorkouts:        12,
		TotalMinutes:         600,
		MinutesThisMonth:     150,
		DaysTrainedThisMonth: 3,
		WorkoutsByType:       map[string]int{"Run": 8, "Musculação": 4},
		CurrentStreak:        3,
		LongestStreak:        7,
		TotalPoints:          120,
		TotalCheckIns:        12,
		ChallengesCompleted:  1,
		Level:                2,
		LastWorkoutAt:        &lastWorkout,
		UpdatedAt:            baseTime,
	}
}

func testDashboardRoundTrip(t *testing.T, s Adapter) {
	d := newDashboard(uuid.New())
	require.NoError(t, s.SaveDashboard(t.Context(), d))
	requireDashboard(t, s, d)

	d.ComputedFor = d.ComputedFor.AddDays(1)
	d.WorkoutsByType = map[string]int{"Yoga": 1}
	d.CurrentStreak = 0
	d.LastWorkoutAt = nil
	d.UpdatedAt = baseTime.Add(24 * time.Hour)
	require.NoError(t, s.SaveDashboard(t.Context(), d), "saving again replaces the dashboard")
	requireDashboard(t, s, d)
}

// requireDashboard requires that the stored dashboard equals want.
func requireDashboard(t *testing.T, s Adapter, want dashboard.Dashboard) {
	t.Helper()
	got, err := s.Dashboard(t.Context(), want.UserID)
	require.NoError(t, err)

	requireTime(t, want.UpdatedAt, got.UpdatedAt, "UpdatedAt")
	if want.LastWorkoutAt == nil {
		require.Nil(t, got.LastWorkoutAt, "LastWorkoutAt")
	} else {
		require.NotNil(t, got.LastWorkoutAt, "LastWorkoutAt")
		requireTime(t, *want.LastWorkoutAt, *got.LastWorkoutAt, "LastWorkoutAt")
	}
	want.UpdatedAt, got.UpdatedAt = time.Time{}, time.Time{}
	want.LastWorkoutAt, got.LastWorkoutAt = nil, nil
	require.Equal(t, want, got)
}

func testDashboardNotFound(t *testing.T, s Adapter) {
	_, err := s.Dashboard(t.Context(), uuid.New())
	require.ErrorIs(t, err, storage.ErrNotFound)
}

func testUserWorkouts(t *testing.T, s Adapter) {
	userID := uuid.New()
	first := insert(t, s, newWorkout(userID, uuid.New()), baseTime)
	second := newWorkout(userID, uuid.Nil)
	second.Name = "Yoga"
	second = insert(t, s, second, baseTime)
	insert(t, s, newWorkout(uuid.New(), uuid.Nil), baseTime)

	got, err := s.UserWorkouts(t.Context(), userID)
	require.NoError(t, err)
	require.ElementsMatch(t, []uuid.UUID{first.ID, second.ID}, workoutIDs(got))

	none, err := s.UserWorkouts(t.Context(), uuid.New())
	require.NoError(t, err)
	require.Empty(t, none)
}

func testUserMemberships(t *testing.T, s Adapter) {
	userID := uuid.New()
	active, dropped, other := saveChallenge(t, s), saveChallenge(t, s), saveChallenge(t, s)
	joinChallenge(t, s, active.ID, userID, ranking.StatusActive)
	joinChallenge(t, s, dropped.ID, userID, ranking.StatusDropped)
	joinChallenge(t, s, other.ID, uuid.New(), ranking.StatusActive)

	got, err := s.UserMemberships(t.Context(), userID)

	require.NoError(t, err)
	require.Len(t, got, 2)
	statuses := map[uuid.UUID]ranking.ParticipantStatus{}
	for _, m := range got {
		require.Equal(t, m.Challenge.ID, m.Participant.ChallengeID)
		require.Equal(t, userID, m.Participant.UserID)
		require.Equal(t, active.Title, m.Challenge.Title)
		require.Equal(t, active.TimeZone, m.Challenge.TimeZone)
		requireTime(t, active.StartDate, m.Challenge.StartDate, "StartDate")
		statuses[m.Challenge.ID] = m.Participant.Status
	}
	require.Equal(t, map[uuid.UUID]ranking.ParticipantStatus{
		active.ID: ranking.StatusActive, dropped.ID: ranking.StatusDropped,
	}, statuses)
}

func testReturnedCopies(t *testing.T, s Adapter) {
	w := insert(t, s, newWorkout(uuid.New(), uuid.New()), baseTime)
	w.ImageURLs[0] = "changed"
	read, err := s.Workout(t.Context(), w.ID)
	require.NoError(t, err)
	read.ImageURLs[0] = "changed"

	again, err := s.Workout(t.Context(), w.ID)
	require.NoError(t, err)
	require.Equal(t, "https://example.com/a.jpg", again.ImageURLs[0])

	job := storedJob(t, s, w.ID, workout.StageRanking)
	job.ChallengeIDs[0] = uuid.Nil
	require.Equal(t, []uuid.UUID{w.ChallengeID}, storedJob(t, s, w.ID, workout.StageRanking).ChallengeIDs)

	d := newDashboard(uuid.New())
	require.NoError(t, s.SaveDashboard(t.Context(), d))
	d.WorkoutsByType["Run"] = 0
	stored, err := s.Dashboard(t.Context(), d.UserID)
	require.NoError(t, err)
	stored.WorkoutsByType["Run"] = 0
	*stored.LastWorkoutAt = time.Time{}
	requireDashboard(t, s, newDashboard(d.UserID))
}
