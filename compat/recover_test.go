package compat_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/compat"
	"github.com/rayclub/workoutflow/storage/memstore"
	"github.com/rayclub/workoutflow/workout"
)

// listingStore adds a FailedJobLister to the in-memory adapter by reading
// the status of the workouts the test names.
type listingStore struct {
	*memstore.Store
	workouts []uuid.UUID
}

func (s *listingStore) FailedJobs(ctx context.Context, since time.Time) ([]workout.Job, error) {
	var failed []workout.Job
	for _, id := range s.workouts {
		status, err := s.Status(ctx, id)
		if err != nil {
			return nil, err
		}
		for _, job := range status.Jobs {
			if status.CreatedAt.Before(since) {
				continue
			}
			if job.State == workout.JobDead || (job.State == workout.JobPending && job.LastError != "") {
				failed = append(failed, job)
			}
		}
	}
	return failed, nil
}

// recordDeadWorkout records a workout whose dashboard job dies, and returns
// its record id.
func recordDeadWorkout(t *testing.T, b *bundle) uuid.UUID {
	t.Helper()
	b.dashboard.failing.Store(true)
	reply, err := b.service.RecordWorkoutBasic(context.Background(), compat.ServiceAuth(), basicParams(uuid.New(), noon, ""))
	require.NoError(t, err)
	_, err = b.pipeline.RunPending(context.Background())
	require.NoError(t, err)
	b.dashboard.failing.Store(false)
	return uuid.MustParse(reply.WorkoutID)
}

func TestDiagnoseWithoutListerCountsDeadJobs(t *testing.T) {
	t.Parallel()
	b := setup(t)
	recordDeadWorkout(t, b)

	reply, err := b.service.DiagnoseAndRecoverWorkoutRecords(context.Background(), compat.ServiceAuth(), compat.DiagnoseParams{})
	require.NoError(t, err)
	require.Equal(t, compat.DiagnoseReply{FailedCount: 1, Period: "7 days", Timestamp: noon}, reply)

	object := decodeObject(t, reply)
	require.ElementsMatch(t, []string{"recovered_count", "missing_count", "failed_count", "period", "timestamp"}, mapKeys(object))
	require.Equal(t, "2026-06-02T15:00:00Z", object["timestamp"])
}

func TestDiagnoseRequeuesListedWorkouts(t *testing.T) {
	t.Parallel()
	b := setup(t)
	dead := recordDeadWorkout(t, b)
	store := &listingStore{Store: b.store, workouts: []uuid.UUID{dead}}
	service, err := compat.NewService(compat.Config{Pipeline: b.pipeline, Store: store, Clock: b.clock})
	require.NoError(t, err)

	reply, err := service.DiagnoseAndRecoverWorkoutRecords(context.Background(), compat.ServiceAuth(), compat.DiagnoseParams{DaysBack: 1})
	require.NoError(t, err)
	require.Equal(t, 1, reply.FailedCount)
	require.Equal(t, 1, reply.RecoveredCount)
	require.Equal(t, "1 days", reply.Period)
	require.Empty(t, reply.Error)

	_, err = b.pipeline.RunPending(context.Background())
	require.NoError(t, err)
	status, err := b.pipeline.Status(context.Background(), dead)
	require.NoError(t, err)
	require.Equal(t, compat.LabelProcessed, compat.ProcessingLabel(status))
}

// recoveryFunc adapts a function to compat.Recoverer.
type recoveryFunc func(ctx context.Context, since time.Time) (compat.Recovery, error)

func (f recoveryFunc) Recover(ctx context.Context, since time.Time) (compat.Recovery, error) {
	return f(ctx, since)
}

func TestDiagnoseUsesConfiguredRecoverer(t *testing.T) {
	t.Parallel()
	b := setup(t)
	var gotSince time.Time
	recoverer := recoveryFunc(func(_ context.Context, since time.Time) (compat.Recovery, error) {
		gotSince = since
		return compat.Recovery{Recovered: 2, Missing: 3, Failed: 4}, nil
	})
	service, err := compat.NewService(compat.Config{Pipeline: b.pipeline, Store: b.store, Clock: b.clock, Recoverer: recoverer})
	require.NoError(t, err)

	reply, err := service.DiagnoseAndRecoverWorkoutRecords(context.Background(), compat.ServiceAuth(), compat.DiagnoseParams{DaysBack: 3})
	require.NoError(t, err)
	require.Equal(t, compat.DiagnoseReply{RecoveredCount: 2, MissingCount: 3, FailedCount: 4, Period: "3 days", Timestamp: noon}, reply)
	require.Equal(t, noon.AddDate(0, 0, -3), gotSince)
}

func TestDiagnoseReportsErrors(t *testing.T) {
	t.Parallel()
	b := setup(t)
	recoverer := recoveryFunc(func(context.Context, time.Time) (compat.Recovery, error) {
		return compat.Recovery{Recovered: 1}, errors.New("queue unavailable")
	})
	service, err := compat.NewService(compat.Config{Pipeline: b.pipeline, Store: b.store, Clock: b.clock, Recoverer: recoverer})
	require.NoError(t, err)

	reply, err := service.DiagnoseAndRecoverWorkoutRecords(context.Background(), compat.ServiceAuth(), compat.DiagnoseParams{})
	require.NoError(t, err)
	require.Equal(t, "queue unavailable", reply.Error)
	require.Zero(t, reply.RecoveredCount)

	tooFar, err := service.DiagnoseAndRecoverWorkoutRecords(context.Background(), compat.ServiceAuth(), compat.DiagnoseParams{DaysBack: compat.MaxDaysBack + 1})
	require.NoError(t, err)
	require.Contains(t, tooFar.Error, "days_back")
	require.Contains(t, mapKeys(decodeObject(t, tooFar)), "error")
}

func TestDiagnoseRequiresServiceRole(t *testing.T) {
	t.Parallel()
	b := setup(t)

	_, err := b.service.DiagnoseAndRecoverWorkoutRecords(context.Background(), compat.UserAuth(uuid.New()), compat.DiagnoseParams{})
	require.ErrorIs(t, err, compat.ErrForbidden)
}
