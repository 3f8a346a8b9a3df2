package pgstore_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/ranking"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/storage/pgstore"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

const lease = 30 * time.Second

func TestClaimJobsNeverOverlap(t *testing.T) {
	t.Parallel()
	first, dsn := newStore(t)
	second := openStore(t, dsn)

	const workouts = 150
	for range workouts {
		w := newWorkout(uuid.New())
		req := workout.InsertRequest{Workout: w, Stages: []string{workout.StageRanking}, Now: baseTime}
		_, _, err := first.InsertWorkout(t.Context(), req)
		require.NoError(t, err)
	}

	const claimers = 8
	claimedBy := make([][]workout.Job, claimers)
	errs := make([]error, claimers)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range claimers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := []*pgstore.Store{first, second}[i%2]
			<-start
			for {
				jobs, err := s.ClaimJobs(t.Context(), workout.ClaimRequest{
					Owner: fmt.Sprintf("worker-%d", i), Stages: []string{workout.StageRanking},
					Limit: 7, Now: baseTime, Lease: lease,
				})
				if err != nil || len(jobs) == 0 {
					errs[i] = err
					return
				}
				claimedBy[i] = append(claimedBy[i], jobs...)
			}
		}()
	}
	close(start)
	wg.Wait()

	seen := map[uuid.UUID]string{}
	for i, jobs := range claimedBy {
		require.NoError(t, errs[i], "claimer %d", i)
		for _, job := range jobs {
			owner, taken := seen[job.WorkoutID]
			require.False(t, taken, "job of workout %s claimed by %s and worker-%d", job.WorkoutID, owner, i)
			seen[job.WorkoutID] = job.Owner
			require.Equal(t, int64(1), job.Token)
		}
	}
	require.Len(t, seen, workouts, "every job claimed once")
}

// TestKilledWorkerConnection kills the backend of a worker in the middle of
// SaveUserResult, after its writes and before its commit, and checks that
// none of the writes stay and that the job is taken over once the lease
// ends.
func TestKilledWorkerConnection(t *testing.T) {
	t.Parallel()
	s, dsn := newStore(t)
	holder := connect(t, dsn)
	observer := connect(t, dsn)
	ctx := t.Context()

	challengeID, userID := uuid.New(), uuid.New()
	w := newWorkout(userID)
	w.ChallengeID = challengeID
	_, _, err := s.InsertWorkout(ctx, workout.InsertRequest{Workout: w, Stages: []string{workout.StageRanking}, Now: baseTime})
	require.NoError(t, err)
	jobs, err := s.ClaimJobs(ctx, workout.ClaimRequest{
		Owner: "doomed", Stages: []string{workout.StageRanking}, Limit: 1, Now: baseTime, Lease: lease,
	})
	require.NoError(t, err)
	require.Len(t, jobs, 1)

	// Hold the stale marker's row so that SaveUserResult blocks on its last
	// statement, with every other write done but not committed.
	_, err = observer.Exec(ctx, `INSERT INTO workoutflow_stale_positions (challenge_id, marked_at) VALUES ($1, now())`, challengeID)
	require.NoError(t, err)
	tx, err := holder.Begin(ctx)
	require.NoError(t, err)
	_, err = tx.Exec(ctx, `SELECT 1 FROM workoutflow_stale_positions WHERE challenge_id = $1 FOR UPDATE`, challengeID)
	require.NoError(t, err)

	saved := make(chan error, 1)
	go func() {
		checkInAt := w.Date
		saved <- s.SaveUserResult(ctx, ranking.UserResult{
			ChallengeID: challengeID, UserID: userID, Member: true,
			CheckIns: []ranking.CheckIn{{ID: uuid.New(), Day: workout.LocalDateOf(w.Date, time.UTC),
				CheckInAt: checkInAt, Points: 10, WorkoutID: w.ID}},
			Progress:      ranking.Progress{Points: 10, CheckIns: 1, LastCheckIn: &checkInAt},
			WorkoutPoints: map[uuid.UUID]int{w.ID: 10},
		}, baseTime)
	}()
	pid := waitForLockWait(t, observer, "workoutflow_stale_positions")
	_, err = observer.Exec(ctx, `SELECT pg_terminate_backend($1)`, pid)
	require.NoError(t, err)
	require.Error(t, <-saved, "the killed transaction must fail")
	require.NoError(t, tx.Rollback(ctx))

	require.Equal(t, 0, count(t, observer, `SELECT count(*) FROM challenge_check_ins WHERE user_id = $1`, userID))
	require.Equal(t, 0, count(t, observer, `SELECT count(*) FROM challenge_progress WHERE user_id = $1`, userID))
	require.Equal(t, 0, count(t, observer, `SELECT points FROM workout_records WHERE id = $1`, w.ID))

	early, err := s.ClaimJobs(ctx, workout.ClaimRequest{
		Owner: "heir", Stages: []string{workout.StageRanking}, Limit: 1, Now: baseTime.Add(lease - time.Second), Lease: lease,
	})
	require.NoError(t, err)
	require.Empty(t, early, "the lease still holds")

	taken, err := s.ClaimJobs(ctx, workout.ClaimRequest{
		Owner: "heir", Stages: []string{workout.StageRanking}, Limit: 1, Now: baseTime.Add(lease), Lease: lease,
	})
	require.NoError(t, err)
	require.Len(t, taken, 1, "the job is claimable once the lease ends")
	require.Equal(t, jobs[0].Token+1, taken[0].Token)
	require.Equal(t, 2, taken[0].Attempt)

	err = s.CompleteJob(ctx, jobs[0], baseTime.Add(lease))
	require.ErrorIs(t, err, storage.ErrLeaseLost, "the first worker's late completion is rejected")
	require.NoError(t, s.CompleteJob(ctx, taken[0], baseTime.Add(lease)))
	st, err := s.Status(ctx, w.ID)
	require.NoError(t, err)
	require.True(t, st.ProcessedForRanking)
	require.NotNil(t, st.ProcessedAt)
}
