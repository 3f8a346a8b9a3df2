package compat_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/compat"
	"github.com/rayclub/workoutflow/workout"
)

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

func TestDiagnoseRequeuesDeadWorkout(t *testing.T) {
	t.Parallel()
	b := setup(t)
	dead := recordDeadWorkout(t, b)

	reply, err := b.service.DiagnoseAndRecoverWorkoutRecords(context.Background(), compat.ServiceAuth(), compat.DiagnoseParams{})
	require.NoError(t, err)
	require.Equal(t, compat.DiagnoseReply{RecoveredCount: 1, FailedCount: 1, Period: "7 days", Timestamp: noon}, reply)

	object := decodeObject(t, reply)
	require.ElementsMatch(t, []string{"recovered_count", "missing_count", "failed_count", "period", "timestamp"}, mapKeys(object))
	require.Equal(t, "2026-06-02T15:00:00Z", object["timestamp"])

	_, err = b.pipeline.RunPending(context.Background())
	require.NoError(t, err)
	status, err := b.pipeline.Status(context.Background(), dead)
	require.NoError(t, err)
	require.Equal(t, compat.LabelProcessed, compat.ProcessingLabel(status))
}

func TestDiagnoseQueuesMissingWorkout(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	stored, err := b.store.InsertWorkoutWithoutQueue(ctx, workout.Workout{
		UserID: uuid.New(), Name: "Corrida", Type: "Cardio", DurationMinutes: 50, Date: noon.Add(-time.Hour),
	}, noon.Add(-time.Hour))
	require.NoError(t, err)

	reply, err := b.service.DiagnoseAndRecoverWorkoutRecords(ctx, compat.ServiceAuth(), compat.DiagnoseParams{DaysBack: 1})
	require.NoError(t, err)
	require.Equal(t, 1, reply.MissingCount)
	require.Equal(t, 1, reply.RecoveredCount)
	require.Zero(t, reply.FailedCount)
	require.Equal(t, "1 days", reply.Period)
	require.Empty(t, reply.Error)

	_, err = b.pipeline.RunPending(ctx)
	require.NoError(t, err)
	status, err := b.pipeline.Status(ctx, stored.ID)
	require.NoError(t, err)
	require.Equal(t, compat.LabelProcessed, compat.ProcessingLabel(status))
}

// fakeRecoverer is a compat.Recoverer that returns fixed counts and error
// and records the period it was asked for.
type fakeRecoverer struct {
	recovered, missing, failed int
	err                        error
	daysBack                   int
}

func (f *fakeRecoverer) RecoverRecent(_ context.Context, daysBack int) (int, int, int, error) {
	f.daysBack = daysBack
	return f.recovered, f.missing, f.failed, f.err
}

func (f *fakeRecoverer) RetryWorkout(context.Context, uuid.UUID) (bool, error) {
	return false, f.err
}

func TestDiagnoseUsesConfiguredRecoverer(t *testing.T) {
	t.Parallel()
	b := setup(t)
	recoverer := &fakeRecoverer{recovered: 2, missing: 3, failed: 4}
	service, err := compat.NewService(compat.Config{Pipeline: b.pipeline, Store: b.store, Clock: b.clock, Recoverer: recoverer})
	require.NoError(t, err)

	reply, err := service.DiagnoseAndRecoverWorkoutRecords(context.Background(), compat.ServiceAuth(), compat.DiagnoseParams{DaysBack: 3})
	require.NoError(t, err)
	require.Equal(t, compat.DiagnoseReply{RecoveredCount: 2, MissingCount: 3, FailedCount: 4, Period: "3 days", Timestamp: noon}, reply)
	require.Equal(t, 3, recoverer.daysBack)
}

func TestDiagnoseReportsErrors(t *testing.T) {
	t.Parallel()
	b := setup(t)
	recoverer := &fakeRecoverer{recovered: 1, err: errors.New("queue unavailable")}
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
