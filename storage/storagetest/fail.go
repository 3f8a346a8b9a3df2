package storagetest

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

var failTests = []testCase{
	{name: "fail requeues at retry time", run: testFailRequeues},
	{name: "fail with dead", run: testFailDead},
	{name: "release undoes the claim's attempt", run: testFailReleased},
	{name: "complete clears errors", run: testCompleteClearsErrors},
	{name: "retry requeues failed and dead jobs", run: testRetryJobs},
	{name: "retry leaves live and done jobs", run: testRetryLeavesLiveAndDone},
	{name: "retry takes over expired lease", run: testRetryExpiredLease},
	{name: "retry of unknown workout", run: testRetryUnknownWorkout},
}

func testFailRequeues(t *testing.T, s Adapter) {
	w := insert(t, s, newWorkout(uuid.New(), uuid.Nil), baseTime)
	job := claimOne(t, s, "worker", baseTime, workout.StageRanking)
	retryAt := baseTime.Add(10 * time.Second)

	require.NoError(t, s.FailJob(t.Context(), job, workout.Failure{Message: "timeout", RetryAt: retryAt, Now: baseTime}))

	stored := storedJob(t, s, w.ID, workout.StageRanking)
	require.Equal(t, workout.JobPending, stored.State)
	requireTime(t, retryAt, stored.RunAt, "RunAt")
	require.Equal(t, "timeout", stored.LastError)
	require.Equal(t, 1, stored.Attempt, "the attempt count is kept until the job is requeued")
	require.Empty(t, stored.Owner)
	require.Equal(t, "ranking: timeout", status(t, s, w.ID).ProcessingError)

	require.Empty(t, claim(t, s, "worker", retryAt.Add(-time.Microsecond), workout.StageRanking))
	again := claimOne(t, s, "worker", retryAt, workout.StageRanking)
	require.Equal(t, 2, again.Attempt)
	require.Equal(t, "timeout", again.LastError)
}

func testFailReleased(t *testing.T, s Adapter) {
	w := insert(t, s, newWorkout(uuid.New(), uuid.Nil), baseTime)
	first := claimOne(t, s, "worker", baseTime, workout.StageRanking)
	require.NoError(t, s.FailJob(t.Context(), first, workout.Failure{Message: "timeout", RetryAt: baseTime, Now: baseTime}))
	second := claimOne(t, s, "worker", baseTime, workout.StageRanking)
	require.Equal(t, 2, second.Attempt)

	released := workout.Failure{Message: "worker stopped", RetryAt: baseTime, Now: baseTime, Released: true}
	require.NoError(t, s.FailJob(t.Context(), second, released))

	stored := storedJob(t, s, w.ID, workout.StageRanking)
	require.Equal(t, workout.JobPending, stored.State)
	require.Equal(t, 1, stored.Attempt, "only the real failure counts")
	require.Equal(t, "timeout", stored.LastError, "a release keeps the last error")
	require.Equal(t, "ranking: timeout", status(t, s, w.ID).ProcessingError)
	require.Empty(t, stored.Owner)

	again := claimOne(t, s, "worker", baseTime, workout.StageRanking)
	require.Equal(t, 2, again.Attempt)
}

func testFailDead(t *testing.T, s Adapter) {
	w := insert(t, s, newWorkout(uuid.New(), uuid.Nil), baseTime)
	job := claimOne(t, s, "worker", baseTime, workout.StageDashboard)

	require.NoError(t, s.FailJob(t.Context(), job, workout.Failure{Message: "sem perfil", RetryAt: baseTime.Add(time.Second), Dead: true, Now: baseTime}))

	stored := storedJob(t, s, w.ID, workout.StageDashboard)
	require.Equal(t, workout.JobDead, stored.State)
	require.Equal(t, "sem perfil", stored.LastError)
	require.Empty(t, stored.Owner)
	require.Equal(t, "dashboard: sem perfil", status(t, s, w.ID).ProcessingError)
	require.Empty(t, claim(t, s, "worker", baseTime.Add(24*time.Hour), workout.StageDashboard),
		"a dead job is never due")
}

