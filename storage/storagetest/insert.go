package storagetest

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

var insertTests = []testCase{
	{name: "stores workout", run: testInsertStoresWorkout},
	{name: "truncates times to microseconds", run: testInsertTruncatesTimes},
	{name: "queues one job per stage", run: testInsertQueuesJobs},
	{name: "queues no challenge for plain workout", run: testInsertWithoutChallenge},
	{name: "queues repeated stage once", run: testInsertRepeatedStage},
	{name: "rejects id in use", run: testInsertIDInUse},
	{name: "missing workout not found", run: testWorkoutNotFound},
}

func testInsertStoresWorkout(t *testing.T, s Adapter) {
	w := newWorkout(uuid.New(), uuid.New())
	w.IdempotencyKey = "key-1"

	stored := insert(t, s, w, baseTime)

	want := w
	want.CreatedAt = baseTime
	want.UpdatedAt = baseTime
	requireWorkout(t, want, stored)
	read, err := s.Workout(t.Context(), w.ID)
	require.NoError(t, err)
	requireWorkout(t, want, read)
}

func testInsertTruncatesTimes(t *testing.T, s Adapter) {
	w := newWorkout(uuid.New(), uuid.Nil)
	w.Date = baseTime.Add(-time.Hour + 1234567*time.Nanosecond)
	now := baseTime.Add(987654321 * time.Nanosecond)

	stored := insert(t, s, w, now)
	read, err := s.Workout(t.Context(), w.ID)
	require.NoError(t, err)

	for _, got := range []workout.Workout{stored, read} {
		requireTime(t, w.Date.Truncate(time.Microsecond), got.Date, "Date")
		requireTime(t, now.Truncate(time.Microsecond), got.CreatedAt, "CreatedAt")
		requireTime(t, now.Truncate(time.Microsecond), got.UpdatedAt, "UpdatedAt")
	}
}

func testInsertQueuesJobs(t *testing.T, s Adapter) {
	challengeID := uuid.New()
	w := insert(t, s, newWorkout(uuid.New(), challengeID), baseTime)

	st := status(t, s, w.ID)

	require.Equal(t, w.ID, st.WorkoutID)
	require.Equal(t, w.UserID, st.UserID)
	require.Equal(t, challengeID, st.ChallengeID)
	require.False(t, st.ProcessedForRanking)
	require.False(t, st.ProcessedForDashboard)
	require.Empty(t, st.ProcessingError)
	require.Nil(t, st.ProcessedAt)
	requireTime(t, baseTime, st.CreatedAt, "queue row CreatedAt")

	require.Len(t, st.Jobs, 2)
	require.Equal(t, workout.StageDashboard, st.Jobs[0].Stage, "jobs are sorted by stage")
	require.Equal(t, workout.StageRanking, st.Jobs[1].Stage, "jobs are sorted by stage")
	for _, job := range st.Jobs {
		require.Equal(t, w.ID, job.WorkoutID)
		require.Equal(t, w.UserID, job.UserID)
		require.Equal(t, []uuid.UUID{challengeID}, job.ChallengeIDs)
		require.Equal(t, workout.ReasonRecorded, job.Reason)
		require.Equal(t, workout.JobPending, job.State)
		require.Zero(t, job.Attempt)
		require.Zero(t, job.Token)
		require.Empty(t, job.Owner)
		require.Empty(t, job.LastError)
		requireTime(t, baseTime, job.RunAt, "RunAt")
		requireTime(t, baseTime, job.CreatedAt, "job CreatedAt")
	}
}

func testInsertWithoutChallenge(t *testing.T, s Adapter) {
	w := insert(t, s, newWorkout(uuid.New(), uuid.Nil), baseTime)

	st := status(t, s, w.ID)

	require.Equal(t, uuid.Nil, st.ChallengeID)
	for _, job := range st.Jobs {
		require.Empty(t, job.ChallengeIDs, "%s job", job.Stage)
	}
}

func testInsertRepeatedStage(t *testing.T, s Adapter) {
	req := insertRequest(newWorkout(uuid.New(), uuid.Nil), baseTime)
	req.Stages = []string{workout.StageRanking, workout.StageRanking, "badges"}

	w, _, err := s.InsertWorkout(t.Context(), req)
	require.NoError(t, err)

	jobs := status(t, s, w.ID).Jobs
	require.Len(t, jobs, 2)
	require.Equal(t, "badges", jobs[0].Stage)
	require.Equal(t, workout.StageRanking, jobs[1].Stage)
}

func testInsertIDInUse(t *testing.T, s Adapter) {
	first := insert(t, s, newWorkout(uuid.New(), uuid.Nil), baseTime)
	second := newWorkout(uuid.New(), uuid.Nil)
	second.ID = first.ID

	_, _, err := s.InsertWorkout(t.Context(), insertRequest(second, baseTime))

	require.ErrorIs(t, err, storage.ErrConflict)
	read, err := s.Workout(t.Context(), first.ID)
	require.NoError(t, err)
	require.Equal(t, first.UserID, read.UserID, "the first workout is kept")
}

func testWorkoutNotFound(t *testing.T, s Adapter) {
	_, err := s.Workout(t.Context(), uuid.New())
	require.ErrorIs(t, err, storage.ErrNotFound)

	_, err = s.Status(t.Context(), uuid.New())
	require.ErrorIs(t, err, storage.ErrNotFound)
}
