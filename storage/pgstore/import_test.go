package pgstore_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

func TestImportWorkoutsStoresQueueAndJobs(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	first, second := newWorkout(uuid.New()), newWorkout(uuid.New())
	second.ChallengeID = uuid.New()
	second.ID = uuid.Nil

	n, err := s.ImportWorkouts(t.Context(), []workout.Workout{first, second}, []string{"ranking", "dashboard", "ranking"}, baseTime)
	require.NoError(t, err)
	require.Equal(t, 2, n)

	stored, err := s.Workout(t.Context(), first.ID)
	require.NoError(t, err)
	require.Equal(t, first.Name, stored.Name)
	require.True(t, baseTime.Equal(stored.CreatedAt))

	st, err := s.Status(t.Context(), first.ID)
	require.NoError(t, err)
	require.Len(t, st.Jobs, 2)
	require.Equal(t, workout.JobPending, st.Jobs[0].State)

	jobs, err := s.ClaimJobs(t.Context(), workout.ClaimRequest{
		Owner: "test", Stages: []string{"ranking"}, Limit: 10, Now: baseTime, Lease: time.Minute,
	})
	require.NoError(t, err)
	require.Len(t, jobs, 2)
	for _, job := range jobs {
		if job.UserID == second.UserID {
			require.Equal(t, []uuid.UUID{second.ChallengeID}, job.ChallengeIDs)
		}
	}
}

func TestImportWorkoutsRejectsInvalidBatch(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	valid, invalid := newWorkout(uuid.New()), newWorkout(uuid.New())
	invalid.DurationMinutes = 0

	_, err := s.ImportWorkouts(t.Context(), []workout.Workout{valid, invalid}, bothStages, baseTime)
	var verr *workout.ValidationError
	require.ErrorAs(t, err, &verr)
	require.ErrorContains(t, err, "workout 1")

	_, err = s.Workout(t.Context(), valid.ID)
	require.ErrorIs(t, err, storage.ErrNotFound)
}

func TestImportWorkoutsDuplicateKeyStoresNothing(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	userID := uuid.New()
	first, again := newWorkout(userID), newWorkout(userID)
	first.IdempotencyKey, again.IdempotencyKey = "k", "k"

	_, err := s.ImportWorkouts(t.Context(), []workout.Workout{first, again}, bothStages, baseTime)
	require.Error(t, err)

	_, err = s.Workout(t.Context(), first.ID)
	require.ErrorIs(t, err, storage.ErrNotFound)
}
