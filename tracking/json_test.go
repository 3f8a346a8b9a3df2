package tracking

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

// decodeFields decodes a JSON object into a map, so that tests see the
// names and numbers on the wire.
func decodeFields(t *testing.T, encoded []byte) map[string]any {
	t.Helper()
	var fields map[string]any
	require.NoError(t, json.Unmarshal(encoded, &fields))
	return fields
}

func TestEventJSONMilliseconds(t *testing.T) {
	t.Parallel()
	event := Event{
		ID: uuid.New(), WorkoutID: uuid.New(), Action: "ranking", Status: StatusSucceeded, Attempt: 1,
		RequestData: json.RawMessage(`{"a":1}`), Duration: 6*time.Millisecond + 500*time.Microsecond,
		CreatedAt: time.Date(2025, 6, 2, 7, 0, 0, 0, time.UTC),
	}

	encoded, err := json.Marshal(event)
	require.NoError(t, err)
	fields := decodeFields(t, encoded)
	require.Equal(t, 6.5, fields["processing_time_ms"])
	require.NotContains(t, fields, "processing_time")
	require.Equal(t, "ranking", fields["action"])
	require.Equal(t, event.WorkoutID.String(), fields["workout_id"])

	var decoded Event
	require.NoError(t, json.Unmarshal(encoded, &decoded))
	require.Equal(t, event, decoded)
}

func TestEventJSONInSlice(t *testing.T) {
	t.Parallel()
	encoded, err := json.Marshal([]Event{{Duration: time.Second}})
	require.NoError(t, err)

	var fields []map[string]any
	require.NoError(t, json.Unmarshal(encoded, &fields))
	require.Len(t, fields, 1)
	require.Equal(t, 1000.0, fields[0]["processing_time_ms"])
}

func TestStageStatsJSONMilliseconds(t *testing.T) {
	t.Parallel()
	stats := StageStats{
		Stage: "ranking", Window: time.Hour, Attempts: 4, Succeeded: 2, Skipped: 1, Failed: 1,
		FailureRate: 0.25, Mean: 6 * time.Millisecond, P50: 5 * time.Millisecond,
		P95: 9 * time.Millisecond, P99: 1500 * time.Microsecond, Pending: 3, Running: 1, Dead: 2,
		OldestPendingAge: 2 * time.Second,
	}

	encoded, err := json.Marshal(stats)
	require.NoError(t, err)
	fields := decodeFields(t, encoded)
	want := map[string]any{
		"stage": "ranking", "window_ms": 3600000.0, "attempts": 4.0, "succeeded": 2.0,
		"skipped": 1.0, "failed": 1.0, "dead_attempts": 0.0, "failure_rate": 0.25,
		"mean_ms": 6.0, "p50_ms": 5.0, "p95_ms": 9.0, "p99_ms": 1.5,
		"pending": 3.0, "running": 1.0, "dead": 2.0, "oldest_pending_age_ms": 2000.0,
	}
	require.Equal(t, want, fields)

	var decoded StageStats
	require.NoError(t, json.Unmarshal(encoded, &decoded))
	require.Equal(t, stats, decoded)
}
