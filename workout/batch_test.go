package workout_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/rayclub/workoutflow/storage/memstore"
	"github.com/rayclub/workoutflow/workout"
)

func recordTwo(t *testing.T, p *workout.Pipeline) []uuid.UUID {
	t.Helper()
	user := uuid.New()
	var ids []uuid.UUID
	for i := range 2 {
		rec, err := p.Record(t.Context(), workout.Workout{UserID: user, Name: "Corrida", Type: "Run",
			DurationMinutes: 50 + i, Date: time.Now().Add(-time.Hour)})
		require.NoError(t, err)
		ids = append(ids, rec.Workout.ID)
	}
	return ids
}

func requireDone(t *testing.T, p *workout.Pipeline, ids []uuid.UUID) {
	t.Helper()
	for _, id := range ids {
		status, err := p.Status(t.Context(), id)
		require.NoError(t, err)
		require.Equal(t, workout.JobDone, status.Jobs[0].State, "workout %s: %+v", id, status.Jobs[0])
	}
}

func TestFinishedJobDoesNotCancelBatch(t *testing.T) {
	t.Parallel()
	var calls, canceled atomic.Int64
	stage := workout.StageFunc(func(ctx context.Context, job workout.Job) error {
		if calls.Add(1) == 1 {
			return nil
		}
		// Outlast several heartbeats, which must keep extending this
		// job's lease although the batch's first job is done.
		select {
		case <-ctx.Done():
			canceled.Add(1)
			return ctx.Err()
		case <-time.After(300 * time.Millisecond):
			return nil
		}
	})
	p, err := workout.New(workout.Config{
		Store:      memstore.New(),
		Stages:     []workout.StageConfig{{Name: "slow", Stage: stage, MaxAttempts: 1}},
		Lease:      90 * time.Millisecond,
		ClaimBatch: 10,
	})
	require.NoError(t, err)
	ids := recordTwo(t, p)

	_, err = p.RunPending(t.Context())
	require.NoError(t, err)

	require.Zero(t, canceled.Load(), "a job that holds its lease must not be canceled")
	requireDone(t, p, ids)
}

func TestStopDoesNotSpendAttempts(t *testing.T) {
	t.Parallel()
	store := memstore.New()
	started := make(chan struct{}, 4)
	blocking := workout.StageFunc(func(ctx context.Context, job workout.Job) error {
		started <- struct{}{}
		<-ctx.Done()
		return ctx.Err()
	})
	cfg := workout.Config{
		Store:      store,
		Stages:     []workout.StageConfig{{Name: "s", Stage: blocking, MaxAttempts: 1}},
		Workers:    1,
		ClaimBatch: 10,
	}
	p, err := workout.New(cfg)
	require.NoError(t, err)
	ids := recordTwo(t, p)

	require.NoError(t, p.Start(t.Context()))
	select {
	case <-started:
	case <-time.After(5 * time.Second):
		t.Fatal("no job started within 5s")
	}
	require.NoError(t, p.Stop(t.Context()))

	// The next process on the store runs both jobs: neither the one cut
	// short nor the one that never started used up its only attempt.
	cfg.Stages[0].Stage = workout.StageFunc(func(context.Context, workout.Job) error { return nil })
	next, err := workout.New(cfg)
	require.NoError(t, err)
	_, err = next.RunPending(t.Context())
	require.NoError(t, err)
	requireDone(t, next, ids)
}
