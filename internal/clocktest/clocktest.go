// Package clocktest provides a clock that tests move by hand.
package clocktest

import (
	"sync"
	"time"
)

// Manual is a workout.Clock that changes only when a test sets or advances
// it. It is safe for concurrent use.
type Manual struct {
	// mu guards now.
	mu  sync.Mutex
	now time.Time
}

// New returns a Manual clock set to now.
func New(now time.Time) *Manual { return &Manual{now: now} }

// Now returns the clock's time.
func (c *Manual) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d.
func (c *Manual) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Set moves the clock to t.
func (c *Manual) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}
