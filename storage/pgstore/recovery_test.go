package pgstore_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/storage/pgstore"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

func TestFailedJobs(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	ctx := t.Context()

	ids := make([]uuid.UUID, 3)
	for i := range ids {
		w := newWorkout(uuid.New())
		ids[i] = w.ID
		req := workout.InsertRequest{Workout: w, Stages: []string{workout.StageRanking}, Now: baseTime.Add(time.Duration(i) * time.Second)}
		_, _, err := s.InsertWorkout(ctx, req)
		require.NoError(t, err)
	}
	claimed, err := s.ClaimJobs(ctx, workout.ClaimRequest{
		Owner: "w", Stages: []string{workout.StageRanking}, Limit: 3, Now: baseTime.Add(time.Minute), Lease: lease,
	})
	require.NoError(t, err)
	require.Len(t, claimed, 3)
	require.NoError(t, s.FailJob(ctx, claimed[0], "timeout", baseTime.Add(time.Hour), false))
	require.NoError(t, s.FailJob(ctx, claimed[1], "bad row", baseTime.Add(time.Hour), true))

	failed, err := s.FailedJobs(ctx, time.Time{})
	require.NoError(t, err)
	require.Len(t, failed, 2)
	require.Equal(t, ids[0], failed[0].WorkoutID)
	require.Equal(t, workout.JobDead, failed[1].State)

	failed, err = s.FailedJobs(ctx, baseTime.Add(time.Second))
	require.NoError(t, err)
	require.Len(t, failed, 1, "since leaves out older jobs")
}

func TestTryLeadConcurrentOneWinner(t *testing.T) {
	t.Parallel()
	first, dsn := newStore(t)
	second := openStore(t, dsn)

	const contenders = 10
	led := make([]bool, contenders)
	errs := make([]error, contenders)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range contenders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := []*pgstore.Store{first, second}[i%2]
			<-start
			led[i], errs[i] = s.TryLead(t.Context(), "maintenance", fmt.Sprintf("runner-%d", i), baseTime, time.Minute)
		}()
	}
	close(start)
	wg.Wait()

	leaders := 0
	for i := range contenders {
		require.NoError(t, errs[i])
		if led[i] {
			leaders++
		}
	}
	require.Equal(t, 1, leaders)
}

func TestLockUser(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	unlock, err := s.LockUser(t.Context(), uuid.New())
	require.NoError(t, err)
	other, err := s.LockUser(t.Context(), uuid.New())
	require.NoError(t, err, "users do not share a lock")
	other()
	unlock()
}
