package memstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/recovery"
	"github.com/rayclub/workoutflow/recovery/recoverytest"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/storage/memstore"
	"github.com/rayclub/workoutflow/workout"
)

func TestRecoveryConformance(t *testing.T) {
	recoverytest.Run(t, func(t *testing.T) recoverytest.Harness {
		s := memstore.New()
		return recoverytest.Harness{
			Store: s,
			InsertWorkoutWithoutQueue: func(ctx context.Context, w workout.Workout, now time.Time) error {
				_, err := s.InsertWorkoutWithoutQueue(ctx, w, now)
				return err
			},
		}
	})
}

var recoveryTime = time.Date(2026, time.June, 3, 12, 0, 0, 0, time.UTC)

func foreignWorkout(userID uuid.UUID) workout.Workout {
	return workout.Workout{
		ID: uuid.New(), UserID: userID, Name: "Corrida", Type: "Run",
		Date: recoveryTime.Add(-time.Hour), DurationMinutes: 50,
	}
}

func TestInsertWorkoutWithoutQueueRejectsUsedID(t *testing.T) {
	t.Parallel()
	s := memstore.New()
	w := foreignWorkout(uuid.New())

	stored, err := s.InsertWorkoutWithoutQueue(t.Context(), w, recoveryTime)
	require.NoError(t, err)
	require.True(t, stored.CreatedAt.Equal(recoveryTime))
	_, err = s.Status(t.Context(), w.ID)
	require.ErrorIs(t, err, storage.ErrNotFound, "no queue row")

	_, err = s.InsertWorkoutWithoutQueue(t.Context(), w, recoveryTime)
	require.ErrorIs(t, err, storage.ErrConflict)
}

func TestDeleteWorkoutWithoutQueueKeepsDerivedRows(t *testing.T) {
	t.Parallel()
	s := memstore.New()
	w := foreignWorkout(uuid.New())
	_, _, err := s.InsertWorkout(t.Context(), workout.InsertRequest{Workout: w, Stages: []string{workout.StageRanking}, Now: recoveryTime})
	require.NoError(t, err)

	require.NoError(t, s.DeleteWorkoutWithoutQueue(t.Context(), w.ID))
	_, err = s.Workout(t.Context(), w.ID)
	require.ErrorIs(t, err, storage.ErrNotFound)
	_, err = s.Status(t.Context(), w.ID)
	require.ErrorIs(t, err, storage.ErrNotFound, "the queue row goes with the workout")

	claimed, err := s.ClaimJobs(t.Context(), workout.ClaimRequest{
		Owner: "worker", Stages: []string{workout.StageRanking}, Limit: 10, Now: recoveryTime, Lease: time.Minute,
	})
	require.NoError(t, err)
	require.Len(t, claimed, 1, "the job stays, as a job row without foreign key would")

	require.ErrorIs(t, s.DeleteWorkoutWithoutQueue(t.Context(), w.ID), storage.ErrNotFound)
}

func TestInsertRawCheckInAllowsDuplicates(t *testing.T) {
	t.Parallel()
	s := memstore.New()
	challengeID, userID := uuid.New(), uuid.New()
	day := workout.LocalDate{Year: 2026, Month: time.June, Day: 2}
	for range 2 {
		require.NoError(t, s.InsertRawCheckIn(t.Context(), ranking.CheckIn{
			ID: uuid.New(), ChallengeID: challengeID, UserID: userID, Day: day, CheckInAt: recoveryTime, Points: 10,
		}))
	}

	checkIns, err := s.CheckIns(t.Context(), challengeID, userID)
	require.NoError(t, err)
	require.Len(t, checkIns, 2)
	_, err = s.UserProgress(t.Context(), challengeID, userID)
	require.ErrorIs(t, err, storage.ErrNotFound, "the progress row is left alone")

	keys, err := s.RankingKeys(t.Context(), time.Time{})
	require.NoError(t, err)
	require.Equal(t, []recovery.MemberKey{{ChallengeID: challengeID, UserID: userID}}, keys,
		"a pair with only check-ins is listed")
}

func TestPutRawProgressStoresRowAsGiven(t *testing.T) {
	t.Parallel()
	s := memstore.New()
	progress := ranking.Progress{ChallengeID: uuid.New(), UserID: uuid.New(), Points: 55, CheckIns: 5, Position: 3}

	require.NoError(t, s.PutRawProgress(t.Context(), progress))
	stored, err := s.UserProgress(t.Context(), progress.ChallengeID, progress.UserID)
	require.NoError(t, err)
	require.Equal(t, progress, stored)
}

func TestTryLeadKeepsLeasesPerStore(t *testing.T) {
	t.Parallel()
	first, second := memstore.New(), memstore.New()

	led, err := first.TryLead(t.Context(), "maintenance", "a", recoveryTime, time.Minute)
	require.NoError(t, err)
	require.True(t, led)
	led, err = second.TryLead(t.Context(), "maintenance", "b", recoveryTime, time.Minute)
	require.NoError(t, err)
	require.True(t, led, "another store has its own leases")
}
