package ranking

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// signalTimeout bounds every wait for a signal from a refresh goroutine.
const signalTimeout = 5 * time.Second

// blockingRefresh is a RefreshFunc that reports each call on started and
// then blocks until the test sends the call's result on release.
type blockingRefresh struct {
	started chan uuid.UUID
	release chan error

	calls     atomic.Int32
	active    atomic.Int32
	maxActive atomic.Int32
}

func newBlockingRefresh() *blockingRefresh {
	return &blockingRefresh{started: make(chan uuid.UUID), release: make(chan error)}
}

func (b *blockingRefresh) refresh(ctx context.Context, challengeID uuid.UUID) error {
	b.calls.Add(1)
	active := b.active.Add(1)
	defer b.active.Add(-1)
	for {
		highest := b.maxActive.Load()
		if active <= highest || b.maxActive.CompareAndSwap(highest, active) {
			break
		}
	}

	select {
	case b.started <- challengeID:
	case <-ctx.Done():
		return ctx.Err()
	}

	select {
	case err := <-b.release:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func receive[T any](t *testing.T, ch <-chan T) T {
	t.Helper()
	select {
	case value := <-ch:
		return value
	case <-time.After(signalTimeout):
		t.Fatal("timed out waiting for a signal")
		var zero T
		return zero
	}
}

func send[T any](t *testing.T, ch chan<- T, value T) {
	t.Helper()
	select {
	case ch <- value:
	case <-time.After(signalTimeout):
		t.Fatal("timed out sending a signal")
	}
}

// waitForWaiters waits until n callers of Refresh wait for the round after
// the running one.
func waitForWaiters(t *testing.T, r *PositionRefresher, challengeID uuid.UUID, n int) {
	t.Helper()
	require.Eventually(t, func() bool {
		r.mu.Lock()
		defer r.mu.Unlock()
		runner := r.runners[challengeID]
		return runner != nil && runner.next != nil && runner.next.waiters == n
	}, signalTimeout, time.Millisecond)
}

func stopRefresher(t *testing.T, r *PositionRefresher) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), signalTimeout)
	defer cancel()
	require.NoError(t, r.Stop(ctx))
}

func TestRefresherCoalescesRequests(t *testing.T) {
	t.Parallel()

	blocking := newBlockingRefresh()
	r := NewPositionRefresher(blocking.refresh, nil)
	challengeID := uuid.New()
	ctx := context.Background()

	require.NoError(t, r.Request(ctx, challengeID))
	require.Equal(t, challengeID, receive(t, blocking.started))

	for range 5 {
		require.NoError(t, r.Request(ctx, challengeID))
	}
	send(t, blocking.release, nil)

	require.Equal(t, challengeID, receive(t, blocking.started))
	send(t, blocking.release, nil)

	stopRefresher(t, r)
	require.Equal(t, int32(2), blocking.calls.Load(), "five requests during a run share one more run")
	require.Equal(t, int32(1), blocking.maxActive.Load())
}

func TestRefresherWaitsForCoveringRun(t *testing.T) {
	t.Parallel()

	blocking := newBlockingRefresh()
	r := NewPositionRefresher(blocking.refresh, nil)
	challengeID := uuid.New()
	ctx := context.Background()

	firstResult := make(chan error, 1)
	go func() { firstResult <- r.Refresh(ctx, challengeID) }()
	receive(t, blocking.started)

	secondResult := make(chan error, 1)
	go func() { secondResult <- r.Refresh(ctx, challengeID) }()
	waitForWaiters(t, r, challengeID, 1)

	send(t, blocking.release, errors.New("first run failed"))
	require.ErrorContains(t, receive(t, firstResult), "first run failed")

	receive(t, blocking.started)
	send(t, blocking.release, errors.New("second run failed"))
	err := receive(t, secondResult)
	require.ErrorContains(t, err, "second run failed", "a request made during a run waits for the next run")
	require.ErrorContains(t, err, challengeID.String())

	stopRefresher(t, r)
}

func TestRefresherChallengesIndependent(t *testing.T) {
	t.Parallel()

	blocking := newBlockingRefresh()
	r := NewPositionRefresher(blocking.refresh, nil)
	ctx := context.Background()

	require.NoError(t, r.Request(ctx, uuid.New()))
	require.NoError(t, r.Request(ctx, uuid.New()))
	receive(t, blocking.started)
	receive(t, blocking.started)
	require.Equal(t, int32(2), blocking.maxActive.Load())

	send(t, blocking.release, nil)
	send(t, blocking.release, nil)
	stopRefresher(t, r)
}

