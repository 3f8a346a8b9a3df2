package workout

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestRetryPolicyDelayBounds(t *testing.T) {
	t.Parallel()
	policy := RetryPolicy{Base: 100 * time.Millisecond, Max: time.Second}

	cases := []struct {
		attempt int
		bound   time.Duration
	}{
		{1, 100 * time.Millisecond},
		{2, 200 * time.Millisecond},
		{3, 400 * time.Millisecond},
		{4, 800 * time.Millisecond},
		{5, time.Second},
		{50, time.Second},
	}
	for _, tc := range cases {
		for range 200 {
			delay := policy.Delay(tc.attempt)
			require.GreaterOrEqual(t, delay, tc.bound/2, "attempt %d", tc.attempt)
			require.LessOrEqual(t, delay, tc.bound, "attempt %d", tc.attempt)
		}
	}
}

func TestRetryPolicyJitterVaries(t *testing.T) {
	t.Parallel()
	policy := RetryPolicy{Base: time.Second, Max: time.Minute}

	seen := map[time.Duration]bool{}
	for range 50 {
		seen[policy.Delay(3)] = true
	}
	require.Greater(t, len(seen), 1, "delays should be jittered")
}

func TestRetryPolicyDefaults(t *testing.T) {
	t.Parallel()
	delay := RetryPolicy{}.Delay(1)
	require.GreaterOrEqual(t, delay, DefaultRetryBase/2)
	require.LessOrEqual(t, delay, DefaultRetryBase)
	require.LessOrEqual(t, RetryPolicy{}.Delay(100), DefaultRetryMax)
}
