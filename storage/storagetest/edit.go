package storagetest

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

var editTests = []testCase{
	{name: "update replaces editable fields", run: testUpdateReplacesFields},
	{name: "update requeues stages", run: testUpdateRequeues},
	{name: "update collects challenges", run: testUpdateCollectsChallenges},
	{name: "update resets only requeued flags", run: testUpdateResetsRequeuedFlags},
	{name: "update of missing workout", run: testUpdateNotFound},
	{name: "delete removes workout", run: testDeleteRemovesWorkout},
	{name: "delete queues old challenge", run: testDeleteQueuesOldChallenge},
	{name: "delete frees idempotency key", run: testDeleteFreesKey},
	{name: "delete of missing workout", run: testDeleteNotFound},
}

func testUpdateReplacesFields(t *testing.T, s Adapter) {
	original := newWorkout(uuid.New(), uuid.New())
	original.IdempotencyKey = "treino-1"
	stored := insert(t, s, original, baseTime)
	now := baseTime.Add(time.Hour)

	edit := stored
	edit.UserID = uuid.New()
	edit.ClientWorkoutID = "outro"
	edit.IdempotencyKey = "outra-chave"
	edit.Points = 99
	edit.CreatedAt = now
	edit.Name = "Musculação"
	edit.Type = "Strength"
	edit.Date = baseTime.Add(-30 * time.Minute)
	edit.DurationMinutes = 70
	edit.Notes = "Pernas 💪"
	edit.ImageURLs = []string{"https://example.com/c.jpg"}
	edit.ChallengeID = uuid.New()
	updated, err := s.UpdateWorkout(t.Context(), edit, bothStages, now)
	require.NoError(t, err)

	want := stored
	want.Name = edit.Name
	want.Type = edit.Type
	want.Date = edit.Date
	want.DurationMinutes = edit.DurationMinutes
	want.Notes = edit.Notes
	want.ImageURLs = edit.ImageURLs
	want.ChallengeID = edit.ChallengeID
	want.UpdatedAt = now
	requireWorkout(t, want, updated)
	read, err := s.Workout(t.Context(), stored.ID)
	require.NoError(t, err)
	requireWorkout(t, want, read)
	require.Equal(t, edit.ChallengeID, status(t, s, stored.ID).ChallengeID, "queue row challenge")
}

func testUpdateRequeues(t *testing.T, s Adapter) {
	challengeID := uuid.New()
	w := insert(t, s, newWorkout(uuid.New(), challengeID), baseTime)
	complete(t, s, baseTime, claim(t, s, "worker", baseTime)...)
	require.NotNil(t, status(t, s, w.ID).ProcessedAt)
	done := storedJob(t, s, w.ID, workout.StageRanking)

	now := baseTime.Add(time.Hour)
	_, err := s.UpdateWorkout(t.Context(), w, bothStages, now)
	require.NoError(t, err)

	st := status(t, s, w.ID)
	require.False(t, st.ProcessedForRanking)
	require.False(t, st.ProcessedForDashboard)
	require.Nil(t, st.ProcessedAt)
	for _, job := range st.Jobs {
		require.Equal(t, workout.JobPending, job.State, "%s job", job.Stage)
		require.Equal(t, workout.ReasonUpdated, job.Reason)
		require.Zero(t, job.Attempt)
		require.Equal(t, done.Token+1, job.Token, "requeueing increments the token")
		require.Empty(t, job.Owner)
		requireTime(t, now, job.RunAt, "RunAt")
		requireTime(t, baseTime, job.CreatedAt, "CreatedAt stays the first queueing time")
		require.Equal(t, []uuid.UUID{challengeID}, job.ChallengeIDs)
	}
}

func testUpdateCollectsChallenges(t *testing.T, s Adapter) {
	first, second, third := uuid.New(), uuid.New(), uuid.New()
	w := insert(t, s, newWorkout(uuid.New(), first), baseTime)

	w.ChallengeID = second
	_, err := s.UpdateWorkout(t.Context(), w, bothStages, baseTime.Add(time.Minute))
	require.NoError(t, err)
	require.ElementsMatch(t, []uuid.UUID{first, second}, storedJob(t, s, w.ID, workout.StageRanking).ChallengeIDs)

	w.ChallengeID = third
	_, err = s.UpdateWorkout(t.Context(), w, bothStages, baseTime.Add(2*time.Minute))
	require.NoError(t, err)
	require.ElementsMatch(t, []uuid.UUID{first, second, third}, storedJob(t, s, w.ID, workout.StageRanking).ChallengeIDs,
		"challenges pile up until the job completes")

	w.ChallengeID = uuid.Nil
	_, err = s.UpdateWorkout(t.Context(), w, bothStages, baseTime.Add(3*time.Minute))
	require.NoError(t, err)
	require.ElementsMatch(t, []uuid.UUID{first, second, third}, storedJob(t, s, w.ID, workout.StageRanking).ChallengeIDs)

	now := baseTime.Add(4 * time.Minute)
	complete(t, s, now, claim(t, s, "worker", now)...)
	require.Empty(t, storedJob(t, s, w.ID, workout.StageRanking).ChallengeIDs,
		"completion keeps only the current challenge")
}