func TestRefresherCanceledWaiter(t *testing.T) {
	t.Parallel()

	blocking := newBlockingRefresh()
	r := NewPositionRefresher(blocking.refresh, slog.New(slog.DiscardHandler))
	challengeID := uuid.New()

	ctx, cancel := context.WithCancel(context.Background())
	result := make(chan error, 1)
	go func() { result <- r.Refresh(ctx, challengeID) }()
	receive(t, blocking.started)

	cancel()
	require.ErrorIs(t, receive(t, result), context.Canceled)

	send(t, blocking.release, nil)
	stopRefresher(t, r)
	require.Equal(t, int32(1), blocking.calls.Load(), "the run outlives its canceled waiter")
}

// lockedBuffer is a bytes.Buffer safe for a logger used by goroutines.
type lockedBuffer struct {
	mu     sync.Mutex
	buffer bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buffer.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buffer.String()
}

func TestRefresherLogsUnreceivedErrors(t *testing.T) {
	t.Parallel()

	blocking := newBlockingRefresh()
	var logs lockedBuffer
	r := NewPositionRefresher(blocking.refresh, slog.New(slog.NewTextHandler(&logs, nil)))
	challengeID := uuid.New()
	ctx := context.Background()

	result := make(chan error, 1)
	go func() { result <- r.Refresh(ctx, challengeID) }()
	receive(t, blocking.started)
	send(t, blocking.release, errors.New("returned failure"))
	require.Error(t, receive(t, result))
	require.NotContains(t, logs.String(), "returned failure", "an error returned to a caller is not logged")

	require.NoError(t, r.Request(ctx, challengeID))
	receive(t, blocking.started)
	send(t, blocking.release, errors.New("background failure"))
	stopRefresher(t, r)

	require.Contains(t, logs.String(), "background failure")
	require.Contains(t, logs.String(), challengeID.String())
}

func TestRefresherRecoversPanic(t *testing.T) {
	t.Parallel()

	r := NewPositionRefresher(func(context.Context, uuid.UUID) error { panic("store exploded") }, nil)

	err := r.Refresh(context.Background(), uuid.New())
	require.ErrorContains(t, err, "panic: store exploded")
	stopRefresher(t, r)
}

func TestRefresherStop(t *testing.T) {
	t.Parallel()

	r := NewPositionRefresher(func(context.Context, uuid.UUID) error { return nil }, nil)
	require.NoError(t, r.Refresh(context.Background(), uuid.New()))

	stopRefresher(t, r)
	stopRefresher(t, r)
	require.ErrorIs(t, r.Request(context.Background(), uuid.New()), ErrRefresherStopped)
	require.ErrorIs(t, r.Refresh(context.Background(), uuid.New()), ErrRefresherStopped)
}

func TestRefresherStopCancelsRuns(t *testing.T) {
	t.Parallel()

	blocking := newBlockingRefresh()
	r := NewPositionRefresher(blocking.refresh, slog.New(slog.DiscardHandler))
	require.NoError(t, r.Request(context.Background(), uuid.New()))
	receive(t, blocking.started)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	require.ErrorIs(t, r.Stop(ctx), context.Canceled)

	// The canceled run returns on its own, so a later Stop finds nothing.
	stopRefresher(t, r)
}

func TestRefresherSpacesRunsByMinInterval(t *testing.T) {
	t.Parallel()

	var mu sync.Mutex
	var starts []time.Time
	r := NewPositionRefresher(func(context.Context, uuid.UUID) error {
		mu.Lock()
		starts = append(starts, time.Now())
		mu.Unlock()
		return nil
	}, nil)
	r.minInterval = 50 * time.Millisecond
	challengeID := uuid.New()

	for range 3 {
		require.NoError(t, r.Refresh(context.Background(), challengeID))
	}

	stopRefresher(t, r)
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, starts, 3)
	for i := 1; i < len(starts); i++ {
		require.GreaterOrEqual(t, starts[i].Sub(starts[i-1]), 50*time.Millisecond, "run %d started too early", i)
	}
}

func TestRefresherIntervalEndsOnStop(t *testing.T) {
	t.Parallel()

	r := NewPositionRefresher(func(ctx context.Context, _ uuid.UUID) error { return ctx.Err() }, nil)
	r.minInterval = time.Hour
	challengeID := uuid.New()
	require.NoError(t, r.Refresh(context.Background(), challengeID))
	require.NoError(t, r.Request(context.Background(), challengeID))

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	require.ErrorIs(t, r.Stop(ctx), context.DeadlineExceeded, "the runner waits for its interval")

	waitCtx, cancelWait := context.WithTimeout(context.Background(), signalTimeout)
	defer cancelWait()
	require.NoError(t, r.Stop(waitCtx), "a canceled wait lets the runner finish")
}
