package workout

import "time"

// Clock returns the current time. Every rule that depends on "now" (streaks,
// challenge windows, month figures, retry times, leases) reads it through a
// Clock, so tests can fix the time.
type Clock interface {
	Now() time.Time
}

// SystemClock is the Clock of the machine.
type SystemClock struct{}

// Now returns time.Now().
func (SystemClock) Now() time.Time { return time.Now() }

// ClockFunc adapts a function to the Clock interface.
type ClockFunc func() time.Time

// Now calls f.
func (f ClockFunc) Now() time.Time { return f() }
