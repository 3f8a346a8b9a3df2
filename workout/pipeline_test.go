package workout_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/rayclub/workoutflow/internal/clocktest"
	"github.com/rayclub/workoutflow/storage"
	"github.com/rayclub/workoutflow/storage/memstore"
	"github.com/rayclub/workoutflow/tracking"
	"github.com/rayclub/workoutflow/workout"
)

// manualClock is a clock that the test moves by hand.
type manualClock = clocktest.Manual

func newManualClock() *manualClock {
	return clocktest.New(time.Date(2026, 6, 2, 15, 0, 0, 0, time.UTC))
}

// countingStage counts its runs and returns whatever fail returns.
type countingStage struct {
	runs atomic.Int64
	fail func(job workout.Job) error
}

func (s *countingStage) Process(_ context.Context, job workout.Job) error {
	s.runs.Add(1)
	if s.fail != nil {
		return s.fail(job)
	}
	return nil
}

type bundle struct {
	store    *memstore.Store
	clock    *manualClock
	tracker  *tracking.Memory
	pipeline *workout.Pipeline
	ranking  *countingStage
	board    *countingStage
}

func setup(t *testing.T, mutate func(*workout.Config)) *bundle {
	t.Helper()
	b := &bundle{
		store:   memstore.New(),
		clock:   newManualClock(),
		tracker: tracking.NewMemory(0),
		ranking: &countingStage{},
		board:   &countingStage{},
	}
	cfg := workout.Config{
		Store:   b.store,
		Clock:   b.clock,
		Tracker: b.tracker,
		Stages: []workout.StageConfig{
			{Name: workout.StageRanking, Stage: b.ranking, MaxAttempts: 3},
			{Name: workout.StageDashboard, Stage: b.board, MaxAttempts: 3},
		},
	}
	if mutate != nil {
		mutate(&cfg)
	}
	p, err := workout.New(cfg)
	require.NoError(t, err)
	b.pipeline = p
	return b
}

func sampleWorkout(userID uuid.UUID) workout.Workout {
	return workout.Workout{
		UserID:          userID,
		Name:            "Corrida",
		Type:            "Run",
		Date:            time.Date(2026, 6, 2, 11, 30, 0, 0, time.UTC),
		DurationMinutes: 50,
	}
}

func TestRecordQueuesEveryStage(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	ctx := context.Background()

	rec, err := b.pipeline.Record(ctx, sampleWorkout(uuid.New()))
	require.NoError(t, err)
	require.False(t, rec.Replayed)
	require.NotEqual(t, uuid.Nil, rec.Workout.ID)

	status, err := b.pipeline.Status(ctx, rec.Workout.ID)
	require.NoError(t, err)
	require.Len(t, status.Jobs, 2)
	require.False(t, status.ProcessedForRanking)

	ran, err := b.pipeline.RunPending(ctx)
	require.NoError(t, err)
	require.Equal(t, 2, ran)

	status, err = b.pipeline.Status(ctx, rec.Workout.ID)
	require.NoError(t, err)
	require.True(t, status.ProcessedForRanking)
	require.True(t, status.ProcessedForDashboard)
	require.NotNil(t, status.ProcessedAt)
}

func TestRecordRejectsInvalidAndStoresNothing(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	bad := workout.Workout{Name: "  ", Type: "Run", DurationMinutes: 0, Notes: "a\x00b"}

	_, err := b.pipeline.Record(context.Background(), bad)

	var verr *workout.ValidationError
	require.ErrorAs(t, err, &verr)
	for _, field := range []string{"user_id", "workout_name", "duration_minutes", "date", "notes"} {
		require.True(t, verr.Has(field), "missing field %s in %v", field, verr)
	}
	stats, err := b.pipeline.QueueStats(context.Background())
	require.NoError(t, err)
	require.Empty(t, stats)
	require.Equal(t, 1, b.tracker.Count(tracking.ActionRecord, tracking.StatusRejected))
}

