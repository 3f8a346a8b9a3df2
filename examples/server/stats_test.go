package main

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

func TestStatsMergesQueueAndAttempts(t *testing.T) {
	t.Parallel()
	s := setup(t)

	s.record(uuid.New(), uuid.Nil, "2024-06-10T12:00:00Z", 30)
	s.record(uuid.New(), uuid.Nil, "2024-06-10T12:00:00Z", 40)

	var stats statsResponse
	s.call(http.MethodGet, "/v1/stats", nil, http.StatusOK, &stats)
	require.Equal(t, "1h0m0s", stats.Window)
	require.Len(t, stats.Stages, 2)
	require.Equal(t, "dashboard", stats.Stages[0].Stage)
	require.Equal(t, "ranking", stats.Stages[1].Stage)
	for _, stage := range stats.Stages {
		require.Equal(t, 2, stage.Pending, stage.Stage)
		require.Equal(t, 0, stage.Attempts, stage.Stage)
	}

	s.runStages()
	s.call(http.MethodGet, "/v1/stats?window=15m", nil, http.StatusOK, &stats)
	require.Equal(t, "15m0s", stats.Window)
	require.Len(t, stats.Stages, 2)
	for _, stage := range stats.Stages {
		require.Equal(t, 0, stage.Pending, stage.Stage)
		require.Equal(t, 2, stage.Attempts, stage.Stage)
		require.Equal(t, 2, stage.Succeeded+stage.Skipped, stage.Stage)
		require.Zero(t, stage.FailureRate, stage.Stage)
		require.Equal(t, 15*time.Minute, stage.Window, stage.Stage)
	}
}

func TestStatsDurationsInMilliseconds(t *testing.T) {
	t.Parallel()
	s := setup(t)
	s.record(uuid.New(), uuid.Nil, "2024-06-10T12:00:00Z", 30)
	s.runStages()

	rec := s.do(http.MethodGet, "/v1/stats?window=15m", nil)
	require.Equal(t, http.StatusOK, rec.Code)
	var body struct {
		Stages []map[string]any `json:"stages"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body))
	require.NotEmpty(t, body.Stages)
	for _, stage := range body.Stages {
		require.Equal(t, 900000.0, stage["window_ms"], "stage %v", stage["stage"])
		for _, name := range []string{"mean_ms", "p50_ms", "p95_ms", "p99_ms", "oldest_pending_age_ms"} {
			require.Contains(t, stage, name, "stage %v", stage["stage"])
		}
		require.NotContains(t, stage, "mean", "stage %v", stage["stage"])
	}
}

func TestStatsInvalidWindow(t *testing.T) {
	t.Parallel()
	s := setup(t)

	for _, window := range []string{"soon", "-1h", "0s"} {
		rec := s.do(http.MethodGet, "/v1/stats?window="+window, nil)
		require.Equal(t, http.StatusBadRequest, rec.Code, window)
		require.Contains(t, errorResponse(t, rec).Error, "invalid window")
	}
}
