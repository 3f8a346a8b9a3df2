package tracking

import (
	"encoding/json"
	"math"
	"time"
)

// The JSON forms of Event and StageStats write every duration as a number
// of milliseconds, which may have a fraction, under a name ending in _ms.
// On PostgreSQL the stage times are whole milliseconds, because
// workout_tracking_log.processing_time_ms is an integer column. The
// in-memory tracker keeps the full precision.

// eventFields is Event without its methods, so that encoding it does not
// call MarshalJSON again.
type eventFields Event

// eventJSON is the JSON form of Event.
type eventJSON struct {
	eventFields
	ProcessingTimeMS float64 `json:"processing_time_ms"`
}

// MarshalJSON encodes e with its duration as processing_time_ms.
func (e Event) MarshalJSON() ([]byte, error) {
	return json.Marshal(eventJSON{eventFields: eventFields(e), ProcessingTimeMS: toMilliseconds(e.Duration)})
}

// UnmarshalJSON decodes the form MarshalJSON writes.
func (e *Event) UnmarshalJSON(data []byte) error {
	var decoded eventJSON
	if err := json.Unmarshal(data, &decoded); err != nil {
		return err
	}
	*e = Event(decoded.eventFields)
	e.Duration = fromMilliseconds(decoded.ProcessingTimeMS)
	return nil
}

// stageStatsJSON is the JSON form of StageStats.
type stageStatsJSON struct {
	Stage              string  `json:"stage"`
	WindowMS           float64 `json:"window_ms"`
	Attempts           int     `json:"attempts"`
	Succeeded          int     `json:"succeeded"`
	Skipped            int     `json:"skipped"`
	Failed             int     `json:"failed"`
	DeadAttempts       int     `json:"dead_attempts"`
	FailureRate        float64 `json:"failure_rate"`
	MeanMS             float64 `json:"mean_ms"`
	P50MS              float64 `json:"p50_ms"`
	P95MS              float64 `json:"p95_ms"`
	P99MS              float64 `json:"p99_ms"`
	Pending            int     `json:"pending"`
	Running            int     `json:"running"`
	Dead               int     `json:"dead"`
	OldestPendingAgeMS float64 `json:"oldest_pending_age_ms"`
}

// MarshalJSON encodes s with its durations in milliseconds: window_ms,
// mean_ms, p50_ms, p95_ms, p99_ms and oldest_pending_age_ms.
func (s StageStats) MarshalJSON() ([]byte, error) {
	return json.Marshal(stageStatsJSON{
		Stage: s.Stage, WindowMS: toMilliseconds(s.Window),
		Attempts: s.Attempts, Succeeded: s.Succeeded, Skipped: s.Skipped,
		Failed: s.Failed, DeadAttempts: s.DeadAttempts, FailureRate: s.FailureRate,
		MeanMS: toMilliseconds(s.Mean), P50MS: toMilliseconds(s.P50),
		P95MS: toMilliseconds(s.P95), P99MS: toMilliseconds(s.P99),
		Pending: s.Pending, Running: s.Running, Dead: s.Dead,
		OldestPendingAgeMS: toMilliseconds(s.OldestPendingAge),
	})
}

// UnmarshalJSON decodes the form MarshalJSON writes.
func (s *StageStats) UnmarshalJSON(data []byte) error {
	var decoded stageStatsJSON
	if err := json.Unmarshal(data, &decoded); err != nil {
		return err
	}
	*s = StageStats{
		Stage: decoded.Stage, Window: fromMilliseconds(decoded.WindowMS),
		Attempts: decoded.Attempts, Succeeded: decoded.Succeeded, Skipped: decoded.Skipped,
		Failed: decoded.Failed, DeadAttempts: decoded.DeadAttempts, FailureRate: decoded.FailureRate,
		Mean: fromMilliseconds(decoded.MeanMS), P50: fromMilliseconds(decoded.P50MS),
		P95: fromMilliseconds(decoded.P95MS), P99: fromMilliseconds(decoded.P99MS),
		Pending: decoded.Pending, Running: decoded.Running, Dead: decoded.Dead,
		OldestPendingAge: fromMilliseconds(decoded.OldestPendingAgeMS),
	}
	return nil
}

func toMilliseconds(d time.Duration) float64 {
	return float64(d) / float64(time.Millisecond)
}

// fromMilliseconds rounds to the nearest nanosecond, so that a duration
// survives a round trip through float64 milliseconds.
func fromMilliseconds(ms float64) time.Duration {
	return time.Duration(math.Round(ms * float64(time.Millisecond)))
}
