package workout

import (
	"math/rand/v2"
	"time"
)

// Defaults of a RetryPolicy.
const (
	DefaultRetryBase = time.Second
	DefaultRetryMax  = 5 * time.Minute
)

// RetryPolicy computes when a failed job runs again: exponential backoff
// with full jitter, so that jobs failing together do not retry together.
type RetryPolicy struct {
	// Base is the upper bound of the first delay; zero means
	// DefaultRetryBase. The bound doubles with every attempt.
	Base time.Duration
	// Max caps the bound; zero means DefaultRetryMax.
	Max time.Duration
}

// Delay returns the wait before the attempt that follows failed attempt
// number attempt (1 for the first run): a random duration in
// [bound/2, bound], where bound = min(Max, Base * 2^(attempt-1)).
func (p RetryPolicy) Delay(attempt int) time.Duration {
	base, maxDelay := p.Base, p.Max
	if base <= 0 {
		base = DefaultRetryBase
	}
	if maxDelay <= 0 {
		maxDelay = DefaultRetryMax
	}

	bound := base
	for i := 1; i < attempt && bound < maxDelay; i++ {
		bound *= 2
	}
	if bound > maxDelay {
		bound = maxDelay
	}

	half := bound / 2
	return half + rand.N(bound-half+1)
}
