package tracking

import (
	"math"
	"slices"
	"time"
)

// StageStats describes the health of one stage over a window of time. Its
// JSON form (see MarshalJSON) writes durations in milliseconds.
type StageStats struct {
	Stage string
	// Window is the span of time the attempt figures cover.
	Window time.Duration
	// Attempts counts the finished attempts in the window: succeeded,
	// skipped, failed and dead.
	Attempts  int
	Succeeded int
	Skipped   int
	Failed    int
	// DeadAttempts counts attempts that failed for the last time.
	DeadAttempts int
	// FailureRate is (Failed + DeadAttempts) / Attempts, 0 when there was
	// no attempt.
	FailureRate float64
	// Mean, P50, P95 and P99 describe the processing time of the finished
	// attempts (nearest-rank percentiles).
	Mean time.Duration
	P50  time.Duration
	P95  time.Duration
	P99  time.Duration
	// Pending, Running and Dead are the stage's current job counts, and
	// OldestPendingAge the age of its oldest unfinished job, read from the
	// queue (see WithQueue).
	Pending          int
	Running          int
	Dead             int
	OldestPendingAge time.Duration
}

// Summarize computes the attempt figures of every stage from events created
// in (now-window, now]. Events that are not the end of a stage attempt
// (records, started attempts, recovery actions) are ignored. Stage names are
// taken from the actions of the stage events.
func Summarize(events []Event, window time.Duration, now time.Time) map[string]*StageStats {
	since := now.Add(-window)
	durations := map[string][]time.Duration{}
	stats := map[string]*StageStats{}

	for _, e := range events {
		if !isAttemptEnd(e) || !e.CreatedAt.After(since) || e.CreatedAt.After(now) {
			continue
		}
		s := stats[e.Action]
		if s == nil {
			s = &StageStats{Stage: e.Action, Window: window}
			stats[e.Action] = s
		}
		s.Attempts++
		switch e.Status {
		case StatusSucceeded:
			s.Succeeded++
		case StatusSkipped:
			s.Skipped++
		case StatusFailed:
			s.Failed++
		case StatusDead:
			s.DeadAttempts++
		}
		durations[e.Action] = append(durations[e.Action], e.Duration)
	}

	for stage, s := range stats {
		s.FailureRate = float64(s.Failed+s.DeadAttempts) / float64(s.Attempts)
		setLatencies(s, durations[stage])
	}
	return stats
}

// WithQueue adds the queue's job counts to stats, creating entries for
// stages that had no attempt in the window, and returns them sorted by
// stage name.
func WithQueue(stats map[string]*StageStats, queue []QueueStats, window time.Duration, now time.Time) []StageStats {
	for _, q := range queue {
		s := stats[q.Stage]
		if s == nil {
			s = &StageStats{Stage: q.Stage, Window: window}
			stats[q.Stage] = s
		}
		s.Pending, s.Running, s.Dead = q.Pending, q.Running, q.Dead
		if !q.OldestPending.IsZero() {
			s.OldestPendingAge = max(0, now.Sub(q.OldestPending))
		}
	}

	out := make([]StageStats, 0, len(stats))
	for _, s := range stats {
		out = append(out, *s)
	}
	slices.SortFunc(out, func(a, b StageStats) int { return compareStrings(a.Stage, b.Stage) })
	return out
}

func isAttemptEnd(e Event) bool {
	switch e.Action {
	case ActionRecord, ActionUpdate, ActionDelete, ActionRecovery, ActionRetry:
		return false
	}
	switch e.Status {
	case StatusSucceeded, StatusSkipped, StatusFailed, StatusDead:
		return true
	}
	return false
}

func setLatencies(s *StageStats, durations []time.Duration) {
	if len(durations) == 0 {
		return
	}
	slices.Sort(durations)
	var total time.Duration
	for _, d := range durations {
		total += d
	}
	s.Mean = total / time.Duration(len(durations))
	s.P50 = Percentile(durations, 50)
	s.P95 = Percentile(durations, 95)
	s.P99 = Percentile(durations, 99)
}

// Percentile returns the nearest-rank p-th percentile (0 < p <= 100) of
// sorted, or 0 when it is empty.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	rank = min(max(rank, 1), len(sorted))
	return sorted[rank-1]
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
