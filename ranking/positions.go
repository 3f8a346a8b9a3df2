package ranking

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/google/uuid"
)

// ErrRefresherStopped is returned by PositionRefresher requests made after
// Stop.
var ErrRefresherStopped = errors.New("position refresher stopped")

// RefreshFunc recomputes and writes the positions of one challenge, such as
// a call of Store.RefreshPositions.
type RefreshFunc func(ctx context.Context, challengeID uuid.UUID) error

// PositionRefresher coalesces position refreshes so that a busy challenge
// is not ranked again for every check-in of every participant.
//
// For each challenge, at most one refresh runs at a time in this refresher.
// A request made while none runs starts one at once. All requests made
// while one runs share exactly one more run after it, because that run
// starts after their writes and so covers all of them.
//
// The guarantee holds only inside this refresher. Other processes, and
// other refreshers in this one, refresh the same challenge on their own, so
// the store's refresh must itself be safe to run concurrently.
//
// A refresh runs on a goroutine owned by the refresher, with the values of
// the context of the request that started it but not its cancellation.
// Call Stop to wait for the refreshes in flight.
type PositionRefresher struct {
	refresh RefreshFunc
	logger  *slog.Logger
	// minInterval is the minimum time between the starts of two refreshes
	// of one challenge; zero means none.
	minInterval time.Duration

	running sync.WaitGroup

	mu      sync.Mutex
	runners map[uuid.UUID]*refreshRunner
	stopped bool
	// lastStarts holds, when minInterval is set, the start of the latest
	// refresh of each challenge refreshed less than minInterval ago.
	lastStarts map[uuid.UUID]time.Time
}

// refreshRunner is the goroutine refreshing one challenge and the rounds it
// serves. Its fields are guarded by PositionRefresher.mu.
type refreshRunner struct {
	cancel  context.CancelFunc
	current *refreshRound
	// next collects the requests made while current runs. It is nil when
	// there are none.
	next *refreshRound
}

// refreshRound is one run of a refresh and the requests it covers.
type refreshRound struct {
	done chan struct{}
	err  error
	// waiters counts the callers of Refresh waiting for the round. Errors
	// of rounds without waiters are logged because no caller receives them.
	waiters int
}

// NewPositionRefresher returns a refresher that runs refresh. A nil logger
// means slog.Default().
func NewPositionRefresher(refresh RefreshFunc, logger *slog.Logger) *PositionRefresher {
	if logger == nil {
		logger = slog.Default()
	}
	return &PositionRefresher{
		refresh: refresh, logger: logger,
		runners: make(map[uuid.UUID]*refreshRunner), lastStarts: make(map[uuid.UUID]time.Time),
	}
}

// Refresh requests a refresh of the challenge's positions and waits for a
// run that started after the request, returning that run's error. When ctx
// ends first, it returns the context's error and the run still happens.
func (r *PositionRefresher) Refresh(ctx context.Context, challengeID uuid.UUID) error {
	round, err := r.enqueue(ctx, challengeID, true)
	if err != nil {
		return err
	}

	select {
	case <-round.done:
		if round.err != nil {
			return fmt.Errorf("refresh positions of challenge %s: %w", challengeID, round.err)
		}
		return nil
	case <-ctx.Done():
		r.mu.Lock()
		round.waiters--
		r.mu.Unlock()
		return fmt.Errorf("wait for positions of challenge %s: %w", challengeID, ctx.Err())
	}
}

// Request requests a refresh of the challenge's positions and returns at
// once. A failed run is logged, and the positions stay stale until the
// next request for the challenge.
func (r *PositionRefresher) Request(ctx context.Context, challengeID uuid.UUID) error {
	_, err := r.enqueue(ctx, challengeID, false)
	return err
}

