package pgstore_test

import (
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/storage/pgstore"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

// TestCompleteJobsOfOneWorkoutConcurrently completes the two stages of a
// workout at the same time and checks that processed_at is set.
func TestCompleteJobsOfOneWorkoutConcurrently(t *testing.T) {
	t.Parallel()
	first, dsn := newStore(t)
	second := openStore(t, dsn)
	ctx := t.Context()

	for round := range 10 {
		w := newWorkout(uuid.New())
		_, _, err := first.InsertWorkout(ctx, insertRequest(w, baseTime))
		require.NoError(t, err)
		jobs, err := first.ClaimJobs(ctx, workout.ClaimRequest{
			Owner: "w", Stages: bothStages, Limit: 10, Now: baseTime, Lease: lease,
		})
		require.NoError(t, err)
		require.Len(t, jobs, 2)

		start := make(chan struct{})
		errs := make([]error, 2)
		var wg sync.WaitGroup
		for i, s := range []*pgstore.Store{first, second} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				errs[i] = s.CompleteJob(ctx, jobs[i], baseTime)
			}()
		}
		close(start)
		wg.Wait()

		require.NoError(t, errs[0])
		require.NoError(t, errs[1])
		st, err := first.Status(ctx, w.ID)
		require.NoError(t, err)
		require.True(t, st.ProcessedForRanking, "round %d", round)
		require.True(t, st.ProcessedForDashboard, "round %d", round)
		require.NotNil(t, st.ProcessedAt, "round %d: the later completion sees both jobs done", round)
	}
}
