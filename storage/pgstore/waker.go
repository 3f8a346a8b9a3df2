package pgstore

import (
	"context"
	"sync"
	"time"
)

// wakeTimeout bounds the NOTIFY that a wakeup sends.
const wakeTimeout = 5 * time.Second

// wakeInterval is the minimum time between two NOTIFYs of one store. Every
// NOTIFY is a commit of its own, with its own WAL flush, so spacing them
// bounds those extra commits to one per interval, at the cost of waking the
// workers up to this much later.
const wakeInterval = 10 * time.Millisecond

// waker sends the NOTIFY that wakes the workers after InsertWorkout
// commits, from outside the insert's transaction. PostgreSQL commits the
// transactions that notify one at a time under a database-wide lock, so a
// NOTIFY inside every insert would serialize the inserts' commits. The
// waker keeps at most one NOTIFY in flight and, wakeInterval after it, sends
// one more when inserts committed in the meantime, so a stream of inserts
// costs about one notification per interval.
type waker struct {
	// mu guards running and again.
	mu      sync.Mutex
	running bool
	again   bool

	inFlight sync.WaitGroup
}

// wake requests a wakeup of the listening workers.
func (s *Store) wake() {
	w := &s.waker
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.running {
		w.again = true
		return
	}
	w.running = true
	w.inFlight.Add(1)
	go s.sendWakeups()
}

// sendWakeups sends NOTIFYs until no wakeup was requested during the last.
func (s *Store) sendWakeups() {
	w := &s.waker
	defer w.inFlight.Done()
	for {
		ctx, cancel := context.WithTimeout(context.Background(), wakeTimeout)
		err := s.run(ctx, func(q querier) error { return notify(ctx, q) })
		cancel()
		if err != nil {
			// The workers still find the jobs when they next poll.
			s.logger.Warn("workoutflow: wakeup notification failed", "schema", s.schema, "err", err)
		}
		time.Sleep(wakeInterval)

		w.mu.Lock()
		if !w.again {
			w.running = false
			w.mu.Unlock()
			return
		}
		w.again = false
		w.mu.Unlock()
	}
}

// waitWakeups waits for the NOTIFY in flight, if any.
func (s *Store) waitWakeups() { s.waker.inFlight.Wait() }
