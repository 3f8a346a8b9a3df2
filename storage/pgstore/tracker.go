package pgstore

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/rayclub/workoutflow/tracking"
)

// Defaults of TrackerConfig.
const (
	DefaultTrackerBuffer    = 4096
	DefaultTrackerBatchSize = 500
)

// trackerWriteTimeout bounds one COPY of events.
const trackerWriteTimeout = 10 * time.Second

// TrackerConfig configures a Tracker. Zero fields take the defaults.
type TrackerConfig struct {
	// Buffer is the number of events that may wait to be written. When it
	// is full, Track drops the event and counts it. Zero means
	// DefaultTrackerBuffer.
	Buffer int
	// BatchSize is the maximum number of events written by one COPY. Zero
	// means DefaultTrackerBatchSize.
	BatchSize int
}

// Tracker is a tracking.Tracker that writes events to workout_tracking_log.
// Track only queues the event, so it never waits for the database, and a
// goroutine started by Start writes the queued events in batches with
// COPY. Events that cannot be written are counted (Dropped, Failed) and
// logged, and never fail the step they describe.
//
// NOTE: workout_tracking_log has no attempt column, so Event.Attempt reads
// back as 0; the pipeline also writes a stage attempt's number into
// request_data under "attempt".
type Tracker struct {
	store     *Store
	queue     chan tracking.Event
	batchSize int

	dropped atomic.Int64
	failed  atomic.Int64

	// mu guards the lifecycle fields below.
	mu       sync.Mutex
	started  bool
	stopped  bool
	stop     chan struct{}
	stopOnce sync.Once
	done     chan struct{}
}

var _ tracking.Tracker = (*Tracker)(nil)

// NewTracker returns a Tracker writing to the Store's database. Call Start
// before use and Stop to flush the queued events.
func (s *Store) NewTracker(cfg TrackerConfig) *Tracker {
	if cfg.Buffer <= 0 {
		cfg.Buffer = DefaultTrackerBuffer
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = DefaultTrackerBatchSize
	}
	return &Tracker{
		store:     s,
		queue:     make(chan tracking.Event, cfg.Buffer),
		batchSize: cfg.BatchSize,
		stop:      make(chan struct{}),
		done:      make(chan struct{}),
	}
}

// Track queues the event for writing. It drops and counts the event when
// the queue is full or the Tracker is stopped. A zero ID or CreatedAt gets
// a new id or the current time.
func (t *Tracker) Track(ctx context.Context, e tracking.Event) {
	if e.Stored {
		// Already written in the transaction of its step.
		return
	}
	if e.ID == uuid.Nil {
		e.ID = uuid.New()
	}
	if e.CreatedAt.IsZero() {
		e.CreatedAt = time.Now()
	}

	// Holding mu while queuing makes every queued event visible to the
	// final flush, which starts only after Stop has set stopped.
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stopped {
		t.dropped.Add(1)
		return
	}

	select {
	case t.queue <- e:
	default:
		if t.dropped.Add(1)%100 == 1 {
			t.store.logger.Warn("workoutflow: tracking queue full, events dropped",
				"dropped_total", t.dropped.Load(), "buffer", cap(t.queue))
		}
	}
}

// Dropped returns the number of events dropped because the queue was full
// or the Tracker was stopped.
func (t *Tracker) Dropped() int64 { return t.dropped.Load() }

// Failed returns the number of events whose write failed.
func (t *Tracker) Failed() int64 { return t.failed.Load() }

// Start starts the goroutine that writes the queued events. It runs until
// Stop is called or ctx ends. Calling Start again does nothing.
func (t *Tracker) Start(ctx context.Context) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.started || t.stopped {
		return nil
	}
	t.started = true

	go t.run(ctx)
	t.store.logger.Info("workoutflow: tracker started", "schema", t.store.schema)
	return nil
}

// Stop stops the writer after it has written the events queued so far,
// and waits for it until ctx ends. Calling Stop again waits the same way.
func (t *Tracker) Stop(ctx context.Context) error {
	t.mu.Lock()
	t.stopped = true
	started := t.started
	t.mu.Unlock()
	t.stopOnce.Do(func() { close(t.stop) })

	if !started {
		return nil
	}
	select {
	case <-t.done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("stop tracker: %w", ctx.Err())
	}
}

// run writes batches of queued events until Stop is called or ctx ends,
// then writes what is left in the queue.
func (t *Tracker) run(ctx context.Context) {
	defer close(t.done)
	defer func() {
		t.store.logger.Info("workoutflow: tracker stopped", "schema", t.store.schema,
			"dropped", t.Dropped(), "failed", t.Failed())
	}()

	for {
		select {
		case e := <-t.queue:
			t.write(t.fillBatch([]tracking.Event{e}))
		case <-t.stop:
			t.flush()
			return
		case <-ctx.Done():
			t.mu.Lock()
			t.stopped = true
			t.mu.Unlock()
			t.flush()
			return
		}
	}
}

// fillBatch adds queued events to batch without waiting, up to batchSize.
func (t *Tracker) fillBatch(batch []tracking.Event) []tracking.Event {
	for len(batch) < t.batchSize {
		select {
		case e := <-t.queue:
			batch = append(batch, e)
		default:
			return batch
		}
	}
	return batch
}

// flush writes every queued event.
func (t *Tracker) flush() {
	for {
		batch := t.fillBatch(nil)
		if len(batch) == 0 {
			return
		}
		t.write(batch)
	}
}

// trackingLogColumns are the columns the Tracker writes.
var trackingLogColumns = []string{
	"id", "workout_id", "user_id", "challenge_id", "action", "status", "request_data",
	"response_data", "error_message", "error_detail", "stack_trace", "processing_time_ms",
	"created_at", "client_info",
}

// write copies a batch of events into workout_tracking_log, counting and
// logging a failure.
func (t *Tracker) write(batch []tracking.Event) {
	ctx, cancel := context.WithTimeout(context.Background(), trackerWriteTimeout)
	defer cancel()

	rows := make([][]any, len(batch))
	for i, e := range batch {
		rows[i] = trackingLogRow(e)
	}
	err := t.store.run(ctx, func(q querier) error {
		_, err := q.CopyFrom(ctx, pgx.Identifier{"workout_tracking_log"}, trackingLogColumns, pgx.CopyFromRows(rows))
		return err
	})
	if err != nil {
		t.failed.Add(int64(len(batch)))
		t.store.logger.Error("workoutflow: write tracking events failed", "events", len(batch),
			"failed_total", t.Failed(), "err", err)
	}
}

// trackingLogRow returns the values of trackingLogColumns for e. An empty
// request document is stored as {} because request_data is NOT NULL.
func trackingLogRow(e tracking.Event) []any {
	request := e.RequestData
	if len(request) == 0 {
		request = json.RawMessage(`{}`)
	}
	return []any{
		e.ID, nullUUID(e.WorkoutID), e.UserID, nullUUID(e.ChallengeID), e.Action, e.Status, request,
		nullJSON(e.ResponseData), nullString(e.ErrorMessage), nullString(e.ErrorDetail),
		nullString(e.StackTrace), durationMilliseconds(e.Duration), e.CreatedAt, nullJSON(e.ClientInfo),
	}
}

// nullJSON returns nil for an empty document, so that it is stored as NULL.
func nullJSON(document json.RawMessage) any {
	if len(document) == 0 {
		return nil
	}
	return document
}

// durationMilliseconds returns d in whole milliseconds, capped to fit the
// integer column processing_time_ms.
func durationMilliseconds(d time.Duration) int32 {
	return int32(min(max(d.Milliseconds(), 0), math.MaxInt32))
}
