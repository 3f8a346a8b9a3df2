package pgstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestLockExcludesOtherProcesses(t *testing.T) {
	t.Parallel()
	first, dsn := newStore(t)
	second := openStore(t, dsn)
	conn := connect(t, dsn)
	ctx := t.Context()

	unlock, err := first.Lock(ctx, "stage:ranking:user:1")
	require.NoError(t, err)

	waitCtx, cancelWait := context.WithCancel(ctx)
	blocked := make(chan error, 1)
	go func() {
		_, err := second.Lock(waitCtx, "stage:ranking:user:1")
		blocked <- err
	}()
	require.Eventually(t, func() bool {
		return count(t, conn, `SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`) == 1
	}, 10*time.Second, 5*time.Millisecond, "the second store waits for the lock")
	cancelWait()
	require.Error(t, <-blocked, "a canceled wait returns an error")

	other, err := second.Lock(ctx, "stage:ranking:user:2")
	require.NoError(t, err, "another key is free")
	other()

	unlock()
	unlock()
	again, err := second.Lock(ctx, "stage:ranking:user:1")
	require.NoError(t, err, "the key is free after unlock")
	again()
	require.Equal(t, 0, count(t, conn, `SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`))
}

func TestLockWithinOneStore(t *testing.T) {
	t.Parallel()
	s, _ := newStore(t)
	ctx := t.Context()

	unlock, err := s.Lock(ctx, "key")
	require.NoError(t, err)

	acquired := make(chan func(), 1)
	go func() {
		next, err := s.Lock(ctx, "key")
		if err == nil {
			acquired <- next
		}
	}()
	select {
	case <-acquired:
		require.FailNow(t, "the lock was taken twice")
	default:
	}

	unlock()
	select {
	case next := <-acquired:
		next()
	case <-time.After(10 * time.Second):
		require.FailNow(t, "the waiting goroutine never got the lock")
	}
}