func testCompleteClearsErrors(t *testing.T, s Adapter) {
	w := insert(t, s, newWorkout(uuid.New(), uuid.Nil), baseTime)
	ranking := claimOne(t, s, "worker", baseTime, workout.StageRanking)
	require.NoError(t, s.FailJob(t.Context(), ranking, workout.Failure{Message: "timeout", RetryAt: baseTime, Now: baseTime}))
	now := baseTime.Add(time.Second)

	ranking = claimOne(t, s, "worker", now, workout.StageRanking)
	complete(t, s, now, ranking)
	stored := storedJob(t, s, w.ID, workout.StageRanking)
	require.Equal(t, workout.JobDone, stored.State)
	require.Empty(t, stored.LastError)
	require.Empty(t, stored.Owner)
	require.Equal(t, "ranking: timeout", status(t, s, w.ID).ProcessingError,
		"the row keeps the error until every stage is done")

	complete(t, s, now, claimOne(t, s, "worker", now, workout.StageDashboard))
	st := status(t, s, w.ID)
	require.Empty(t, st.ProcessingError)
	require.NotNil(t, st.ProcessedAt)
}

func testRetryJobs(t *testing.T, s Adapter) {
	w := insert(t, s, newWorkout(uuid.New(), uuid.New()), baseTime)
	other := insert(t, s, newWorkout(uuid.New(), uuid.Nil), baseTime)
	jobs := claim(t, s, "worker", baseTime)
	require.Len(t, jobs, 4)
	for _, job := range jobs {
		dead := job.Stage == workout.StageDashboard
		require.NoError(t, s.FailJob(t.Context(), job, workout.Failure{Message: "falhou", RetryAt: baseTime.Add(time.Hour), Dead: dead, Now: baseTime}))
	}
	before := storedJob(t, s, w.ID, workout.StageRanking)
	now := baseTime.Add(time.Minute)

	count, err := s.RetryJobs(t.Context(), w.ID, now)

	require.NoError(t, err)
	require.Equal(t, 2, count)
	for _, job := range status(t, s, w.ID).Jobs {
		require.Equal(t, workout.JobPending, job.State, "%s job", job.Stage)
		require.Equal(t, workout.ReasonRetried, job.Reason)
		require.Zero(t, job.Attempt)
		require.Equal(t, before.Token+1, job.Token)
		requireTime(t, now, job.RunAt, "RunAt")
		require.Equal(t, []uuid.UUID{w.ChallengeID}, job.ChallengeIDs)
	}
	require.Equal(t, workout.JobDead, storedJob(t, s, other.ID, workout.StageDashboard).State,
		"other workouts are untouched")

	claimed := claim(t, s, "worker", now)
	require.Len(t, claimed, 2)
	for _, job := range claimed {
		require.Equal(t, w.ID, job.WorkoutID)
		require.Equal(t, 1, job.Attempt)
	}
}

func testRetryLeavesLiveAndDone(t *testing.T, s Adapter) {
	w := insert(t, s, newWorkout(uuid.New(), uuid.Nil), baseTime)
	complete(t, s, baseTime, claimOne(t, s, "worker", baseTime, workout.StageRanking))
	running := claimOne(t, s, "worker", baseTime, workout.StageDashboard)

	count, err := s.RetryJobs(t.Context(), w.ID, baseTime.Add(time.Second))

	require.NoError(t, err)
	require.Zero(t, count)
	require.Equal(t, workout.JobDone, storedJob(t, s, w.ID, workout.StageRanking).State)
	require.NoError(t, s.CompleteJob(t.Context(), running, baseTime.Add(time.Second)),
		"the running worker keeps its lease")
}

func testRetryExpiredLease(t *testing.T, s Adapter) {
	w := insert(t, s, newWorkout(uuid.New(), uuid.Nil), baseTime)
	stale := claimOne(t, s, "worker", baseTime, workout.StageRanking)
	now := baseTime.Add(lease)

	count, err := s.RetryJobs(t.Context(), w.ID, now)

	require.NoError(t, err)
	require.Equal(t, 2, count, "the pending dashboard job and the expired ranking job")
	require.ErrorIs(t, s.CompleteJob(t.Context(), stale, now), storage.ErrLeaseLost)
	require.Equal(t, workout.JobPending, storedJob(t, s, w.ID, workout.StageRanking).State)
}

func testRetryUnknownWorkout(t *testing.T, s Adapter) {
	count, err := s.RetryJobs(t.Context(), uuid.New(), baseTime)

	require.NoError(t, err)
	require.Zero(t, count)
}
