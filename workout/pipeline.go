package workout

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/rayclub/workoutflow/tracking"
)

// Pipeline records workouts and runs their stages. Create it with New, call
// Record on the request path, and Start its workers in every process that
// should run stages; several processes may share one store.
type Pipeline struct {
	*Recorder

	cfg    Config
	stages map[string]StageConfig
	names  []string
	logger *slog.Logger

	// mu guards the fields below it.
	mu      sync.Mutex
	cancel  context.CancelFunc
	done    chan struct{}
	stopped bool
}

// New validates cfg and returns a Pipeline. It starts nothing.
func New(cfg Config) (*Pipeline, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}

	p := &Pipeline{
		Recorder: newRecorder(cfg),
		cfg:      cfg,
		stages:   make(map[string]StageConfig, len(cfg.Stages)),
		logger:   cfg.Logger.With("component", "workoutflow", "worker_id", cfg.WorkerID),
	}
	for _, sc := range cfg.Stages {
		p.stages[sc.Name] = sc
		p.names = append(p.names, sc.Name)
	}
	return p, nil
}

// Stages returns the names of the registered stages.
func (p *Pipeline) Stages() []string { return append([]string(nil), p.names...) }

// Workout returns the stored workout with the given record id.
func (p *Pipeline) Workout(ctx context.Context, id uuid.UUID) (Workout, error) {
	return p.cfg.Store.Workout(ctx, id)
}

// Status returns the processing status of a workout.
func (p *Pipeline) Status(ctx context.Context, workoutID uuid.UUID) (Status, error) {
	return p.cfg.Store.Status(ctx, workoutID)
}

// QueueStats returns the job counts of every stage.
func (p *Pipeline) QueueStats(ctx context.Context) ([]QueueStats, error) {
	return p.cfg.Store.QueueStats(ctx)
}

// Retry sends the failed and dead jobs of a workout back to the queue and
// returns how many it requeued.
func (p *Pipeline) Retry(ctx context.Context, workoutID uuid.UUID) (int, error) {
	started := time.Now()
	n, err := p.cfg.Store.RetryJobs(ctx, workoutID, p.cfg.Clock.Now())
	status := tracking.StatusSucceeded
	if err != nil {
		status = tracking.StatusFailed
	}
	p.cfg.Tracker.Track(ctx, tracking.Event{
		WorkoutID: workoutID, Action: tracking.ActionRetry, Status: status,
		RequestData: []byte(fmt.Sprintf(`{"requeued":%d}`, n)),
		Duration:    time.Since(started), CreatedAt: p.cfg.Clock.Now(),
	})
	if err != nil {
		return 0, fmt.Errorf("retry workout %s: %w", workoutID, err)
	}
	return n, nil
}

// Start runs the configured number of workers until Stop. Calling Start on
// a running pipeline does nothing; after Stop it returns ErrStopped.
func (p *Pipeline) Start(ctx context.Context) error {
	p.mu.Lock()
	defer p.mu.Unlock()

	switch {
	case p.stopped:
		return ErrStopped
	case p.cancel != nil:
		return nil
	}

	// The workers outlive the caller's ctx deadline but keep its values.
	workCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	p.cancel = cancel
	p.done = make(chan struct{})

	var wakeups <-chan struct{}
	if notifier, ok := p.cfg.Store.(Notifier); ok {
		wakeups = notifier.Wakeups(workCtx)
	}

	var wg sync.WaitGroup
	for i := range p.cfg.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.work(workCtx, fmt.Sprintf("%s/%d", p.cfg.WorkerID, i), wakeups)
		}()
	}
	go func() {
		wg.Wait()
		close(p.done)
	}()

	p.logger.Info("workoutflow: workers started", "workers", p.cfg.Workers, "stages", p.names)
	return nil
}

// Stop asks the workers to finish their current job and returns when they
// have stopped, or with an error when ctx ends first. A job cut short is
// released and runs again later without its attempt counting. Stop is safe
// to call more than once and on a pipeline that never started.
func (p *Pipeline) Stop(ctx context.Context) error {
	p.mu.Lock()
	p.stopped = true
	cancel, done := p.cancel, p.done
	p.mu.Unlock()

	if cancel == nil {
		return nil
	}
	cancel()

	select {
	case <-done:
		p.logger.Info("workoutflow: workers stopped")
		return nil
	case <-ctx.Done():
		return fmt.Errorf("stop workers: %w", ctx.Err())
	}
}

// RunPending runs, in the caller's goroutine, every job that is due now,
// until none is left, and returns how many jobs it ran. Jobs whose retry time
// is still ahead are left for later. It suits tests, tools and one-shot
// programs that run no workers.
func (p *Pipeline) RunPending(ctx context.Context) (int, error) {
	owner := p.cfg.WorkerID + "/sync"
	total := 0
	for {
		n, err := p.runBatch(ctx, owner)
		total += n
		if err != nil || n == 0 {
			return total, err
		}
	}
}

// WaitIdle polls the queue every interval until no job is pending or
// running, and returns ctx's error if it ends first. Dead jobs do not count,
// and a pending job whose retry time lies ahead does.
func (p *Pipeline) WaitIdle(ctx context.Context, interval time.Duration) error {
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		stats, err := p.cfg.Store.QueueStats(ctx)
		if err != nil {
			return fmt.Errorf("wait for idle queue: %w", err)
		}
		busy := 0
		for _, s := range stats {
			busy += s.Pending + s.Running
		}
		if busy == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("wait for idle queue (%d jobs left): %w", busy, ctx.Err())
		case <-ticker.C:
		}
	}
}
