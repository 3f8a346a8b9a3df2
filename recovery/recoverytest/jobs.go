package recoverytest

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/workout"
)

var jobTests = []testCase{
	{"UnhealthyJobsFindsFailedDeadAndExpired", func(t *testing.T, h Harness) {
		s := h.Store
		workouts := make([]workout.Workout, 6)
		for i := range workouts {
			workouts[i] = newWorkout(uuid.New(), uuid.Nil)
			insert(t, s, workouts[i], baseTime.Add(time.Duration(i+1)*time.Second), workout.StageRanking)
		}
		claimAt := baseTime.Add(10 * time.Second)
		claim := func(lease time.Duration) workout.Job {
			t.Helper()
			claimed, err := s.ClaimJobs(t.Context(), workout.ClaimRequest{
				Owner: "worker", Stages: bothStages, Limit: 1, Now: claimAt, Lease: lease,
			})
			require.NoError(t, err)
			require.Len(t, claimed, 1)
			return claimed[0]
		}

		// The jobs are claimed oldest first: 0 fails and waits, 1 dies, 2
		// keeps an expiring lease, 3 a long one, 4 succeeds and 5 waits
		// unclaimed.
		require.NoError(t, s.FailJob(t.Context(), claim(time.Minute), workout.Failure{Message: "timeout", RetryAt: baseTime.Add(time.Hour), Now: baseTime}))
		require.NoError(t, s.FailJob(t.Context(), claim(time.Minute), workout.Failure{Message: "bad row", RetryAt: baseTime.Add(time.Hour), Dead: true, Now: baseTime}))
		claim(30 * time.Second)
		claim(time.Hour)
		require.NoError(t, s.CompleteJob(t.Context(), claim(time.Minute), claimAt))

		now := claimAt.Add(31 * time.Second)
		found, err := s.UnhealthyJobs(t.Context(), time.Time{}, now)
		require.NoError(t, err)
		require.Equal(t, ids(workouts[:3]), jobWorkouts(found))
		require.Equal(t, workout.JobPending, found[0].State)
		require.Equal(t, 1, found[0].Attempt)
		require.Equal(t, "timeout", found[0].LastError)
		require.Equal(t, workout.JobDead, found[1].State)
		require.Equal(t, workout.JobRunning, found[2].State)

		found, err = s.UnhealthyJobs(t.Context(), baseTime.Add(2*time.Second), now)
		require.NoError(t, err)
		require.Equal(t, ids(workouts[1:3]), jobWorkouts(found), "since leaves out older jobs")

		requeued, err := s.RetryJobs(t.Context(), workouts[1].ID, now)
		require.NoError(t, err)
		require.Equal(t, 1, requeued)
		found, err = s.UnhealthyJobs(t.Context(), time.Time{}, now)
		require.NoError(t, err)
		require.Equal(t, []uuid.UUID{workouts[0].ID, workouts[2].ID}, jobWorkouts(found),
			"a retried job waits with no failed attempt")
	}},
}

func jobWorkouts(jobs []workout.Job) []uuid.UUID {
	out := make([]uuid.UUID, len(jobs))
	for i, job := range jobs {
		out[i] = job.WorkoutID
	}
	return out
}
