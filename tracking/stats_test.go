package tracking

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var statsNow = time.Date(2026, 6, 2, 12, 0, 0, 0, time.UTC)

func attempt(stage, status string, ms int, age time.Duration) Event {
	return Event{Action: stage, Status: status, Duration: time.Duration(ms) * time.Millisecond, CreatedAt: statsNow.Add(-age)}
}

func TestSummarizeCountsAndRates(t *testing.T) {
	t.Parallel()
	events := []Event{
		attempt("ranking", StatusSucceeded, 10, time.Minute),
		attempt("ranking", StatusSucceeded, 20, time.Minute),
		attempt("ranking", StatusFailed, 30, time.Minute),
		attempt("ranking", StatusDead, 40, time.Minute),
		attempt("ranking", StatusStarted, 0, time.Minute),
		attempt("dashboard", StatusSkipped, 5, time.Minute),
		attempt(ActionRecord, StatusSucceeded, 1, time.Minute),
		attempt("ranking", StatusFailed, 99, 2*time.Hour),
	}

	stats := Summarize(events, time.Hour, statsNow)

	require.Len(t, stats, 2)
	ranking := stats["ranking"]
	require.Equal(t, 4, ranking.Attempts)
	require.Equal(t, 2, ranking.Succeeded)
	require.Equal(t, 1, ranking.Failed)
	require.Equal(t, 1, ranking.DeadAttempts)
	require.InDelta(t, 0.5, ranking.FailureRate, 1e-9)
	require.Equal(t, 25*time.Millisecond, ranking.Mean)
	require.Equal(t, 20*time.Millisecond, ranking.P50)
	require.Equal(t, 40*time.Millisecond, ranking.P99)

	require.Equal(t, 1, stats["dashboard"].Skipped)
	require.Zero(t, stats["dashboard"].FailureRate)
}

func TestPercentileNearestRank(t *testing.T) {
	t.Parallel()
	var sorted []time.Duration
	for i := 1; i <= 100; i++ {
		sorted = append(sorted, time.Duration(i))
	}
	require.Equal(t, time.Duration(50), Percentile(sorted, 50))
	require.Equal(t, time.Duration(95), Percentile(sorted, 95))
	require.Equal(t, time.Duration(99), Percentile(sorted, 99))
	require.Equal(t, time.Duration(100), Percentile(sorted, 100))
	require.Zero(t, Percentile(nil, 50))
}

func TestWithQueueAddsPendingAndAge(t *testing.T) {
	t.Parallel()
	stats := Summarize([]Event{attempt("ranking", StatusSucceeded, 1, time.Second)}, time.Hour, statsNow)
	queue := []QueueStats{
		{Stage: "ranking", Pending: 3, Running: 1, Dead: 2, OldestPending: statsNow.Add(-90 * time.Second)},
		{Stage: "dashboard", Pending: 0},
	}

	out := WithQueue(stats, queue, time.Hour, statsNow)

	require.Len(t, out, 2)
	require.Equal(t, "dashboard", out[0].Stage)
	require.Zero(t, out[0].OldestPendingAge)
	require.Equal(t, "ranking", out[1].Stage)
	require.Equal(t, 3, out[1].Pending)
	require.Equal(t, 1, out[1].Running)
	require.Equal(t, 2, out[1].Dead)
	require.Equal(t, 90*time.Second, out[1].OldestPendingAge)
	require.Equal(t, 1, out[1].Attempts)
}
