package recoverytest

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/workout"
)

var unqueuedTests = []testCase{
	{"FindsWorkoutsWithoutQueueRow", func(t *testing.T, h Harness) {
		s := h.Store
		userID := uuid.New()
		queued, recent, old := newWorkout(userID, uuid.Nil), newWorkout(userID, uuid.Nil), newWorkout(userID, uuid.Nil)
		insert(t, s, queued, baseTime, bothStages...)
		insertForeign(t, h, recent, baseTime.Add(time.Second))
		insertForeign(t, h, old, baseTime.Add(-time.Hour))

		found, err := s.UnqueuedWorkouts(t.Context(), time.Time{}, bothStages)
		require.NoError(t, err)
		require.Equal(t, []uuid.UUID{old.ID, recent.ID}, ids(found), "oldest first, library rows left out")
		require.Equal(t, userID, found[1].UserID)
		require.True(t, found[1].CreatedAt.Equal(baseTime.Add(time.Second)))

		found, err = s.UnqueuedWorkouts(t.Context(), baseTime, bothStages)
		require.NoError(t, err)
		require.Equal(t, []uuid.UUID{recent.ID}, ids(found), "since leaves out older workouts")
	}},
	{"FindsWorkoutsMissingAStage", func(t *testing.T, h Harness) {
		w := newWorkout(uuid.New(), uuid.Nil)
		insert(t, h.Store, w, baseTime, workout.StageRanking)

		found, err := h.Store.UnqueuedWorkouts(t.Context(), time.Time{}, []string{workout.StageRanking})
		require.NoError(t, err)
		require.Empty(t, found)

		found, err = h.Store.UnqueuedWorkouts(t.Context(), time.Time{}, bothStages)
		require.NoError(t, err)
		require.Equal(t, []uuid.UUID{w.ID}, ids(found))
	}},
	{"QueueWorkoutsQueuesEveryStage", func(t *testing.T, h Harness) {
		s := h.Store
		w := newWorkout(uuid.New(), uuid.Nil)
		insertForeign(t, h, w, baseTime)
		now := baseTime.Add(time.Minute)

		queued, err := s.QueueWorkouts(t.Context(), []uuid.UUID{w.ID, uuid.New(), w.ID}, bothStages, now)
		require.NoError(t, err)
		require.Equal(t, []uuid.UUID{w.ID}, queued, "unknown and repeated ids are skipped")

		status, err := s.Status(t.Context(), w.ID)
		require.NoError(t, err)
		require.False(t, status.ProcessedForRanking)
		require.False(t, status.ProcessedForDashboard)
		require.Len(t, status.Jobs, 2)
		for _, job := range status.Jobs {
			require.Equal(t, workout.JobPending, job.State)
			require.Equal(t, workout.ReasonRecorded, job.Reason)
			require.Equal(t, w.UserID, job.UserID)
			require.True(t, job.RunAt.Equal(now), "run at %s", job.RunAt)
		}

		queued, err = s.QueueWorkouts(t.Context(), []uuid.UUID{w.ID}, bothStages, now)
		require.NoError(t, err)
		require.Empty(t, queued, "a second call queues nothing")

		claimed, err := s.ClaimJobs(t.Context(), workout.ClaimRequest{
			Owner: "worker", Stages: bothStages, Limit: 10, Now: now, Lease: time.Minute,
		})
		require.NoError(t, err)
		require.Len(t, claimed, 2)
	}},
	{"QueueWorkoutsKeepsExistingJobs", func(t *testing.T, h Harness) {
		s := h.Store
		w := newWorkout(uuid.New(), uuid.Nil)
		insert(t, s, w, baseTime, workout.StageRanking)
		claimed, err := s.ClaimJobs(t.Context(), workout.ClaimRequest{
			Owner: "worker", Stages: bothStages, Limit: 10, Now: baseTime, Lease: time.Minute,
		})
		require.NoError(t, err)
		require.Len(t, claimed, 1)
		require.NoError(t, s.CompleteJob(t.Context(), claimed[0], baseTime))

		queued, err := s.QueueWorkouts(t.Context(), []uuid.UUID{w.ID}, bothStages, baseTime.Add(time.Minute))
		require.NoError(t, err)
		require.Equal(t, []uuid.UUID{w.ID}, queued)

		status, err := s.Status(t.Context(), w.ID)
		require.NoError(t, err)
		require.True(t, status.ProcessedForRanking, "the done stage keeps its flag")
		require.False(t, status.ProcessedForDashboard)
		require.Nil(t, status.ProcessedAt)
		states := map[string]workout.JobState{}
		for _, job := range status.Jobs {
			states[job.Stage] = job.State
		}
		require.Equal(t, map[string]workout.JobState{
			workout.StageRanking: workout.JobDone, workout.StageDashboard: workout.JobPending,
		}, states)
	}},
}