func TestRecordDoesNotWaitForStages(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	entered := make(chan struct{}, 1)
	blocking := workout.StageFunc(func(ctx context.Context, _ workout.Job) error {
		entered <- struct{}{}
		<-release
		return nil
	})
	b := setup(t, func(cfg *workout.Config) {
		cfg.Stages = []workout.StageConfig{{Name: "slow", Stage: blocking}}
		cfg.Workers = 1
		cfg.PollInterval = 5 * time.Millisecond
	})
	ctx := context.Background()
	require.NoError(t, b.pipeline.Start(ctx))
	t.Cleanup(func() { require.NoError(t, b.pipeline.Stop(ctx)) })

	_, err := b.pipeline.Record(ctx, sampleWorkout(uuid.New()))
	require.NoError(t, err)
	<-entered

	// The only worker is stuck in the stage, yet recording still returns.
	rec, err := b.pipeline.Record(ctx, sampleWorkout(uuid.New()))
	require.NoError(t, err)
	require.NotEqual(t, uuid.Nil, rec.Workout.ID)
	close(release)
}

func TestFailingStageLeavesOthersUntouched(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	b.ranking.fail = func(workout.Job) error { return errors.New("ranking database is down") }
	ctx := context.Background()

	rec, err := b.pipeline.Record(ctx, sampleWorkout(uuid.New()))
	require.NoError(t, err)
	_, err = b.pipeline.RunPending(ctx)
	require.NoError(t, err)

	status, err := b.pipeline.Status(ctx, rec.Workout.ID)
	require.NoError(t, err)
	require.False(t, status.ProcessedForRanking)
	require.True(t, status.ProcessedForDashboard)
	require.Contains(t, status.ProcessingError, "ranking database is down")

	stored, err := b.pipeline.Workout(ctx, rec.Workout.ID)
	require.NoError(t, err)
	require.Equal(t, "Corrida", stored.Name)
}

func TestPanickingStageIsRecovered(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	b.board.fail = func(workout.Job) error { panic("nil map in dashboard") }
	ctx := context.Background()

	rec, err := b.pipeline.Record(ctx, sampleWorkout(uuid.New()))
	require.NoError(t, err)
	_, err = b.pipeline.RunPending(ctx)
	require.NoError(t, err)

	status, err := b.pipeline.Status(ctx, rec.Workout.ID)
	require.NoError(t, err)
	require.True(t, status.ProcessedForRanking)
	require.False(t, status.ProcessedForDashboard)

	var failed *tracking.Event
	for _, e := range b.tracker.WorkoutEvents(rec.Workout.ID) {
		if e.Action == workout.StageDashboard && e.Status == tracking.StatusFailed {
			failed = &e
		}
	}
	require.NotNil(t, failed, "the panic should be tracked as a failed attempt")
	require.Contains(t, failed.ErrorMessage, "nil map in dashboard")
	require.Contains(t, failed.StackTrace, "goroutine")
}

func TestRetriesStopAtMaxAttempts(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	b.ranking.fail = func(workout.Job) error { return errors.New("always failing") }
	ctx := context.Background()

	rec, err := b.pipeline.Record(ctx, sampleWorkout(uuid.New()))
	require.NoError(t, err)

	for range 10 {
		_, err := b.pipeline.RunPending(ctx)
		require.NoError(t, err)
		b.clock.Advance(workout.DefaultRetryMax)
	}

	require.EqualValues(t, 3, b.ranking.runs.Load(), "MaxAttempts is 3")
	status, err := b.pipeline.Status(ctx, rec.Workout.ID)
	require.NoError(t, err)
	require.Equal(t, workout.JobDead, jobOf(t, status, workout.StageRanking).State)
	require.Equal(t, 1, b.tracker.Count(workout.StageRanking, tracking.StatusDead))

	// Dead work can be sent back and then succeeds.
	b.ranking.fail = nil
	n, err := b.pipeline.Retry(ctx, rec.Workout.ID)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	_, err = b.pipeline.RunPending(ctx)
	require.NoError(t, err)
	status, err = b.pipeline.Status(ctx, rec.Workout.ID)
	require.NoError(t, err)
	require.True(t, status.ProcessedForRanking)
}