// enqueue adds a request to the round that will cover it, starting a
// runner when the challenge has none.
func (r *PositionRefresher) enqueue(ctx context.Context, challengeID uuid.UUID, wait bool) (*refreshRound, error) {
	r.mu.Lock()
	defer r.mu.Unlock()

	if r.stopped {
		return nil, fmt.Errorf("refresh positions of challenge %s: %w", challengeID, ErrRefresherStopped)
	}

	runner, ok := r.runners[challengeID]
	if !ok {
		runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		runner = &refreshRunner{cancel: cancel, current: &refreshRound{done: make(chan struct{})}}
		r.runners[challengeID] = runner
		r.running.Add(1)
		go r.run(runCtx, challengeID, runner)
		return runner.current.wait(wait), nil
	}

	if runner.next == nil {
		runner.next = &refreshRound{done: make(chan struct{})}
	}
	return runner.next.wait(wait), nil
}

// wait counts a waiting caller when wait is set and returns the round.
func (round *refreshRound) wait(wait bool) *refreshRound {
	if wait {
		round.waiters++
	}
	return round
}

// run refreshes the challenge once per round until no request is left.
func (r *PositionRefresher) run(ctx context.Context, challengeID uuid.UUID, runner *refreshRunner) {
	defer r.running.Done()
	defer runner.cancel()

	r.mu.Lock()
	round := runner.current
	r.mu.Unlock()

	for round != nil {
		// A wait cut short by Stop leaves ctx canceled, which the refresh
		// then reports.
		r.waitInterval(ctx, challengeID)
		err := r.refreshOnce(ctx, challengeID)

		r.mu.Lock()
		round.err = err
		if err != nil && round.waiters == 0 {
			r.logger.Error("ranking: position refresh failed", "challenge_id", challengeID, "error", err)
		}
		close(round.done)

		round, runner.current, runner.next = runner.next, runner.next, nil
		if round == nil {
			delete(r.runners, challengeID)
		}
		r.mu.Unlock()
	}
}

// waitInterval waits until minInterval has passed since the start of the
// challenge's previous refresh, or ctx ends, and records the new start.
func (r *PositionRefresher) waitInterval(ctx context.Context, challengeID uuid.UUID) {
	if r.minInterval <= 0 {
		return
	}
	r.mu.Lock()
	lastStart := r.lastStarts[challengeID]
	r.mu.Unlock()

	defer func() {
		r.mu.Lock()
		r.lastStarts[challengeID] = time.Now()
		r.pruneStarts()
		r.mu.Unlock()
	}()
	wait := time.Until(lastStart.Add(r.minInterval))
	if lastStart.IsZero() || wait <= 0 {
		return
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case <-timer.C:
	case <-ctx.Done():
	}
}

// pruneStarts deletes the starts older than minInterval, which no longer
// delay anything. The caller holds r.mu.
func (r *PositionRefresher) pruneStarts() {
	for id, start := range r.lastStarts {
		if time.Since(start) >= r.minInterval {
			delete(r.lastStarts, id)
		}
	}
}

// refreshOnce calls the refresh function, turning a panic into an error so
// that a failing store cannot crash the process from this goroutine.
func (r *PositionRefresher) refreshOnce(ctx context.Context, challengeID uuid.UUID) (err error) {
	defer func() {
		if recovered := recover(); recovered != nil {
			err = fmt.Errorf("panic: %v", recovered)
		}
	}()
	return r.refresh(ctx, challengeID)
}

// Stop rejects new requests and waits for the refreshes in flight. When
// ctx ends first, it cancels their contexts and returns the context's
// error without waiting further. Stop is safe to call more than once.
func (r *PositionRefresher) Stop(ctx context.Context) error {
	r.mu.Lock()
	r.stopped = true
	r.mu.Unlock()

	finished := make(chan struct{})
	go func() {
		r.running.Wait()
		close(finished)
	}()

	select {
	case <-finished:
		return nil
	case <-ctx.Done():
		r.mu.Lock()
		for _, runner := range r.runners {
			runner.cancel()
		}
		r.mu.Unlock()
		return fmt.Errorf("stop position refresher: %w", ctx.Err())
	}
}
