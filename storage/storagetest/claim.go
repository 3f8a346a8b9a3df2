package storagetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

var claimTests = []testCase{
	{name: "leases due jobs", run: testClaimLeases},
	{name: "skips jobs not yet due", run: testClaimSkipsFuture},
	{name: "only requested stages", run: testClaimStages},
	{name: "respects limit", run: testClaimLimit},
	{name: "oldest run time first", run: testClaimOrder},
	{name: "equal run times by creation", run: testClaimOrderByCreation},
	{name: "concurrent claimers never share a job", run: testConcurrentClaims},
}

func testClaimLeases(t *testing.T, s Adapter) {
	w := insert(t, s, newWorkout(uuid.New(), uuid.New()), baseTime)
	now := baseTime.Add(time.Second)

	jobs := claim(t, s, "worker-1", now)

	require.Len(t, jobs, 2)
	for _, job := range jobs {
		require.Equal(t, w.ID, job.WorkoutID)
		require.Equal(t, workout.JobRunning, job.State)
		require.Equal(t, "worker-1", job.Owner)
		require.Equal(t, int64(1), job.Token)
		require.Equal(t, 1, job.Attempt)
		require.Equal(t, workout.ReasonRecorded, job.Reason)
		requireTime(t, now.Add(lease), job.LeaseExpiresAt, "LeaseExpiresAt")
		requireTime(t, baseTime, job.RunAt, "RunAt")

		stored := storedJob(t, s, w.ID, job.Stage)
		require.Equal(t, workout.JobRunning, stored.State)
		require.Equal(t, "worker-1", stored.Owner)
		require.Equal(t, job.Token, stored.Token)
	}
	require.Empty(t, claim(t, s, "worker-2", now), "leased jobs are not due")
}

func testClaimSkipsFuture(t *testing.T, s Adapter) {
	insert(t, s, newWorkout(uuid.New(), uuid.Nil), baseTime)

	require.Empty(t, claim(t, s, "worker", baseTime.Add(-time.Microsecond)))
	require.Len(t, claim(t, s, "worker", baseTime), 2, "a job is due at its RunAt")
}

func testClaimStages(t *testing.T, s Adapter) {
	insert(t, s, newWorkout(uuid.New(), uuid.Nil), baseTime)

	job := claimOne(t, s, "worker", baseTime, workout.StageRanking)
	require.Equal(t, workout.StageRanking, job.Stage)
	require.Empty(t, claim(t, s, "worker", baseTime, "badges"))

	jobs, err := s.ClaimJobs(t.Context(), workout.ClaimRequest{Owner: "worker", Limit: 10, Now: baseTime, Lease: lease})
	require.NoError(t, err)
	require.Empty(t, jobs, "a claim without stages claims nothing")
}

func testClaimLimit(t *testing.T, s Adapter) {
	for range 3 {
		insert(t, s, newWorkout(uuid.New(), uuid.Nil), baseTime)
	}
	req := claimRequest("worker", baseTime)
	req.Limit = 4

	jobs, err := s.ClaimJobs(t.Context(), req)
	require.NoError(t, err)
	require.Len(t, jobs, 4)

	req.Limit = 0
	jobs, err = s.ClaimJobs(t.Context(), req)
	require.NoError(t, err)
	require.Empty(t, jobs)

	require.Len(t, claim(t, s, "worker", baseTime), 2, "the jobs past the limit stay due")
}

func testClaimOrder(t *testing.T, s Adapter) {
	late := insert(t, s, newWorkout(uuid.New(), uuid.Nil), baseTime.Add(2*time.Second))
	early := insert(t, s, newWorkout(uuid.New(), uuid.Nil), baseTime)
	middle := insert(t, s, newWorkout(uuid.New(), uuid.Nil), baseTime.Add(time.Second))
	now := baseTime.Add(time.Minute)

	for _, want := range []workout.Workout{early, middle, late} {
		req := claimRequest("worker", now, workout.StageRanking)
		req.Limit = 1
		jobs, err := s.ClaimJobs(t.Context(), req)
		require.NoError(t, err)
		require.Len(t, jobs, 1)
		require.Equal(t, want.ID, jobs[0].WorkoutID)
	}
}

func testClaimOrderByCreation(t *testing.T, s Adapter) {
	first := insert(t, s, newWorkout(uuid.New(), uuid.Nil), baseTime)
	second := insert(t, s, newWorkout(uuid.New(), uuid.Nil), baseTime.Add(time.Second))
	retryAt := baseTime.Add(time.Minute)

	// The second workout fails first, so the store saw its retry first, but
	// both become due at retryAt and the older job goes first.
	jobs := claim(t, s, "worker", baseTime.Add(time.Second), workout.StageRanking)
	require.Len(t, jobs, 2)
	if jobs[0].WorkoutID == first.ID {
		jobs[0], jobs[1] = jobs[1], jobs[0]
	}
	for _, job := range jobs {
		require.NoError(t, s.FailJob(t.Context(), job, workout.Failure{Message: "falhou", RetryAt: retryAt, Now: baseTime}))
	}

	req := claimRequest("worker", retryAt, workout.StageRanking)
	req.Limit = 1
	for _, want := range []workout.Workout{first, second} {
		got, err := s.ClaimJobs(t.Context(), req)
		require.NoError(t, err)
		require.Len(t, got, 1)
		require.Equal(t, want.ID, got[0].WorkoutID)
	}
}

func testConcurrentClaims(t *testing.T, s Adapter) {
	const workouts, claimers = 20, 8
	for range workouts {
		insert(t, s, newWorkout(uuid.New(), uuid.Nil), baseTime)
	}

	start := make(chan struct{})
	claimed := make([][]workout.Job, claimers)
	errs := make([]error, claimers)
	var wg sync.WaitGroup
	for i := range claimers {
		wg.Go(func() {
			req := claimRequest(fmt.Sprintf("worker-%d", i), baseTime)
			req.Limit = 3
			<-start
			for {
				jobs, err := s.ClaimJobs(t.Context(), req)
				if err != nil || len(jobs) == 0 {
					errs[i] = err
					return
				}
				claimed[i] = append(claimed[i], jobs...)
			}
		})
	}
	close(start)
	wg.Wait()

	seen := make(map[string]string)
	for i, jobs := range claimed {
		require.NoError(t, errs[i], "claimer %d", i)
		for _, job := range jobs {
			key := job.WorkoutID.String() + "/" + job.Stage
			require.NotContains(t, seen, key, "job %s claimed by %s and %s", key, seen[key], job.Owner)
			seen[key] = job.Owner
		}
	}
	require.Len(t, seen, 2*workouts, "every job is claimed once")
}
