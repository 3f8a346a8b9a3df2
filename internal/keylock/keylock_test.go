package keylock

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestLockExcludesSameKey(t *testing.T) {
	t.Parallel()
	var set Set
	var mu sync.Mutex
	inside, maxInside := 0, 0

	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			unlock, err := set.Lock(context.Background(), "user-1")
			require.NoError(t, err)
			mu.Lock()
			inside++
			maxInside = max(maxInside, inside)
			mu.Unlock()
			time.Sleep(time.Millisecond)
			mu.Lock()
			inside--
			mu.Unlock()
			unlock()
		}()
	}
	wg.Wait()

	require.Equal(t, 1, maxInside)
	require.Empty(t, set.locks, "released locks are dropped")
}

func TestLockOtherKeysDoNotWait(t *testing.T) {
	t.Parallel()
	var set Set
	unlock, err := set.Lock(context.Background(), "a")
	require.NoError(t, err)
	defer unlock()

	other, err := set.Lock(context.Background(), "b")
	require.NoError(t, err)
	other()
}

func TestLockHonoursContext(t *testing.T) {
	t.Parallel()
	var set Set
	unlock, err := set.Lock(context.Background(), "a")
	require.NoError(t, err)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = set.Lock(ctx, "a")
	require.ErrorIs(t, err, context.Canceled)

	unlock()
	unlock() // a second call is harmless
	again, err := set.Lock(context.Background(), "a")
	require.NoError(t, err)
	again()
}
