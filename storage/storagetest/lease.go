package storagetest

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

var leaseTests = []testCase{
	{name: "lease holds until it ends", run: testLeaseHolds},
	{name: "expired lease is claimed again", run: testExpiredLeaseReclaimed},
	{name: "expired lease completes while unclaimed", run: testExpiredLeaseCompletes},
	{name: "extend moves lease end", run: testExtendLeases},
	{name: "extend by another owner", run: testExtendOtherOwner},
	{name: "update fences running worker", run: testUpdateFencesWorker},
	{name: "unknown job lease lost", run: testUnknownJobLeaseLost},
}

func testLeaseHolds(t *testing.T, s Adapter) {
	insert(t, s, newWorkout(uuid.New(), uuid.Nil), baseTime)
	claimOne(t, s, "worker-1", baseTime, workout.StageRanking)

	require.Empty(t, claim(t, s, "worker-2", baseTime.Add(lease-time.Microsecond), workout.StageRanking))
}

func testExpiredLeaseReclaimed(t *testing.T, s Adapter) {
	insert(t, s, newWorkout(uuid.New(), uuid.Nil), baseTime)
	stale := claimOne(t, s, "worker-1", baseTime, workout.StageRanking)
	now := baseTime.Add(lease)

	fresh := claimOne(t, s, "worker-2", now, workout.StageRanking)

	require.Equal(t, stale.WorkoutID, fresh.WorkoutID)
	require.Equal(t, "worker-2", fresh.Owner)
	require.Equal(t, stale.Token+1, fresh.Token)
	require.Equal(t, 2, fresh.Attempt)
	requireTime(t, now.Add(lease), fresh.LeaseExpiresAt, "LeaseExpiresAt")

	ctx := t.Context()
	require.ErrorIs(t, s.CompleteJob(ctx, stale, now), storage.ErrLeaseLost)
	require.ErrorIs(t, s.FailJob(ctx, stale, workout.Failure{Message: "falhou", RetryAt: now, Now: now}), storage.ErrLeaseLost)
	require.ErrorIs(t, s.ExtendLeases(ctx, []workout.Job{stale}, now.Add(time.Hour)), storage.ErrLeaseLost)

	sameOwner := stale
	sameOwner.Owner = fresh.Owner
	require.ErrorIs(t, s.CompleteJob(ctx, sameOwner, now), storage.ErrLeaseLost, "an old token is fenced out")

	job := storedJob(t, s, fresh.WorkoutID, workout.StageRanking)
	require.Equal(t, workout.JobRunning, job.State, "the stale calls changed nothing")
	require.Equal(t, "worker-2", job.Owner)
	requireTime(t, fresh.LeaseExpiresAt, job.LeaseExpiresAt, "LeaseExpiresAt")
	require.Empty(t, job.LastError)

	require.NoError(t, s.CompleteJob(ctx, fresh, now))
}

func testExpiredLeaseCompletes(t *testing.T, s Adapter) {
	insert(t, s, newWorkout(uuid.New(), uuid.Nil), baseTime)
	job := claimOne(t, s, "worker-1", baseTime, workout.StageRanking)
	now := baseTime.Add(2 * lease)

	require.NoError(t, s.CompleteJob(t.Context(), job, now), "no other worker claimed the job")
	require.Equal(t, workout.JobDone, storedJob(t, s, job.WorkoutID, workout.StageRanking).State)
}

func testExtendLeases(t *testing.T, s Adapter) {
	w := insert(t, s, newWorkout(uuid.New(), uuid.Nil), baseTime)
	jobs := claim(t, s, "worker-1", baseTime)
	until := baseTime.Add(2 * lease)

	require.NoError(t, s.ExtendLeases(t.Context(), jobs, until))

	for _, job := range status(t, s, w.ID).Jobs {
		requireTime(t, until, job.LeaseExpiresAt, job.Stage+" LeaseExpiresAt")
	}
	require.Empty(t, claim(t, s, "worker-2", baseTime.Add(lease)), "the extended lease holds")
	require.Len(t, claim(t, s, "worker-2", until), 2)
}

func testExtendOtherOwner(t *testing.T, s Adapter) {
	insert(t, s, newWorkout(uuid.New(), uuid.Nil), baseTime)
	jobs := claim(t, s, "worker-1", baseTime)
	require.Len(t, jobs, 2)
	held, taken := jobs[0], jobs[1]
	taken.Owner = "worker-2"

	err := s.ExtendLeases(t.Context(), []workout.Job{held, taken}, baseTime.Add(2*lease))

	require.ErrorIs(t, err, storage.ErrLeaseLost)
	requireTime(t, baseTime.Add(2*lease), storedJob(t, s, held.WorkoutID, held.Stage).LeaseExpiresAt,
		"the lease still held is extended")
	requireTime(t, baseTime.Add(lease), storedJob(t, s, held.WorkoutID, jobs[1].Stage).LeaseExpiresAt,
		"the other owner's lease is unchanged")
}

func testUpdateFencesWorker(t *testing.T, s Adapter) {
	w := insert(t, s, newWorkout(uuid.New(), uuid.Nil), baseTime)
	stale := claimOne(t, s, "worker-1", baseTime, workout.StageRanking)
	now := baseTime.Add(time.Second)

	_, err := s.UpdateWorkout(t.Context(), w, bothStages, now)
	require.NoError(t, err)

	require.ErrorIs(t, s.CompleteJob(t.Context(), stale, now), storage.ErrLeaseLost)
	require.ErrorIs(t, s.ExtendLeases(t.Context(), []workout.Job{stale}, now.Add(lease)), storage.ErrLeaseLost)
	job := storedJob(t, s, w.ID, workout.StageRanking)
	require.Equal(t, workout.JobPending, job.State)
	require.Empty(t, job.Owner)

	fresh := claimOne(t, s, "worker-2", now, workout.StageRanking)
	require.Equal(t, workout.ReasonUpdated, fresh.Reason)
	require.Equal(t, 1, fresh.Attempt)
	require.Greater(t, fresh.Token, stale.Token)
	require.NoError(t, s.CompleteJob(t.Context(), fresh, now))
}

func testUnknownJobLeaseLost(t *testing.T, s Adapter) {
	job := workout.Job{WorkoutID: uuid.New(), Stage: workout.StageRanking, Owner: "worker", Token: 1, State: workout.JobRunning}

	require.ErrorIs(t, s.CompleteJob(t.Context(), job, baseTime), storage.ErrLeaseLost)
	require.ErrorIs(t, s.FailJob(t.Context(), job, workout.Failure{Message: "falhou", RetryAt: baseTime, Now: baseTime}), storage.ErrLeaseLost)
	require.ErrorIs(t, s.ExtendLeases(t.Context(), []workout.Job{job}, baseTime), storage.ErrLeaseLost)
}
