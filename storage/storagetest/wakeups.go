package storagetest

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/workout"
	"github.com/stretchr/testify/require"
)

// wakeupTimeout bounds the wait for a wakeup. It is generous because a wakeup
// may cross a database connection, and a passing test stops waiting as soon
// as the wakeup arrives.
const wakeupTimeout = 10 * time.Second

var wakeupTests = []testCase{
	{name: "insert wakes workers", run: testWakeupOnInsert},
	{name: "retry wakes workers", run: testWakeupOnRetry},
	{name: "channel closes with context", run: testWakeupsClose},
}

// notifier returns the adapter as a workout.Notifier, skipping the test when
// it is not one.
func notifier(t *testing.T, s Adapter) workout.Notifier {
	t.Helper()
	n, ok := s.(workout.Notifier)
	if !ok {
		t.Skip("the adapter does not implement workout.Notifier")
	}
	return n
}

func testWakeupOnInsert(t *testing.T, s Adapter) {
	wakeups := notifier(t, s).Wakeups(t.Context())

	insert(t, s, newWorkout(uuid.New(), uuid.Nil), baseTime)

	requireWakeup(t, wakeups)
}

func testWakeupOnRetry(t *testing.T, s Adapter) {
	w := insert(t, s, newWorkout(uuid.New(), uuid.Nil), baseTime)
	job := claimOne(t, s, "worker", baseTime, workout.StageRanking)
	require.NoError(t, s.FailJob(t.Context(), job, workout.Failure{Message: "falhou", RetryAt: baseTime, Dead: true, Now: baseTime}))
	wakeups := notifier(t, s).Wakeups(t.Context())

	count, err := s.RetryJobs(t.Context(), w.ID, baseTime)
	require.NoError(t, err)
	require.Equal(t, 2, count)

	requireWakeup(t, wakeups)
}

func testWakeupsClose(t *testing.T, s Adapter) {
	ctx, cancel := context.WithCancel(t.Context())
	wakeups := notifier(t, s).Wakeups(ctx)

	cancel()

	timeout := time.After(wakeupTimeout)
	for {
		select {
		case _, open := <-wakeups:
			if !open {
				return
			}
		case <-timeout:
			require.FailNow(t, "the wakeup channel is still open after its context ended")
		}
	}
}

// requireWakeup waits for a value on wakeups.
func requireWakeup(t *testing.T, wakeups <-chan struct{}) {
	t.Helper()
	select {
	case _, open := <-wakeups:
		require.True(t, open, "the wakeup channel closed")
	case <-time.After(wakeupTimeout):
		require.FailNow(t, "no wakeup arrived")
	}
}