func TestRetryWaitsForBackoff(t *testing.T) {
	t.Parallel()
	b := setup(t, func(cfg *workout.Config) {
		cfg.Stages[0].Retry = workout.RetryPolicy{Base: time.Minute, Max: time.Minute}
	})
	calls := 0
	b.ranking.fail = func(workout.Job) error {
		calls++
		if calls == 1 {
			return errors.New("first attempt fails")
		}
		return nil
	}
	ctx := context.Background()
	_, err := b.pipeline.Record(ctx, sampleWorkout(uuid.New()))
	require.NoError(t, err)

	_, err = b.pipeline.RunPending(ctx)
	require.NoError(t, err)
	require.Equal(t, 1, calls)

	b.clock.Advance(29 * time.Second)
	_, err = b.pipeline.RunPending(ctx)
	require.NoError(t, err)
	require.Equal(t, 1, calls, "the retry is not due before half the backoff bound")

	b.clock.Advance(31 * time.Second)
	_, err = b.pipeline.RunPending(ctx)
	require.NoError(t, err)
	require.Equal(t, 2, calls)
}

func TestConcurrentIdenticalRecordsStoreOne(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	w := sampleWorkout(uuid.New())

	ids := make(chan uuid.UUID, 5)
	var wg sync.WaitGroup
	for range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rec, err := b.pipeline.Record(context.Background(), w)
			require.NoError(t, err)
			ids <- rec.Workout.ID
		}()
	}
	wg.Wait()
	close(ids)

	first := <-ids
	for id := range ids {
		require.Equal(t, first, id)
	}
	require.Equal(t, 1, b.tracker.Count(tracking.ActionRecord, tracking.StatusSucceeded))
	require.Equal(t, 4, b.tracker.Count(tracking.ActionRecord, tracking.StatusReplayed))
}

func TestIdempotencyKeyReturnsFirstRecord(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	ctx := context.Background()
	w := sampleWorkout(uuid.New())
	w.IdempotencyKey = "client-42"

	first, err := b.pipeline.Record(ctx, w)
	require.NoError(t, err)
	b.clock.Advance(time.Hour)
	w.DurationMinutes = 90
	second, err := b.pipeline.Record(ctx, w)
	require.NoError(t, err)

	require.True(t, second.Replayed)
	require.Equal(t, first.Workout.ID, second.Workout.ID)
	require.Equal(t, 50, second.Workout.DurationMinutes)
}

func TestLostLeaseIsTakenOverAndFenced(t *testing.T) {
	t.Parallel()
	b := setup(t, func(cfg *workout.Config) {
		cfg.Stages = cfg.Stages[:1]
		cfg.Lease = 10 * time.Second
	})
	ctx := context.Background()
	_, err := b.pipeline.Record(ctx, sampleWorkout(uuid.New()))
	require.NoError(t, err)

	// A worker claims the job and crashes without finishing it.
	crashed, err := b.store.ClaimJobs(ctx, workout.ClaimRequest{
		Owner: "crashed-worker", Stages: []string{workout.StageRanking}, Limit: 1, Now: b.clock.Now(), Lease: 10 * time.Second,
	})
	require.NoError(t, err)
	require.Len(t, crashed, 1)

	ran, err := b.pipeline.RunPending(ctx)
	require.NoError(t, err)
	require.Zero(t, ran, "the lease still holds")

	b.clock.Advance(11 * time.Second)
	ran, err = b.pipeline.RunPending(ctx)
	require.NoError(t, err)
	require.Equal(t, 1, ran)
	require.EqualValues(t, 1, b.ranking.runs.Load())

	err = b.store.CompleteJob(ctx, crashed[0], b.clock.Now())
	require.ErrorIs(t, err, storage.ErrLeaseLost)
}

func TestCrashLoopingJobIsMarkedDead(t *testing.T) {
	t.Parallel()
	b := setup(t, func(cfg *workout.Config) {
		cfg.Stages = cfg.Stages[:1]
		cfg.Lease = time.Second
	})
	ctx := context.Background()
	rec, err := b.pipeline.Record(ctx, sampleWorkout(uuid.New()))
	require.NoError(t, err)

	// Three workers in a row claim the job and die before recording anything.
	for range 3 {
		_, err := b.store.ClaimJobs(ctx, workout.ClaimRequest{
			Owner: "doomed", Stages: []string{workout.StageRanking}, Limit: 1, Now: b.clock.Now(), Lease: time.Second,
		})
		require.NoError(t, err)
		b.clock.Advance(2 * time.Second)
	}

	_, err = b.pipeline.RunPending(ctx)
	require.NoError(t, err)
	require.Zero(t, b.ranking.runs.Load(), "a job past its maximum attempts must not run again")
	status, err := b.pipeline.Status(ctx, rec.Workout.ID)
	require.NoError(t, err)
	require.Equal(t, workout.JobDead, jobOf(t, status, workout.StageRanking).State)
}

