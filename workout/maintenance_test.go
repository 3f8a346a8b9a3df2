package workout_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/rayclub/workoutflow/internal/clocktest"
	"github.com/rayclub/workoutflow/storage/memstore"
	"github.com/rayclub/workoutflow/workout"
)

// leaseClock is a clock that the test moves by hand.
type leaseClock = clocktest.Manual

// countedRunner is a Maintenance runner with one task that counts its runs
// and signals each one.
type countedRunner struct {
	runner *workout.Maintenance
	runs   atomic.Int64
	ran    chan struct{}
}

func newCountedRunner(t *testing.T, cfg workout.MaintenanceConfig) *countedRunner {
	t.Helper()
	c := &countedRunner{ran: make(chan struct{}, 100)}
	cfg.Tasks = []workout.MaintenanceTask{{Name: "count", Run: func(context.Context) error {
		c.runs.Add(1)
		select {
		case c.ran <- struct{}{}:
		default:
		}
		return nil
	}}}

	runner, err := workout.NewMaintenance(cfg)
	require.NoError(t, err)
	c.runner = runner
	return c
}

func TestMaintenanceRunsOnOneLeader(t *testing.T) {
	t.Parallel()
	store := memstore.New()
	clock := clocktest.New(time.Date(2026, 6, 2, 15, 0, 0, 0, time.UTC))
	config := func(owner string) workout.MaintenanceConfig {
		return workout.MaintenanceConfig{
			Elector: store, Owner: owner, Clock: clock, Interval: 10 * time.Second, LeaseTTL: 30 * time.Second,
		}
	}
	a := newCountedRunner(t, config("a"))
	b := newCountedRunner(t, config("b"))
	ctx := context.Background()

	steps := []struct {
		advance time.Duration
		runner  *countedRunner
		leads   bool
	}{
		{0, a, true},
		{0, b, false},
		{10 * time.Second, a, true},
		{0, b, false},
		{29 * time.Second, b, false}, // a's renewed lease ends 40s after the start
		{time.Second, b, true},
		{0, a, false},
	}
	for i, step := range steps {
		clock.Advance(step.advance)
		led, err := step.runner.runner.RunOnce(ctx)
		require.NoError(t, err, "step %d", i)
		require.Equal(t, step.leads, led, "step %d", i)
	}
	require.Equal(t, int64(2), a.runs.Load())
	require.Equal(t, int64(1), b.runs.Load())
}

// watchedElector reports the owner of every TryLead call.
type watchedElector struct {
	workout.LeaderElector
	attempts chan string
}

func (w watchedElector) TryLead(ctx context.Context, name, owner string, now time.Time, ttl time.Duration) (bool, error) {
	led, err := w.LeaderElector.TryLead(ctx, name, owner, now, ttl)
	select {
	case w.attempts <- owner:
	default:
	}
	return led, err
}

func TestMaintenanceTakesOverAfterLeaderStops(t *testing.T) {
	defer goleak.VerifyNone(t)
	clock := clocktest.New(time.Date(2026, 6, 2, 15, 0, 0, 0, time.UTC))
	elector := watchedElector{LeaderElector: memstore.New(), attempts: make(chan string, 1000)}
	config := func(owner string) workout.MaintenanceConfig {
		return workout.MaintenanceConfig{
			Elector: elector, Owner: owner, Clock: clock, Interval: 5 * time.Millisecond, LeaseTTL: time.Hour,
		}
	}
	a := newCountedRunner(t, config("a"))
	b := newCountedRunner(t, config("b"))
	ctx := context.Background()
	stopCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()

	require.NoError(t, a.runner.Start(ctx))
	waitSignal(t, a.ran, "a's first round")
	require.NoError(t, b.runner.Start(ctx))
	require.NoError(t, b.runner.Start(ctx), "a second Start is a no-op")
	waitAttempts(t, elector.attempts, "b", 2)
	require.Zero(t, b.runs.Load(), "b must not run tasks while a holds the lease")

	require.NoError(t, a.runner.Stop(stopCtx))
	require.NoError(t, a.runner.Stop(stopCtx), "a second Stop is a no-op")
	clock.Advance(time.Hour)
	waitSignal(t, b.ran, "b's round after a's lease ended")

	require.NoError(t, b.runner.Stop(stopCtx))
	require.ErrorIs(t, b.runner.Start(ctx), workout.ErrStopped)
}

func waitSignal(t *testing.T, signal <-chan struct{}, description string) {
	t.Helper()
	select {
	case <-signal:
	case <-time.After(5 * time.Second):
		t.Fatalf("timed out after 5s waiting for %s", description)
	}
}

func waitAttempts(t *testing.T, attempts <-chan string, owner string, count int) {
	t.Helper()
	timeout := time.After(5 * time.Second)
	for seen := 0; seen < count; {
		select {
		case got := <-attempts:
			if got == owner {
				seen++
			}
		case <-timeout:
			t.Fatalf("timed out after 5s waiting for %d lease attempts of %s", count, owner)
		}
	}
}

func TestMaintenanceRunOnceJoinsTaskErrors(t *testing.T) {
	t.Parallel()
	var ranLast atomic.Bool
	runner, err := workout.NewMaintenance(workout.MaintenanceConfig{Tasks: []workout.MaintenanceTask{
		{Name: "failing", Run: func(context.Context) error { return errors.New("sweep failed") }},
		{Name: "panicking", Run: func(context.Context) error { panic("boom") }},
		{Name: "last", Run: func(context.Context) error { ranLast.Store(true); return nil }},
	}})
	require.NoError(t, err)

	led, err := runner.RunOnce(context.Background())
	require.True(t, led, "a runner without elector always leads")
	require.ErrorContains(t, err, `maintenance task "failing": sweep failed`)
	require.ErrorContains(t, err, `maintenance task "panicking": panic: boom`)
	require.True(t, ranLast.Load(), "a failed task must not stop the others")
}

func TestNewMaintenanceRejectsBadConfig(t *testing.T) {
	t.Parallel()
	task := workout.MaintenanceTask{Name: "noop", Run: func(context.Context) error { return nil }}
	cases := map[string]workout.MaintenanceConfig{
		"Tasks must list":      {},
		"Tasks[0].Run":         {Tasks: []workout.MaintenanceTask{{Name: "empty"}}},
		"must not be negative": {Tasks: []workout.MaintenanceTask{task}, Interval: -time.Second},
		"must be longer than":  {Tasks: []workout.MaintenanceTask{task}, Interval: time.Minute, LeaseTTL: time.Minute},
	}
	for want, cfg := range cases {
		_, err := workout.NewMaintenance(cfg)
		require.ErrorContains(t, err, want)
	}
}
