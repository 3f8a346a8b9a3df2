package pgstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

const wakeupTimeout = 10 * time.Second

// requireWakeup waits for a value on wakeups.
func requireWakeup(t *testing.T, wakeups <-chan struct{}, msg string) {
	t.Helper()
	select {
	case _, ok := <-wakeups:
		require.True(t, ok, "%s: channel closed", msg)
	case <-time.After(wakeupTimeout):
		require.FailNow(t, "no wakeup", msg)
	}
}

func TestWakeupsAfterInsert(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()

	wakeups := s.Wakeups(ctx)
	requireWakeup(t, wakeups, "the listener signals once it listens")

	_, _, err := s.InsertWorkout(t.Context(), insertRequest(newWorkout(uuid.New()), baseTime))
	require.NoError(t, err)
	requireWakeup(t, wakeups, "insert notifies")
}

func TestWakeupsReconnect(t *testing.T) {
	t.Parallel()
	s, dsn := newStore(t)
	conn := connect(t, dsn)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()

	wakeups := s.Wakeups(ctx)
	requireWakeup(t, wakeups, "first listen")

	terminated := count(t, conn, `SELECT count(*) FROM (
		SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		 WHERE datname = current_database() AND application_name = 'workoutflow-listener') AS killed`)
	require.Equal(t, 1, terminated)
	requireWakeup(t, wakeups, "the listener signals after it reconnects")

	_, _, err := s.InsertWorkout(t.Context(), insertRequest(newWorkout(uuid.New()), baseTime))
	require.NoError(t, err)
	requireWakeup(t, wakeups, "insert notifies the new connection")
}

func TestWakeupsClosedWithContext(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	ctx, cancel := context.WithCancel(t.Context())

	wakeups := s.Wakeups(ctx)
	requireWakeup(t, wakeups, "first listen")
	cancel()

	select {
	case _, ok := <-wakeups:
		if ok {
			_, ok = <-wakeups
		}
		require.False(t, ok, "channel closed")
	case <-time.After(wakeupTimeout):
		require.FailNow(t, "channel not closed after the context ended")
	}
}