func TestWorkersProcessAndStopCleanly(t *testing.T) {
	defer goleak.VerifyNone(t)
	done := make(chan struct{}, 10)
	stage := workout.StageFunc(func(context.Context, workout.Job) error {
		done <- struct{}{}
		return nil
	})
	b := setup(t, func(cfg *workout.Config) {
		cfg.Stages = []workout.StageConfig{{Name: "notify", Stage: stage}}
		cfg.PollInterval = 10 * time.Millisecond
	})
	ctx := context.Background()
	require.NoError(t, b.pipeline.Start(ctx))
	require.NoError(t, b.pipeline.Start(ctx), "a second Start is a no-op")

	for range 3 {
		_, err := b.pipeline.Record(ctx, sampleWorkout(uuid.New()))
		require.NoError(t, err)
	}
	for range 3 {
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatal("workers did not run the stage within 5s")
		}
	}

	stopCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	require.NoError(t, b.pipeline.Stop(stopCtx))
	require.NoError(t, b.pipeline.Stop(stopCtx), "a second Stop is a no-op")
	require.ErrorIs(t, b.pipeline.Start(ctx), workout.ErrStopped)
}

func TestNewRejectsBadConfig(t *testing.T) {
	t.Parallel()
	store := memstore.New()
	cases := map[string]workout.Config{
		"Store":           {},
		"Stages[0].Name":  {Store: store, Stages: []workout.StageConfig{{Stage: &countingStage{}}}},
		"Stages[0].Stage": {Store: store, Stages: []workout.StageConfig{{Name: "x"}}},
		"used twice": {Store: store, Stages: []workout.StageConfig{
			{Name: "x", Stage: &countingStage{}}, {Name: "x", Stage: &countingStage{}},
		}},
	}
	for want, cfg := range cases {
		_, err := workout.New(cfg)
		require.ErrorContains(t, err, want)
	}
}

func jobOf(t *testing.T, status workout.Status, stage string) workout.Job {
	t.Helper()
	for _, j := range status.Jobs {
		if j.Stage == stage {
			return j
		}
	}
	t.Fatalf("no %s job in status", stage)
	return workout.Job{}
}

func TestJobsOfOneUserRunOneAtATime(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	running, maxRunning, finished := 0, 0, 0
	allDone := make(chan struct{})
	stage := workout.StageFunc(func(context.Context, workout.Job) error {
		mu.Lock()
		running++
		maxRunning = max(maxRunning, running)
		mu.Unlock()
		time.Sleep(2 * time.Millisecond) // widen the window for an overlap
		mu.Lock()
		running--
		finished++
		if finished == 12 {
			close(allDone)
		}
		mu.Unlock()
		return nil
	})
	b := setup(t, func(cfg *workout.Config) {
		cfg.Stages = []workout.StageConfig{{Name: "serial", Stage: stage}}
		cfg.Workers = 4
		cfg.ClaimBatch = 1
		cfg.PollInterval = 5 * time.Millisecond
	})
	ctx := context.Background()
	user := uuid.New()
	for i := range 12 {
		w := sampleWorkout(user)
		w.DurationMinutes = 30 + i // distinct workouts, not replays
		_, err := b.pipeline.Record(ctx, w)
		require.NoError(t, err)
	}

	require.NoError(t, b.pipeline.Start(ctx))
	t.Cleanup(func() { require.NoError(t, b.pipeline.Stop(ctx)) })
	select {
	case <-allDone:
	case <-time.After(10 * time.Second):
		t.Fatal("jobs did not finish within 10s")
	}
	mu.Lock()
	defer mu.Unlock()
	require.Equal(t, 1, maxRunning, "jobs of one stage for one user must not overlap")
}
