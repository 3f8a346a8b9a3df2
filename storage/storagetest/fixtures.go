package storagetest

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

// baseTime is the fixed "now" of the suite. Every other instant is derived
// from it, so no check depends on the machine clock.
var baseTime = time.Date(2024, time.June, 3, 12, 0, 0, 0, time.UTC)

// lease is the lease length of the suite's claims.
const lease = 30 * time.Second

// replayWindow is the replay window of the suite's inserts.
const replayWindow = time.Minute

var bothStages = []string{workout.StageRanking, workout.StageDashboard}

// newWorkout returns a valid workout of the user with a new id. challengeID
// may be uuid.Nil.
func newWorkout(userID, challengeID uuid.UUID) workout.Workout {
	return workout.Workout{
		ID:              uuid.New(),
		UserID:          userID,
		ClientWorkoutID: "treino-123",
		Name:            "Corrida no parque",
		Type:            "Run",
		Date:            baseTime.Add(-2 * time.Hour),
		DurationMinutes: 50,
		Notes:           "Ritmo leve",
		ImageURLs:       []string{"https://example.com/a.jpg", "https://example.com/b.jpg"},
		ChallengeID:     challengeID,
	}
}

// insertRequest returns the request that records w at now with both
// built-in stages and the suite's replay window.
func insertRequest(w workout.Workout, now time.Time) workout.InsertRequest {
	return workout.InsertRequest{Workout: w, Stages: bothStages, ReplayWindow: replayWindow, Now: now}
}

// insert stores w at now with both built-in stages and requires that it was
// not a replay.
func insert(t *testing.T, s Adapter, w workout.Workout, now time.Time) workout.Workout {
	t.Helper()
	stored, replayed, err := s.InsertWorkout(t.Context(), insertRequest(w, now))
	require.NoError(t, err)
	require.False(t, replayed, "workout %s was taken as a replay", w.ID)
	return stored
}

// claimRequest returns a claim of every due job of the given stages, or of
// both built-in stages when none are given.
func claimRequest(owner string, now time.Time, stages ...string) workout.ClaimRequest {
	if len(stages) == 0 {
		stages = bothStages
	}
	return workout.ClaimRequest{Owner: owner, Stages: stages, Limit: 100, Now: now, Lease: lease}
}

// claim claims every due job of the given stages (both built-in stages when
// none are given).
func claim(t *testing.T, s Adapter, owner string, now time.Time, stages ...string) []workout.Job {
	t.Helper()
	jobs, err := s.ClaimJobs(t.Context(), claimRequest(owner, now, stages...))
	require.NoError(t, err)
	return jobs
}

// claimOne claims the due jobs of one stage and requires exactly one.
func claimOne(t *testing.T, s Adapter, owner string, now time.Time, stage string) workout.Job {
	t.Helper()
	jobs := claim(t, s, owner, now, stage)
	require.Len(t, jobs, 1, "due %s jobs", stage)
	return jobs[0]
}

// complete completes every job and requires success.
func complete(t *testing.T, s Adapter, now time.Time, jobs ...workout.Job) {
	t.Helper()
	for _, job := range jobs {
		require.NoError(t, s.CompleteJob(t.Context(), job, now), "complete %s job", job.Stage)
	}
}

// status returns the workout's status and requires success.
func status(t *testing.T, s Adapter, workoutID uuid.UUID) workout.Status {
	t.Helper()
	st, err := s.Status(t.Context(), workoutID)
	require.NoError(t, err)
	return st
}

// storedJob returns the workout's job of the stage as Status reports it.
func storedJob(t *testing.T, s Adapter, workoutID uuid.UUID, stage string) workout.Job {
	t.Helper()
	for _, job := range status(t, s, workoutID).Jobs {
		if job.Stage == stage {
			return job
		}
	}
	require.Failf(t, "job not found", "workout %s has no %s job", workoutID, stage)
	return workout.Job{}
}

// requireTime requires that got is the same instant as want.
func requireTime(t *testing.T, want, got time.Time, name string) {
	t.Helper()
	require.True(t, want.Equal(got), "%s: want %s, got %s", name, want.UTC(), got.UTC())
}

// requireStrings requires the same strings, taking nil and empty as equal.
func requireStrings(t *testing.T, want, got []string, name string) {
	t.Helper()
	if len(want) == 0 {
		require.Empty(t, got, name)
		return
	}
	require.Equal(t, want, got, name)
}

// requireWorkout requires that got has the fields of want.
func requireWorkout(t *testing.T, want, got workout.Workout) {
	t.Helper()
	require.Equal(t, want.ID, got.ID, "ID")
	require.Equal(t, want.UserID, got.UserID, "UserID")
	require.Equal(t, want.ClientWorkoutID, got.ClientWorkoutID, "ClientWorkoutID")
	require.Equal(t, want.Name, got.Name, "Name")
	require.Equal(t, want.Type, got.Type, "Type")
	requireTime(t, want.Date, got.Date, "Date")
	require.Equal(t, want.DurationMinutes, got.DurationMinutes, "DurationMinutes")
	require.Equal(t, want.Notes, got.Notes, "Notes")
	requireStrings(t, want.ImageURLs, got.ImageURLs, "ImageURLs")
	require.Equal(t, want.ChallengeID, got.ChallengeID, "ChallengeID")
	require.Equal(t, want.IdempotencyKey, got.IdempotencyKey, "IdempotencyKey")
	require.Equal(t, want.Points, got.Points, "Points")
	requireTime(t, want.CreatedAt, got.CreatedAt, "CreatedAt")
	requireTime(t, want.UpdatedAt, got.UpdatedAt, "UpdatedAt")
}