func testUpdateResetsRequeuedFlags(t *testing.T, s Adapter) {
	w := insert(t, s, newWorkout(uuid.New(), uuid.Nil), baseTime)
	complete(t, s, baseTime, claim(t, s, "worker", baseTime)...)

	_, err := s.UpdateWorkout(t.Context(), w, []string{workout.StageRanking}, baseTime.Add(time.Minute))
	require.NoError(t, err)

	st := status(t, s, w.ID)
	require.False(t, st.ProcessedForRanking)
	require.True(t, st.ProcessedForDashboard, "the dashboard job was not queued again")
	require.Nil(t, st.ProcessedAt)
	require.Equal(t, workout.JobDone, storedJob(t, s, w.ID, workout.StageDashboard).State)
}

func testUpdateNotFound(t *testing.T, s Adapter) {
	_, err := s.UpdateWorkout(t.Context(), newWorkout(uuid.New(), uuid.Nil), bothStages, baseTime)
	require.ErrorIs(t, err, storage.ErrNotFound)
}

func testDeleteRemovesWorkout(t *testing.T, s Adapter) {
	w := insert(t, s, newWorkout(uuid.New(), uuid.New()), baseTime)

	deleted, err := s.DeleteWorkout(t.Context(), w.ID, bothStages, baseTime.Add(time.Minute))

	require.NoError(t, err)
	requireWorkout(t, w, deleted)
	_, err = s.Workout(t.Context(), w.ID)
	require.ErrorIs(t, err, storage.ErrNotFound)
	_, err = s.Status(t.Context(), w.ID)
	require.ErrorIs(t, err, storage.ErrNotFound, "the queue row goes with the workout")
	workouts, err := s.ChallengeWorkouts(t.Context(), w.ChallengeID, w.UserID)
	require.NoError(t, err)
	require.Empty(t, workouts)
}

func testDeleteQueuesOldChallenge(t *testing.T, s Adapter) {
	challengeID := uuid.New()
	w := insert(t, s, newWorkout(uuid.New(), challengeID), baseTime)
	running := claimOne(t, s, "old-worker", baseTime, workout.StageRanking)

	now := baseTime.Add(time.Minute)
	_, err := s.DeleteWorkout(t.Context(), w.ID, bothStages, now)
	require.NoError(t, err)

	require.ErrorIs(t, s.CompleteJob(t.Context(), running, now), storage.ErrLeaseLost,
		"deleting fences the worker that ran the job")
	jobs := claim(t, s, "worker", now)
	require.Len(t, jobs, 2)
	for _, job := range jobs {
		require.Equal(t, w.ID, job.WorkoutID)
		require.Equal(t, w.UserID, job.UserID)
		require.Equal(t, workout.ReasonDeleted, job.Reason)
		require.Equal(t, []uuid.UUID{challengeID}, job.ChallengeIDs)
		require.Equal(t, 1, job.Attempt)
	}

	complete(t, s, now, jobs...)
	stats, err := s.QueueStats(t.Context())
	require.NoError(t, err)
	require.Empty(t, stats, "completing the jobs of a deleted workout removes them")
}

func testDeleteFreesKey(t *testing.T, s Adapter) {
	first := newWorkout(uuid.New(), uuid.Nil)
	first.IdempotencyKey = "treino-1"
	insert(t, s, first, baseTime)
	_, err := s.DeleteWorkout(t.Context(), first.ID, bothStages, baseTime)
	require.NoError(t, err)

	again := newWorkout(first.UserID, uuid.Nil)
	again.IdempotencyKey = first.IdempotencyKey
	got := insert(t, s, again, baseTime.Add(time.Minute))

	require.Equal(t, again.ID, got.ID)
}

func testDeleteNotFound(t *testing.T, s Adapter) {
	_, err := s.DeleteWorkout(t.Context(), uuid.New(), bothStages, baseTime)
	require.ErrorIs(t, err, storage.ErrNotFound)
}
