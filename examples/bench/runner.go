package main

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// result is one row of the report.
type result struct {
	Scenario string
	Clients  int
	Ops      int
	Errors   int64
	Elapsed  time.Duration
	Latency  summary
	// Lag is the record-to-visible lag, when the scenario measures it.
	Lag *summary
	// Unprocessed counts the workouts without processed_at when the lag
	// was read; they have no lag sample.
	Unprocessed int
	// Target is the requested rate of an open-loop scenario, 0 for none.
	Target float64
	// Unit names what Ops counts; empty means calls.
	Unit string
}

// Rate returns the operations per second.
func (r result) Rate() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Ops) / r.Elapsed.Seconds()
}

// call is one timed operation of a closed-loop scenario. Each client has
// its own workout source.
type call func(ctx context.Context, src *workoutSource) error

// runClosedLoop runs fn from clients goroutines, each calling it again as
// soon as it returns, until duration has passed, and times every call.
func runClosedLoop(ctx context.Context, p *population, name string, clients int, duration time.Duration, fn call) (result, error) {
	var lat latencies
	var errCount atomic.Int64
	var firstErr error
	var once sync.Once

	deadline := time.Now().Add(duration)
	started := time.Now()
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			src := p.source(uint64(time.Now().UnixNano()) + uint64(i))
			for time.Now().Before(deadline) && ctx.Err() == nil {
				t0 := time.Now()
				if err := fn(ctx, src); err != nil {
					errCount.Add(1)
					once.Do(func() { firstErr = err })
					continue
				}
				lat.add(time.Since(t0))
			}
		}()
	}
	wg.Wait()

	r := result{Scenario: name, Clients: clients, Elapsed: time.Since(started), Latency: lat.summary(), Errors: errCount.Load()}
	r.Ops = r.Latency.Count
	if firstErr != nil && r.Ops == 0 {
		return r, fmt.Errorf("%s: every call failed: %w", name, firstErr)
	}
	return r, nil
}
